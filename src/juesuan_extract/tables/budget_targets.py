"""Budget performance targets (项目支出绩效目标表 / 绩效目标填报表) → an evaluation
table of kind ``target``.

A target table is a self-evaluation table before the fact: the same 项目名称 /
主管部门 / 实施单位 labels, the same 一级/二级/三级指标 block with its merged
labels, but 指标值 (the target) instead of 分值, 实际完成值 and 得分; funds as
labelled amounts (项目资金 年度资金总额 X / 其中：财政拨款 X / 其他资金 X) instead of
a 年初预算数 | 全年预算数 | 执行数 grid; and one 年度目标 / 总体目标 text. It is read
by the self-evaluation reader (page-split rows joined, merged labels filled
down) with three differences, kept here: a complete indicator row names its
三级指标 and its 指标值 (there is no 分值 to wait for); funds lines are label and
amount; the goal's label is 年度目标, 总体目标 or 绩效目标.
"""

from __future__ import annotations

import re

from ..model import EvaluationTable, FundsRow
from ..text import join_lines, parse_decimal
from .evaluation import _named, _Reader, _text
from .stitching import TableRow

TARGET = "target"
# 年度资金总额, 资金总额, 其中：财政拨款, 财政资金, 其他资金, 项目资金（万元）as a group label
_FUNDS_LABEL = re.compile(r"^(其中[:：])?(年度资金总额|资金总额|财政拨款|财政资金|其他资金|上年结转)")
# 分值（10）, 分值(10分): a weight printed in a label
_BLOCK_WEIGHT = re.compile(r"分值[（(](\d+(?:\.\d+)?)分?[)）]$")
_GOAL_LABEL = re.compile(r"^(年度|总体|年度总体|项目)?(绩效)?目标$")


class _TargetReader(_Reader):
    def feed(self, row: TableRow) -> None:
        if self.block != "indicators" and (self._target_funds(row) or self._target_goal(row)):
            return
        super().feed(row)

    def _target_funds(self, row: TableRow) -> bool:
        """Label-and-amount pairs on one line (年度资金总额 120.00 其中：财政拨款 100.00)."""
        cells = [c for c in row.cells if not c.spanned and c.text.strip()]
        found = False
        for label, value in zip(cells, cells[1:]):
            text = re.sub(r"\s+", "", label.text)
            amount = parse_decimal(value.text)
            if _FUNDS_LABEL.match(text) and amount is not None:
                self.t.funds.append(FundsRow(len(self.t.funds) + 1, text, amount, None, None, None,
                                             None, None, row.page, {"budget_initial": value.box}))
                found = True
        if found:
            self._block_weight(cells)
        return found

    def _block_weight(self, cells: list) -> None:
        """分值 printed once for the funds block in a label cell beside its lines
        (执行率 分值 （10））: the block's weight."""
        for cell in cells:
            match = _BLOCK_WEIGHT.search(re.sub(r"\s+", "", cell.text))
            if match and self.t.funds_weight is None:
                self.t.funds_weight = parse_decimal(match.group(1))
                self.t.boxes["funds_weight"] = [cell.box]

    def _target_goal(self, row: TableRow) -> bool:
        cells = [c for c in row.cells if not c.spanned and c.text.strip()]
        for i, cell in enumerate(cells[:-1]):
            if _GOAL_LABEL.match(re.sub(r"\s+", "", cell.text)):
                self.t.goal_expected = join_lines([self.t.goal_expected,
                                                   *(c.text for c in cells[i + 1:])])
                self.block = "goal"
                return True
        return False

    def _incomplete(self, draft: dict) -> bool:
        return not _named(draft, self.joined) or not _text(draft.get("target"), self.joined)


def read_target_rows(table_seq: int, title: str, rows: list[TableRow],
                     pages: tuple[int, int]) -> EvaluationTable:
    """A performance-target table from its rows (repeated headers already dropped)."""
    table = EvaluationTable(table_seq, TARGET, title)
    reader = _TargetReader(table)
    for row in rows:
        reader.feed(row)
    reader.finish()
    table.page_start, table.page_end = pages
    return table
