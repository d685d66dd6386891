"""Rows of a 绩效自评表 → header fields, funds rows, goals and indicators.

Columns are found from the table's own header rows (年初预算数 …, 一级指标 …)
and every data cell is assigned to the header whose horizontal extent holds
its centre, so the same code reads portrait and landscape layouts, with or
without a basis (指标值设定依据) or deviation (偏差原因) column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..geometry import Box
from ..model import EvaluationTable, FundsRow, Indicator
from ..page.grid import Grid
from ..text import join_lines, parse_decimal, parse_percent
from .stitching import (
    RowCell,
    TableRow,
    drop_repeated_headers,
    fill_down,
    fragment_rows,
    is_label,
)

# (field, words any of which marks the header cell); first match wins, so
# longer, more specific words come first.
FUNDS_HEADERS = (
    ("budget_initial", ("年初预算数", "年初预算")),
    ("budget_full_year", ("全年预算数", "全年预算")),
    ("execution_rate", ("执行率",)),
    ("executed", ("全年执行数", "执行数", "实际执行")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("source", ("资金来源", "任务名称")),
    # a 部门整体 table's task rows: 任务名称 | 主要内容 | 完成情况 | amounts …
    ("content", ("主要内容",)),
    ("status", ("完成情况",)),
)
# Headers that name their column only when printed alone: 年度主要任务完成情况 is
# the label of the whole block, not the 完成情况 column.
EXACT_HEADERS = ("任务名称", "主要内容", "完成情况", "指标内容")
# A header row under 全年预算数 / 全年执行数 that splits each into its parts
# (总额 | 财政拨款 | 其他资金): the field each part goes to, by its parent's field.
PART_HEADERS = {"总额": "", "合计": "", "小计": "", "财政拨款": "_fiscal", "财政资金": "_fiscal",
                "其他资金": "_other"}
# the parent columns so split, and the stem of their parts' fields (budget_fiscal …)
# (a budget's target table prints its one amount, 预算金额, so: budget_initial)
PARTED_FIELDS = {"budget_full_year": "budget", "executed": "executed", "budget_initial": "budget"}
# Text columns of the funds block (the others print amounts, 分值, 执行率, 得分).
FUNDS_TEXT_FIELDS = ("source", "source_unit", "content", "status")
# The funds block's total row (a total of the task rows above it, not a task).
_TOTAL_ROW = re.compile(r"^(金额|资金)?(合计|总计)$")
INDICATOR_HEADERS = (
    ("deviation_reason", ("偏差原因", "改进措施")),
    ("basis", ("设定依据", "备注")),  # a target table's 备注 says how its 指标值 was set
    ("actual", ("实际完成", "完成值", "实际值")),
    ("score", ("得分",)),
    ("weight", ("分值", "权重")),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标",)),
    ("content", ("指标内容",)),
    ("target", ("指标值", "目标值")),
)
GOAL_HEADERS = (
    ("goal_actual", ("实际完成情况", "实际完成")),
    ("goal_expected", ("预期目标",)),
)
LABELS = {
    "项目名称": "project_name",
    "专项名称": "project_name",
    "专项（项目）名称": "project_name",
    "项目（专项）名称": "project_name",
    "主管部门": "competent_dept",
    "实施单位": "implementing_unit",
    "部门（单位）名称": "competent_dept",
    "部门(单位)名称": "competent_dept",
    "单位名称": "competent_dept",
    "部门名称": "competent_dept",
}
# a project's label and name in one cell, no rule between them
_GLUED_LABEL = re.compile(r"^(项目名称|专项名称|专项（项目）名称|项目（专项）名称)(.+)$")
# 主管部门及代码, 主管部门（代码）: the label, and the code printed beside the name
_LABEL_SUFFIX = re.compile(r"(及代码|[（(]代码[)）]|代码)$")
TOTAL_WORDS = ("总分", "合计得分", "综合得分")
# Funds columns that a producer may print once for the whole funds block.
BLOCK_FIELDS = ("weight", "execution_rate", "score")
INDICATOR_TEXT_FIELDS = ("level1", "level2", "level3", "content", "target", "basis", "actual",
                         "deviation_reason")


def is_evaluation_title(title: str) -> bool:
    return "自评表" in title or ("绩效" in title and "评价表" in title)


def table_kind(title: str) -> str:
    return "overall" if "整体" in title else "project"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    x0: float
    x1: float


def _names(text: str, word: str) -> bool:
    return is_label(text, word) and (word not in EXACT_HEADERS or re.sub(r"\s+", "", text) == word)


def header_columns(row: TableRow, vocabulary) -> list[Column]:
    """The columns named by a header row, each with the header cell's extent."""
    cols: list[Column] = []
    for cell in row.cells:
        if cell.spanned:
            continue
        for name, words in vocabulary:
            taken = {c.name for c in cols}
            if name not in taken and any(_names(cell.text, w) for w in words):
                cols.append(Column(name, cell.box.x0, cell.box.x1))
                break
    return cols


