"""Consistency checks (勾稽): where a document contradicts itself.

Every check compares an expected figure (recomputed from other printed
figures) with the printed one and ends in one status:

* ``pass`` — equal;
* ``rounding`` — off by at most :data:`ROUNDING` (amounts in 万元 printed with
  two decimals drift by a cent or two when summed; percentages by
  :data:`PERCENT_ROUNDING` points) — reported apart from real failures, with
  the raw difference;
* ``fail`` — a real contradiction;
* ``not_applicable`` — the figures the check needs are not printed.

Each family lives in its own module; :func:`run_checks` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..pipeline import DocumentResult

# Sums of amounts printed to the cent may be off by this much through rounding.
ROUNDING = Decimal("0.02")
# Percentages printed to two decimals, recomputed from rounded amounts.
PERCENT_ROUNDING = Decimal("0.06")


@dataclass(frozen=True, slots=True)
class Check:
    check_id: str  # the kind of check, e.g. statement.code_tree
    scope: str  # what was checked, e.g. 收入决算表 201 一般公共服务支出 / 本年收入合计
    status: str  # pass | fail | rounding | not_applicable
    expected: str
    actual: str
    difference: str
    pages: tuple[int, ...]
    message: str


def compare(check_id: str, scope: str, expected: Decimal, actual: Decimal,
            pages: tuple[int, ...], message: str = "",
            tolerance: Decimal = ROUNDING) -> Check:
    """A check of one recomputed figure against the printed one."""
    diff = actual - expected
    status = "pass" if diff == 0 else "rounding" if abs(diff) <= tolerance else "fail"
    return Check(check_id, scope, status, _fmt(expected), _fmt(actual), _fmt(diff),
                 tuple(sorted(set(pages))), message)


def finding(check_id: str, scope: str, ok: bool, pages: tuple[int, ...], message: str,
            expected: str = "", actual: str = "") -> Check:
    """A check that is not arithmetic (presence, wording): pass or fail."""
    return Check(check_id, scope, "pass" if ok else "fail", expected, actual, "",
                 tuple(sorted(set(pages))), message)


def _fmt(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral() else value, "f")


def run_checks(doc: DocumentResult) -> list[Check]:
    from . import completeness, cross, evaluation, hygiene, narrative, narrative_facts, statement_sums

    checks: list[Check] = []
    for family in (statement_sums, cross, narrative, narrative_facts, completeness, hygiene,
                   evaluation):
        checks.extend(family.run(doc))
    return checks
