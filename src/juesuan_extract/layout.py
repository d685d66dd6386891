"""One page → its reading-order blocks: narrative lines and table fragments.

A table's caption (its title and "（2023年度）" / "单位：万元" lines) sits just
above its ruling and belongs to the table, not to the narrative. Page
furniture (page numbers in the top or bottom margin) is dropped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .geometry import Line
from .grid import Grid, build_grid, chars_inside
from .ingest import PageContent
from .lines import chars_to_lines

# Share of the page height that counts as top / bottom margin for furniture.
HEADER_ZONE = 0.08
FOOTER_ZONE = 0.12
# A caption line is at most this many of its own line heights above the
# table (or above the caption line below it).
CAPTION_GAP = 3.0

_PAGE_NUMBER = re.compile(
    r"^[-—–－]*(第)?\d{1,4}(页)?([/／](共)?\d{1,4}(页)?)?[-—–－]*$"
)
CAPTION = re.compile(r"(自评表|决算表|明细表|总表|[（(]\d{4}年度?[)）]|单位[:：]|公开\d+表|表\d+)")


@dataclass(frozen=True, slots=True)
class TableBlock:
    grid: Grid
    caption: tuple[Line, ...]

    @property
    def top(self) -> float:
        return self.caption[0].box.top if self.caption else self.grid.box.top

    @property
    def title(self) -> str:
        return "".join(ln.text for ln in self.caption)


Block = Line | TableBlock


@dataclass(frozen=True, slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    blocks: tuple[Block, ...]  # top to bottom
    furniture: tuple[Line, ...]

    @property
    def char_count(self) -> int:
        return sum(len(b.text) for b in self.blocks if isinstance(b, Line))


def is_furniture(line: Line, page_height: float) -> bool:
    in_margin = (
        line.box.bottom < page_height * HEADER_ZONE
        or line.box.top > page_height * (1 - FOOTER_ZONE)
    )
    return in_margin and bool(_PAGE_NUMBER.match(line.text.replace(" ", "")))


def layout_page(page: PageContent) -> PageLayout:
    chars = list(page.chars)
    grids: list[Grid] = []
    inside: set[int] = set()
    for table in page.tables:
        members = chars_inside(chars, table.box)
        inside.update(id(c) for c in members)
        grids.append(build_grid(table, members))
    outside = [c for c in chars if id(c) not in inside]
    lines = chars_to_lines(outside)
    furniture = tuple(ln for ln in lines if is_furniture(ln, page.height))
    text_lines = [ln for ln in lines if ln not in furniture]

    blocks: list[Block] = []
    remaining = sorted(text_lines, key=lambda ln: ln.box.top)
    for grid in sorted(grids, key=lambda g: g.box.top):
        caption, remaining = _take_caption(remaining, grid)
        blocks.append(TableBlock(grid, caption))
    blocks.extend(remaining)
    blocks.sort(key=lambda b: b.top if isinstance(b, TableBlock) else b.box.top)
    return PageLayout(page.number, page.width, page.height, tuple(blocks), furniture)


def _take_caption(lines: list[Line], grid: Grid) -> tuple[tuple[Line, ...], list[Line]]:
    """Split off the caption lines directly above ``grid``."""
    above = [ln for ln in lines if ln.box.bottom <= grid.box.top + 1]
    caption: list[Line] = []
    limit = grid.box.top
    for ln in reversed(above):
        if limit - ln.box.bottom > CAPTION_GAP * ln.box.height:
            break
        if not CAPTION.search(ln.text.replace(" ", "")):
            break
        caption.insert(0, ln)
        limit = ln.box.top
    rest = [ln for ln in lines if ln not in caption]
    return tuple(caption), rest