def part_columns(row: TableRow, columns: list[Column]) -> list[Column] | None:
    """The funds columns once a header row splits 全年预算数 and 全年执行数 into
    总额 | 财政拨款 | 其他资金 (each part under its parent), or None when ``row``
    is no such header row."""
    cells = [c for c in row.cells if not c.spanned and c.text.strip()]
    texts = [re.sub(r"\s+", "", c.text) for c in cells]
    if len(cells) < 2 or not all(t in PART_HEADERS for t in texts):
        return None
    out: list[Column] = []
    for col in columns:
        parts = [(c, t) for c, t in zip(cells, texts) if col.x0 - 1 <= c.box.cx <= col.x1 + 1]
        if col.name not in PARTED_FIELDS or not parts:
            out.append(col)
            continue
        stem = PARTED_FIELDS[col.name]
        out += [Column(stem + PART_HEADERS[t] if PART_HEADERS[t] else col.name, c.box.x0, c.box.x1)
                for c, t in parts]
    return out


def assign(row: TableRow, columns: list[Column]) -> dict[str, list[RowCell]]:
    """Cells of ``row`` by the column whose extent holds the cell's centre; a
    cell merged over several columns (金额合计 over 任务名称 … 完成情况) belongs
    to the first of them."""
    out: dict[str, list[RowCell]] = {}
    for cell in row.cells:
        covered = [col for col in columns if cell.box.x0 - 1 <= (col.x0 + col.x1) / 2 <= cell.box.x1 + 1]
        held = [col for col in columns if col.x0 - 1 <= cell.box.cx <= col.x1 + 1]
        col = covered[0] if len(covered) > 1 else held[0] if held else None
        if col is not None:
            out.setdefault(col.name, []).append(cell)
    return out


def _text(cells: list[RowCell] | None, joined: dict[Box, str] | None = None) -> str:
    """Text of a field's cells; ``joined`` holds the whole text of cells that
    a page break split in two (keyed by either part's box)."""
    if not cells:
        return ""
    joined = joined or {}
    return join_lines([joined.get(c.box, c.text) for c in cells])


def _named(draft: dict, joined: dict[Box, str]) -> bool:
    """Whether an indicator row names its indicator: 三级指标, or 指标内容 where the
    table prints that instead."""
    return bool(_text(draft.get("level3"), joined) or _text(draft.get("content"), joined))


