"""Is a text layer usable? Glyphs without Unicode, and misencoded text.

A font without a usable ToUnicode map gives glyphs that pdfminer reports as
``(cid:123)``, or code points in the private-use area, or control
characters. A font with a wrong map gives real but wrong characters: rare
ideographs where common ones belong (乱码), or accented Latin letters
where ideographs belong. Either way the text must not reach the outputs as
if it had been read: an unmapped glyph becomes U+FFFD (and is counted), and
a page made mostly of such text is reported instead of extracted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .settings import current as tolerances

REPLACEMENT = "\ufffd"

# Word sets list bullets in the Symbol and Wingdings fonts, whose glyphs sit
# at private-use code points F020–F0FF; these are the ones seen in 决算 PDFs.
_SYMBOL_FONT_BULLETS = {
    "\uf0b7": "•", "\uf0a7": "▪", "\uf06c": "●", "\uf06e": "■",
    "\uf075": "◆", "\uf076": "❖", "\uf0d8": "➢", "\uf0fc": "✓",
}
_UNMAPPED_CATEGORIES = {"Co", "Cn", "Cs", "Cc"}



def glyph_text(raw: str) -> str:
    """The text of one glyph as read from the PDF, unmapped glyphs as U+FFFD."""
    if raw.startswith("(cid:") and raw.endswith(")"):
        return REPLACEMENT
    return "".join(_glyph_char(ch) for ch in raw)


def _glyph_char(ch: str) -> str:
    if ch in _SYMBOL_FONT_BULLETS:
        return _SYMBOL_FONT_BULLETS[ch]
    if ch in "\t\n\r":
        return " "
    if unicodedata.category(ch) in _UNMAPPED_CATEGORIES:
        return REPLACEMENT
    return ch


def is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF


@lru_cache(maxsize=1 << 16)
def is_common_ideograph(ch: str) -> bool:
    """In GB 2312 (the 6,763 characters of simplified Chinese in daily use) or
    among Big5's 5,401 frequent characters (traditional Chinese)."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= code <= 0xC67E


def _is_accented_latin(ch: str) -> bool:
    return 0x00C0 <= ord(ch) <= 0x024F and ch not in "×÷"


@dataclass(frozen=True, slots=True)
class TextQuality:
    chars: int = 0  # characters other than whitespace
    unmapped: int = 0
    ideographs: int = 0
    rare: int = 0  # ideographs outside the common sets
    accented: int = 0  # Latin letters with diacritics

    def __add__(self, other: TextQuality) -> TextQuality:
        return TextQuality(self.chars + other.chars, self.unmapped + other.unmapped,
                           self.ideographs + other.ideographs, self.rare + other.rare,
                           self.accented + other.accented)

    @property
    def judged(self) -> bool:
        """Enough text for every test that applies to it."""
        return self.chars >= tolerances().min_chars and (
            self.ideographs >= tolerances().min_ideographs or 2 * self.ideographs < self.chars
        )

    def problem(self) -> str | None:
        """Why this text is unusable, or None when it reads as real text."""
        if self.chars < tolerances().min_chars:
            return None
        if self.unmapped > tolerances().max_unmapped_share * self.chars:
            return (f"{_pct(self.unmapped, self.chars)} of its {self.chars} characters "
                    "have no Unicode mapping in the font")
        if self.ideographs >= tolerances().min_ideographs and self.rare > tolerances().max_rare_share * self.ideographs:
            return (f"{_pct(self.rare, self.ideographs)} of its Chinese characters are rare "
                    "ones, as when a font maps its glyphs to the wrong characters (乱码)")
        if self.accented > tolerances().max_accented_share * self.chars:
            return (f"{_pct(self.accented, self.chars)} of its characters are accented Latin "
                    "letters, as when text is decoded with the wrong encoding (乱码)")
        return None


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%"


def assess(texts: Iterable[str]) -> TextQuality:
    chars = unmapped = ideographs = rare = accented = 0
    for text in texts:
        for ch in text:
            if ch.isspace():
                continue
            chars += 1
            if ch == REPLACEMENT:
                unmapped += 1
            elif is_ideograph(ch):
                ideographs += 1
                rare += not is_common_ideograph(ch)
            elif _is_accented_latin(ch):
                accented += 1
    return TextQuality(chars, unmapped, ideographs, rare, accented)
