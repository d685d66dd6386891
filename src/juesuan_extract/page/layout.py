"""One page → its reading-order blocks: narrative lines and table fragments.

A table's caption (its title and "（2023年度）" / "单位：万元" lines) sits just
above its ruling and belongs to the table, not to the narrative. Page
furniture is dropped here: page numbers in the top or bottom margin from each
page, and running headers and footers once all pages are laid out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

from ..geometry import Line
from ..model import PageContent, RuledTable
from .grid import Grid, build_grid, chars_inside
from .lines import chars_to_lines
from .settings import current as tolerances
from .unruled.draw import synthesize_tables

_log = logging.getLogger(__name__)


# Page numbers as printed in a margin: "3", "- 3 -", "·3·", "第3页", "3/40",
# "第3页 共40页", "共40页 第3页", "Page 3 of 40", and roman numerals "iv".
_PAGE_NUMBER = re.compile(
    r"^[-—–－·•\[【]*(?:"
    r"(第)?\d{1,4}(页)?([/／](共)?\d{1,4}(页)?)?"
    r"|第\d{1,4}页[,，]?共\d{1,4}页|共\d{1,4}页[,，]?第\d{1,4}页"
    r"|(?i:page)\d{1,4}((?i:of)\d{1,4})?"
    r"|[ivxlc]{1,7}|[IVXLC]{1,7}"
    r")[-—–－·•\]】]*$"
)
# Lines that belong above a table: its title, its year, its number and the 单位 /
# 部门 lines (单位名称：, 编制单位：, printed even when left blank).
CAPTION = re.compile(r"(自评表|决算表|预算表|明细表|情况表|总表|[（(]\d{4}年度?[)）]|单位[:：]|公开\d+表|表\d+"
                     r"|(单位|部门)名称[:：]|编制(单位|部门)[:：]|^部门[:：])")


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


def in_margin(line: Line, page_height: float) -> bool:
    return (
        line.box.bottom < page_height * tolerances().header_zone
        or line.box.top > page_height * (1 - tolerances().footer_zone)
    )


def is_furniture(line: Line, page_height: float) -> bool:
    """A page number in the top or bottom margin."""
    return in_margin(line, page_height) and bool(_PAGE_NUMBER.match(line.text.replace(" ", "")))


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


def drop_running_furniture(pages: list[PageLayout]) -> list[PageLayout]:
    """Move running headers and footers (the unit's name, the document title,
    "昌吉州科协 - 3 -") out of the narrative of every page.

    Only lines in the margins count, and only when the same text (page
    numbers aside) recurs on several pages, so a body line that happens to
    reach the margin stays.
    """
    if len(pages) < 2:
        return pages
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_running_key(ln.text) for ln in _margin_lines(page)})
    need = min(tolerances().running_min_pages, len(pages))
    running = {key for key, n in counts.items() if n >= need and key.strip("#")}
    if not running:
        return pages
    out = []
    for page in pages:
        moved = tuple(ln for ln in _margin_lines(page) if _running_key(ln.text) in running)
        if not moved:
            out.append(page)
            continue
        blocks = tuple(b for b in page.blocks if not any(b is ln for ln in moved))
        out.append(replace(page, blocks=blocks, furniture=page.furniture + moved))
    return out


def _margin_lines(page: PageLayout) -> list[Line]:
    return [b for b in page.blocks if isinstance(b, Line) and in_margin(b, page.height)]


def layout_page(page: PageContent) -> PageLayout:
    chars = list(page.chars)
    grids: list[Grid] = []
    inside: set[int] = set()
    # tables printed without full ruling get theirs drawn from the text
    for table in page.tables + _inferred_tables(page):
        members = chars_inside(chars, table.box)
        inside.update(id(c) for c in members)
        grids.append(build_grid(table, members))
    outside = [c for c in chars if id(c) not in inside]
    lines = chars_to_lines(outside)
    grids, lines = _vertical_overflow(grids, lines)
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


def _vertical_overflow(grids: list[Grid], lines: list[Line]) -> tuple[list[Grid], list[Line]]:
    """A label written top to bottom (年 / 度 / 绩 / 效 …) in a merged cell that a page
    break cuts runs on past the ruling of the page: a column of one-character
    lines just above the grid's top or below its bottom, inside a cell that meets
    that edge, is the rest of that cell's text — not narrative between two pages
    of one table."""
    taken: set[int] = set()
    out: list[Grid] = []
    for grid in grids:
        extra: dict[int, tuple[str, str]] = {}  # cell index → (text before, text after)
        for i, cell in enumerate(grid.cells):
            for above in (True, False):
                if abs((cell.box.top if above else cell.box.bottom)
                       - (grid.box.top if above else grid.box.bottom)) > 1:
                    continue
                run = _glyph_column(lines, cell.box.x0, cell.box.x1,
                                    grid.box.top if above else grid.box.bottom, above, taken)
                if run:
                    before, after = extra.get(i, ("", ""))
                    text = "".join(ln.text for ln in run)
                    extra[i] = (text + before, after) if above else (before, after + text)
                    taken.update(id(ln) for ln in run)
        if extra:
            cells = tuple(replace(c, text=extra[i][0] + c.text + extra[i][1]) if i in extra else c
                          for i, c in enumerate(grid.cells))
            grid = replace(grid, cells=cells)
        out.append(grid)
    return out, [ln for ln in lines if id(ln) not in taken]


def _glyph_column(lines: list[Line], x0: float, x1: float, edge: float, above: bool,
                  taken: set[int]) -> list[Line]:
    """The one-character lines stacked from ``edge`` away from the grid, each
    within a line's height of the one before (the first may straddle the edge, as
    the page's cut leaves it), centred in [x0, x1]; top to bottom."""
    run: list[Line] = []
    candidates = sorted((ln for ln in lines if len(ln.text) == 1 and id(ln) not in taken
                         and x0 < ln.box.cx < x1),
                        key=lambda ln: -ln.box.bottom if above else ln.box.top)
    reach = edge
    for ln in candidates:
        gap = reach - ln.box.bottom if above else ln.box.top - reach
        if gap < -ln.box.height / 2:  # inside the ruling, or over the glyph before it
            continue
        if gap > ln.box.height:
            break
        run.append(ln)
        reach = ln.box.top if above else ln.box.bottom
    return sorted(run, key=lambda ln: ln.box.top)


def _inferred_tables(page: PageContent) -> tuple[RuledTable, ...]:
    """Tables drawn from the text's alignment. Inferring them is a bonus: a
    fault in it leaves the page's text as lines instead of costing the page."""
    try:
        return synthesize_tables(page)
    except Exception:
        _log.warning("page %d: inferring tables printed without ruling failed; its text is kept "
                     "as lines", page.number, exc_info=True)
        return ()


def _take_caption(lines: list[Line], grid: Grid) -> tuple[tuple[Line, ...], list[Line]]:
    """Split off the caption lines directly above ``grid``."""
    above = [ln for ln in lines if ln.box.bottom <= grid.box.top + 1]
    caption: list[Line] = []
    limit = grid.box.top
    for ln in reversed(above):
        if limit - ln.box.bottom > tolerances().caption_gap * ln.box.height:
            break
        if not CAPTION.search(ln.text.replace(" ", "")):
            break
        caption.insert(0, ln)
        limit = ln.box.top
    rest = [ln for ln in lines if ln not in caption]
    return tuple(caption), rest
