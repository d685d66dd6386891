"""The readable report of `juesuan check`: failures first, grouped by kind,
each with its pages, what was expected, what is printed and the difference."""

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
}
ORDER = ("fail", "rounding", "not_applicable", "pass")


def summary(checks: list[Check]) -> str:
    counts = Counter(c.status for c in checks)
    parts = [f"{counts.get(s, 0)} {s.replace('_', ' ')}" for s in ORDER]
    return f"{len(checks)} checks: " + ", ".join(parts)


def render(doc: DocumentResult, show: tuple[str, ...] = ("fail", "rounding")) -> str:
    named = " ".join(str(p) for p in (doc.unit_name, doc.fiscal_year or "", doc.doc_kind) if p)
    head = f"{doc.file} — {named}" if named else doc.file
    lines = [head, summary(doc.checks)]
    if doc.unaccounted:
        pages = ", ".join(map(str, sorted({u.page for u in doc.unaccounted})))
        lines.append(f"{doc.numbers_unaccounted} of {doc.numbers_printed} printed numbers are in "
                     f"no output row (p.{pages}): juesuan extract --table unaccounted lists them")
    for status in ORDER:
        if status not in show:
            continue
        groups: dict[str, list[Check]] = defaultdict(list)
        for c in doc.checks:
            if c.status == status:
                groups[c.check_id.split(".")[0]].append(c)
        for family, items in groups.items():
            lines += ["", f"{status.upper().replace('_', ' ')}  {FAMILIES.get(family, family)} ({len(items)})"]
            lines += [_line(c) for c in items]
    return "\n".join(lines) + "\n"


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
