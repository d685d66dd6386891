"""Self-evaluation tables (绩效自评表) and budget target tables: weights add up to
the 总分 row's 分值 (to 100 where the table prints no 总分 row), scores to its
得分, 执行率 follows from the amounts, funds rows add up to their total row and
each row's 总额 to its parts, and no score exceeds its weight.

The funds block counts once, as the page defines it. Its total row — 金额合计
under a list of tasks, or 年度资金总额 above 其中：当年财政拨款 … — holds the
block's 分值 and 得分, and the rows beside it are its parts: a 分值 of 10 printed
on 年度资金总额 and again on 其中：当年财政拨款 is one 10. Where the total row
prints none, the rows' own values add up (a 分值 per task), 其中 rows aside. A
value printed once in a cell merged over the block is the block's.

Weights are checked only where the table prints them (a budget's target table
usually prints none). Every check names the boxes of the printed values it
rests on (``basis``), so a failure that rests on a value read in doubt is
``doubtful``; where a rule has to guess (which of two rates a 执行率 printed on a
part is), a failure is ``doubtful`` whatever its basis.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..geometry import Box
from ..model import Check, EvaluationTable, FundsRow
from .base import PERCENT_ROUNDING, compare, finding

DOUBTFUL = "doubtful"
_TOTAL_SOURCES = ("合计", "年度资金总额", "资金总额")
# a row that the page prints as a part of the row above it
_PART_PREFIX = ("其中",)
# 总额 and its parts, where the table prints 全年预算数 / 全年执行数 as 总额 | 财政拨款 | 其他资金
_PARTS = (("budget_full_year", "budget_fiscal", "budget_other"),
          ("executed", "executed_fiscal", "executed_other"))
# 产出指标（50分）, 产出指标50分, 满意度指标10: a 一级指标 label that states its weight
_STATED_WEIGHT = re.compile(r"^\D+?[（(]?(\d+(?:\.\d+)?)分?[)）]?$")
_AMOUNTS = ("budget_initial", "budget_full_year", "budget_fiscal", "budget_other", "executed",
            "executed_fiscal", "executed_other")


def run(doc) -> list[Check]:
    checks: list[Check] = []
    for t in doc.evaluation_tables:
        scope = f"自评表 {t.table_seq} {t.project_name or t.competent_dept}"
        total = funds_total(t)
        checks += _weights(t, scope, total)
        checks += _level_weights(t, scope)
        checks += _total_score(t, scope, total)
        checks += _over_weight(t, scope, total)
        checks += _rates(t, scope, total)
        checks += _block_rate(t, scope, total)
        checks += _funds_sum(t, scope)
        checks += _funds_parts(t, scope)
    return checks


def funds_blocks(t: EvaluationTable) -> list[tuple[FundsRow, list[FundsRow]]]:
    """Each total row of the funds block with its parts: 金额合计 (is_total) with
    every other row; else each 资金总额 / 合计 row with the rows after it, up to the
    next (two blocks side by side: 实施期资金总额 …, 年度资金总额 …)."""
    marked = next((f for f in t.funds if f.is_total), None)
    if marked is not None:
        return [(marked, [f for f in t.funds if f is not marked])]
    blocks: list[tuple[FundsRow, list[FundsRow]]] = []
    for f in t.funds:
        if f.source.startswith(_TOTAL_SOURCES) or "资金总额" in f.source:
            blocks.append((f, []))
        elif blocks:
            blocks[-1][1].append(f)
    return blocks


def funds_total(t: EvaluationTable) -> FundsRow | None:
    """The funds block's total row: 金额合计 (is_total), else 年度资金总额 / 合计."""
    blocks = funds_blocks(t)
    return next((total for total, _ in blocks if total.source.startswith(_TOTAL_SOURCES)),
                blocks[0][0] if blocks else None)


def block_value(t: EvaluationTable, total: FundsRow | None,
                name: str) -> tuple[Decimal | None, tuple[Box, ...]]:
    """The funds block's ``weight`` or ``score`` and the boxes it is printed in: a
    cell merged over the block, else the total row's, else the rows' own added
    up (其中 rows, parts of the row above, aside). None when none is printed."""
    merged = getattr(t, f"funds_{name}")
    if merged is not None:
        return merged, tuple(t.boxes.get(f"funds_{name}", ()))
    if total is not None and getattr(total, name) is not None:
        return getattr(total, name), _boxes(total, name)
    rows = [f for f in t.funds if getattr(f, name) is not None
            and not f.source.startswith(_PART_PREFIX)]
    if not rows:
        return None, ()
    return sum((getattr(f, name) for f in rows), Decimal(0)), tuple(
        b for f in rows for b in _boxes(f, name))


