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

from ..model import Check, DocumentResult
from . import completeness, cross, evaluation, hygiene, narrative, narrative_facts, statement_sums


def run_checks(doc: DocumentResult) -> list[Check]:
    checks: list[Check] = []
    for family in (statement_sums, cross, narrative, narrative_facts, completeness, hygiene,
                   evaluation):
        checks.extend(family.run(doc))
    return checks
