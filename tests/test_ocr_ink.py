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
    (":22.16", {0}),
    ("1:05", set()),  # read as 1.05 by the recogniser's repairs
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


def test_a_point_after_a_year_goes_even_where_a_speck_sits_on_the_baseline():
    """'(2023.年度）': no list number is four digits long and no decimal point is
    followed by an ideograph; what is left is doubtful, as the mark had ink."""
    ink = np.zeros((60, 300), np.uint8)
    for i in range(4):
        _glyph(ink, 12 + 12 * i, 21 + 12 * i, 20, 38)
    ink[35:38, 58:61] = 255  # a speck, on the baseline, where the point was read
    _glyph(ink, 64, 88, 16, 40)  # 年
    chars = _digits("2023", 10) + [(".", 57.0, 62.0, 0.9), ("年", 62.0, 90.0, 0.99)]
    fitted = fit(chars, 10, 45, SIZE, ink)
    assert "".join(f.text for f in fitted) == "2023年"
    assert all(f.probability <= 0.5 for f in fitted)


@pytest.mark.parametrize("text, kept", [
    (".60.99", "60.99"),  # a speck before a number with a point of its own
    ("2,.940.05", "2,940.05"),  # two marks in a row: the one that leaves a number
    ("58.72.30206", "58.72.30206"),  # two choices would do: left as read
    ("12.5", "12.5"),
    ("84..65", "84.65"),  # one point read twice
    ("1.00.00", "100.00"),  # of two readings, the one with two decimals
    ("2023.12.31", "2023.12.31"),  # a date
])
def test_malformed_numbers_lose_the_one_mark_that_makes_them_so(text, kept):
    """Every mark here has ink on the baseline; the numbers are judged by their form."""
    width = 12.0
    ink = np.zeros((60, 400), np.uint8)
    chars = []
    for i, c in enumerate(text):
        x = 10 + i * width
        if c.isdigit():
            _glyph(ink, int(x) + 2, int(x) + 10, 20, 38)
        else:
            ink[35:38, int(x) + 4:int(x) + 7] = 255
        chars.append((c, x, x + width, 0.99))
    assert "".join(f.text for f in fit(chars, 10, 45, SIZE, ink)) == kept


def test_a_number_is_not_cut_where_its_point_is_too_faint_to_see():
    """'16.19' read with a point the scan left no ink of: a blank as wide as a cell's
    gap, but the number as read is well formed, so it stays whole."""
    ink = np.zeros((60, 300), np.uint8)
    for x in (12, 24):
        _glyph(ink, x, x + 8, 20, 38)
    for x in (52, 64):
        _glyph(ink, x, x + 8, 20, 38)
    chars = [("1", 10.0, 22.0, 0.99), ("6", 22.0, 34.0, 0.99), (".", 38.0, 46.0, 0.8),
             ("1", 50.0, 62.0, 0.99), ("9", 62.0, 74.0, 0.99)]
    assert "".join(f.text for f in fit(chars, 10, 45, SIZE, ink)) == "16.19"