class _Reader:
    """Walks a table's rows once, keeping which block it is in."""

    def __init__(self, table: EvaluationTable):
        self.t = table
        self.block = ""
        self.funds_cols: list[Column] = []
        self.goal_cols: list[Column] = []
        self.ind_cols: list[Column] = []
        self.drafts: list[dict] = []
        self.joined: dict[Box, str] = {}
        self.after_page_break = False

    def feed(self, row: TableRow) -> None:
        if row.first_in_fragment and row.fragment > 0:
            self.after_page_break = True
        if not any(c.text.strip() and not c.spanned for c in row.cells):
            return  # only merged cells from rows above (a header over two grid rows)
        if row.has_label("一级指标") or row.has_label("三级指标", "二级指标"):
            self.ind_cols, self.block = header_columns(row, INDICATOR_HEADERS), "indicators"
        elif row.has_label("年初预算") or row.has_label("全年预算", "执行数"):
            self.funds_cols, self.block = header_columns(row, FUNDS_HEADERS), "funds"
        elif row.has_label("预期目标", "实际完成"):
            self.goal_cols, self.block = header_columns(row, GOAL_HEADERS), "goals"
        elif any(c.text.startswith(TOTAL_WORDS) for c in row.cells if not c.spanned):
            self._total(row)
            self.block = "after"
        elif self._labels(row):
            self.block = "labels"
        elif self.block == "funds" and (parts := part_columns(row, self.funds_cols)) is not None:
            self.funds_cols = parts
        elif self.block == "funds":
            self._funds(row)
        elif self.block == "goals":
            self._goals(row)
        elif self.block == "indicators":
            self._indicator(row)

    def _labels(self, row: TableRow) -> bool:
        """Label and value (项目名称 | …, 主管部门 | … 实施单位 | …), the value in the
        cell beside the label or after it in the same cell (专项（项目）名称伯乐奖)."""
        found = False
        cells = [c for c in row.cells if not c.spanned]
        for i, cell in enumerate(cells):
            text = re.sub(r"\s+", "", cell.text).replace("(", "（").replace(")", "）")
            name = LABELS.get(_LABEL_SUFFIX.sub("", text))
            if name and i + 1 < len(cells):
                setattr(self.t, name, cells[i + 1].text)
                self.t.boxes[name] = [cells[i + 1].box]
                found = True
            elif not name and i == 0 and (glued := _GLUED_LABEL.match(text)):
                setattr(self.t, LABELS[glued.group(1)], glued.group(2))
                self.t.boxes[LABELS[glued.group(1)]] = [cell.box]
                found = True
        return found

    def _funds(self, row: TableRow) -> None:
        cells = assign(row, self.funds_cols)
        first_value = min((c.x0 for c in self.funds_cols if c.name not in FUNDS_TEXT_FIELDS),
                          default=0)
        source = cells.get("source") or [
            c for c in row.cells if c.box.x1 <= first_value + 1 and not c.spanned
        ][-1:]
        # a list's unit and project columns (单位名称 | 项目名称) make one label: unit/project
        label = "/".join(t for t in (_text(cells.get("source_unit")), _text(source))
                         if t.strip("*"))
        values = {k: parse_percent(_text(v)) if k == "execution_rate" else parse_decimal(_text(v))
                  for k, v in cells.items() if k not in FUNDS_TEXT_FIELDS}
        if not any(v is not None for v in values.values()) and not label:
            return
        first_after_break, self.after_page_break = self.after_page_break, False
        if first_after_break and self.t.funds and self._continues_funds_row(values):
            self._join_funds_row(label, cells, values)
            return
        self._new_funds_row(row, label, cells, values)

    def _new_funds_row(self, row: TableRow, source: str, cells: dict[str, list[RowCell]],
                       values: dict[str, Decimal | None]) -> None:
        funds = FundsRow(len(self.t.funds) + 1, source, None, None, None, None, None, None,
                         row.page, {k: v[0].box for k, v in cells.items() if v},
                         content=_text(cells.get("content")), status=_text(cells.get("status")),
                         is_total=bool(_TOTAL_ROW.match(re.sub(r"\s+", "", source))))
        for name, value in values.items():
            setattr(funds, name, value)
        self.t.funds.append(funds)

    def _continues_funds_row(self, values: dict[str, Decimal | None]) -> bool:
        """The first funds row after a page break is the rest of the row above
        it when one of the two prints no amount (其中：当年财政 / 拨款)."""
        above = self.t.funds[-1]
        amounts = ("budget_initial", "budget_full_year", "executed")
        here_none = all(values.get(k) is None for k in amounts)
        above_none = all(getattr(above, k) is None for k in amounts)
        return here_none != above_none

    def _join_funds_row(self, source: str, cells: dict[str, list[RowCell]],
                        values: dict[str, Decimal | None]) -> None:
        above = self.t.funds[-1]
        above.source = join_lines([above.source, source]) if source else above.source
        for name in ("content", "status"):  # a task's text cut by the page break
            setattr(above, name, join_lines([getattr(above, name), _text(cells.get(name))]))
        for name, value in values.items():
            if value is not None and getattr(above, name) is None:
                setattr(above, name, value)
                above.boxes[name] = cells[name][0].box

    def _block_values(self) -> None:
        """A value printed in one cell merged over several funds rows belongs
        to the block: it moves from the rows to the table's funds_* fields."""
        for name in BLOCK_FIELDS:
            shared: dict[Box, list[FundsRow]] = {}
            for row in self.t.funds:
                if name in row.boxes:
                    shared.setdefault(row.boxes[name], []).append(row)
            for box, rows in shared.items():
                if len(rows) < 2:
                    continue
                setattr(self.t, f"funds_{name}", getattr(rows[0], name))
                self.t.boxes[f"funds_{name}"] = [box]
                for row in rows:
                    setattr(row, name, None)
                    del row.boxes[name]

    def _goals(self, row: TableRow) -> None:
        cells = assign(row, self.goal_cols)
        for name in ("goal_expected", "goal_actual"):
            own = [c for c in cells.get(name, []) if not c.spanned]
            text = _text(own)
            if text:
                setattr(self.t, name, join_lines([getattr(self.t, name), text]))
                self.t.boxes.setdefault(name, []).extend(c.box for c in own)

    def _indicator(self, row: TableRow) -> None:
        cells = assign(row, self.ind_cols)
        draft: dict[str, list] = {col.name: cells.get(col.name, []) for col in self.ind_cols}
        if not any(c.text and not c.spanned for cs in draft.values() for c in cs):
            return  # only merged cells from rows above reach into this grid row
        draft["_pages"] = [row.page]
        first_after_break, self.after_page_break = self.after_page_break, False
        if self.drafts and first_after_break and (
            self._incomplete(self.drafts[-1]) or self._incomplete(draft)
        ):
            self._merge_split_row(self.drafts[-1], draft)
        else:
            self.drafts.append(draft)

    def _incomplete(self, draft: dict) -> bool:
        """A complete indicator row names its 三级指标 (or 指标内容) and prints its 分值."""
        return not _named(draft, self.joined) or parse_decimal(
            _text(draft.get("weight"), self.joined)) is None

    def _merge_split_row(self, upper: dict, lower: dict) -> None:
        """Join the part of a row printed after a page break to the part above it.

        Each cell of the lower part continues the upper cell of its column: the
        two get one text, which also reaches every other row either part spans
        (a merged 一级指标 split by the break names all its rows in full).
        """
        upper["_pages"].extend(lower["_pages"])
        for name, cells in lower.items():
            if name.startswith("_"):
                continue
            own = [c for c in cells if not c.spanned and c.text]
            if not own:
                continue
            mine = upper.setdefault(name, [])
            if not mine:
                mine.extend(own)
                continue
            head = mine[-1]
            if [c.text for c in own] == [self.joined.get(head.box, head.text)]:
                continue  # one cut cell whose text both parts were given (fragment_rows)
            whole = join_lines([self.joined.get(head.box, head.text), *(c.text for c in own)])
            for c in (head, *own):
                self.joined[c.box] = whole

    def _total(self, row: TableRow) -> None:
        if self.ind_cols:
            cells = assign(row, self.ind_cols)
            self.t.total_score = parse_decimal(_text(cells.get("score")))
            self.t.total_weight = parse_decimal(_text(cells.get("weight")))
            self.t.boxes["total_score"] = [c.box for c in cells.get("score", [])]
            self.t.boxes["total_weight"] = [c.box for c in cells.get("weight", [])]

    def finish(self) -> None:
        self._block_values()
        for d in self.drafts:
            # a merged label copied onto each spanned row is text of that row
            for name in INDICATOR_TEXT_FIELDS:
                d.setdefault(name, [])
        labels = fill_down(
            [[_text(d["level1"], self.joined), _text(d["level2"], self.joined)]
             for d in self.drafts],
            depth=2,
        )
        for i, (d, (l1, l2)) in enumerate(zip(self.drafts, labels), start=1):
            self.t.indicators.append(
                Indicator(
                    seq=i,
                    level1=l1,
                    level2=l2,
                    level3=_text(d["level3"], self.joined),
                    content=_text(d["content"], self.joined),
                    target=_text(d["target"], self.joined),
                    basis=_text(d["basis"], self.joined),
                    weight=parse_decimal(_text(d.get("weight"), self.joined)),
                    actual=_text(d["actual"], self.joined),
                    score=parse_decimal(_text(d.get("score"), self.joined)),
                    deviation_reason=_text(d["deviation_reason"], self.joined),
                    page_start=min(d["_pages"]),
                    page_end=max(d["_pages"]),
                    boxes={
                        k: [c.box for c in v]
                        for k, v in d.items()
                        if not k.startswith("_") and v
                    },
                )
            )


