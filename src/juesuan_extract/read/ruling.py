"""Ruling edges → ruled table regions, the same for every page reader.

Edges come from drawn lines and the edges of thin filled rectangles (Word and
LibreOffice draw borders either way), as pdfplumber gives them or as a reader
makes them in that form; all go through pdfplumber's own table algorithm.
"""

from __future__ import annotations

from ..geometry import Box
from ..model import RuledTable, Segment

# pdfplumber merges collinear pieces within these tolerances (points); they
# are pdfplumber's defaults, shared by every reader.
SNAP_TOLERANCE = 3
TABLE_SETTINGS: dict[str, str | float] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": SNAP_TOLERANCE,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


def ruled_tables(number: int, edges: list[dict]) -> tuple[RuledTable, ...]:
    """The ruled regions that pdfplumber's TableFinder finds in these edges.

    The edges are pdfplumber's (``page.edges``) or the same made by pdfium;
    this is ``TableFinder`` with the "lines" strategy, step by step, so that
    both readers go through the very same grid rules.
    """
    from pdfplumber.table import (
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    settings = TableSettings.resolve(TABLE_SETTINGS)
    prefilter = settings.edge_min_length_prefilter
    found = merge_edges(
        filter_edges(edges, "v", min_length=prefilter) + filter_edges(edges, "h", min_length=prefilter),
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    found = filter_edges(found, min_length=settings.edge_min_length)
    cells = intersections_to_cells(edges_to_intersections(
        found, settings.intersection_x_tolerance, settings.intersection_y_tolerance))
    return tuple(
        _ruled_table(number, _bbox(group), found) for group in cells_to_tables(cells)
        if len(group) >= 2
    )


def _bbox(cells: list[tuple[float, float, float, float]]) -> tuple[float, ...]:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))


def _ruled_table(number: int, bbox: tuple[float, ...], edges: list[dict]) -> RuledTable:
    x0, top, x1, bottom = bbox
    slack = SNAP_TOLERANCE
    horizontal = tuple(
        Segment(e["top"], e["x0"], e["x1"]) for e in edges
        if e["orientation"] == "h" and top - slack <= e["top"] <= bottom + slack
        and e["x1"] > x0 and e["x0"] < x1
    )
    vertical = tuple(
        Segment(e["x0"], e["top"], e["bottom"]) for e in edges
        if e["orientation"] == "v" and x0 - slack <= e["x0"] <= x1 + slack
        and e["bottom"] > top and e["top"] < bottom
    )
    return RuledTable(Box(number, x0, top, x1, bottom), horizontal, vertical)
