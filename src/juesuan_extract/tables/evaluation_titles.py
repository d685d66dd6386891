"""Where a self-evaluation table (绩效自评表) or a budget's performance-target
table (绩效目标表) prints its title, and what the title says.

A title opens a table wherever the page prints it — one table per title:

* above the ruling: the caption the page layout attached to the table, and
  the lines just above it where a long title wraps and its first line stands
  too far from the ruling to be caption. The lines of one title share their
  size and their centre; a numbered heading above it (（五）… , 2.部门整体支出
  绩效目标表) is no part of it;
* at the foot of the page before, the table overleaf;
* inside the ruling, as rows of one cell each (a spreadsheet printed with its
  title rows), at the top of the grid or below the end of the table before.

A table that goes on over a page without a title of its own is one table. The
title as given is the printed title without the year line （2022年度） or unit
lines, whitespace removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..geometry import Line
from ..page.grid import Grid
from ..text import heading_level
from .budget_grids import sub_grid

EVALUATION = "evaluation"
TARGET = "target"
# The words a title ends with: 项目支出绩效自评表, 部门整体支出绩效目标自评表, 绩效评价表;
# 项目支出绩效目标表, 绩效目标申报表 / 填报表, 项目支出绩效表 (a budget's targets).
_EVALUATION_END = re.compile(r"(自评表|绩效[^，。；：]{0,6}评价表)$")
_TARGET_END = re.compile(r"(绩效目标(申报|填报|管理)?(情况)?表|支出绩效表)$")
# what a title line may print after the title: the year, a unit
_TRAILER = re.compile(r"([（(]\d{4}年度?[)）]|[（(]?(金额)?单位[:：][^）)]*[)）]?)+$")
# The label of a project's name, on the row that opens its table: 项目名称,
# 专项（项目）名称, 项目（专项）名称 — its name beside it or in the same cell.
_PROJECT_LABEL = re.compile(r"^(项目|专项)([（(](项目|专项)[)）])?名称")
# A row that names a project prints its label and its name, no more (a list's
# header 项目名称 | 金额 | 绩效目标 prints more).
MAX_SECTION_CELLS = 2
# A title wraps over at most this many lines (or grid rows).
MAX_TITLE_LINES = 4
# The lines of one wrapped title are set in one size: within this share of it (a
# document's title centred above a table's is set larger).
SAME_SIZE = 0.05
# Between a title and its table: the year line, a unit or 编制单位 line.
MAX_LINES_AFTER_TITLE = 2


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def title_kind(text: str) -> str:
    """``evaluation`` or ``target`` when ``text`` (a line, or a title's lines
    joined) ends with the words that end such a title; '' otherwise. A numbered
    heading that names the tables (1.项目支出绩效目标表) is no title."""
    head = _TRAILER.sub("", squash(text))
    if not head or heading_level(head) is not None:
        return ""
    if _EVALUATION_END.search(head):
        return EVALUATION
    if _TARGET_END.search(head) and "自评" not in head:
        return TARGET
    return ""


def title_text(texts: list[str]) -> str:
    """The title as printed, from its lines: joined, the year and unit cut off."""
    return _TRAILER.sub("", "".join(squash(t) for t in texts))


def _wraps_into(upper: Line, lower: Line) -> bool:
    """Whether ``upper`` is the line a title wrapped from onto ``lower``: same page
    and size, centred alike, close above it, and no heading or sentence."""
    size = max(upper.size, lower.size)
    gap = lower.box.top - upper.box.bottom
    return (upper.box.page == lower.box.page
            and abs(upper.size - lower.size) <= SAME_SIZE * size
            and -0.2 * size <= gap <= 1.2 * size
            and abs((upper.box.x0 + upper.box.x1) - (lower.box.x0 + lower.box.x1)) / 2 <= size
            and heading_level(squash(upper.text)) is None
            and not title_kind(upper.text)
            and not squash(upper.text).endswith(("。", "；", "：", ":")))


def title_lines(lines: list[Line]) -> list[Line]:
    """The lines of the title that ``lines`` (top to bottom, the last just above a
    table) end with: the line that ends the title and those it wrapped from.
    [] when no title stands among the last lines."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 2 - MAX_LINES_AFTER_TITLE), -1):
        if title_kind(lines[i].text):
            start = i
            while start > 0 and i - start + 1 < MAX_TITLE_LINES and _wraps_into(lines[start - 1],
                                                                                lines[start]):
                start -= 1
            return lines[start:i + 1]
    return []


