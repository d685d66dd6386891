"""Budget tables (部门预算公开表) on a page → their titles, numbers and grids.

Budget producers print a statement's title in three places, and a table is
recognised from any of them:

* above the ruling, as the caption the page layout attached to the table;
* in the narrative lines just above the table, when they stand too far from
  the ruling to be a caption (``公开05表`` / ``财政拨款支出预算表（功能科目）``),
  a title wrapped over two lines included;
* inside the ruling, as a row of its own (``收支预算总表 公开表一 部门：… 单位：万元``),
  sometimes in the middle of a grid that holds the end of the table before
  (WPS draws consecutive tables as one ruled region).

A grid is cut at every title row; the rows above the first title continue the
table before. Title rows, 部门： and 单位： rows are kept as the table's caption
and are no part of its body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..geometry import Line, union_all
from ..page.grid import Cell, Grid
from .budget_titles import budget_table_number, match_budget_statement, without_table_number

# A budget title stands before 部门：/ 单位： on a title row: cut there before matching,
# so that a unit's name never decides the statement.
_AFTER_TITLE = re.compile(r"(部门(名称)?[:：]|单位[:：]|编制(部门|单位)[:：]).*$")
_UNIT = re.compile(r"单位[:：]((?:千|百万|万|亿)?元)")
# a caption row: unit, department, a table number alone, a unit split over cells (万 / 元)
_CAPTION_ROW = re.compile(r"^(部门(名称)?[:：]|单位[:：]|编制(部门|单位)[:：]|公开\d+表|公开表|表[一二三四五六七八九十\d]+$)")
MAX_TITLE_CELLS = 4  # a title row: the title, its number, 部门 and 单位, no more
MAX_TITLE_LINES = 3
MAX_CAPTION_ROWS = 4  # title, number, unit name, 部门/单位: the rows a caption may take  # lines above a table that may hold its title (公开NN表, the title wrapped once)


@dataclass(frozen=True, slots=True)
class BudgetPiece:
    """A table fragment, and what its title says when one opens it."""

    grid: Grid
    statement: str = ""  # canonical name ('' for a fragment that continues a table)
    title: str = ""  # as printed, whitespace removed
    number: int | None = None  # the printed 公开NN表 number
    unit: str = ""
    caption: str = ""  # every caption text: lines above, title and 部门/单位 rows
    source: Grid | None = None  # the grid as the page printed it, when ``grid`` is a cut of it


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def title_statement(text: str) -> str | None:
    """The budget statement a title line or title row names, or None."""
    head = _AFTER_TITLE.sub("", _squash(text))
    return match_budget_statement(head) if head else None


def _row_cells(grid: Grid, r: int) -> list[Cell]:
    return [c for c, spanned in grid.row(r) if not spanned and c.text.strip()]


def _row_text(grid: Grid, r: int) -> str:
    return "".join(_squash(c.text) for c in _row_cells(grid, r))


def _is_caption_row(grid: Grid, r: int) -> bool:
    cells = _row_cells(grid, r)
    texts = [_squash(c.text) for c in cells]
    return bool(texts) and (
        title_statement("".join(texts)) is not None
        or any(_CAPTION_ROW.match(t) for t in texts)
        or all(t in {"万", "元", "万元"} for t in texts[1:]) and _CAPTION_ROW.match(texts[0]) is not None
    )


def _body_start(grid: Grid, start: int, end: int) -> int:
    """The first row under the caption rows (title, number, 部门, 单位 — a unit's
    name on a row of its own above 部门： included) and the empty rows among them."""
    head = start
    for r in range(start, min(end, start + MAX_CAPTION_ROWS)):
        if _is_caption_row(grid, r):
            head = r + 1
    while head < end and not _row_cells(grid, head):
        head += 1
    return head


def sub_grid(grid: Grid, start: int, end: int) -> Grid:
    """Rows [start, end) of a grid as a grid of their own (cells reaching past
    either end are cut to it)."""
    cells = []
    for c in grid.cells:
        top, bottom = max(c.row, start), min(c.row + c.rowspan, end)
        if top < bottom:
            kept = c.row >= start  # a cell reaching in from above keeps its text there
            cells.append(Cell(top - start, c.col, bottom - top, c.colspan, c.text if kept else "",
                              c.box, c.tokens if kept else ()))
    tops = [c.box.top for c in cells] or [grid.box.top]
    bottoms = [c.box.bottom for c in cells] or [grid.box.bottom]
    box = type(grid.box)(grid.box.page, grid.box.x0, min(tops), grid.box.x1, max(bottoms))
    return Grid(box, end - start, grid.n_cols, tuple(cells), grid.col_edges, grid.inferred)


def _numbers(texts: list[str]) -> int | None:
    for text in texts:
        number = budget_table_number(text)
        if number is not None:
            return number
    return None


_NUMBER_ONLY = re.compile(r"^(公开\d{1,2}表|公开表[一二三四五六七八九十\d]+|表[一二三四五六七八九十\d]+)$")


# A title's qualifier printed on a line of its own under it: （按经济分类科目分）.
QUALIFIER_LINE = re.compile(r"^[（(][^（()）]{2,20}[)）]$")


def _title_in_lines(lines: list[str]) -> tuple[str, str] | None:
    """(statement, title) from caption or preceding lines, the last title among
    them; a title wrapped onto the next line is joined (the remainder alone,
    支出预算表, would name another statement), and so is a qualifier printed on
    the line under it (（按经济分类科目分） decides 经济分类 against 功能分类)."""
    found = None
    i = 0
    while i < len(lines):
        if title_statement(lines[i]) and i + 1 < len(lines) and QUALIFIER_LINE.match(lines[i + 1]):
            qualified = lines[i] + lines[i + 1]
            found = (title_statement(qualified) or "", _title_text(qualified))
            i += 2
            continue
        alone = title_statement(lines[i])
        if alone is None and i + 1 < len(lines) and not _NUMBER_ONLY.match(lines[i]):
            joined = title_statement(lines[i] + lines[i + 1])
            if joined:
                found = (joined, _title_text(lines[i] + lines[i + 1]))
                i += 2
                continue
        if alone:
            found = (alone, _title_text(lines[i]))
        i += 1
    return found


def _title_text(text: str) -> str:
    """The printed title, its table number (公开01表：…, …公开表一) and 部门/单位 cut off."""
    return without_table_number(_AFTER_TITLE.sub("", _squash(text)))


def title_box_lines(grid: Grid) -> list[Line]:
    """A ruled box that holds only a budget table's caption rows (title, 部门,
    单位) and no body: the caption of the table that follows, perhaps on the next
    page. Its rows as lines, or [] for any other grid."""
    if not any(title_statement(_row_text(grid, r)) for r in range(grid.n_rows)):
        return []
    if _body_start(grid, 0, grid.n_rows) < grid.n_rows:
        return []
    lines = []
    for r in range(grid.n_rows):
        cells = _row_cells(grid, r)
        if cells:
            box = union_all([c.box for c in cells])
            lines.append(Line(" ".join(c.text for c in cells), box, box.height))
    return lines


def budget_pieces(grid: Grid, caption: list[Line], before: list[Line]) -> list[BudgetPiece]:
    """The budget tables a grid holds, with their titles, or [] when neither the
    grid, its caption nor the lines above name a budget statement.

    ``before``: the narrative lines printed just above the table on its page.
    """
    caption_texts = [_squash(ln.text) for ln in caption]
    above = [_squash(ln.text) for ln in before[-MAX_TITLE_LINES:]]
    title_rows = [r for r in range(grid.n_rows)
                  if len(_row_cells(grid, r)) <= MAX_TITLE_CELLS
                  and title_statement(_row_text(grid, r)) is not None]
    # a title wrapped from the lines above into the caption: 政府采购（资产配置、购买服务） / 预算表
    found = _title_in_lines(caption_texts) or (None if title_rows and title_rows[0] <= 1
                                               else _title_in_lines(above + caption_texts))
    if not found and not title_rows:
        return []
    cuts = ([0] if found or not title_rows else [0] if title_rows[0] > 0 else []) + title_rows
    cuts = sorted(set(cuts))
    pieces: list[BudgetPiece] = []
    carried: list[str] = []  # caption rows above a title row (表三 on a row of its own)
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else grid.n_rows
        head = _body_start(grid, start, end)
        rows_text = [_row_text(grid, r) for r in range(start, head)]
        # a table that fills its grid is the grid as printed (inspect finds its cells by it)
        body = grid if (head, end) == (0, grid.n_rows) else sub_grid(grid, head, end) if head < end else None
        if start in title_rows:
            name = title_statement(rows_text[0]) or ""
            title, texts = _title_text(rows_text[0]), carried + rows_text
            if k == 0:
                texts = above + caption_texts + rows_text
        elif k == 0 and found:
            name, title = found
            texts = above + caption_texts + rows_text
        else:  # rows above the first title row: the table before goes on
            name, title, texts = "", "", rows_text
        if body is None:
            carried = texts
            continue
        unit = next((m.group(1) for m in map(_UNIT.search, texts) if m), "")
        if not unit and any("单位" in t for t in texts) and any(t.endswith("元") for t in texts):
            unit = "万元" if any("万" in t for t in texts) else "元"
        pieces.append(BudgetPiece(body, name, title, _numbers(texts) if name else None, unit,
                                  "\n".join(texts), None if body is grid else grid))
    return pieces
