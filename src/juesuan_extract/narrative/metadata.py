"""Document metadata from the cover and title: unit name, fiscal year, document kind.

The cover is read first, its lines joined, in the orders producers print it:
unit, year, kind (江苏省人民检察院 / 2017年部门预算); year, unit, kind (2026年 /
广州市水务局部门预算; 2026 年度 / 福州市科学技术局(本级) / 单位预算); and a
预算单位： / 部门名称： line under a general title (上海市2026年市级单位预算 /
预算单位：上海市信访办公室: a 单位预算). A unit is taken only when it reads as one
— it ends as an office's name does (局, 委员会, 办公室 …, see :data:`ORG_ENDINGS`),
and a part heading (第二部分), a table title or a sentence is never one.

A file that holds only tables (a budget's 公开01–12表 alone) has no title: its
kind, unit and year come from the tables' captions — the 部门：/ 部门名称：/
编制单位： line, a title such as 2019年政府采购预算表, a cover such as
江苏省2018年度省级部门预算公开报表 — and from the kind of statements it prints.
A template's placeholder unit (上海市XX局) is no unit, and its year no year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The kinds a title names, 部门综合预算 (西安) being a 部门预算 and 市级单位预算 (上海) a 单位预算.
_KINDS = r"(?P<kind>部门综合预算|部门决算|单位决算|部门预算|(?:市级|区级|县级)?单位预算|决算|预算)"
# "昌吉回族自治州科学技术协会2023年度部门决算公开说明",
# "中共上海市普陀区委社会工作部2024年度部门决算", "北京市…委员会2026部门预算情况的说明"
_TITLE = re.compile(
    r"(?P<unit>[^\s，。；：]{2,60}?)(?P<year>(?:19|20)\d{2})\s*(?:年度?)?\s*" + _KINDS
)
# "2026年广州市水务局部门预算", "2026年度福州市科学技术局(本级)单位预算"
_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<unit>[^\s，。；：]{2,60}?)\s*" + _KINDS
)
# How an office's name ends: what a unit name must end with (before a printed
# （本级） / （汇总）), so that a heading, a title or a phrase is never taken for one.
ORG_ENDINGS = (
    "局", "委员会", "委", "厅", "办公室", "办", "院", "中心", "部", "会", "所", "站", "队", "处",
    "室", "馆", "校", "大学", "学院", "政府", "公司", "集团", "社", "台", "团", "署", "组", "监狱",
    "联合会", "协会", "科协", "党校", "法院", "检察院", "总工会", "妇联", "团委", "宫",
)
_SCOPE = re.compile(r"[（(](本级|汇总|部门汇总|本部)[)）]$")
_PLACEHOLDER = re.compile(r"XX|ＸＸ|××|\*\*")
_PART_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|附件\d*[:：]?)")
# 预算单位：XX, 部门名称：XX, 部 门:XX on a cover
_COVER_UNIT = re.compile(r"(?:预算单位|部门名称|单位名称|编制单位|部门)[:：](?P<unit>[^\s:：]{2,40}?)"
                         r"(?=单位[:：]|保密|(?:19|20)\d{2}\s*年|$|\n)")
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


def is_unit_name(text: str) -> bool:
    """Whether a text reads as an office's name (see :data:`ORG_ENDINGS`)."""
    name = _SCOPE.sub("", text)
    return 2 <= len(name) and name.endswith(ORG_ENDINGS) and not _PART_HEADING.match(name) \
        and not re.search(r"[，。；、“”]|(?:19|20)\d{2}年", name)


def _kind(kind: str, explicit_unit: bool = False) -> str:
    if kind == "部门综合预算":
        return "部门预算"
    if kind.endswith("单位预算"):
        return "单位预算"
    if kind == "预算" and explicit_unit:  # 上海市2026年… / 预算单位：…
        return "单位预算"
    return kind


def _unit(text: str) -> str:
    """A unit name less a part heading run into it (第三部分佛山市轨道交通局)."""
    return _PART_HEADING.sub("", text)


def cover_metadata(cover: str) -> Metadata | None:
    """Unit, year and kind from a cover's lines (joined: a name wraps), or None
    when the cover names no unit that reads as one."""
    lines = [re.sub(r"\s+", "", ln) for ln in cover.split("\n")]
    lines = [ln for ln in lines if ln]
    head = "".join(title_of(lines[:6]).split())
    if not head:
        return None
    explicit = next((m["unit"] for ln in lines[:8] for m in _COVER_UNIT.finditer(ln)
                     if is_unit_name(m["unit"])), "")
    for pattern in (_YEAR_FIRST, _TITLE):
        for m in pattern.finditer(head):
            unit = _unit(m["unit"])
            if is_unit_name(unit):
                return _placeholder(Metadata(_title(head, m), unit, int(m["year"]), _kind(m["kind"])))
            if explicit:  # a general title over the unit's own line: 上海市2026年市级单位预算
                return Metadata(_title(head, m), explicit, int(m["year"]), _kind(m["kind"], True))
    return None


def _placeholder(meta: Metadata) -> Metadata:
    """A template's placeholder unit (上海市XX局): no unit and no year."""
    if _PLACEHOLDER.search(meta.unit_name):
        return Metadata(meta.title, "", None, meta.doc_kind)
    return meta


def find_metadata(title_candidates: list[str], body_text: str,
                  captions: tuple[str, ...] = (), table_kind: str = "",
                  cover: str = "") -> Metadata:
    """Read metadata from the ``cover`` (the first page's lines), the title text,
    falling back to the body, then to the tables' ``captions`` (lines above and
    title rows of every table) and ``table_kind`` (预算 or 决算: what the
    recognised statements are)."""
    found = cover_metadata(cover) if cover else None
    if found is not None:
        return found
    for text in [*title_candidates, body_text[:2000]]:
        for m in _TITLE.finditer(text):
            unit = _unit(m["unit"])
            if not is_unit_name(unit):
                continue
            title = _title(text, m) if text in title_candidates else m.group(0)
            return _placeholder(Metadata(title, unit, int(m["year"]), _kind(m["kind"])))
    for text in captions:  # a cover or title row inside a ruled box
        text = re.sub(r"\s+", "", text)
        for m in _TITLE.finditer(text):
            unit = _unit(m["unit"])
            if is_unit_name(unit):
                return _placeholder(Metadata(_title(text, m), unit, int(m["year"]),
                                             _kind(m["kind"])))
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
    unit = next((m["unit"] for t in squashed for m in _UNIT_LINE.finditer(t)
                 if is_unit_name(m["unit"])), "")
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