def read_evaluation_table(table_seq: int, title: str, grids: list[Grid]) -> EvaluationTable:
    """An evaluation table from its grids."""
    return read_evaluation_rows(table_seq, title,
                                drop_repeated_headers(fragment_rows(grids, cut_labels=True)),
                                (grids[0].page, grids[-1].page))


def read_evaluation_rows(table_seq: int, title: str, rows: list[TableRow],
                         pages: tuple[int, int]) -> EvaluationTable:
    """An evaluation table from its rows (repeated headers already dropped),
    printed on ``pages`` (first, last)."""
    table = EvaluationTable(table_seq, table_kind(title), title)
    reader = _Reader(table)
    for row in rows:
        reader.feed(row)
    reader.finish()
    table.page_start, table.page_end = pages
    return table


def printed_together(first: EvaluationTable, second: EvaluationTable) -> EvaluationTable:
    """Two tables printed in one ruled region (the second's title in a row of its
    own below the end of the first), as one table holding both's fields: what
    tells, for each number printed in that region, which field holds it."""
    both = EvaluationTable(first.table_seq, first.table_kind, "\u0000".join((first.title, second.title)))
    for name in ("project_name", "competent_dept", "implementing_unit", "goal_expected",
                 "goal_actual"):
        setattr(both, name, "\u0000".join((getattr(first, name), getattr(second, name))))
    both.funds, both.indicators = first.funds + second.funds, first.indicators + second.indicators
    for table in (first, second):
        for name, boxes in table.boxes.items():
            both.boxes.setdefault(name, []).extend(boxes)
    return both
