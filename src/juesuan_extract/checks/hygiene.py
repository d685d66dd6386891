"""Text hygiene: the fiscal year and unit name used consistently, template
residue (XX, ××, 某某), doubled punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Check
from .base import excerpt, finding

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_AS_OF = re.compile(r"截[至止]\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_RESIDUE = re.compile(r"(X{2,}|x{2,}|Ｘ{2,}|×{2,}|某某|＊＊|\*\*|○○|（此处[^）]*）|由主管部门根据[^。]*)")
_GENERIC = ("单位", "部门", "本单位", "本部门")  # 第一部分 单位概况
_DOUBLED = re.compile(r"([。，、；：！？])\1+|[，、；：][。，、；：]|。[，、；]")


def _texts(doc) -> Iterator[tuple[str, int, str]]:
    """(where, page, text) of every printed passage the checks read: titles,
    headings and statement captions whole; section bodies sentence by sentence
    (a sentence keeps its closing 。 and anything doubled after it)."""
    if doc.title:
        yield "title", 1, doc.title
    for s in doc.sections:
        yield f"heading {s.heading[:30]}", s.page_start, s.heading
        for m in re.finditer(r"[^。\n]*(?:。+|\n|$)", s.text):
            if m.group().strip():
                yield f"text of {s.heading[:30]}", s.page_at(m.start()), m.group()
    for st in doc.statements:
        yield f"{st.name} caption", st.page_start, st.caption


def run(doc) -> list[Check]:
    checks: list[Check] = []
    template = _RESIDUE.search(doc.title or "")  # the title names no unit: a blank template
    blanks = 0
    for where, page, text in _texts(doc):
        checks += _year(doc, where, page, text)
        m = _RESIDUE.search(text)  # one finding per passage, however many blanks
        if m and template:
            blanks += 1
        elif m:
            checks.append(finding("hygiene.template_residue", where, False, (page,),
                                  f"template text left in: “{m.group()}” in “{_quote(text, m)}”"))
        for m in _DOUBLED.finditer(text):
            checks.append(finding("hygiene.punctuation", where, False, (page,),
                                  f"doubled punctuation “{m.group()}” in “{_quote(text, m)}”"))
    if template:  # one finding for the whole document, not one per blank
        checks.append(finding("hygiene.template_residue", "title", False, (1,),
                              f"the document is a template: its title reads “{doc.title}”, and "
                              f"{blanks} passages hold blanks to fill in"))
    if doc.unit_name:
        checks += _unit_name(doc)
    return checks


def _quote(text: str, m: re.Match[str], width: int = 24) -> str:
    return excerpt(text, m.start(), m.end(), before=width, after=width)


def _year(doc, where: str, page: int, text: str) -> list[Check]:
    if doc.fiscal_year is None:
        return []
    out = []
    # a 决算 counts its assets at its own year's end; a budget, made before its year
    # begins, at the end of the year before (截至2025年12月31日 in a 2026 budget)
    as_of = doc.fiscal_year - 1 if doc.doc_kind.endswith("预算") else doc.fiscal_year
    for pattern, what in ((_YEAR, "年度"), (_AS_OF, "截至…12月31日")):
        expected = as_of if pattern is _AS_OF else doc.fiscal_year
        for m in pattern.finditer(text):
            year = int(m.group(1))
            # 与2023年度相比: the previous year is named on purpose
            if year == doc.fiscal_year - 1 and re.search(r"(与|比|较)\s*$", text[:m.start()][-4:]):
                continue
            if year != doc.fiscal_year and what == "年度" and where.startswith("text of"):
                continue  # body text names other years freely; titles must not
            out.append(finding("hygiene.fiscal_year", where, year == expected, (page,),
                               f"{what} {year} in “{_quote(text, m)}”",
                               expected=str(expected), actual=str(year)))
    return out


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is ``name`` shortened, every character of it in the name, in
    order (省检察院 for 江苏省人民检察院, 省委办公厅 for 江苏省委办公厅)."""
    rest = iter(name)
    return len(short) >= 3 and all(ch in rest for ch in short)


def _unit_name(doc) -> list[Check]:
    """Headings and statement captions that name a unit must name this one."""
    out = []
    for s in doc.sections:
        m = re.match(r"^第[一二三四五六七八九十]+部分(.+?)(?:(?:19|20)\d{2}年度|概况)", s.heading)
        if m and m.group(1) not in ("", doc.unit_name, *_GENERIC) \
                and not _abbreviates(m.group(1), doc.unit_name):
            out.append(finding("hygiene.unit_name", f"heading {s.heading[:30]}", False,
                               (s.page_start,), f"heading names “{m.group(1)}”",
                               expected=doc.unit_name, actual=m.group(1)))
    for st in doc.statements:
        caption = re.sub(r"^第[一二三四五六七八九十]+部分", "", st.caption.replace(" ", ""))
        m = re.search(r"([^\s]{2,40}?)(?:19|20)\d{2}年度部门决算", caption)
        if m and m.group(1) not in (doc.unit_name, *_GENERIC) \
                and not _abbreviates(m.group(1), doc.unit_name):
            out.append(finding("hygiene.unit_name", f"{st.name} caption", False, (st.page_start,),
                               f"caption names “{m.group(1)}”", expected=doc.unit_name,
                               actual=m.group(1)))
    return out
