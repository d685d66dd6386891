"""Two verdicts for a failed check: the document contradicts itself, or the
reading is in doubt.

* ``doubtful`` — the check is about the reading itself (``reading.*``,
  ``structure.*``, ``ocr.*``), or it rests on a value whose reading is in
  doubt: one that is not one printed number at its box, one of a table whose
  structure checks failed or whose kind is unknown (read as printed, no
  template to read it by), one read by OCR with low confidence;
* ``inconsistent`` — every value the check rests on was read soundly, so the
  contradiction is the document's own.

A check may name its verdict itself (a rule that had to guess says
``doubtful``); a passing check has none.
"""

from __future__ import annotations

from dataclasses import replace

from ..geometry import Box
from ..model import UNCLASSIFIED, Check, DocumentResult
from .ocr import LOW_CONFIDENCE

INCONSISTENT = "inconsistent"
DOUBTFUL = "doubtful"
VERDICTS = (INCONSISTENT, DOUBTFUL)
# Families whose failures are about the reading, never about the document.
READING_FAMILIES = ("reading.", "structure.", "ocr.")


def doubtful_boxes(doc: DocumentResult) -> set[Box]:
    """The boxes of every value whose reading is in doubt."""
    out: set[Box] = set()
    for st in doc.statements:
        for v in st.values:
            if v.doubt or st.doubts or st.name == UNCLASSIFIED or (
                    v.confidence is not None and v.confidence < LOW_CONFIDENCE):
                out.add(v.box)
    for t in doc.evaluation_tables:
        if t.doubts:
            out.update(b for found in t.boxes.values() for b in found)
        for f in t.funds:
            if t.doubts or f.doubt or (f.confidence is not None and f.confidence < LOW_CONFIDENCE):
                out.update(f.boxes.values())
        for ind in t.indicators:
            if t.doubts or ind.doubt or (ind.confidence is not None
                                         and ind.confidence < LOW_CONFIDENCE):
                out.update(b for found in ind.boxes.values() for b in found)
    return out


def assign(checks: list[Check], doc: DocumentResult) -> list[Check]:
    """Each check with its verdict: '' unless it failed."""
    doubtful = doubtful_boxes(doc)
    out = []
    for c in checks:
        if c.status != "fail":
            verdict = ""
        elif c.verdict:
            verdict = c.verdict
        elif c.check_id.startswith(READING_FAMILIES) or any(b in doubtful for b in c.basis):
            verdict = DOUBTFUL
        else:
            verdict = INCONSISTENT
        out.append(c if c.verdict == verdict else replace(c, verdict=verdict))
    return out


def counts(checks: list[Check]) -> dict[str, int]:
    """Failed checks by verdict."""
    return {v: sum(1 for c in checks if c.status == "fail" and c.verdict == v) for v in VERDICTS}
