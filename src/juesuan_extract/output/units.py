"""One unit across documents: a normalised name, a stable id and the region it belongs to.

The same office prints its name in several ways from one year to the next, or in
the tables and the text of one year: 中国共产党江苏省委员会办公厅, 江苏省委办公厅 and
中共江苏省委办公厅 are one unit. Its name is folded by the rules of
:data:`NAME_RULES`, in order, after full-width forms are made plain and spaces
removed (NFKC): each rule is one row, with why and where it was seen, so a new
way of naming is a new row. The folded name is the unit; ``unit_id`` is the
first 12 hex digits of its SHA-256, the same in every batch. A qualifier that
changes what is counted stays: 深圳市民政局(本级) (the office alone) and
深圳市民政局 or …(汇总) (with its subordinate units) are different units.

A printed "name" that does not end as an office's does (:data:`UNIT_ENDINGS`:
a table title or a heading read in its place) or holds a template's
placeholder names no unit.

The region is read from the folded name, and from the document's title when
the name gives none: a province (:data:`PROVINCES`), a prefecture-level city
(:data:`CITIES` names its province; another ``…市`` / ``…自治州`` / ``…地区`` is
a city of unknown province), a district or county after them (``…区``, ``…县``,
``…旗``). A name that gives no region but whose title does (a department called
财政局 in a document titled 上海市普陀区…) is prefixed with the title's region, so
that two 财政局 of two districts stay apart. A central department
(:data:`CENTRAL`) has the level 中央. ``level`` is the level of government the
unit belongs to: 中央, 省级, 市级 or 县级 (a municipality's own departments, 上海市…,
are 省级; its districts' 县级).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Regions at the start of a name: one or more administrative names, each ending with
# the word that says what it is.
_REGION = r"(?:[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|自治州|地区|盟|县|区|旗))+"

# (pattern, replacement, why and where seen): applied in order to the NFKC-folded name
NAME_RULES: tuple[tuple[str, str, str], ...] = (
    (r"^第[一二三四五六七八九十]+部分", "",
     "a part heading read with the name: 第三部分佛山市轨道交通局 (foshan-guidao-2019-juesuan)"),
    (r"^中国共产党", "中共",
     "the Party's full name and its short form: 中国共产党江苏省委员会办公厅 "
     "(js-shengweiban-2017-yusuan-tables p. 1) is 中共江苏省委办公厅 (js-shengweiban-2018-yusuan-tables)"),
    (rf"^中共(?P<region>{_REGION})委员会", r"中共\g<region>委",
     "a Party committee's full name and its short form: 中共江苏省委员会办公厅 is 中共江苏省委办公厅"),
    (rf"^(?!中共)(?P<region>{_REGION})委(?!员)", r"中共\g<region>委",
     "a Party committee's office named without 中共: 江苏省委办公厅 (js-shengweiban-2017-yusuan p. 1)"),
    (r"^中国人民政治协商会议(?P<region>.+?)委员会", r"\g<region>政协",
     "the CPPCC's full name and its short form: 江苏省政协办公厅 (js-zhengxie-2017-yusuan)"),
    (r"人民代表大会常务委员会", "人大常委会",
     "the People's Congress standing committee and its short form: 江苏省人大常委会办公厅 (js-renda-2017-yusuan)"),
)
_NAME_RULES = tuple((re.compile(rx), to) for rx, to, _ in NAME_RULES)

# Province-level divisions: (name, short name); the four municipalities first.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "北京"), ("天津市", "天津"), ("上海市", "上海"), ("重庆市", "重庆"),
    ("河北省", "河北"), ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"),
    ("黑龙江省", "黑龙江"), ("江苏省", "江苏"), ("浙江省", "浙江"), ("安徽省", "安徽"),
    ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"), ("河南省", "河南"),
    ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("海南省", "海南"),
    ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"),
    ("甘肃省", "甘肃"), ("青海省", "青海"), ("台湾省", "台湾"),
    ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"), ("西藏自治区", "西藏"),
    ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"),
    ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)
# Prefecture-level cities and their provinces: every provincial capital, the
# sub-provincial cities, and the cities of the documents read so far. A city not
# listed is still a city, of unknown province: add a row.
CITIES: tuple[tuple[str, str], ...] = (
    ("石家庄市", "河北省"), ("太原市", "山西省"), ("呼和浩特市", "内蒙古自治区"), ("沈阳市", "辽宁省"),
    ("大连市", "辽宁省"), ("长春市", "吉林省"), ("哈尔滨市", "黑龙江省"), ("南京市", "江苏省"),
    ("苏州市", "江苏省"), ("杭州市", "浙江省"), ("宁波市", "浙江省"), ("湖州市", "浙江省"),
    ("合肥市", "安徽省"), ("福州市", "福建省"), ("厦门市", "福建省"), ("泉州市", "福建省"),
    ("南昌市", "江西省"), ("济南市", "山东省"), ("青岛市", "山东省"), ("郑州市", "河南省"),
    ("武汉市", "湖北省"), ("长沙市", "湖南省"), ("广州市", "广东省"), ("深圳市", "广东省"),
    ("佛山市", "广东省"), ("南宁市", "广西壮族自治区"), ("海口市", "海南省"), ("成都市", "四川省"),
    ("贵阳市", "贵州省"), ("昆明市", "云南省"), ("拉萨市", "西藏自治区"), ("西安市", "陕西省"),
    ("兰州市", "甘肃省"), ("西宁市", "青海省"), ("银川市", "宁夏回族自治区"),
    ("乌鲁木齐市", "新疆维吾尔自治区"), ("昌吉回族自治州", "新疆维吾尔自治区"),
)
# Names of central (中央) departments and institutions: 国家信访局 (budgets/cities/009_武汉)
CENTRAL = r"^(?:国家|中华人民共和国|中央|全国|国务院)"
# The last character of an office's name (before a bracketed qualifier such as (本级)):
# 局, 厅, 委, 委员会, 办公室, 院, 大学, 中心 … A "name" ending otherwise is a title or a
# heading read in its place (2026年预算单位一般公共预算支出功能分类预算表, 第二部分, 列入):
# it names no unit, so that documents are not joined through it.
UNIT_ENDINGS = "局厅委会办室院馆所站队部校学处科团社署府台园场司组庭盟心"
_ENDING = re.compile(rf"[{UNIT_ENDINGS}](?:\([^()]*\))*$")
_PLACEHOLDER = re.compile(r"XX|ＸＸ")  # a template's 上海市XX局

_CITY = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区|盟)")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:自治县|县|区|旗|市)")
_CENTRAL = re.compile(CENTRAL)
_PARTY = re.compile(r"^中共")
_SPACE = re.compile(r"\s+")
_CITY_PROVINCE = dict(CITIES)
_SHORT_CITIES = {name.removesuffix("市"): name for name, _ in CITIES if name.endswith("市")}


@dataclass(frozen=True, slots=True)
class Region:
    province: str = ""
    city: str = ""
    county: str = ""  # a district (区) or county (县, 旗, county-level 市)
    level: str = ""  # 中央, 省级, 市级, 县级 or '' when nothing says

    @property
    def prefix(self) -> str:
        return self.province + (self.city if self.city != self.province else "") + self.county


def fold_name(name: str) -> str:
    """The printed name made plain (NFKC, no spaces) and folded by :data:`NAME_RULES`."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))
    for pattern, replacement in _NAME_RULES:
        folded = pattern.sub(replacement, folded)
    return folded


