"""The tolerances of page/ in one place.

Page analysis: characters into lines, ruling into grids, tables without ruling, furniture.

Read through ``current()``; see :mod:`..tunables`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tunables import Slot


@dataclass(frozen=True, slots=True)
class PageSettings:
    # --- lines.py
    # A character joins a line when at least this share of the smaller of the two
    # heights overlaps (0.5 keeps superscripts apart from the line below them while
    # accepting Latin digits raised ~2pt in a 10pt CJK line).
    min_vertical_overlap: float = 0.5
    # A gap wider than this share of the font size between two characters is a
    # word space even when the PDF draws no space character.
    space_gap: float = 0.3
    # --- grid.py
    # Cell edges closer than this (points) are the same grid line.
    edge_snap: float = 2.0
    # --- layout.py
    # Share of the page height that counts as top / bottom margin for furniture.
    header_zone: float = 0.08
    footer_zone: float = 0.12
    # A caption line is at most this many of its own line heights above the
    # table (or above the caption line below it).
    caption_gap: float = 3.0
    # A line in the top or bottom margin that recurs, digits aside, on this many
    # pages (or on every page of a shorter document) is a running header or footer.
    running_min_pages: int = 3
    # --- tokens.py (tokens of cells and of tables printed without ruling)
    # A gap wider than this share of the font size separates two cells. Word
    # spaces (≈0.25 em), even stretched by justification, stay below it; cell
    # margins (Word: 0.19 cm each side) are above it at table font sizes.
    token_gap: float = 0.6
    # --- unruled/draw.py
    # Lines of a table are never further apart than this share of the font size
    # (row padding included); a wider gap ends the table.
    max_line_gap: float = 2.0
    # A header has at most this many lines of text.
    max_header_lines: int = 10
    # A one-line body needs this many amounts to be a table (a 三公 table).
    min_amounts_alone: int = 3
    prose_width: float = 0.6
    # Space between a table's text and the ruling drawn around it, as a share of
    # the font size.
    ruling_pad: float = 0.3
    # --- unruled/columns.py
    # A river narrower than this share of the font size is a word space, not a
    # column boundary.
    min_river: float = 0.5
    # Text sits this share of the font size inside its column's boundary (the
    # cell margin).
    edge_pad: float = 0.3
    # Edges of aligned text agree within this share of the font size.
    aligned: float = 0.3
    # --- unruled/header.py
    # Lines of one cell's wrapped text are closer than this share of the font
    # size; two cells stacked in a header are further apart (their padding).
    wrap_gap: float = 0.5
    # A text touches a column when it overlaps it by this share of the font size.
    min_overlap: float = 0.5
    # A column's header counts as a child (below) of a group header only when its
    # text starts at least this share of the font size under the group's.
    child_gap: float = 0.25
    # A group header's text is centred on its cell within this share of the size.
    group_centre_tolerance: float = 1.0
    # Row boundaries closer than this share of the size are one boundary.
    row_snap: float = 0.6
    # --- unruled/rows.py
    # A centred row's lines may sit off its amounts' line by this share of the
    # font size (the amounts may be set in another font than the name).
    row_centre_tolerance: float = 0.5


SLOT = Slot("page_settings", PageSettings())
DEFAULTS = SLOT.defaults
current = SLOT.current
using = SLOT.using
