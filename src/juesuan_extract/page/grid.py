"""Ruled table region + characters → a grid of cells with row/column spans.

The cell rectangles come from the ruling; a merged cell is one rectangle
covering several grid rows or columns, and gets its text once, in the row
where it starts.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from ..geometry import Box, Char
from ..model import RuledTable, Segment
from ..text import join_lines
from .lines import band_to_line, char_bands
from .settings import current as tolerances
from .tokens import Token, band_tokens


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    box: Box
    # the cell's text as printed pieces (runs without a cell-wide gap), line by
    # line: what a number read from the cell is checked against
    tokens: tuple[Token, ...] = ()
    # "top" / "bottom" where the page's cut left the cell open: a merged cell that
    # goes on over the page break (its border there closed by the reader, not drawn)
    cut: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Grid:
    """One table fragment on one page."""

    box: Box
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]  # top to bottom, left to right
    col_edges: tuple[float, ...] = ()  # x of every ruling position, left to right
    inferred: bool = False  # ruling drawn from the text's alignment, not printed

    @property
    def page(self) -> int:
        return self.box.page

    def row(self, r: int) -> list[tuple[Cell, bool]]:
        """Cells covering grid row ``r``, left to right, each with a flag that
        is True when the cell is a merged cell that started in an earlier row."""
        return [(c, c.row != r) for c in self.cells if c.row <= r < c.row + c.rowspan]


def _snap(values: list[float]) -> list[float]:
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > tolerances().edge_snap:
            edges.append(v)
    return edges


def _drawn(segments: tuple[Segment, ...], at: float, start: float, end: float) -> bool:
    """Is there ruling at ``at`` covering the middle of [start, end]?"""
    mid = (start + end) / 2
    return any(
        abs(s.at - at) <= tolerances().edge_snap and s.start - tolerances().edge_snap <= mid <= s.end + tolerances().edge_snap
        for s in segments
    )


def build_grid(table: RuledTable, chars: list[Char]) -> Grid:
    """Cut the region at every ruling position into slots, then merge the slots
    that no drawn border separates: each group is one (possibly merged) cell.

    Working from borders rather than from corner intersections keeps a merged
    cell whose corners the producer drew with gaps (LibreOffice's 总分 rows).
    """
    xs = _snap([s.at for s in table.vertical])
    ys = _snap([s.at for s in table.horizontal])
    if len(xs) < 2 or len(ys) < 2:
        return Grid(table.box, 0, 0, (), inferred=table.inferred)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and not _drawn(table.vertical, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(here + 1)] = find(here)
            if r + 1 < n_rows and not _drawn(table.horizontal, ys[r + 1], xs[c], xs[c + 1]):
                parent[find(here + n_cols)] = find(here)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    texts = _cell_chars(chars, xs, ys, lambda r, c: find(r * n_cols + c))
    printed = tuple(s for s in table.horizontal if s.drawn)  # the rules the page draws
    cells = []
    for root, slots in groups.items():
        r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots)
        c0, c1 = min(c for _, c in slots), max(c for _, c in slots)
        members = texts.get(root, [])
        bands = char_bands(members)
        lines = sorted((band_to_line(b) for b in bands), key=lambda ln: (ln.box.top, ln.box.x0))
        tokens = tuple(t for b in sorted(bands, key=lambda b: min(c.box.top for c in b))
                       for t in band_tokens(b))
        box = Box(table.box.page, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cut = frozenset(side for side, at in (("top", ys[r0]), ("bottom", ys[r1 + 1]))
                        if not _drawn(printed, at, xs[c0], xs[c1 + 1]))
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, join_lines([ln.text for ln in lines]),
                          box, tokens, cut))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(table.box, n_rows, n_cols, tuple(cells), tuple(xs), table.inferred)


def _cell_chars(chars: list[Char], xs: list[float], ys: list[float],
                cell_of: Callable[[int, int], int]) -> dict[int, list[Char]]:
    """Each cell's characters (keyed by ``cell_of(row, col)`` of its slots): a
    character goes where its centre is, but for a name printed over a border."""
    by_row: dict[int, list[Char]] = {}
    for ch in chars:
        r = bisect.bisect_right(ys, ch.box.cy) - 1
        if 0 <= r < len(ys) - 1:
            by_row.setdefault(r, []).append(ch)
    out: dict[int, list[Char]] = {}
    for r, row_chars in by_row.items():
        for band in char_bands(row_chars):
            for run in _runs(band):
                cells = [cell_of(r, c) if 0 <= (c := bisect.bisect_right(xs, ch.box.cx) - 1) < len(xs) - 1
                         else -1 for ch in run]
                if len(set(cells)) > 1:
                    cells = _overflow_to_majority(cells)
                for ch, cell in zip(run, cells, strict=True):
                    if cell >= 0:
                        out.setdefault(cell, []).append(ch)
    return out


# A run of words set glyph after glyph (no gap wider than this share of a glyph).
_RUN_GAP = 0.15
# At most this many glyphs of a run printed over a border belong to the cell
# holding the rest of it, and never more than this share of the run.
_OVERFLOW_GLYPHS, _OVERFLOW_SHARE = 2, 1 / 3


def _runs(band: list[Char]) -> list[list[Char]]:
    """A line's characters, left to right, in runs of text set without a gap;
    a digit or number sign ends a run, so a number is never a run's part."""
    runs: list[list[Char]] = []
    prev: Char | None = None
    for ch in sorted(band, key=lambda c: c.box.x0):
        texty = not (ch.text.isdigit() or ch.text in ".,-%+")
        if (runs and prev is not None and texty and runs[-1][-1] is prev
                and ch.box.x0 - prev.box.x1 <= _RUN_GAP * min(ch.size, prev.size)):
            runs[-1].append(ch)
        else:
            runs.append([ch])
        prev = ch if texty else None
    return runs


def _overflow_to_majority(cells: list[int]) -> list[int]:
    """A name too long for its cell, printed over the border (机关事业单位基本养老保险缴费
    | 支 2947399.16; 公 | 务用车购置及运行维护 | 费): its few glyphs past the border go back to
    the cell holding the rest of it. Two cells' texts that merely touch keep their own."""
    counts = {c: cells.count(c) for c in set(cells)}
    home = max(counts, key=lambda c: counts[c])
    strays = len(cells) - counts[home]
    if home < 0 or strays > _OVERFLOW_GLYPHS or strays > _OVERFLOW_SHARE * len(cells):
        return cells
    return [home] * len(cells)


def chars_inside(chars: list[Char], box: Box, slack: float = 1.0) -> list[Char]:
    return [c for c in chars if box.contains_point(c.box.cx, c.box.cy, slack)]
