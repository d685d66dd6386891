"""Characters → text lines → tokens.

A token is a run of characters with no gap wider than a share of the font
size: one cell's text on one line. Columns of a table printed without ruling
are told apart only by such gaps, so tokens, not whole lines, are what the
alignment analysis looks at; and a ruled cell keeps its tokens, so that a
number read from it can be checked to be one printed number, not two glued.
Every threshold is relative to the font size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..geometry import Char, Extent
from ..text import AMOUNT as _AMOUNT
from ..text import clean
from .lines import char_bands
from .settings import current as tolerances

AMOUNT = re.compile(f"^[－]?{_AMOUNT}%?$")
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
PLACEHOLDER = frozenset({"-", "—", "——", "－", "/"})


@dataclass(frozen=True, slots=True)
class Token(Extent):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def numeric(self) -> bool:
        """An amount, a subject code or a placeholder for an empty amount."""
        text = self.text.replace(" ", "")
        return bool(AMOUNT.match(text)) or text in PLACEHOLDER

    @property
    def is_number(self) -> bool:
        """An amount or a code: a printed value (placeholders do not count)."""
        return bool(AMOUNT.match(self.text.replace(" ", "")))


@dataclass(frozen=True, slots=True)
class TextLine:
    tokens: tuple[Token, ...]  # left to right

    @property
    def top(self) -> float:
        return min(t.top for t in self.tokens)

    @property
    def bottom(self) -> float:
        return max(t.bottom for t in self.tokens)

    @property
    def x0(self) -> float:
        return self.tokens[0].x0

    @property
    def x1(self) -> float:
        return max(t.x1 for t in self.tokens)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def size(self) -> float:
        return max(t.size for t in self.tokens)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def numbers(self) -> list[Token]:
        return [t for t in self.tokens if t.is_number]


def text_lines(chars: list[Char]) -> list[TextLine]:
    """Group characters into lines (by vertical overlap, as :mod:`lines` does)
    and cut each line into tokens; top to bottom."""
    bands = char_bands([c for c in chars if c.box.height > 0])
    lines = [TextLine(tuple(_tokens(b))) for b in bands]
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def touching(left: Token, right: Token) -> bool:
    """Whether ``right`` follows ``left`` on the same printed line with no more than
    a word's gap between them: one printed piece, even where a rule or a cell's
    border runs between them (an amount a producer cut with a rule of its own)."""
    overlap = min(left.bottom, right.bottom) - max(left.top, right.top)
    gap = right.x0 - left.x1
    size = min(left.size, right.size)
    return overlap > 0.5 * size and -0.5 * size <= gap <= tolerances().token_gap * size


def band_tokens(band: list[Char]) -> list[Token]:
    """One line's characters (a band of :func:`.lines.char_bands`) cut into tokens."""
    return _tokens(band)


def _tokens(band: list[Char]) -> list[Token]:
    band.sort(key=lambda c: c.box.x0)
    runs: list[list[Char]] = [[band[0]]]
    for prev, ch in zip(band, band[1:]):
        if ch.box.x0 - prev.box.x1 > tolerances().token_gap * min(prev.size, ch.size):
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return [_token(run) for run in runs]


def _token(run: list[Char]) -> Token:
    text = clean("".join(c.text for c in run))
    return Token(
        text,
        min(c.box.x0 for c in run),
        max(c.box.x1 for c in run),
        min(c.box.top for c in run),
        max(c.box.bottom for c in run),
        max(c.size for c in run),
    )
