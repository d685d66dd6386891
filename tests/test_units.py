"""One unit across documents: names folded by one table of rules, the region,
and the documents of one unit, year and kind (output/units.py)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from juesuan_extract.output.units import (
    NAME_RULES,
    Region,
    fold_name,
    identify,
    same_as,
    unit_id,
    unit_rows,
)

# Names as the corpus prints them (../shared/corpus/expected.csv, read from the covers),
# each with the name of the same unit as another document prints it.
SAME_UNIT = [
    # the Jiangsu 省委办公厅 budgets of 2017 (tables, text) and 2018
    ("中国共产党江苏省委员会办公厅", "江苏省委办公厅"),
    ("江苏省委办公厅", "中共江苏省委办公厅"),
    ("中国共产党江苏省委员会办公厅", "中共江苏省委办公厅"),
    ("中共上海市普陀区委社会工作部", "上海市普陀区委社会工作部"),
    ("中共深圳市委宣传部（本级）", "中共深圳市委宣传部(本级)"),  # full-width brackets
    ("江苏省政协办公厅", "中国人民政治协商会议江苏省委员会办公厅"),
    ("江苏省人大常委会办公厅", "江苏省人民代表大会常务委员会办公厅"),
    ("佛山市轨道交通局", "第三部分佛山市轨道交通局"),  # a part heading read with the name
    ("西 南 大 学", "西南大学"),
]
OTHER_UNITS = [
    ("深圳市民政局（本级）", "深圳市民政局"),  # the office alone, and with its units
    ("西安市卫生健康委员会（汇总）", "西安市卫生健康委员会（本级）"),
    ("江苏省人民检察院", "江苏省高级人民法院"),
    ("中共江苏省委办公厅", "江苏省人民政府办公厅"),
    ("北京市发展和改革委员会", "中共北京市委员会"),  # a 委员会 of the government is no Party committee
]


@pytest.mark.parametrize("a,b", SAME_UNIT)
def test_names_of_one_unit_fold_to_one_id(a, b):
    assert fold_name(a) == fold_name(b) and unit_id(a) == unit_id(b) != ""


@pytest.mark.parametrize("a,b", OTHER_UNITS)
def test_names_of_two_units_stay_apart(a, b):
    assert unit_id(a) != unit_id(b)


def test_every_name_rule_folds_a_name_of_the_tests():
    """Each rule of the table, applied in turn, changes one of the real names above."""
    used = set()
    for name in (n for pair in SAME_UNIT for n in pair):
        text = unicodedata.normalize("NFKC", re.sub(r"\s", "", name))
        for pattern, replacement, why in NAME_RULES:
            folded = re.sub(pattern, replacement, text)
            if folded != text:
                used.add(why)
            text = folded
    assert used == {why for _, _, why in NAME_RULES}


def test_the_id_is_the_folded_names_digest_and_stable():
    assert unit_id("中共江苏省委办公厅") == "1ad904eea743"  # the same in every batch
    assert fold_name("中国共产党江苏省委员会办公厅") == "中共江苏省委办公厅"


@pytest.mark.parametrize("name,region", [
    ("江苏省高级人民法院", Region("江苏省", "", "", "省级")),
    ("中共江苏省委办公厅", Region("江苏省", "", "", "省级")),
    ("上海市信访办公室", Region("上海市", "上海市", "", "省级")),  # a municipality's own office
    ("中共上海市普陀区委社会工作部", Region("上海市", "上海市", "普陀区", "县级")),
    ("深圳市住房和建设局（本级）", Region("广东省", "深圳市", "", "市级")),
    ("佛山市轨道交通局", Region("广东省", "佛山市", "", "市级")),
    ("昌吉回族自治州科学技术协会", Region("新疆维吾尔自治区", "昌吉回族自治州", "", "市级")),
    ("福州经济技术开发区生态环境局", Region("福建省", "福州市", "经济技术开发区", "县级")),
    ("国家信访局", Region("", "", "", "中央")),
    ("西南大学", Region()),
    ("广州市市场监督管理局", Region("广东省", "广州市", "", "市级")),  # 市场 is no county-level 市
])
def test_the_region_is_read_from_the_name(name, region):
    unit = identify(name)
    assert unit is not None and unit.region == region


def test_a_name_without_region_takes_the_titles_and_stays_apart():
    putuo = identify("财政局", "上海市普陀区财政局2024年度部门决算")
    other = identify("财政局", "上海市静安区财政局2024年度部门决算")
    assert putuo is not None and other is not None
    assert putuo.name == "上海市普陀区财政局" and putuo.region.county == "普陀区"
    assert putuo.unit_id == unit_id("上海市普陀区财政局") != other.unit_id


@pytest.mark.parametrize("printed", [
    "2026年预算单位一般公共预算支出功能分类预算表", "第二部分", "列入", "万元收入支出项目",
    "上海市XX局", "",
])
def test_a_title_or_heading_read_as_the_name_names_no_unit(printed):
    """So that the documents whose name was misread are not joined through it."""
    assert identify(printed) is None and unit_id(printed) == ""


def _doc(doc_id, file, name, year="2017", kind="部门预算"):
    return {"doc_id": doc_id, "file": file, "unit_name": name, "title": "", "fiscal_year": year,
            "doc_kind": kind, "unit_id": unit_id(name)}


JIANGSU = [
    _doc("a", "js-shengweiban-2017-yusuan-tables.pdf", "中国共产党江苏省委员会办公厅"),
    _doc("b", "js-shengweiban-2017-yusuan.pdf", "江苏省委办公厅"),
    _doc("c", "js-shengweiban-2018-yusuan-tables.pdf", "中共江苏省委办公厅", "2018"),
    _doc("d", "js-renda-2017-yusuan.pdf", "江苏省人大常委会办公厅"),
]


def test_the_units_table_has_a_row_per_unit_with_every_printed_name():
    rows = unit_rows(JIANGSU)
    assert [(r["unit_name"], r["documents"], r["years"], r["level"]) for r in rows] == [
        ("中共江苏省委办公厅", 3, "2017;2018", "省级"), ("江苏省人大常委会办公厅", 1, "2017", "省级")]
    assert rows[0]["names_printed"] == "中国共产党江苏省委员会办公厅; 江苏省委办公厅; 中共江苏省委办公厅"


def test_a_document_of_the_same_unit_year_and_kind_is_marked():
    assert same_as(JIANGSU) == {"b": "a"}  # 2017's text beside 2017's tables; not 2018's
    assert same_as([*JIANGSU, _doc("e", "x.pdf", "江苏省委办公厅", kind="部门决算")]) == {"b": "a"}