@dataclass(frozen=True, slots=True)
class TitledPiece:
    """Rows of a grid, and the title that opens them ('' when they go on with the
    table before); ``section`` when they open a project's table of their own
    under the title of the table before (a title over several projects)."""

    grid: Grid
    title: str = ""
    kind: str = ""
    section: bool = False


def _row_text(grid: Grid, r: int) -> str | None:
    """The text of a row that prints one cell only (a title or year row), else None."""
    cells = [c for c, spanned in grid.row(r) if not spanned and c.text.strip()]
    return squash(cells[0].text) if len(cells) == 1 else None


def grid_titles(grid: Grid) -> list[tuple[int, str, str]]:
    """Titles printed inside the ruling: (first row, title, kind) for each run of
    one-cell rows whose text ends like a title."""
    found: list[tuple[int, str, str]] = []
    r = 0
    while r < grid.n_rows:
        texts: list[str] = []
        for k in range(r, min(grid.n_rows, r + MAX_TITLE_LINES)):
            text = _row_text(grid, k)
            if text is None:
                break
            texts.append(text)
            kind = title_kind("".join(texts))
            if kind:
                found.append((r, title_text(texts), kind))
                r = k
                break
        r += 1
    return found


def titled_pieces(grid: Grid) -> list[TitledPiece]:
    """The grid cut where a title row inside it opens a table; the rows above
    the first such title (if any) go on with the table before. [] when the grid
    prints no title."""
    titles = grid_titles(grid)
    if not titles:
        return []
    cuts = [0] if titles[0][0] > 0 else []
    cuts += [row for row, _, _ in titles]
    named = {row: (title, kind) for row, title, kind in titles}
    pieces = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else grid.n_rows
        part = grid if (start, end) == (0, grid.n_rows) else sub_grid(grid, start, end)
        title, kind = named.get(start, ("", ""))
        pieces.append(TitledPiece(part, title, kind))
    return pieces


def _opens_section(grid: Grid, r: int) -> bool:
    """Whether row ``r`` names a project (项目名称 | its name): the first row of a
    project's table."""
    cells = [c for c, spanned in grid.row(r) if not spanned and c.text.strip()]
    return 0 < len(cells) <= MAX_SECTION_CELLS and _PROJECT_LABEL.match(squash(cells[0].text)) is not None


def section_pieces(piece: TitledPiece) -> list[TitledPiece]:
    """``piece`` cut where a row names another project: each project's rows are a
    table of their own, under the same title. The first project of a titled piece
    is the title's own (the rows above it are one-cell rows: the title, its year)."""
    grid = piece.grid
    first = next((r for r in range(grid.n_rows) if _row_text(grid, r) is None
                  and any(c.text.strip() for c, _ in grid.row(r))), grid.n_rows)
    cuts = [r for r in range(grid.n_rows)
            if _opens_section(grid, r) and (r > first or not piece.title)]
    if not cuts:
        return [piece]
    starts = ([0] if cuts[0] > 0 else []) + cuts
    out = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else grid.n_rows
        part = grid if (start, end) == (0, grid.n_rows) else sub_grid(grid, start, end)
        if start in cuts:
            out.append(TitledPiece(part, "", piece.kind, section=True))
        else:
            out.append(TitledPiece(part, piece.title, piece.kind))
    return out