def region_of(name: str) -> Region:
    """The region a folded name begins with (:class:`Region`; all empty when none)."""
    if _CENTRAL.search(name):
        return Region(level="中央")
    rest = _PARTY.sub("", name)
    province = next((full for full, _ in PROVINCES if rest.startswith(full)), "")
    rest = rest[len(province):]
    city = ""
    short = next((s for s in _SHORT_CITIES if rest.startswith(s)), "")
    if province in MUNICIPALITIES:
        city = province
    elif m := _CITY.match(rest):
        city, rest = m.group(), rest[m.end():]
    elif short:  # 福州经济技术开发区: the city printed without 市
        city, rest = _SHORT_CITIES[short], rest[len(short):]
    province = province or _CITY_PROVINCE.get(city, "")
    county = m.group() if city and (m := _COUNTY.match(rest)) else ""
    level = ("县级" if county else "市级" if city and city != province else "省级" if province
             else "")
    return Region(province, city, county, level)


@dataclass(frozen=True, slots=True)
class Unit:
    unit_id: str
    name: str  # folded, with the title's region in front when the name gives none
    region: Region


def identify(unit_name: str, title: str = "") -> Unit | None:
    """The unit a document's printed name (and title) names; None without a name."""
    name = fold_name(unit_name)
    if not _ENDING.search(name) or _PLACEHOLDER.search(name):
        return None
    region = region_of(name)
    if not (region.province or region.city or region.level):
        titled = region_of(fold_name(title))
        if titled.province or titled.city:
            name, region = titled.prefix + name, titled
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return Unit(digest[:12], name, region)


def unit_id(unit_name: str, title: str = "") -> str:
    """The stable id of the unit a document names ('' without a name)."""
    unit = identify(unit_name, title)
    return unit.unit_id if unit else ""


# --- the units table and the documents of one unit, year and kind ---------------------

UNITS_COLUMNS: tuple[str, ...] = (
    "unit_id", "unit_name", "names_printed", "province", "city", "county", "level", "documents",
    "years",
)


def unit_rows(documents: Iterable[Mapping[str, str]]) -> list[dict[str, object]]:
    """One row per unit of ``documents`` (rows of the documents table, as CSV cells),
    in order of first appearance."""
    units: dict[str, dict[str, object]] = {}
    names: dict[str, list[str]] = {}
    years: dict[str, set[int]] = {}
    for doc in documents:
        unit = identify(doc.get("unit_name", ""), doc.get("title", ""))
        if unit is None:
            continue
        if unit.unit_id not in units:
            r = unit.region
            units[unit.unit_id] = {
                "unit_id": unit.unit_id, "unit_name": unit.name, "province": r.province,
                "city": r.city, "county": r.county, "level": r.level, "documents": 0}
            names[unit.unit_id], years[unit.unit_id] = [], set()
        units[unit.unit_id]["documents"] = int(str(units[unit.unit_id]["documents"])) + 1
        if doc["unit_name"] not in names[unit.unit_id]:
            names[unit.unit_id].append(doc["unit_name"])
        if str(doc.get("fiscal_year", "")).isdigit():
            years[unit.unit_id].add(int(doc["fiscal_year"]))
    return [{**row, "names_printed": "; ".join(names[key]),
             "years": ";".join(map(str, sorted(years[key])))} for key, row in units.items()]


def same_as(documents: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """doc_id → the doc_id of the first document (by file) of the same unit, fiscal
    year and kind, for every later one: a copy, a re-issue, or another part of the
    same disclosure (its tables in a file of their own)."""
    first: dict[tuple[str, str, str], str] = {}
    marks: dict[str, str] = {}
    for doc in sorted(documents, key=lambda d: d.get("file", "")):
        key = (doc.get("unit_id", ""), str(doc.get("fiscal_year", "")), doc.get("doc_kind", ""))
        if not all(key):
            continue
        if key in first:
            marks[doc["doc_id"]] = first[key]
        else:
            first[key] = doc["doc_id"]
    return marks
