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

Each family lives in its own module; :func:`run_checks` runs them all and
gives each failure its verdict (:mod:`.verdicts`): ``inconsistent`` when the
document contradicts itself as read, ``doubtful`` when the reading is in doubt.
"""

from __future__ import annotations

from ..model import Check, DocumentResult
from . import (
    budget,
    completeness,
    cross,
    evaluation,
    hygiene,
    narrative,
    narrative_facts,
    ocr,
    statement_sums,
    structure,
    verdicts,
)

# Families about the nine 决算 statements: never run on a budget. (narrative_facts
# compares facts with 决算 statements only, which a budget never has, and its growth
# check holds for any document; narrative skips its 决算-against-预算 checks itself.)
FINAL_ACCOUNTS_ONLY = (cross, completeness)


def run_checks(doc: DocumentResult, reading: list[Check] | None = None) -> list[Check]:
    """Every check of the document, each failure with its verdict. ``reading``:
    the ``reading.*`` checks made against the pages (:func:`.reading.read_back`),
    which mark the values they doubt before the arithmetic rests on them."""
    checks: list[Check] = list(reading or [])
    checks += structure.run(doc)  # marks the tables it doubts, before the arithmetic
    is_budget = doc.doc_kind.endswith("预算")
    for family in (statement_sums, cross, narrative, narrative_facts, completeness, hygiene,
                   evaluation, ocr):
        if not (is_budget and family in FINAL_ACCOUNTS_ONLY):
            checks.extend(family.run(doc))
    if is_budget:
        checks.extend(budget.run(doc))
    return verdicts.assign(checks, doc)
