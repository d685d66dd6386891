"""Self-evaluation tables (绩效自评表): scores add up to 总分, weights to 100,
执行率 follows from the amounts, funds rows add up to their total row, and
no score exceeds its weight."""

from __future__ import annotations

from decimal import Decimal

from ..model import Check
from .base import PERCENT_ROUNDING, compare, finding

_TOTAL_SOURCES = ("合计", "年度资金总额", "资金总额")


def run(doc) -> list[Check]:
    checks: list[Check] = []
    for t in doc.evaluation_tables:
        scope = f"自评表 {t.table_seq} {t.project_name or t.competent_dept}"
        pages = (t.page_start, t.page_end)
        funds_total = next((f for f in t.funds if f.source.startswith(_TOTAL_SOURCES)), None)
        funds_weight = sum((f.weight for f in t.funds if f.weight is not None),
                           t.funds_weight or Decimal(0))
        funds_score = sum((f.score for f in t.funds if f.score is not None),
                          t.funds_score or Decimal(0))
        weights = funds_weight + sum((i.weight for i in t.indicators if i.weight is not None), Decimal(0))
        if t.indicators:
            checks.append(compare("evaluation.weights", scope, Decimal(100), weights, pages,
                                  "funds weight + indicator weights = 100", tolerance=Decimal(0)))
        if t.total_score is not None:
            scores = funds_score + sum((i.score for i in t.indicators if i.score is not None), Decimal(0))
            checks.append(compare("evaluation.total_score", scope, scores, t.total_score, pages,
                                  "总分 = funds score + Σ indicator scores", tolerance=Decimal("0.01")))
        for i in t.indicators:
            if i.score is not None and i.weight is not None and i.score > i.weight:
                checks.append(finding("evaluation.score_over_weight", f"{scope} {i.level3}", False,
                                      (i.page_start,), f"score {i.score} exceeds weight {i.weight}",
                                      expected=f"<= {i.weight}", actual=str(i.score)))
        checks += _rates(t, scope, funds_total)
        checks += _block_rate(t, scope, funds_total)
        checks += _funds_sum(t, scope, funds_total)
    return checks


def _rates(t, scope, funds_total) -> list[Check]:
    out = []
    for f in t.funds:
        if f.execution_rate is None or not f.budget_full_year:
            continue
        own = f.executed / f.budget_full_year * 100 if f.executed is not None else None
        whole = (funds_total.executed / funds_total.budget_full_year * 100
                 if funds_total and funds_total.executed is not None and funds_total.budget_full_year
                 else None)
        # a rate printed on the first funds row may be the whole table's
        candidates = [c for c in (own, whole) if c is not None]
        if not candidates:  # a rate printed without the amounts it comes from: nothing to check
            continue
        best = min(candidates, key=lambda c: abs(c - f.execution_rate))
        out.append(compare("evaluation.execution_rate", f"{scope} {f.source}",
                           best.quantize(Decimal("0.01")), f.execution_rate, (f.page,),
                           "执行率 = 全年执行数 / 全年预算数", tolerance=PERCENT_ROUNDING))
    return out


def _block_rate(t, scope, funds_total) -> list[Check]:
    """The rate printed once for the whole funds block is the total row's."""
    if t.funds_execution_rate is None or funds_total is None or not funds_total.budget_full_year \
            or funds_total.executed is None:
        return []
    rate = funds_total.executed / funds_total.budget_full_year * 100
    return [compare("evaluation.execution_rate", f"{scope} funds block",
                    rate.quantize(Decimal("0.01")), t.funds_execution_rate, (funds_total.page,),
                    "执行率 = 全年执行数 / 全年预算数 of the funds block's total row",
                    tolerance=PERCENT_ROUNDING)]


def _funds_sum(t, scope, funds_total) -> list[Check]:
    if funds_total is None:
        return []
    parts = [f for f in t.funds if f is not funds_total]
    if not parts:
        return []
    out = []
    for field in ("budget_initial", "budget_full_year", "executed"):
        printed = getattr(funds_total, field)
        if printed is None:
            continue
        total = sum((getattr(p, field) or Decimal(0) for p in parts), Decimal(0))
        out.append(compare("evaluation.funds_sum", f"{scope} {field}", total, printed,
                           (funds_total.page,), f"{funds_total.source} = Σ of the other funds rows"))
    return out
