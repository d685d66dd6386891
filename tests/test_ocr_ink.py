"""Recognised characters fitted to their ink (read/ocr_ink.py), on drawn images."""

from __future__ import annotations

import numpy as np
import pytest

from juesuan_extract.read.ocr_ink import droppable, fit

SIZE = 25.0  # pixels: 9 pt at 200 dpi


@pytest.mark.parametrize("text, marks", [
    ("1,234.56", set()),
    ("86.40.", {5}),  # a point after the decimals
    (".04", {0}),  # a point before a number
    ("58.72.30206", {5}),  # a second point in one number
    ("08.抚恤", {2}),  # a point beside no second digit
    ("619,53", {3}),  # a comma not before a group of three
    ("1.加强管理", {1}),
    ("58.72·30206", {5}),  # a speck read as a middle dot between two cells
])
def test_marks_no_number_can_hold_are_judged(text, marks):
    assert droppable(text) == marks


def _glyph(ink: np.ndarray, x0: int, x1: int, top: int, bottom: int) -> None:
    ink[top:bottom, x0:x1] = 255


def _digits(text: str, x: float, width: float = 12.0) -> list[tuple[str, float, float, float]]:
    return [(c, x + i * width, x + (i + 1) * width, 0.99) for i, c in enumerate(text)]


def test_pieces_take_their_height_from_their_own_ink():
    """A header read as one line across two cells, one a line lower: each piece is
    placed where its ink is, not where the detector's box for both says."""
    ink = np.zeros((120, 400), np.uint8)
    for i in range(3):  # upper cell, digits 18 px tall
        _glyph(ink, 12 + 12 * i, 21 + 12 * i, 20, 38)
    for i in range(3):  # lower cell, far to the right
        _glyph(ink, 212 + 12 * i, 221 + 12 * i, 50, 68)
    chars = _digits("123", 10) + _digits("456", 210)
    fitted = fit(chars, 15, 75, SIZE, ink)
    upper = [f for f in fitted if f.text in "123"]
    lower = [f for f in fitted if f.text in "456"]
    assert all(f.bottom < 45 for f in upper) and all(f.top > 40 for f in lower)


def test_a_point_without_a_mark_on_the_baseline_is_left_out():
    ink = np.zeros((60, 200), np.uint8)
    for i in range(4):
        _glyph(ink, 12 + 12 * i, 21 + 12 * i, 20, 38)
    chars = _digits("8640", 10)
    # "86.40." : the first point sits on the baseline, the second has no ink at all
    chars = chars[:2] + [(".", 34.0, 36.0, 0.99)] + chars[2:] + [(".", 58.0, 61.0, 0.6)]
    ink[35:38, 34:37] = 255
    text = "".join(f.text for f in fit(chars, 10, 45, SIZE, ink))
    assert text == "86.40"


def test_two_cells_read_as_one_line_are_two_pieces():
    """The recogniser's boxes touch, but the ink leaves a cell's gap between them: the
    left number ends where its ink ends."""
    ink = np.zeros((60, 300), np.uint8)
    for i in range(3):
        _glyph(ink, 11 + 12 * i, 20 + 12 * i, 20, 38)
    for i in range(3):
        _glyph(ink, 61 + 12 * i, 70 + 12 * i, 20, 38)
    chars = _digits("123", 10, 16.0) + _digits("456", 58, 12.0)
    fitted = fit(chars, 10, 45, SIZE, ink)
    three = next(f for f in fitted if f.text == "3")
    four = next(f for f in fitted if f.text == "4")
    assert four.x0 - three.x1 > 0.6 * SIZE


def test_a_line_of_nothing_but_a_point_is_no_text():
    ink = np.zeros((60, 100), np.uint8)
    ink[35:38, 40:43] = 255
    assert fit([(".", 38.0, 45.0, 0.95)], 10, 45, SIZE, ink) == []
