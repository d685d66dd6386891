"""Characters → text lines.

Digits set in a Latin font can sit a few points off the baseline of the CJK
text around them, so characters are grouped by how much their vertical extent
overlaps the line's, relative to their size, never by a fixed tolerance.
"""

from __future__ import annotations

from ..geometry import Char, Line, union_all
from ..text import clean
from .settings import current as tolerances


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    inter = min(a_bottom, b_bottom) - max(a_top, b_top)
    smaller = max(min(a_bottom - a_top, b_bottom - b_top), 1e-6)
    return inter / smaller


def chars_to_lines(chars: list[Char]) -> list[Line]:
    """Group characters into lines, top to bottom, each read left to right."""
    lines = [band_to_line(b) for b in char_bands(chars)]
    return sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0))


def char_bands(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped by vertical overlap (relative to the smaller of
    two heights), spaces left out; each band is one printed line."""
    bands: list[list[Char]] = []
    band_extent: list[tuple[float, float]] = []
    for ch in sorted(chars, key=lambda c: (c.box.top, c.box.x0)):
        if ch.text.isspace():
            continue
        for i in range(len(bands) - 1, max(len(bands) - 4, -1), -1):
            top, bottom = band_extent[i]
            if _overlap(top, bottom, ch.box.top, ch.box.bottom) >= tolerances().min_vertical_overlap:
                bands[i].append(ch)
                band_extent[i] = (min(top, ch.box.top), max(bottom, ch.box.bottom))
                break
        else:
            bands.append([ch])
            band_extent.append((ch.box.top, ch.box.bottom))
    return bands


def band_to_line(band: list[Char]) -> Line:
    """One band of :func:`char_bands` as a line, left to right."""
    band.sort(key=lambda c: c.box.x0)
    parts: list[str] = []
    prev: Char | None = None
    for ch in band:
        if prev is not None:
            gap = ch.box.x0 - prev.box.x1
            if gap > tolerances().space_gap * min(prev.size, ch.size):
                parts.append(" ")
        parts.append(ch.text)
        prev = ch
    size = max(c.size for c in band)
    return Line(clean("".join(parts)), union_all([c.box for c in band]), size, _lead_width(band))


# Characters that may not start a line (禁则): they stay with the piece before.
_NO_LINE_START = set("，。、；：！？）》」』”’%,.;:!?)")
# … and characters that may not end one: they stay with the piece after.
_NO_LINE_END = set("（《「『“‘(")


def _lead_width(band: list[Char]) -> float:
    first = band[0]
    end = 0
    while end + 1 < len(band) and band[end].text in _NO_LINE_END:
        end += 1
    if band[end].text.isascii() and band[end].text.isalnum():
        while end + 1 < len(band) and band[end + 1].text.isascii() and (
            band[end + 1].text.isalnum() or band[end + 1].text in ".,%-/"
        ):
            end += 1
    while end + 1 < len(band) and band[end + 1].text in _NO_LINE_START:
        end += 1
    return band[end].box.x1 - first.box.x0

