"""The tolerances of narrative/ in one place.

The narrative: where a paragraph starts and ends.

Read through ``current()``; see :mod:`..tunables`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tunables import Slot


@dataclass(frozen=True, slots=True)
class NarrativeSettings:
    # --- sections.py
    # Indent (in font sizes) beyond the page's usual left edge that opens a
    # paragraph: a 2-character first-line indent is 2.0, centred lines far more.
    indent: float = 0.8
    # Room (in font sizes) beyond the next line's first piece that a line must
    # leave unused to count as the end of a paragraph: absorbs justification and
    # the half-width tails of CJK punctuation.
    short_line_slack: float = 0.5
    # The body's left edge is the leftmost x0 shared by at least this share of
    # as many lines as the most common x0: a first-line indent is never left of
    # the edge, and in documents of short paragraphs (class-unusual-headings)
    # it is as common as the edge.
    margin_share: float = 0.5
    # A numbered heading's wrapped tail (说明, 情况说明) is at most this many
    # characters: longer text on the next line is a paragraph of its own.
    heading_tail_chars: int = 8


SLOT = Slot("narrative_settings", NarrativeSettings())
DEFAULTS = SLOT.defaults
current = SLOT.current
using = SLOT.using
