"""Recognised characters fitted to the ink they were read from.

The recogniser gives a text line's box (the detector's) and, for each character, the
x where it read it, up to a third of an em off. Two things go wrong with that alone:

* The detector joins text that stands side by side into one line even where it
  does not share a baseline: in a three-line table the header cell "科目编码" wraps
  onto two lines beside a one-line "科目名称", and the three come out as one line
  with one box, so their characters land in one band and the header is read wrong.
* A speck of dust beside a number is read as "." or "," ("86.40." or ".04"): the
  recogniser reads shapes, not where a point sits.

So each stretch of characters set solid (a *piece*: a word, a number, a cell's text)
takes its vertical place and its left and right edges from its own ink, and a point
or comma beside a digit is kept only where there is a mark on that digit's baseline.
Everything here is in pixels of the straightened page image.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

# A gap wider than this share of the font size between two characters ends a piece:
# characters set solid stand closer (the recogniser's boxes touch), and the gap between
# two cells, or two words of a header, is wider.
PIECE_GAP = 0.3
# Blank columns at least this share of the font size wide split a line between two
# cells: within a number the widest blank is beside a "1" (≈0.35 em), and the cells of
# an unruled table stand further apart than the tokens' 0.6 em.
CELL_GAP = 0.45
# Rows of ink separated by at least this share of the font size of blank rows are two
# lines of text; the strokes of one character ("三", "二") leave smaller gaps.
LINE_GAP = 0.18
# The ink of a piece may stand this share of the font size beyond where the recogniser
# put it and still be its ink (its edge read a little inside or outside the glyph).
REACH = 0.35
# A point or comma sits on the baseline: the bottom of its mark within this share of the
# font size of the bottom of the digit beside it (commas reach a little below).
BASELINE = 0.12
COMMA_BELOW = 0.3
# Digits fill this share of the em from the baseline up; ideographs about this share
# of it, centred. The em box is what the text readers give and line grouping compares.
DIGIT_HEIGHT = 0.72
IDEOGRAPH_HEIGHT = 0.9
DESCENT = 0.14  # the em box reaches this share of the font size below the baseline
# The probability, at most, of the characters beside a mark dropped although there was
# ink where it was read: the ink may have been a mark of theirs.
DOUBTED = 0.5
# Full-width punctuation is inked on one side of its em: how far (in units of a line's
# pitch, an em being two) the ink stands right (+) or left (-) of the em's middle.
INK_SIDE = {**dict.fromkeys("（《〈【“‘", 0.5), **dict.fromkeys("）》〉】”’，。、；：！？", -0.5)}
ONE_SIDED = frozenset(INK_SIDE)
SPREAD = 1  # pixels: how far binarising (a 3×3 blur, then a threshold) spreads ink
# Ink no more than this share of the font size across either way is a speck (or a point)
# and does not say where a piece's edges are.
SPECK = 0.2
# What specks are read as; a piece of nothing else is no text (a cell's placeholder is a
# dash, never a point).
SPECK_READINGS = frozenset(".,:;'`·")


@dataclass(frozen=True, slots=True)
class Fitted:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    probability: float
    index: int  # the character's place in the run (spaces left out)
    sized: bool = True  # the size is the piece's own (not the line's, for want of ink)


def fit(chars: list[tuple[str, float, float, float]], top: float, bottom: float, size: float,
        ink: np.ndarray, rules: np.ndarray | None = None) -> list[Fitted]:
    """One recognised line's characters ``(text, x0, x1, probability)`` fitted to ``ink``
    (non-zero where there is ink, rules wiped; ``rules`` marks where they were), the
    line's box ``top``–``bottom`` and font ``size`` as the detector gave them. Points and
    commas without a mark of their own on the baseline are left out, and pieces of
    nothing but such marks."""
    cuts = _blank_columns(chars, top, bottom, size, ink, rules)
    out: list[Fitted] = []
    for piece in _pieces(chars, size, cuts):
        if all(chars[k][0] in SPECK_READINGS for k in piece):  # a speck read as text
            continue
        # Judged within the piece: "210." and "11" in two cells are no "210.11".
        drop = {piece[0] + i for i in droppable("".join(chars[k][0] for k in piece))}
        # The piece's ink is looked for up to the blank columns either side of it.
        first, last = chars[piece[0]], chars[piece[-1]]
        lo = max((c for c, _ in cuts if c <= (first[1] + first[2]) / 2), default=0.0)
        hi = min((c for c, _ in cuts if c >= (last[1] + last[2]) / 2),
                 default=float(ink.shape[1]))
        out.extend(_fit_piece(chars, piece, top, bottom, size, ink[:, :int(hi)], drop, int(lo),
                              ink.shape[1]))
    return _sized(out)


def _sized(fitted: list[Fitted]) -> list[Fitted]:
    """Pieces whose ink says nothing of their size take the line's other pieces'."""
    sizes = sorted(f.size for f in fitted if f.sized)
    if not sizes or all(f.sized for f in fitted):
        return fitted
    typical = sizes[len(sizes) // 2]
    return [f if f.sized else replace(f, top=(f.top + f.bottom - typical) / 2,
                                      bottom=(f.top + f.bottom + typical) / 2, size=typical)
            for f in fitted]


def _blank_columns(chars, top: float, bottom: float, size: float, ink: np.ndarray,
                   rules: np.ndarray | None) -> list[tuple[float, bool]]:
    """The middles of the stretches of the line without ink wider than a cell gap: two
    cells read as one line are two pieces, wherever the recogniser put their characters.
    Each says whether a rule (wiped from ``ink``, marked in ``rules``) crosses it."""
    h, w = ink.shape
    c0, c1 = max(0, int(chars[0][1])), min(w, int(chars[-1][2]) + 1)
    r0, r1 = max(0, int(top)), min(h, int(bottom) + 1)
    inked = [bool(v) for v in np.any(np.asarray(ink[r0:r1, c0:c1]) > 0, axis=0)]
    walls = np.any(np.asarray(rules[r0:r1, c0:c1]) > 0, axis=0) if rules is not None \
        else np.zeros(len(inked), dtype=bool)
    cuts: list[tuple[float, bool]] = []
    wide = CELL_GAP * size
    run_start = None
    for x, on in enumerate([*inked, True]):
        if not on and run_start is None:
            run_start = x
        elif on and run_start is not None:
            if x - run_start >= wide:
                cuts.append((c0 + (run_start + x) / 2, bool(walls[run_start:x].any())))
            run_start = None
    return cuts


def _pieces(chars: list[tuple[str, float, float, float]], size: float,
            cuts: list[tuple[float, bool]]) -> list[range]:
    """Runs of characters set solid: split where the recogniser's boxes leave a gap, and
    where the ink does between their centres."""
    text = "".join(c[0] for c in chars)
    whole = {i for m in _NUMBER_RUN.finditer(text) if _WELL_FORMED.match(m.group())
             and _INNER_MARKS.search(m.group()) for i in range(m.start() + 1, m.end())}
    pieces: list[range] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i < len(chars):
            left = (chars[i - 1][1] + chars[i - 1][2]) / 2
            right = (chars[i][1] + chars[i][2]) / 2
            # A number well formed as read is not cut (its point may be too faint to
            # close the blank between its digits: "16.19"), unless a rule stands in
            # the blank ("210" and "11" in two cells, a speck between them).
            apart = chars[i][1] - chars[i - 1][2] > PIECE_GAP * size \
                or any(left < c < right and (wall or i not in whole) for c, wall in cuts)
        if i == len(chars) or apart:
            pieces.append(range(start, i))
            start = i
    return pieces


def _fit_piece(chars, piece: range, top: float, bottom: float, size: float,
               ink: np.ndarray, drop: set[int], left_limit: int = 0,
               ink_width: int = 0) -> list[Fitted]:
    """The characters of one piece placed on its ink, looked for no further left than
    ``left_limit`` and no further right than the ``ink`` given reaches (a blank column
    where it is narrower than ``ink_width``, the page's)."""
    x0, x1 = chars[piece[0]][1], chars[piece[-1]][2]
    h, w = ink.shape
    reach = REACH * size
    c0, c1 = max(left_limit, int(x0 - reach)), min(w, int(x1 + reach) + 1)
    r0, r1 = max(0, int(top)), min(h, int(bottom) + 1)
    window = _without_specks(ink[r0:r1, c0:c1], size)
    band = _main_band(window, size)
    if band is None:  # no ink where the text was read: leave it as the recogniser placed it
        middle = (top + bottom) / 2
        return [Fitted(t, a, middle - size / 2, b, middle + size / 2, size, p, k)
                for k, (t, a, b, p) in ((k, chars[k]) for k in piece)]
    b0, b1 = band
    cols = np.nonzero(window[b0:b1].any(axis=0))[0]
    ideographic = any(wide(chars[k][0]) for k in piece)
    # Binarising spreads ink by a pixel each way (its 3×3 blur): the glyphs' own edges.
    ink_x0, ink_x1 = c0 + cols[0] + SPREAD, c0 + cols[-1] + 1 - SPREAD
    ink_top, ink_bottom = r0 + b0 + SPREAD, r0 + b1 - SPREAD
    # The line's size, unless the detector's box held more than this piece's line.
    own = (ink_bottom - ink_top) / (IDEOGRAPH_HEIGHT if ideographic else DIGIT_HEIGHT)
    sized = own > 0.5 * size  # "一", "、" or "-" alone say nothing of the size
    piece_size = min(size, own) if sized else size
    # The edges of a piece without ideographs (an amount, a code: what columns are told
    # by) from its ink, when the ink stands where the piece was read (ink of a neighbour
    # reached into the window otherwise): the characters keep their places relative to
    # each other and are stretched onto the ink. Text with ideographs keeps the
    # recogniser's places: its last character may be a "，" whose ink fills a quarter
    # of its box, and stretching a line onto that would move every number in it.
    # Across a blank column the ink is the piece's whatever its distance.
    bounded_left, bounded_right = left_limit > 0 and c0 == left_limit, c1 == w < ink_width
    fits_left = bounded_left or abs(ink_x0 - x0) <= reach
    fits_right = bounded_right or abs(ink_x1 - x1) <= reach
    if not ideographic and x1 > x0 and fits_left and fits_right:
        ratio = (ink_x1 - ink_x0) / (x1 - x0)

        def move(x: float) -> float:
            return ink_x0 + (x - x0) * ratio
    else:
        def move(x: float) -> float:
            return x
    # Only the outer edges of text with ideographs come from the ink (the recogniser
    # reads a line's first character early), unless the character is inked on one side.
    left_edge = ink_x0 if ideographic and fits_left and chars[piece[0]][0] not in ONE_SIDED \
        else move(x0)
    right_edge = ink_x1 if ideographic and fits_right and chars[piece[-1]][0] not in ONE_SIDED \
        else move(x1)

    # Marks with no ink of their own split the piece: what stands either side takes its
    # edges from its own ink, so that the two numbers a speck joined stay two.
    # A mark at a piece's edge that no number there can hold ("654.76.", ".04"), or
    # after a number too long to be a list number ("2023.年度"), goes too, but where it
    # has a mark on the baseline what is left is doubtful.
    specks, doubted = set(), False
    for k in piece:
        if k not in drop:
            continue
        if not _has_mark(ink, move(chars[k][1]), move(chars[k][2]), ink_bottom, piece_size,
                         chars[k][0]):
            specks.add(k)
        elif (k in (piece[0], piece[-1]) and len(piece) > 1) or _after_long_number(chars, k):
            specks.add(k)
            doubted = True
    repaired = _malformed_numbers(chars, [k for k in piece if k not in specks])
    if repaired:
        specks |= repaired
        doubted = True
    if specks:
        out: list[Fitted] = []
        start = piece[0]
        for k in [*sorted(specks), piece[-1] + 1]:
            if k > start:
                out += _fit_piece(chars, range(start, k), top, bottom, size, ink, set(),
                                  left_limit, ink_width)
            start = k + 1
        if doubted:
            out = [replace(f, probability=min(f.probability, DOUBTED)) for f in out]
        return out
    if ideographic:
        em_bottom = (ink_top + ink_bottom) / 2 + piece_size / 2
    else:
        em_bottom = ink_bottom + DESCENT * piece_size
    return [Fitted(t, left_edge if k == piece[0] else move(a), em_bottom - piece_size,
                   right_edge if k == piece[-1] else move(b), em_bottom, piece_size, p, k,
                   sized)
            for k, (t, a, b, p) in ((k, chars[k]) for k in piece)]


_WELL_FORMED = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_NUMBER_RUN = re.compile(r"[\d.,·]+")
_INNER_MARKS = re.compile(r"\d[.,·]+\d")
_DATE = re.compile(r"^(19|20)\d\d[.．]\d{1,2}[.．]\d{1,2}$")


def _malformed_numbers(chars, kept: list[int]) -> set[int]:
    """The marks to leave out of numbers that are malformed as read (".60.99",
    "2,.940.05"): the fewest whose removal leaves a well-formed number, when exactly
    one choice does (of several, the one with two decimals, as amounts and shares are
    printed). Only numbers with a mark between two digits are judged, so a list number
    ("1.") is left alone; where two choices would do ("58.72.30206", a date),
    nothing is removed and the number stays doubtful."""
    import itertools

    text = "".join(chars[k][0] for k in kept)
    out: set[int] = set()
    for m in _NUMBER_RUN.finditer(text):
        run = kept[m.start():m.end()]
        word = m.group()
        if not _INNER_MARKS.search(word) or _WELL_FORMED.match(word):
            continue
        # Every mark is a candidate, so that a choice is unique among all readings
        # ("84..65" has two ways to one reading, "58.72.30206" two readings).
        marks = [i for i, ch in enumerate(word) if ch in ".,·"]
        for size in range(1, min(3, len(marks)) + 1):
            fixes: dict[str, tuple[int, ...]] = {}
            for c in itertools.combinations(marks, size):
                reading = "".join(ch for i, ch in enumerate(word) if i not in c)
                if _WELL_FORMED.match(reading):
                    fixes.setdefault(reading, c)
            if not fixes:
                continue
            if len(fixes) > 1:
                # Amounts and shares are printed with two decimals: "1.00.00%" is 100.00
                # rather than 1.0000. A date ("2023.12.31") is no amount.
                fixes = {r: c for r, c in fixes.items() if re.search(r"\.\d{2}$", r)}
                if _DATE.match(word):
                    fixes = {}
            if len(fixes) == 1:
                out |= {run[i] for i in next(iter(fixes.values()))}
            break
    return out


def _after_long_number(chars, k: int) -> bool:
    """Whether the mark at ``k`` follows three digits or more and no digit follows it:
    list numbers ("1.", "12.") are shorter, and a decimal point has digits after it."""
    digits = 0
    j = k - 1
    while j >= 0 and chars[j][0].isdigit():
        digits, j = digits + 1, j - 1
    after = chars[k + 1][0] if k + 1 < len(chars) else ""
    return digits >= 3 and not after.isdigit()


def _without_specks(window: np.ndarray, size: float) -> np.ndarray:
    """The window's ink (as booleans) without specks: blots no more than a fifth of the
    font size across either way, which would otherwise stretch a piece to reach them.
    A point inside a number is such a blot too, but never the edge of its piece."""
    import cv2

    mask = (window > 0).astype(np.uint8)
    if not mask.any():
        return mask.astype(bool)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = SPECK * size
    keep = np.zeros(n, dtype=bool)
    keep[1:] = (stats[1:, cv2.CC_STAT_WIDTH] > small) | (stats[1:, cv2.CC_STAT_HEIGHT] > small)
    return keep[labels]


def _main_band(window: np.ndarray, size: float) -> tuple[int, int] | None:
    """The rows of the window's main line of ink: runs of inked rows, joined across gaps
    narrower than a line gap; the run with the most ink."""
    if not window.size:
        return None
    counts = window.sum(axis=1)
    inked = np.nonzero(counts)[0]
    if not len(inked):
        return None
    gap = max(2, int(LINE_GAP * size))
    bands: list[tuple[int, int]] = []
    start = prev = int(inked[0])
    for r in inked[1:]:
        r = int(r)
        if r - prev > gap:
            bands.append((start, prev + 1))
            start = r
        prev = r
    bands.append((start, prev + 1))
    return max(bands, key=lambda b: int(counts[b[0]:b[1]].sum()))


def _has_mark(ink: np.ndarray, left: float, right: float, baseline: float, size: float,
              mark: str) -> bool:
    """Whether a point or comma read at ``left``–``right`` has a mark of its own: a small
    blot of ink (no taller or wider than a third of the font size) beside where it was
    read, whose bottom sits on the baseline of the digits beside it."""
    import cv2

    h, w = ink.shape
    c0, c1 = max(0, int(left - 0.6 * size)), min(w, int(right + 0.6 * size) + 1)
    r0, r1 = max(0, int(baseline - size)), min(h, int(baseline + 0.5 * size) + 1)
    crop = (ink[r0:r1, c0:c1] > 0).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    below = (COMMA_BELOW if mark == "," else BASELINE) * size
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        x, bottom = c0 + x, r0 + y + bh
        if bw > size / 3 or bh > size / 3:
            continue
        if left - 0.15 * size <= x + bw / 2 <= right + 0.15 * size \
                and baseline - BASELINE * size <= bottom <= baseline + below:
            return True
    return False


def droppable(text: str) -> set[int]:
    """The points and commas (indices into ``text``) that are no decimal point or
    thousands separator of a number: beside no digit on one side, a second point in
    one number, a comma not before a group of three, a middle dot beside a digit, a colon
    beside a number on one side (":22.16"). Only
    these are judged by their ink:
    a point where the number needs one is kept whatever its mark looks like."""
    out: set[int] = set()
    for i, c in enumerate(text):
        if c not in ".,·:;":
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if c == "·":  # a middle dot beside a digit: never part of a number
            if before.isdigit() or after.isdigit():
                out.add(i)
            continue
        if c in ":;":  # beside a number on one side only (between digits it is repaired)
            if before.isdigit() != after.isdigit():
                out.add(i)
            continue
        if not (before.isdigit() and after.isdigit()):
            out.add(i)
            continue
        j = i - 1
        while j >= 0 and (text[j].isdigit() or text[j] == ","):
            j -= 1
        if c == "." and j >= 0 and text[j] == ".":
            out.add(i)  # "58.72.30206": a point after the decimals
        group = text[i + 1:i + 4]
        if c == "," and not (len(group) == 3 and group.isdigit()
                             and not text[i + 4:i + 5].isdigit()):
            out.add(i)
    return out


def wide(ch: str) -> bool:
    """A full-width character: an ideograph or CJK punctuation, set an em wide."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


__all__ = ["INK_SIDE", "Fitted", "droppable", "fit", "wide"]
