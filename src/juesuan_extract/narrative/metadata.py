"""Document metadata from the title: unit name, fiscal year, document kind."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "昌吉回族自治州科学技术协会2023年度部门决算公开说明",
# "中共上海市普陀区委社会工作部2024年度部门决算"
_TITLE = re.compile(
    r"(?P<unit>[^\s，。；：]{2,60}?)(?P<year>(?:19|20)\d{2})\s*年度?\s*"
    r"(?P<kind>部门决算|单位决算|部门预算|单位预算|决算|预算)"
)
_YEAR_CAPTION = re.compile(r"[（(]((?:19|20)\d{2})年度?[）)]")
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


def find_metadata(title_candidates: list[str], body_text: str) -> Metadata:
    """Read metadata from the cover/title text, falling back to the body."""
    for text in [*title_candidates, body_text[:2000]]:
        m = _TITLE.search(text)
        if m:
            title = text if text in title_candidates else m.group(0)
            return Metadata(title, m["unit"], int(m["year"]), m["kind"])
    year = _YEAR_CAPTION.search(body_text)
    return Metadata(
        title_candidates[0] if title_candidates else "",
        "",
        int(year.group(1)) if year else None,
        "",
    )
