"""Amounts read from page images (OCR) that the recogniser was unsure of: statement
values, and the numbers of self-evaluation rows.

OCR misreads digits (8/3/6, 1/7) and separators (a dropped or doubled decimal
point). A value whose least certain character scored below
:data:`LOW_CONFIDENCE` is flagged here, naming its cell, so that it is checked
against the page image; values the arithmetic checks cover are flagged there
too when wrong. Nothing read by OCR passes silently on trust.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Check, DocumentResult
from .base import finding

# The recogniser's probability below which a character is unsure: on scanned
# copies of the fixtures and corpus (200 dpi) every misread amount had a
# character below it, and about 1 correct amount in 80 did too.
LOW_CONFIDENCE = 0.9


def run(doc: DocumentResult) -> list[Check]:
    checks: list[Check] = []
    for table in doc.evaluation_tables:
        scope = f"{table.title} {table.project_name}".strip()
        for f in table.funds:
            if f.confidence is not None and f.confidence < LOW_CONFIDENCE:
                checks.append(_unsure(f"{scope} / {f.source}", (f.page,), f.confidence,
                                      _numbers(f.budget_initial, f.budget_full_year, f.executed,
                                               f.weight, f.execution_rate, f.score)))
        for i in table.indicators:
            if i.confidence is not None and i.confidence < LOW_CONFIDENCE:
                pages = tuple(range(i.page_start, i.page_end + 1))
                checks.append(_unsure(f"{scope} / {i.level3}", pages, i.confidence,
                                      " ".join(x for x in (i.target, _numbers(i.weight),
                                                           i.actual, _numbers(i.score)) if x)))
    for statement in doc.statements:
        for v in statement.values:
            if v.confidence is None or v.confidence >= LOW_CONFIDENCE:
                continue
            subject = " ".join(p for p in (v.code, v.name) if p) or "—"
            checks.append(finding(
                "ocr.low_confidence", f"{statement.name} {subject} / {v.column}", False, (v.page,),
                f"read from the page image as {v.value} with confidence {v.confidence}: compare "
                f"it with the page (box {' '.join(f'{x:.0f}' for x in v.box.as_list())})",
                actual=format(v.value, "f") if isinstance(v.value, Decimal) else str(v.value)))
    return checks


def _unsure(scope: str, pages: tuple[int, ...], confidence: float, read: str) -> Check:
    return finding("ocr.low_confidence", scope, False, pages,
                   f"the row's numbers were read from the page image as {read} with "
                   f"confidence {confidence}: compare them with the page", actual=read)


def _numbers(*values: Decimal | None) -> str:
    return " ".join(format(v, "f") for v in values if v is not None)
