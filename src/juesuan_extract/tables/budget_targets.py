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
from .evaluation import Column, _named, _Reader, _text, header_columns
from .stitching import TableRow

TARGET = "target"
# 年度资金总额, 资金总额, 其中：财政拨款, 财政资金, 其他资金: a funds line's label
_FUNDS_LABEL = re.compile(r"^(其中[:：])?(年度|实施期)?(资金总额|财政拨款|财政资金|其他资金|上年结转)")
# 项目资金（万元）, 专项资金情况（万元）, 年度预算安排（万元）, 资金金额（万元）: the label of the
# funds block, merged over its lines, whose every label-and-amount pair is a funds line
_FUNDS_GROUP = re.compile(r"资金|预算安排|预算金额")
# a block's total line, when two blocks stand side by side (实施期资金总额 | 年度资金总额)
_BLOCK_TOTAL = re.compile(r"资金总额")
# The 一级指标 of a performance target, printed merged over its 二级指标 (产出\n指标 …).
_LEVEL1 = re.compile(r"^(产出|效益|满意度|成本|效果|管理|过程|决策)指标$")
# 分值（10）, 分值(10分): a weight printed in a label
_BLOCK_WEIGHT = re.compile(r"分值[（(](\d+(?:\.\d+)?)分?[)）]$")
# 年度目标, 总体目标, 年度总体目标, 项目实施期目标, 实施期总目标, 绩效目标
_GOAL_LABEL = re.compile(r"^(项目)?(年度|实施期|中长期)?(总体|总)?(绩效)?目标$")
# A header over funds lines printed as a list: one line per task (任务名称 | 主要内容 | 预算金额)
# or per project (单位名称 | 项目名称 | 金额 | 项目总体绩效目标).
LIST_HEADERS = (
    ("source_unit", ("单位名称",)),
    ("source", ("项目名称", "任务名称")),
    ("content", ("主要内容", "绩效目标")),
    ("budget_initial", ("预算金额", "预算数", "金额")),
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _TargetReader(_Reader):
    def __init__(self, table: EvaluationTable):
        super().__init__(table)
        self.pair_block: list[int] = []  # each funds line's place among the pairs of its row
        self.side_by_side = False  # two funds blocks printed side by side

    def feed(self, row: TableRow) -> None:
        if self.block != "indicators" and (self._target_goal(row) or self.block != "funds" and (
                self._list_header(row) or self._target_funds(row))):
            return
        if not self.ind_cols and self._unheaded_indicators(row):
            self.block = "indicators"
        super().feed(row)

    def _unheaded_indicators(self, row: TableRow) -> bool:
        """Indicators printed under no 一级指标 | 二级指标 | 三级指标 | 指标值 header:
        the first row names its 一级指标 (产出指标 …); the cells after it are the
        二级指标, the 三级指标 and the 指标值 (and 备注 where one more is printed)."""
        cells = [c for c in row.cells if c.text.strip() or not c.spanned]
        first = next((i for i, c in enumerate(cells) if _LEVEL1.match(_squash(c.text))), None)
        rest = cells[first + 1:] if first is not None else []
        if first is None or not 3 <= len(rest) <= 4:
            return False
        names = ("level2", "level3", "target", "basis")
        self.ind_cols = [Column("level1", cells[first].box.x0, cells[first].box.x1)] + [
            Column(name, c.box.x0, c.box.x1) for name, c in zip(names, rest)]
        return True

    def _list_header(self, row: TableRow) -> bool:
        """A header over funds printed as a list of tasks or projects: the rows
        below are funds lines (each amount in budget_initial, or its parts
        under 总额 | 财政拨款 | 其他资金)."""
        cols = header_columns(row, LIST_HEADERS)
        names = {c.name for c in cols}
        if len(cols) < 3 or not {"source", "budget_initial"} <= names:
            return False
        self.funds_cols, self.block = cols, "funds"
        return True

    def _target_funds(self, row: TableRow) -> bool:
        """Label-and-amount pairs on one line (年度资金总额 120.00 其中：财政拨款 100.00):
        in a block labelled as funds (项目资金（万元）) every such pair, an empty
        amount included; elsewhere pairs whose label names a funds line."""
        grouped = bool(row.cells) and _FUNDS_GROUP.search(_squash(row.cells[0].text)) is not None
        cells = [c for c in row.cells if not c.spanned]
        pairs = []
        for label, value in zip(cells, cells[1:]):
            text, amount = _squash(label.text), parse_decimal(value.text)
            if not text or parse_decimal(text) is not None or _FUNDS_GROUP.search(text) and \
                    not _FUNDS_LABEL.match(text) or _BLOCK_WEIGHT.search(text):
                continue
            empty = not value.text.strip()
            if (amount is not None or empty and grouped) and (grouped or _FUNDS_LABEL.match(text)):
                pairs.append((text, amount, value))
        for k, (text, amount, value) in enumerate(pairs):
            self.t.funds.append(FundsRow(len(self.t.funds) + 1, text, amount, None, None, None,
                                         None, None, row.page, {"budget_initial": value.box}))
            self.pair_block.append(k)
        if sum(1 for text, _, _ in pairs if _BLOCK_TOTAL.search(text)) > 1:
            self.side_by_side = True
        if pairs:
            self._block_weight(cells)
        return bool(pairs)

    def _block_weight(self, cells: list) -> None:
        """分值 printed once for the funds block in a label cell beside its lines
        (执行率 分值 （10））: the block's weight."""
        for cell in cells:
            match = _BLOCK_WEIGHT.search(_squash(cell.text))
            if match and self.t.funds_weight is None:
                self.t.funds_weight = parse_decimal(match.group(1))
                self.t.boxes["funds_weight"] = [cell.box]

    def _target_goal(self, row: TableRow) -> bool:
        """The goal beside its label (年度总体目标 | text); or, where the label heads
        goals of their own (总体目标 | 实施期总目标 | 年度目标), the goals in the rows
        below: the year's (年度目标) where printed, else the only one."""
        cells = [c for c in row.cells if not c.spanned and c.text.strip()]
        if self.block == "goal" and len(cells) == 1 and not _GOAL_LABEL.match(_squash(cells[0].text)):
            # the goal's cell goes on in the next grid row (under its merged label, or
            # at the top of the next page)
            self.t.goal_expected = join_lines([self.t.goal_expected, cells[0].text])
            return True
        for i, cell in enumerate(cells[:-1]):
            if not _GOAL_LABEL.match(_squash(cell.text)):
                continue
            rest = cells[i + 1:]
            if all(_GOAL_LABEL.match(_squash(c.text)) for c in rest):
                year = [c for c in rest if "年度" in c.text] or rest[-1:]
                self.goal_cols = [Column("goal_expected", c.box.x0, c.box.x1) for c in year]
                self.block = "goals"
                return True
            self.t.goal_expected = join_lines([self.t.goal_expected, *(c.text for c in rest)])
            self.block = "goal"
            return True
        return False

    def _incomplete(self, draft: dict) -> bool:
        return not _named(draft, self.joined) or not _text(draft.get("target"), self.joined)

    def finish(self) -> None:
        super().finish()
        if self.side_by_side and len(self.pair_block) == len(self.t.funds):
            # blocks side by side: each block's lines together, left block first
            order = sorted(range(len(self.t.funds)), key=lambda i: (self.pair_block[i], i))
            self.t.funds = [self.t.funds[i] for i in order]
            for seq, f in enumerate(self.t.funds, start=1):
                f.seq = seq
        for f in self.t.funds:
            # a list's line of amounts under no label, above the tasks or projects: their total
            if not f.source and f.budget_initial is not None:
                f.is_total = True


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
