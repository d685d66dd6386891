"""The tolerances of read/ in one place.

How pages are read: fake-bold glyphs, scanned pages, garbled text layers.

Read through ``current()``; see :mod:`..tunables`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tunables import Slot


@dataclass(frozen=True, slots=True)
class ReadSettings:
    # --- glyphs.py
    # Two copies of one glyph closer than this share of the size are the same
    # glyph drawn twice to fake bold.
    fake_bold_offset: float = 0.2
    # --- survey.py
    # A page without text whose images cover at least this share of it is a
    # scanned page (a scan is one image the size of the page; a logo is not).
    scan_cover: float = 0.5
    # --- textcheck.py
    # A page is judged only when it has this much text: a page number or a
    # signature line says nothing about the fonts.
    min_chars: int = 20
    min_ideographs: int = 30
    # Shares above which a page's text is unusable. Real pages (the fixtures and
    # the corpus) stay below 0.01 on every measure; a font without ToUnicode gives
    # 0.9 and more unmapped glyphs, a map shifted by one code point gives about
    # 0.35 rare ideographs, and text decoded in the wrong code page gives about
    # 0.5 accented Latin letters.
    max_unmapped_share: float = 0.25
    max_rare_share: float = 0.2
    max_accented_share: float = 0.25


SLOT = Slot("read_settings", ReadSettings())
DEFAULTS = SLOT.defaults
current = SLOT.current
using = SLOT.using
