"""Ruled table region + characters → a grid of cells with row/column spans.

The cell rectangles come from the ruling; a merged cell is one rectangle
covering several grid rows or columns, and gets its text once, in the row
where it starts.
"""

from __future__ import annotations

import bisect
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
    texts = _slot_chars(chars, xs, ys)
    cells = []
    for slots in groups.values():
        r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots)
        c0, c1 = min(c for _, c in slots), max(c for _, c in slots)
        members = [ch for slot in slots for ch in texts.get(slot, [])]
        bands = char_bands(members)
        lines = sorted((band_to_line(b) for b in bands), key=lambda ln: (ln.box.top, ln.box.x0))
        tokens = tuple(t for b in sorted(bands, key=lambda b: min(c.box.top for c in b))
                       for t in band_tokens(b))
        box = Box(table.box.page, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, join_lines([ln.text for ln in lines]),
                          box, tokens))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(table.box, n_rows, n_cols, tuple(cells), tuple(xs), table.inferred)


def _slot_chars(chars: list[Char], xs: list[float], ys: list[float]) -> dict[tuple[int, int], list[Char]]:
    out: dict[tuple[int, int], list[Char]] = {}
    for ch in chars:
        c = bisect.bisect_right(xs, ch.box.cx) - 1
        r = bisect.bisect_right(ys, ch.box.cy) - 1
        if 0 <= r < len(ys) - 1 and 0 <= c < len(xs) - 1:
            out.setdefault((r, c), []).append(ch)
    return out


def chars_inside(chars: list[Char], box: Box, slack: float = 1.0) -> list[Char]:
    return [c for c in chars if box.contains_point(c.box.cx, c.box.cy, slack)]
