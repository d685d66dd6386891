"""Hand-built table grids for tests that exercise the readers without a PDF."""

from __future__ import annotations

from juesuan_extract.geometry import Box
from juesuan_extract.page.grid import Cell, Grid

ROW_HEIGHT = 20.0


def make_grid(page: int, edges: list[float], rows: list[list[str]],
              spans: dict[tuple[int, int], tuple[int, int]] | None = None) -> Grid:
    """One fragment on ``page``: column ``edges`` (x, left to right), the text
    of every slot row by row, and ``spans`` mapping a cell's (row, col) to its
    (rowspan, colspan); slots a span covers are left out."""
    spans = spans or {}
    covered = {(r + i, c + j) for (r, c), (n, m) in spans.items()
               for i in range(n) for j in range(m) if i or j}
    cells = []
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            if (r, c) in covered:
                continue
            n, m = spans.get((r, c), (1, 1))
            box = Box(page, edges[c], ROW_HEIGHT * r, edges[c + m], ROW_HEIGHT * (r + n))
            cells.append(Cell(r, c, n, m, text, box))
    return Grid(Box(page, edges[0], 0, edges[-1], ROW_HEIGHT * len(rows)), len(rows),
                len(edges) - 1, tuple(cells), tuple(edges))


def edges_of(widths: list[float]) -> list[float]:
    """Column edges from column widths, starting at 0."""
    edges = [0.0]
    for w in widths:
        edges.append(edges[-1] + w)
    return edges
