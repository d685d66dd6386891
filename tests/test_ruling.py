"""Ruling edges → ruled regions: the borders a page break leaves undrawn, and
paths that paint nothing (white text boxes), each on edges made by hand."""

from __future__ import annotations

from juesuan_extract.read.pdfminer import paints_nothing
from juesuan_extract.read.ruling import cut_cell_borders, ruled_tables


def _h(y: float, x0: float, x1: float) -> dict:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
            "height": 0, "object_type": "line"}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0,
            "height": bottom - top, "object_type": "line"}


def _continuation_page() -> list[dict]:
    """The page after a cut: columns 0–100 and 100–200 hold merged labels open at
    the page's top and foot (a rule at y=60 closes the first label's part on this
    page in column 100–200 only); columns 200–300 and 300–400 are rows of 20 pt."""
    edges = [_v(x, 0, 100) for x in (0, 100, 200, 300, 400)]
    edges += [_h(y, 200, 400) for y in (0, 20, 40, 60, 80, 100)]
    edges.append(_h(60, 100, 400))
    return edges


def test_a_page_cut_closes_the_merged_labels_it_leaves_open():
    added = cut_cell_borders(_continuation_page())
    assert sorted((e["top"], e["x0"], e["x1"]) for e in added) == [(0, 0, 400), (100, 0, 400)]
    # the region reaches over the label columns, not only over the rows of 200–400
    assert [(t.box.x0, t.box.x1) for t in ruled_tables(3, _continuation_page())] == [(0, 400)]


def test_a_rule_crossing_the_line_is_no_page_cut():
    """A vertical that ends on a row's line inside the table (a T-junction drawn
    a little short) is joined by nothing when another rule goes on past that line."""
    edges = [_v(0, 0, 100), _v(100, 0, 100), _v(200, 0, 40), _v(300, 0, 100)]
    edges += [_h(0, 0, 300), _h(100, 0, 300), _h(40, 205, 300)]
    assert cut_cell_borders(edges) == []


def test_a_white_text_box_paints_nothing():
    white_box = {"fill": True, "stroke": False, "non_stroking_color": (1.0,)}
    assert paints_nothing(white_box)
    assert paints_nothing({**white_box, "non_stroking_color": (1, 1, 1)})
    assert paints_nothing({**white_box, "non_stroking_color": (0, 0, 0, 0)})  # CMYK paper
    assert not paints_nothing({**white_box, "non_stroking_color": (0,)})  # a black bar
    assert not paints_nothing({**white_box, "stroke": True, "stroking_color": (0,)})
    # an edge that says nothing of its paint is a rule
    assert not paints_nothing({"fill": None, "stroke": None})
