"""Page layouts → the document's narrative runs and its tables across pages.

A table fragment without a caption continues the table before it when no
narrative text stands between them (the next page of a table repeats no
title). Note lines printed right under a statement (注：… / 说明：…, up to the
page end) belong to the statement, not to the narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..geometry import Line
from ..page.grid import Grid
from ..page.layout import CAPTION, PageLayout, TableBlock
from ..text import heading_level, is_contents_title, join_lines
from .budget_grids import QUALIFIER_LINE, BudgetPiece, budget_pieces, title_box_lines, title_statement
from .budget_titles import budget_table_number, without_table_number
from .contents import is_contents_grid
from .evaluation import is_evaluation_title
from .evaluation_titles import (
    EVALUATION,
    TARGET,
    TitledPiece,
    section_pieces,
    title_kind,
    title_lines,
    title_text,
    titled_pieces,
)
from .titles import match_statement, normal_title

_NOTE_START = re.compile(r"^(注|说明|备注)[:：]")
# "单位：万元", also after "编制单位：XX局" on the same line
_UNIT = re.compile(r"单位[:：]\s*((?:千|百万|万|亿)?元)")


@dataclass(slots=True)
class TableGroup:
    # evaluation | statement | budget (a 部门预算 statement) | target | contents (a 目录
    # printed as a table) | other
    kind: str
    caption: str
    grids: list[Grid]
    statement: str = ""  # canonical name when kind is statement
    title: str = ""  # the caption line that names the statement
    unit: str = ""
    notes: list[Line] = field(default_factory=list)
    number: int | None = None  # printed 公开NN表 number of a budget statement
    # a budget table's row that a page break left above the ruling of the next page
    loose: list[Line] = field(default_factory=list)
    # the grids as the pages printed them, where ``grids`` holds cuts of them (a budget
    # table's title rows cut off; two tables in one ruled region)
    printed: list[Grid] = field(default_factory=list)
    # where the title was printed, when on an earlier page than the table (a title at
    # a page's foot, the table overleaf)
    title_page: int | None = None


@dataclass(slots=True)
class Assembly:
    runs: list[list[Line]]  # narrative lines, split where a table stands between
    tables: list[TableGroup]
    toc: list[Line]  # entries of the table of contents (目录), not narrative


def _budget_group(piece: BudgetPiece) -> TableGroup:
    return TableGroup("budget", piece.caption, [piece.grid], piece.statement, piece.title,
                      piece.unit, number=piece.number, printed=[piece.source] if piece.source else [])


def _continues(piece: BudgetPiece, group: TableGroup | None) -> bool:
    """A budget table whose next page repeats its title (and header) goes on; a title
    with another printed number (表3, then 表4) starts another table."""
    return (group is not None and group.kind == "budget" and piece.statement == group.statement
            and piece.grid.page == group.grids[-1].page + 1
            and (piece.number is None or group.number is None or piece.number == group.number))


def _repeats(group: TableGroup | None, new: TableGroup) -> bool:
    """A statement whose next page prints its title (and number) again goes on:
    one table over pages, not a table per page (佛山's 表1 收入支出决算总表 on p.5–7)."""
    return (group is not None and new.kind == "statement" and group.kind == new.kind
            and group.statement == new.statement and group.number == new.number
            and new.grids[0].page == group.grids[-1].page + 1
            and normal_title(group.title) == normal_title(new.title))


# A caption line is short: a title, a number, the 部门 and 单位 line.
MAX_CAPTION_CHARS = 80
# Lines at a page's foot that may carry the title of the table overleaf.
MAX_CARRIED_LINES = 3
# Words of a column header cell (功能科目代码, 科目名称, 项目, 金额 …).
_HEADER_WORD = re.compile(r"编码|代码|名称|^项目$|^金额$|^科目")


def _opens_another_table(grid: Grid, group: TableGroup) -> bool:
    """Whether an untitled fragment starts with a header row of its own that is
    not the open table's header repeated: the next page then holds another table
    whose title was lost (printed off the page), not the rest of this one."""
    first = _first_row(grid)
    headers = [t for t in first if _HEADER_WORD.search(t)]
    return len(headers) >= 2 and first != _first_row(group.grids[0])


def _first_row(grid: Grid) -> tuple[str, ...]:
    cells = sorted((c for c in grid.cells if c.row == 0 and c.text.strip()), key=lambda c: c.box.x0)
    return tuple(re.sub(r"\s+", "", c.text) for c in cells)


# --- self-evaluation and performance-target tables: one table per title ----------


def _fold_inside(grid: Grid, group: TableGroup | None) -> bool:
    """A ruled box drawn inside a cell of the open self-evaluation or target table
    (执行率 / 分值 / （10） boxed within their cell) is no fragment of it: its text
    becomes that cell's. True when ``grid`` was such a box."""
    if group is None or group.kind not in (EVALUATION, TARGET):
        return False
    last, box = group.grids[-1], grid.box
    if box.page != last.page or not last.box.contains_point(box.x0, box.top, 1) \
            or not last.box.contains_point(box.x1, box.bottom, 1):
        return False
    outer = next((c for c in last.cells if c.box.contains_point(box.cx, box.cy)), None)
    if outer is not None:
        inner = sorted(grid.cells, key=lambda c: (c.box.top, c.box.x0))
        text = join_lines([outer.text, *(c.text for c in inner if c.text.strip())])
        tokens = outer.tokens + tuple(t for c in inner for t in c.tokens)
        cells = tuple(replace(c, text=text, tokens=tokens) if c is outer else c for c in last.cells)
        if not any(g.box == last.box for g in group.printed):
            group.printed.append(last)  # the grid as printed, for accounting
        group.grids[-1] = replace(last, cells=cells)
    group.printed.append(grid)
    return True


def _repeated_title(piece: TitledPiece, group: TableGroup) -> bool:
    """A title printed again on the next page over the same first row (the header of
    a list, the same 项目名称) goes on with the table: a producer repeating both on
    each page. Two tables under one title differ in their first row (项目名称)."""
    return (group.kind == piece.kind and group.title == piece.title
            and piece.grid.page == group.grids[-1].page + 1
            and _first_row(piece.grid) == _first_row(group.grids[0]))


def _titled_groups(block: TableBlock, before: list[Line], foot: list[Line],
                   open_group: TableGroup | None,
                   last: TableGroup | None) -> list[TableGroup] | None:
    """The self-evaluation or target tables a table block opens, each with its own
    title, or None when it opens none (it goes on with the open table, or is no
    such table).

    The title is looked for inside the ruling (title rows of one cell), in the
    caption and the lines above the table on its page, and — for a table at the
    top of its page — in the lines at the foot of the page before. Rows of the grid
    above a title row inside it go on with the open table; a title repeated with
    the first row of ``last`` (the table before) on the next page goes on with it.
    A row naming another project (项目名称 | …) opens that project's table under
    the same title (one title printed over several projects).
    """
    pieces = titled_pieces(block.grid)
    lines = title_lines([*before, *block.caption])
    if not lines and not before:
        lines = title_lines([*foot, *block.caption])
    if not pieces and lines:
        pieces = [TitledPiece(block.grid, title_text([ln.text for ln in lines]),
                              title_kind(lines[-1].text))]
    current = open_group if open_group is not None and open_group.kind in (EVALUATION, TARGET) \
        else None
    if not pieces and current is not None and not block.caption:
        pieces = [TitledPiece(block.grid)]
    pieces = [part for piece in pieces for part in section_pieces(piece)]
    if not any(p.title or p.section for p in pieces):
        return None
    groups: list[TableGroup] = []
    for piece in pieces:
        printed = [] if piece.grid is block.grid else [block.grid]
        if piece.title and not groups and last is not None and _repeated_title(piece, last):
            piece = TitledPiece(piece.grid)  # the same table, its title and header repeated
            current = last
        opens = (piece.title, piece.kind) if piece.title else \
            (current.title, current.kind) if piece.section and current is not None else None
        if opens is not None:
            title, kind = opens
            caption = "".join([*(ln.text for ln in lines if ln.box.page != block.grid.page),
                               block.title]) if piece.title and not groups else ""
            group = TableGroup(kind, caption, [piece.grid], title=title, printed=printed)
            page = lines[0].box.page if lines and piece.title and not groups else block.grid.page
            group.title_page = page if page < block.grid.page else None
            groups.append(group)
            current = group
        elif current is not None:
            current.grids.append(piece.grid)
            current.printed.extend(printed)
            if current is last and not groups:
                groups.append(last)
        else:
            groups.append(TableGroup("other", "", [piece.grid], printed=printed))
    return groups


def _group_for(block: TableBlock) -> TableGroup:
    caption = block.title
    unit = _UNIT.search(re.sub(r"\s+", "", caption))
    group = TableGroup("other", caption, [block.grid], unit=unit.group(1) if unit else "")
    if is_evaluation_title(caption):
        group.kind = "evaluation"
        return group
    for line in block.caption:
        name = match_statement(line.text)
        if name:
            group.kind, group.statement = "statement", name
            group.title = without_table_number(line.text.replace(" ", ""))
            group.number = next((n for ln in block.caption
                                 if (n := budget_table_number(ln.text)) is not None), None)
            break
    return group


# "会议费110.05": a label and one amount, nothing else
_LOOSE_ROW = re.compile(r"^\D{1,30}?-?[\d,]+\.\d{2}$")


def _is_loose_row(line: Line, group: TableGroup | None, first_on_page: bool) -> bool:
    """A budget table's row printed at the top of the next page without ruling
    above it: the page break cut the row's top border off."""
    return (group is not None and group.kind == "budget" and first_on_page
            and line.box.page == group.grids[-1].page + 1
            and _LOOSE_ROW.match(line.text.replace(" ", "")) is not None)


def _caption_like(line: Line) -> bool:
    """A line that names or describes a table (its number, title, 部门 or 单位), not
    narrative: between two pages of one table it does not end the table."""
    text = line.text.replace(" ", "")
    return len(text) <= MAX_CAPTION_CHARS and bool(
        CAPTION.search(text) or title_statement(text) or match_statement(text)
        or QUALIFIER_LINE.match(text))


def _heads_next_page(line: Line, group: TableGroup) -> bool:
    """A short line at the top of the page after the table's last one."""
    return line.box.page == group.grids[-1].page + 1 and len(line.text) <= MAX_CAPTION_CHARS


def _ends_budget_note(group: TableGroup, line: Line) -> bool:
    """A heading ends a budget table's note: budgets go on with the narrative
    (第三部分…预算情况说明) on the page of their last table."""
    return group.kind == "budget" and not _NOTE_START.match(line.text) \
        and heading_level(line.text) is not None and not re.match(r"^\d+[.．、]", line.text)


_LEADER_AND_PAGE = re.compile(r"[.．…·\s-]*\d*$")


def _all_entries(page: PageLayout) -> bool:
    """Does the page hold nothing but contents entries (numbered titles,
    perhaps with dot leaders and page numbers)?"""
    lines = [b for b in page.blocks if isinstance(b, Line)]
    if not lines or len(lines) != len(page.blocks):
        return False
    entries = [heading_level(_LEADER_AND_PAGE.sub("", ln.text)) is not None for ln in lines]
    # an entry too long for its line wraps: 九、财政拨款“三公”经费及会议费、培训费支出决 / 算表
    return entries[0] and all(
        entry or (entries[i - 1] and len(ln.text) <= MAX_WRAPPED_ENTRY and not ln.text.endswith("。"))
        for i, (entry, ln) in enumerate(zip(entries, lines, strict=True)))


# The longest tail of a contents entry wrapped onto a line of its own.
MAX_WRAPPED_ENTRY = 12


def toc_entries(lines: list[Line]) -> list[str]:
    """The contents' entries, each whole: a line that opens no entry ends the one before."""
    entries: list[str] = []
    for ln in lines:
        if entries and heading_level(_LEADER_AND_PAGE.sub("", ln.text)) is None \
                and len(ln.text) <= MAX_WRAPPED_ENTRY:
            entries[-1] += ln.text
        else:
            entries.append(ln.text)
    return entries


def assemble(layouts: list[PageLayout]) -> Assembly:
    runs: list[list[Line]] = [[]]
    tables: list[TableGroup] = []
    open_group: TableGroup | None = None
    note_page: int | None = None  # page whose lines after a statement are its note
    toc: list[Line] = []
    toc_page: int | None = None  # the rest of a page headed 目录 is the contents
    before: list[Line] = []  # lines above the table on its page (a budget title may stand there)
    carried_title: list[Line] = []  # a boxed title alone at a page's foot, for the table below
    # the budget table before when only caption lines (表7, its title, 单位：万元) stood since:
    # the next page's piece with the same title and number goes on with it
    resumable: TableGroup | None = None
    head_lines = 0  # lines heading the page since
    for page in layouts:
        # lines after the last table of the page before may be the title of the
        # first table of this one (a title at a page's foot, its table overleaf)
        carried_title = [ln for ln in (carried_title or before[-MAX_CARRIED_LINES:])
                         if ln.box.page == page.number - 1]
        foot = [ln for ln in before if ln.box.page == page.number - 1]  # after its last table
        before = []
        first_on_page = True
        if toc_page == page.number - 1 and _all_entries(page):
            toc_page = page.number  # the contents run on over this page
        for block in page.blocks:
            if isinstance(block, Line) and (toc_page == page.number or is_contents_title(block.text)):
                if toc_page == page.number:
                    toc.append(block)
                toc_page = page.number
                continue
            if isinstance(block, Line) and _is_loose_row(block, open_group, first_on_page):
                assert open_group is not None
                open_group.loose.append(block)
                continue
            first_on_page = False
            if isinstance(block, TableBlock):
                if runs[-1]:
                    runs.append([])
                if is_contents_grid(block.grid):  # a 目录 of the statements, printed as a table
                    tables.append(TableGroup("contents", block.title, [block.grid]))
                    open_group, note_page, before = None, None, []
                    continue
                if _group_for(block).kind == "other" and (title := title_box_lines(block.grid)):
                    carried_title = title  # the caption of the table below it
                    continue
                if _fold_inside(block.grid, open_group):
                    continue
                titled = _titled_groups(block, before, foot, open_group,
                                        tables[-1] if tables else None)
                if titled is not None:
                    tables.extend(g for g in titled if not any(g is t for t in tables))
                    open_group = titled[-1]
                    note_page, before, carried_title = None, [], []
                    continue
                # the title at the foot of the page before goes with the lines above the
                # table when those only say whose it is and in what unit (部门：… 单位：万元)
                carried = carried_title if all(_caption_like(ln) and not title_statement(ln.text)
                                               for ln in before) else []
                above = carried + before
                pieces = [] if _group_for(block).kind != "other" else \
                    budget_pieces(block.grid, list(block.caption), above)
                # the title was printed on the page before when the carried lines name it
                title_page = above[0].box.page if carried else None
                carried_names = {title_statement(ln.text) for ln in above} if title_page else set()
                carried_title = []
                for piece in pieces:
                    if open_group is None and resumable is not None and _continues(piece, resumable):
                        open_group = resumable  # only its number and title stood between

                    if open_group is not None and not piece.statement \
                            and _opens_another_table(piece.grid, open_group):
                        # an untitled table, not the rest of the one above: listed, never merged
                        open_group = TableGroup("other", "", [piece.grid])
                        tables.append(open_group)
                        continue
                    if piece.statement and not _continues(piece, open_group) or open_group is None:
                        open_group = _budget_group(piece)
                        if title_page is not None and piece.statement in carried_names \
                                and title_page < piece.grid.page:
                            open_group.title_page = title_page
                        title_page = None
                        tables.append(open_group)
                        continue
                    open_group.grids.append(piece.grid)
                    if piece.source is not None:
                        open_group.printed.append(piece.source)
                if pieces:
                    note_page, before = None, []
                    continue
                new = _group_for(block)
                if _repeats(open_group, new):
                    assert open_group is not None
                    open_group.grids.append(block.grid)
                elif block.caption or open_group is None:
                    open_group = new
                    tables.append(open_group)
                else:
                    open_group.grids.append(block.grid)
                note_page, before = None, []
                continue
            if open_group is not None and open_group.kind in ("statement", "budget") and (
                note_page == page.number
                or (_NOTE_START.match(block.text) and open_group.grids[-1].page == page.number)
            ) and not _ends_budget_note(open_group, block):
                open_group.notes.append(block)
                note_page = page.number
                continue
            runs[-1].append(block)
            before.append(block)
            # the next page's 表7 / title lines (a title wrapped over two lines, say) head
            # the rest of the table: the piece under them may go on with it
            if open_group is not None and (_caption_like(block) or _heads_next_page(block, open_group)):
                resumable, head_lines = open_group, 1
            elif resumable is not None and (_caption_like(block) or (
                    _heads_next_page(block, resumable) and head_lines < MAX_CARRIED_LINES)):
                head_lines += 1
            else:
                resumable = None
            open_group, note_page = None, None
    return Assembly([r for r in runs if r], tables, toc)
