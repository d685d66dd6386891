"""Document metadata from the title: unit name, fiscal year, document kind.

A file that holds only tables (a budget's 公开01–12表 alone) has no title: its
kind, unit and year come from the tables' captions — the 部门：/ 部门名称：/
编制单位： line, a title such as 2019年政府采购预算表, a cover such as
江苏省2018年度省级部门预算公开报表 — and from the kind of statements it prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "昌吉回族自治州科学技术协会2023年度部门决算公开说明",
# "中共上海市普陀区委社会工作部2024年度部门决算"
_TITLE = re.compile(
    r"(?P<unit>[^\s，。；：]{2,60}?)(?P<year>(?:19|20)\d{2})\s*年度?\s*"
    r"(?P<kind>部门决算|单位决算|部门预算|单位预算|决算|预算)"
)
# what may follow the kind in a title (…部门预算公开, …部门决算公开说明); anything
# else after it (a contents heading run into the title line) is not the title's
_TITLE_TAIL = re.compile(r"^(公开说明|情况说明|公开报表|公开|说明|报告|表)?")
_YEAR_CAPTION = re.compile(r"[（(]((?:19|20)\d{2})年度?[）)]")
# 部门：XX, 部门名称：XX, 编制部门：XX, 编制单位：XX up to 单位：万元 or the line end
_UNIT_LINE = re.compile(
    r"(?:编制)?(?:部门(?:名称)?|单位名称|编制单位)[:：](?P<unit>[^\s:：]{2,40}?)(?=单位[:：]|金额单位|$|\n)")
# 2019年政府采购预算表, 江苏省2018年度省级部门预算公开报表, 2025年部门财务收支预算总表
_YEAR_IN_CAPTION = re.compile(r"((?:19|20)\d{2})年度?[^，。\n]{0,12}?(预算|决算)")
_COVER_TITLE = re.compile(r"^[^:：]*?(预算|决算)(公开报表|公开|报表)?")
_KIND_IN_CAPTION = re.compile(r"(部门|单位)(预算|决算)")
# What follows a cover's title and is not part of it: the date it was issued
# (二〇二五年八月, 2025年8月31日) or who issued it (编制单位：…).
_DIGIT = "〇零一二三四五六七八九十0-9０-９"
_AFTER_TITLE = re.compile(
    rf"^\s*(?:[{_DIGIT}]{{4}}\s*年\s*[{_DIGIT}]{{1,2}}\s*月(?:\s*[{_DIGIT}]{{1,3}}\s*日)?\s*$"
    r"|(?:编制|报送|发布|公开)(?:单位|部门|机关|日期|时间)?\s*[:：])"
)


def title_of(cover: list[str]) -> str:
    """The title printed on a cover (its paragraphs in order): everything up to
    the date or issuer line that ends it."""
    lines: list[str] = []
    for text in cover:
        if lines and _AFTER_TITLE.match(text):
            break
        lines.append(text)
    return "".join(lines)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    unit_name: str
    fiscal_year: int | None
    doc_kind: str


def find_metadata(title_candidates: list[str], body_text: str,
                  captions: tuple[str, ...] = (), table_kind: str = "") -> Metadata:
    """Read metadata from the cover/title text, falling back to the body, then to
    the tables' ``captions`` (lines above and title rows of every table) and
    ``table_kind`` (预算 or 决算: what the recognised statements are)."""
    for text in [*title_candidates, body_text[:2000]]:
        m = _TITLE.search(text)
        if m:
            title = _title(text, m) if text in title_candidates else m.group(0)
            return Metadata(title, m["unit"], int(m["year"]), m["kind"])
    for text in captions:  # a cover or title row inside a ruled box
        text = re.sub(r"\s+", "", text)
        m = _TITLE.search(text)
        if m:
            return Metadata(_title(text, m), m["unit"], int(m["year"]), m["kind"])
    year = _YEAR_CAPTION.search(body_text)
    fallback = Metadata(
        title_candidates[0] if title_candidates else "",
        "",
        int(year.group(1)) if year else None,
        "",
    )
    return _from_captions(fallback, [*captions, body_text[:2000]], table_kind)


def _title(text: str, m: re.Match[str]) -> str:
    tail = _TITLE_TAIL.match(text[m.end():])
    return text[: m.end() + (tail.end() if tail else 0)]


def _from_captions(meta: Metadata, texts: list[str], table_kind: str) -> Metadata:
    """Unit, year and kind from 部门：lines, table titles and covers."""
    squashed = [re.sub(r"[ \t\u3000]+", "", t) for t in texts]
    unit = next((m["unit"] for t in squashed for m in _UNIT_LINE.finditer(t)), "")
    year = meta.fiscal_year or next(
        (int(m.group(1)) for t in squashed for m in _YEAR_IN_CAPTION.finditer(t)), None)
    kind = ""
    if table_kind:
        kinds = [m.group(0) for t in squashed for m in _KIND_IN_CAPTION.finditer(t)
                 if m.group(2) == table_kind]
        kind = kinds[0] if kinds else f"部门{table_kind}"
    title = meta.title
    if kind:  # a cover (江苏省2018年度省级部门预算公开报表 / 部门：…), else none
        cover = _COVER_TITLE.search(re.sub(r"\s+", "", title))
        title = cover.group(0) if cover else ""
    return Metadata(title, unit, year, kind)
