"""Amounts read from page images (OCR) that the recogniser was unsure of.

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