def _boxes(row: FundsRow, *names: str) -> tuple[Box, ...]:
    return tuple(row.boxes[n] for n in names if n in row.boxes)


def _indicator_boxes(t: EvaluationTable, name: str) -> tuple[Box, ...]:
    return tuple(b for i in t.indicators if getattr(i, name) is not None
                 for b in i.boxes.get(name, ()))


def _weights(t: EvaluationTable, scope: str, total: FundsRow | None) -> list[Check]:
    """Σ 分值 (funds block + indicators) against the 总分 row's 分值, or 100."""
    funds, funds_boxes = block_value(t, total, "weight")
    printed = [i.weight for i in t.indicators if i.weight is not None]
    if not printed and funds is None:
        return []  # no weight printed (a budget's target table): nothing to add up
    weights = (funds or Decimal(0)) + sum(printed, Decimal(0))
    basis = funds_boxes + _indicator_boxes(t, "weight")
    if t.total_weight is not None:
        return [compare("evaluation.weights", scope, weights, t.total_weight,
                        (t.page_start, t.page_end), "funds weight + Σ indicator weights = 总分 分值",
                        tolerance=Decimal(0),
                        basis=basis + tuple(t.boxes.get("total_weight", ())))]
    return [compare("evaluation.weights", scope, Decimal(100), weights, (t.page_start, t.page_end),
                    "funds weight + Σ indicator weights = 100", tolerance=Decimal(0), basis=basis)]


def _level_weights(t: EvaluationTable, scope: str) -> list[Check]:
    """The weights of a 一级指标's rows against the weight its label states
    (产出指标（50分）): Σ 分值 of the rows under it."""
    out = []
    for label in dict.fromkeys(i.level1 for i in t.indicators):
        match = _STATED_WEIGHT.match(label)
        rows = [i for i in t.indicators if i.level1 == label and i.weight is not None]
        if not match or not rows:
            continue
        basis = tuple(b for i in rows for name in ("weight", "level1") for b in i.boxes.get(name, ()))
        out.append(compare("evaluation.level_weights", f"{scope} {label}",
                           sum((i.weight for i in rows if i.weight is not None), Decimal(0)),
                           Decimal(match.group(1)), (rows[0].page_start, rows[-1].page_end),
                           "Σ 分值 of the rows under a 一级指标 = the weight its label states",
                           tolerance=Decimal(0), basis=basis))
    return out


def _total_score(t: EvaluationTable, scope: str, total: FundsRow | None) -> list[Check]:
    if t.total_score is None:
        return []
    funds, funds_boxes = block_value(t, total, "score")
    scores = (funds or Decimal(0)) + sum((i.score for i in t.indicators if i.score is not None),
                                         Decimal(0))
    basis = funds_boxes + _indicator_boxes(t, "score") + tuple(t.boxes.get("total_score", ()))
    return [compare("evaluation.total_score", scope, scores, t.total_score,
                    (t.page_start, t.page_end), "总分 = funds score + Σ indicator scores",
                    tolerance=Decimal("0.01"), basis=basis)]


def _over_weight(t: EvaluationTable, scope: str, total: FundsRow | None) -> list[Check]:
    """No score above its weight: an indicator's, the funds block's, the 总分 row's."""
    out = []
    for i in t.indicators:
        if i.score is not None and i.weight is not None and i.score > i.weight:
            out.append(_over(f"{scope} {i.level3 or i.content}", i.score, i.weight, i.page_start,
                             tuple(i.boxes.get("score", ())) + tuple(i.boxes.get("weight", ()))))
    score, score_boxes = block_value(t, total, "score")
    weight, weight_boxes = block_value(t, total, "weight")
    if score is not None and weight is not None and score > weight:
        out.append(_over(f"{scope} funds block", score, weight, t.page_start,
                         score_boxes + weight_boxes))
    if t.total_score is not None and t.total_weight is not None and t.total_score > t.total_weight:
        out.append(_over(f"{scope} 总分", t.total_score, t.total_weight, t.page_end,
                         tuple(t.boxes.get("total_score", ()))
                         + tuple(t.boxes.get("total_weight", ()))))
    return out


