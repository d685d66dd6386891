"""Page geometry: boxes, characters and lines.

Coordinates follow pdfplumber's convention, fixed once at ingest: points,
origin at the top-left corner of the page, y growing downwards. Page numbers
are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass


class Extent:
    """The centre of anything that has ``x0``, ``x1``, ``top`` and ``bottom``."""

    __slots__ = ()

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2  # type: ignore[attr-defined]

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Box(Extent):
    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains_point(self, x: float, y: float, slack: float = 0.0) -> bool:
        return (
            self.x0 - slack <= x <= self.x1 + slack
            and self.top - slack <= y <= self.bottom + slack
        )

    def union(self, other: Box) -> Box:
        return Box(
            self.page,
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_list(self) -> list[float]:
        return [round(v, 2) for v in (self.x0, self.top, self.x1, self.bottom)]


def union_all(boxes: list[Box]) -> Box:
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    box: Box
    size: float


@dataclass(frozen=True, slots=True)
class Line:
    """Characters that share a baseline band, left to right.

    ``lead_width`` is the width of the line's first unbreakable piece (a Latin
    word or number, or one ideograph with the punctuation that may not start a
    line): had the line before it ended with that much room to spare, the
    piece would have been set there, so the line before ended a paragraph.
    """

    text: str
    box: Box
    size: float
    lead_width: float = 0.0
