"""Glyph clean-up that every page reader applies before a page leaves ``read/``."""

from __future__ import annotations

import math

from ..geometry import Char
from .settings import current as tolerances


def printed_glyphs(chars: list[Char], width: float, height: float) -> list[Char]:
    """The glyphs a reader sees on the page: off-page glyphs dropped, then
    fake-bold copies."""
    return drop_fake_bold(on_page(chars, width, height))


def on_page(chars: list[Char], width: float, height: float) -> list[Char]:
    """Glyphs whose centre lies on the page. Some producers (WPS) write every
    page's content stream with text that belongs to the next page placed below
    the page's edge: it is not printed, and read as this page's it would make
    one table swallow the next."""
    return [ch for ch in chars if 0 <= ch.box.cx <= width and 0 <= ch.box.cy <= height]


def drop_fake_bold(chars: list[Char]) -> list[Char]:
    """Remove the second copy of glyphs drawn twice at a tiny offset.

    Twins are looked up in a grid of cells as wide as the offset, so a page
    of many equal characters (dot leaders in a contents page) costs no more
    than any other page.
    """
    kept: list[Char] = []
    seen: dict[tuple[str, float, int, int], list[Char]] = {}
    for ch in chars:
        limit = tolerances().fake_bold_offset * ch.size
        if not (limit > 0 and math.isfinite(ch.box.x0) and math.isfinite(ch.box.top)):
            kept.append(ch)
            continue
        size = round(ch.size, 1)
        gx, gy = math.floor(ch.box.x0 / limit), math.floor(ch.box.top / limit)
        if any(
            abs(t.box.x0 - ch.box.x0) < limit and abs(t.box.top - ch.box.top) < limit
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for t in seen.get((ch.text, size, gx + dx, gy + dy), ())
        ):
            continue
        seen.setdefault((ch.text, size, gx, gy), []).append(ch)
        kept.append(ch)
    return kept
