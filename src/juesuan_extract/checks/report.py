"""The readable report of `juesuan check`: failures first — where the document
contradicts itself (``inconsistent``), then where the reading is in doubt
(``doubtful``) — grouped by kind, each with its pages, what was expected, what
is printed and the difference."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Check, DocumentResult

FAMILIES = {
    "statement": "Arithmetic within a statement",
    "cross": "Across statements",
    "narrative": "Narrative against statements and itself",
    "completeness": "Completeness",
    "hygiene": "Hygiene (year, unit name, template residue, punctuation)",
    "evaluation": "Self-evaluation tables",
    "ocr": "Read from page images (OCR) with low confidence",
    "reading": "Values that are not one printed number at their box",
    "structure": "Tables whose structure was not read whole",
}
ORDER = ("fail", "rounding", "not_applicable", "pass")
# Failed checks are shown in two groups, by verdict.
HEADINGS = {
    "inconsistent": "INCONSISTENT (the document contradicts itself)",
    "doubtful": "DOUBTFUL (the reading is in doubt: compare with the page)",
}


def summary(checks: list[Check]) -> str:
    counts = Counter(c.status for c in checks)
    verdicts = Counter(c.verdict for c in checks if c.status == "fail")
    parts = [f"{counts.get(s, 0)} {s.replace('_', ' ')}" for s in ORDER]
    parts[0] += f" ({verdicts.get('inconsistent', 0)} inconsistent, {verdicts.get('doubtful', 0)} doubtful)"
    return f"{len(checks)} checks: " + ", ".join(parts)


def render(doc: DocumentResult, show: tuple[str, ...] = ("fail", "rounding")) -> str:
    named = " ".join(str(p) for p in (doc.unit_name, doc.fiscal_year or "", doc.doc_kind) if p)
    head = f"{doc.file} — {named}" if named else doc.file
    lines = [head, summary(doc.checks)]
    if doc.unaccounted:
        pages = ", ".join(map(str, sorted({u.page for u in doc.unaccounted})))
        lines.append(f"{doc.numbers_unaccounted} of {doc.numbers_printed} printed numbers are in "
                     f"no output row (p.{pages}): juesuan extract --table unaccounted lists them")
    sections = [("fail", v, HEADINGS[v]) for v in HEADINGS] + [
        (s, "", s.upper().replace("_", " ")) for s in ORDER if s != "fail"]
    for status, verdict, heading in sections:
        if status not in show:
            continue
        groups: dict[str, list[Check]] = defaultdict(list)
        for c in doc.checks:
            if c.status == status and (status != "fail" or (c.verdict or "inconsistent") == verdict):
                groups[c.check_id.split(".")[0]].append(c)
        for family, items in groups.items():
            lines += ["", f"{heading}  {FAMILIES.get(family, family)} ({len(items)})"]
            lines += [_line(c) for c in items]
    return "\n".join(lines) + "\n"


def exit_status(checks: list[Check]) -> int:
    """`juesuan check`'s exit status: 0 when no check fails; else 1 for an
    inconsistency found, plus 4 for a doubtful reading (1, 4 or 5)."""
    verdicts = {c.verdict or "inconsistent" for c in checks if c.status == "fail"}
    return (1 if "inconsistent" in verdicts else 0) + (4 if "doubtful" in verdicts else 0)


def _line(c: Check) -> str:
    pages = "p." + ",".join(map(str, c.pages)) if c.pages else "p.–"
    text = f"  {pages:<9} {c.scope}"
    if c.expected or c.actual:
        text += f": expected {c.expected or '—'}, printed {c.actual or '—'}"
        if c.difference:
            text += f", difference {c.difference}"
    if c.message:
        text += f"\n            {c.message}"
    return text
