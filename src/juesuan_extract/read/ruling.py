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
    found += cut_cell_borders(found)
    cells = intersections_to_cells(edges_to_intersections(
        found, settings.intersection_x_tolerance, settings.intersection_y_tolerance))
    return tuple(
        _ruled_table(number, _bbox(group), found) for group in cells_to_tables(cells)
        if len(group) >= 2
    )


def cut_cell_borders(edges: list[dict]) -> list[dict]:
    """The borders a page break leaves undrawn: a spreadsheet printed over pages
    draws the rule at the page's cut only under the cells that end there, so a
    merged label (一级指标 over rows on both pages) is left open at the top or the
    bottom of the page. A vertical rule that ends on the line of a horizontal one
    that does not reach it is such a cell's side: the horizontal rule goes on to
    it, and the cell is closed where the page cut it. Only where the page cut
    the table: no rule of the span goes on past that line."""
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * SNAP_TOLERANCE]
    vertical = [e for e in edges if e["orientation"] == "v"]
    out: list[dict] = []
    for end in ("top", "bottom"):
        open_ends: dict[float, list[float]] = {}  # the rule's y → the x of the open sides
        for v in vertical:
            y = v[end]
            if not any(abs(h["top"] - y) <= SNAP_TOLERANCE and h["x0"] - SNAP_TOLERANCE <= v["x0"]
                       <= h["x1"] + SNAP_TOLERANCE for h in horizontal):
                open_ends.setdefault(round(y), []).append(v["x0"])
        for y, xs in open_ends.items():
            rules = [h for h in horizontal if abs(h["top"] - y) <= SNAP_TOLERANCE + 1]
            if not rules:
                continue
            rule = rules[0]
            x0, x1 = min(xs + [rule["x0"]]), max(xs + [rule["x1"]])
            if any(x0 - SNAP_TOLERANCE <= v["x0"] <= x1 + SNAP_TOLERANCE
                   and v["top"] < y - SNAP_TOLERANCE and v["bottom"] > y + SNAP_TOLERANCE
                   for v in vertical):
                continue  # a rule crosses the line: the table goes on past it, no page cut
            out.append({"x0": x0, "x1": x1, "top": rule["top"], "bottom": rule["top"],
                        "width": x1 - x0, "height": 0, "orientation": "h",
                        "object_type": "line", "cut": True})
    return out


def _bbox(cells: list[tuple[float, float, float, float]]) -> tuple[float, ...]:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))


def _ruled_table(number: int, bbox: tuple[float, ...], edges: list[dict]) -> RuledTable:
    x0, top, x1, bottom = bbox
    slack = SNAP_TOLERANCE
    horizontal = tuple(
        Segment(e["top"], e["x0"], e["x1"], drawn=not e.get("cut")) for e in edges
        if e["orientation"] == "h" and top - slack <= e["top"] <= bottom + slack
        and e["x1"] > x0 and e["x0"] < x1
    )
    vertical = tuple(
        Segment(e["x0"], e["top"], e["bottom"]) for e in edges
        if e["orientation"] == "v" and x0 - slack <= e["x0"] <= x1 + slack
        and e["bottom"] > top and e["top"] < bottom
    )
    return RuledTable(Box(number, x0, top, x1, bottom), horizontal, vertical)