def _over(scope: str, score: Decimal, weight: Decimal, page: int, basis: tuple[Box, ...]) -> Check:
    return finding("evaluation.score_over_weight", scope, False, (page,),
                   f"score {score} exceeds weight {weight}", expected=f"<= {weight}",
                   actual=str(score), basis=basis)


def _rate(row: FundsRow | None) -> Decimal | None:
    if row is None or row.executed is None or not row.budget_full_year:
        return None
    return row.executed / row.budget_full_year * 100


def _rates(t: EvaluationTable, scope: str, total: FundsRow | None) -> list[Check]:
    """A row's 执行率 against its own amounts. One printed on a part of the block
    (其中：当年财政拨款) may be the block's: the nearer of the two is taken, and a
    failure is then in doubt (the rule guessed which rate it is)."""
    out = []
    for f in t.funds:
        own, printed = _rate(f), f.execution_rate
        if printed is None or not f.budget_full_year:
            continue
        whole = _rate(total) if total is not None and total is not f else None
        candidates = [c for c in (own, whole) if c is not None]
        if not candidates:  # a rate printed without the amounts it comes from: nothing to check
            continue
        best = min(candidates, key=lambda c: abs(c - printed))
        guessed = len({c.quantize(Decimal("0.01")) for c in candidates}) > 1
        source = f if best is own else total
        basis = _boxes(f, "execution_rate") + (
            _boxes(source, "budget_full_year", "executed") if source is not None else ())
        check = compare("evaluation.execution_rate", f"{scope} {f.source}",
                        best.quantize(Decimal("0.01")), printed, (f.page,),
                        "执行率 = 全年执行数 / 全年预算数", tolerance=PERCENT_ROUNDING, basis=basis)
        if guessed and check.status == "fail":
            check = replace(check, verdict=DOUBTFUL)
        out.append(check)
    return out


def _block_rate(t: EvaluationTable, scope: str, total: FundsRow | None) -> list[Check]:
    """The rate printed once for the whole funds block is the total row's."""
    rate = _rate(total)
    if t.funds_execution_rate is None or total is None or rate is None:
        return []
    return [compare("evaluation.execution_rate", f"{scope} funds block",
                    rate.quantize(Decimal("0.01")), t.funds_execution_rate, (total.page,),
                    "执行率 = 全年执行数 / 全年预算数 of the funds block's total row",
                    tolerance=PERCENT_ROUNDING,
                    basis=tuple(t.boxes.get("funds_execution_rate", ()))
                    + _boxes(total, "budget_full_year", "executed"))]


def _funds_sum(t: EvaluationTable, scope: str) -> list[Check]:
    """Each total row against its parts (the tasks above 金额合计, the 其中 … rows
    under 年度资金总额), amount by amount."""
    out = []
    for whole, parts in funds_blocks(t):
        for field in _AMOUNTS:
            printed = getattr(whole, field)
            if printed is None or all(getattr(p, field) is None for p in parts):
                continue
            added = sum((getattr(p, field) or Decimal(0) for p in parts), Decimal(0))
            out.append(compare("evaluation.funds_sum", f"{scope} {whole.source} / {field}", added,
                               printed, (whole.page,), f"{whole.source} = Σ of its parts",
                               basis=_boxes(whole, field) + tuple(
                                   b for p in parts for b in _boxes(p, field))))
    return out


def _funds_parts(t: EvaluationTable, scope: str) -> list[Check]:
    """A row's 总额 = 财政拨款 + 其他资金, where the table prints the three."""
    out = []
    for f in t.funds:
        for whole, fiscal, other in _PARTS:
            if whole == "budget_full_year" and f.budget_full_year is None:
                whole = "budget_initial"  # a target table's 预算金额 split into its parts
            values = [getattr(f, n) for n in (whole, fiscal, other)]
            if any(v is None for v in values):
                continue
            out.append(compare("evaluation.funds_parts", f"{scope} {f.source} / {whole}",
                               values[1] + values[2], values[0], (f.page,),
                               "总额 = 财政拨款 + 其他资金",
                               basis=_boxes(f, whole, fiscal, other)))
    return out
