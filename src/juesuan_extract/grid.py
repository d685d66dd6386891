"""Ruled table region + characters → a grid of cells with row/column spans.

The cell rectangles come from the ruling; a merged cell is one rectangle
covering several grid rows or columns, and gets its text once, in the row
where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Box, Char
from .ingest import RuledTable
from .lines import chars_to_lines
from .text import join_lines

# Cell edges closer than this (points) are the same grid line.
EDGE_SNAP = 2.0


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    box: Box


@dataclass(frozen=True, slots=True)
class Grid:
    """One table fragment on one page."""

    box: Box
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]  # top to bottom, left to right

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
        if not edges or v - edges[-1] > EDGE_SNAP:
            edges.append(v)
    return edges


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def build_grid(table: RuledTable, chars: list[Char]) -> Grid:
    cols = _snap([c.x0 for c in table.cells] + [c.x1 for c in table.cells])
    rows = _snap([c.top for c in table.cells] + [c.bottom for c in table.cells])
    by_cell: dict[int, list[Char]] = {i: [] for i in range(len(table.cells))}
    for ch in chars:
        cx, cy = ch.box.cx, ch.box.cy
        for i, cell in enumerate(table.cells):
            if cell.contains_point(cx, cy):
                by_cell[i].append(ch)
                break
    cells: list[Cell] = []
    for i, box in enumerate(table.cells):
        r0, r1 = _index(rows, box.top), _index(rows, box.bottom)
        c0, c1 = _index(cols, box.x0), _index(cols, box.x1)
        text = join_lines([ln.text for ln in chars_to_lines(by_cell[i])])
        cells.append(Cell(r0, c0, max(r1 - r0, 1), max(c1 - c0, 1), text, box))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(table.box, max(len(rows) - 1, 1), max(len(cols) - 1, 1), tuple(cells))


def chars_inside(chars: list[Char], box: Box, slack: float = 1.0) -> list[Char]:
    return [c for c in chars if box.contains_point(c.box.cx, c.box.cy, slack)]
