"""What a 部门决算 must contain: its template's statements (the national nine, or
the 高等学校 template's four), and those its 目录 lists; and a 说明 under each
statement printed empty. A statement is missing only where the template prints it."""

from __future__ import annotations

import re

from ..model import Check
from ..tables.titles import HIGHER_EDUCATION, NATIONAL, match_statement
from .base import finding

_ANNEX = re.compile(r"见附表|详见附件|另行公开|附表")


def _annexed(doc) -> bool:
    return any(_ANNEX.search(s.heading + s.text) for s in doc.sections)


# A 目录 that lists at least this many statements lists the document's own set of them.
MIN_LISTED = 3


def _template(doc, listed: set[str]) -> tuple[str, ...]:
    """The statements the document should print: those its 目录 lists, where it lists
    them (a province's template of eight, say); else its template's: the 高等学校
    template's four when its titles say 高等学校, the national nine otherwise."""
    if len(listed) >= MIN_LISTED:
        return tuple(name for name in (*NATIONAL, *HIGHER_EDUCATION) if name in listed)
    titles = [s.title for s in doc.statements] + list(doc.toc)
    return HIGHER_EDUCATION if any("高等学校" in t for t in titles) else NATIONAL


def run(doc) -> list[Check]:
    if not doc.doc_kind.endswith("决算"):
        return []
    present = {s.name: s for s in doc.statements}
    listed = {name for entry in doc.toc if (name := match_statement(entry))}
    checks = []
    if not present and _annexed(doc):
        return [Check("completeness.statement", "部门决算报表", "not_applicable", "", "", "", (),
                      "no statement is printed in this file; the text says they are "
                      "published separately (见附表)")]
    for name in dict.fromkeys(_template(doc, listed)):
        where = "; the 目录 lists it" if name in listed else ""
        checks.append(finding(
            "completeness.statement", name, name in present,
            (present[name].page_start,) if name in present else (),
            f"{name} is printed" if name in present else f"{name} is missing{where}",
        ))
    for s in doc.statements:
        if s.empty:
            has_note = bool(re.search(r"(说明|注)[:：]", s.note))
            checks.append(finding(
                "completeness.empty_note", s.name, has_note, (s.page_start,),
                "printed empty with a note saying why" if has_note
                else "printed empty without a 说明 saying why",
                actual=s.note))
    return checks
