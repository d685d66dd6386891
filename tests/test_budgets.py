"""Budget disclosures (部门预算) as a document kind: metadata of every corpus budget PDF,
their statements recognised and read, against the hand-written golden files."""

from __future__ import annotations

import pytest
from test_budget_titles import CORPUS_TITLES

from conftest import GOLDEN, SHARED, require_shared
from golden import compare
from grids import make_grid
from juesuan_extract.output.records import cell_value, in_wan, to_records
from juesuan_extract.tables.budget_statements import read_budget_statement
from juesuan_extract.tables.budget_titles import BUDGET_STATEMENTS

BUDGETS = SHARED / "corpus" / "budgets"

# Written by hand from the covers, 部门： lines and table titles of the rendered pages.
# None of them says 单位预算. The tables-only files print no cover title (renda-2019-tables
# and shengweiban-2017-tables: the year only in 20XX年政府采购预算表) or a cover that is not a
# "<unit><year>部门预算" title (shengweiban-2018-tables).
METADATA = {
    "js-gaoyuan-2019-yusuan": ("部门预算", "江苏省高级人民法院", 2019),
    "js-jianchayuan-2017-yusuan": ("部门预算", "江苏省人民检察院", 2017),
    "js-jianchayuan-2018-yusuan": ("部门预算", "江苏省人民检察院", 2018),
    "js-renda-2017-yusuan": ("部门预算", "江苏省人大常委会办公厅", 2017),
    "js-renda-2019-yusuan": ("部门预算", "江苏省人大常委会办公厅", 2019),
    "js-renda-2019-yusuan-tables": ("部门预算", "江苏省人大常委会办公厅", 2019),
    "js-shengweiban-2017-yusuan": ("部门预算", "江苏省委办公厅", 2017),
    "js-shengweiban-2017-yusuan-tables": ("部门预算", "中国共产党江苏省委员会办公厅", 2017),
    "js-shengweiban-2018-yusuan-tables": ("部门预算", "中共江苏省委办公厅", 2018),
    "js-zhengxie-2017-yusuan": ("部门预算", "江苏省政协办公厅", 2017),
    "js-zhengxie-2017-yusuan-tables": ("部门预算", "江苏省政协办公厅", 2017),
}
GOLDEN_DOCS = sorted(p.name for p in (GOLDEN / "budgets").iterdir() if p.is_dir())
KEYS = {
    "documents": ("unit_name",),
    "statements": ("statement",),
    "statement_rows": ("statement", "code", "name", "column_path"),
}
# Every file that prints tables, js-renda-2017-yusuan included: its WPS pages carry the
# next page's text below the page's edge, a title boxed alone at a page's foot and
# a title printed above the table overleaf.
TABLE_FILES = sorted(CORPUS_TITLES)


def _doc(stem, extracted):
    doc = extracted(require_shared(BUDGETS / f"{stem}.pdf"))
    assert doc.status == "ok", doc.error
    return doc


@pytest.mark.parametrize("stem", sorted(METADATA))
def test_kind_unit_and_year(stem, extracted):
    doc = _doc(stem, extracted)
    assert (doc.doc_kind, doc.unit_name, doc.fiscal_year) == METADATA[stem]
    assert not any(w.startswith("not_juesuan") for w in doc.warnings)


@pytest.mark.parametrize("stem", GOLDEN_DOCS)
@pytest.mark.parametrize("table", list(KEYS))
def test_budget_matches_golden(stem, table, extracted):
    doc = _doc(stem, extracted)
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(GOLDEN / "budgets" / stem / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("stem", TABLE_FILES)
def test_every_printed_table_is_recognised(stem, extracted):
    """Each title of test_budget_titles.CORPUS_TITLES is a statement starting on its page;
    a title printed again over a table's next page (zhengxie 政府采购) continues it."""
    doc = _doc(stem, extracted)
    expected = []
    for _page, _, statement, _ in CORPUS_TITLES[stem]:
        if not expected or expected[-1] != (statement,):
            expected.append((statement,))
    starts = {(s.name, s.page_start) for s in doc.statements}
    assert [(s.name,) for s in doc.statements] == expected
    for page, title, statement, _ in CORPUS_TITLES[stem]:
        assert (statement, page) in starts or any(
            s.name == statement and s.page_start < page <= s.page_end for s in doc.statements
        ), (title, page)


@pytest.mark.parametrize("stem", TABLE_FILES)
def test_printed_numbers(stem, extracted):
    """The 公开NN表 / 公开表N / 表N number where it is printed, none where it is not."""
    doc = _doc(stem, extracted)
    printed = {statement: number for _, _, statement, number in CORPUS_TITLES[stem]}
    if stem == "js-zhengxie-2017-yusuan-tables":  # 表一 … 表十二 on lines and rows of their own
        printed = {s: i for i, (_, _, s, _) in enumerate(CORPUS_TITLES[stem][:12], start=1)}
    assert {s.name: s.number for s in doc.statements} == printed


def test_budget_names_are_canonical(extracted):
    for stem in TABLE_FILES:
        doc = _doc(stem, extracted)
        assert all(s.name in BUDGET_STATEMENTS for s in doc.statements), stem


@pytest.mark.parametrize(("value", "unit", "wan"), [
    ("37188.34", "万元", "37188.34"),
    ("371883400.00", "元", "37188.34"),
    ("1234", "元", "0.1234"),
    ("0", "元", "0"),
    ("-12.50", "万元", "-12.50"),
    ("5", "", None),
])
def test_value_in_wan(value, unit, wan):
    from decimal import Decimal

    result = in_wan(Decimal(value), unit)
    assert (None if result is None else Decimal(result)) == (None if wan is None else Decimal(wan))


def test_statement_rows_carry_value_in_wan(extracted):
    doc = _doc("js-gaoyuan-2019-yusuan", extracted)
    rows = to_records(doc)["statement_rows"]
    assert rows and all(r["value_wan"] == r["value"] and r["unit"] == "万元" for r in rows)


@pytest.mark.parametrize("stem", TABLE_FILES)
def test_every_number_of_a_budget_table_is_accounted_for(stem, extracted):
    """Each number in the ruling of a recognised budget table is a value, a 科目编码, a part
    of a row label (台式计算机（20万以下）) or of an amount a ruling line cuts (267.8 | 0)."""
    doc = _doc(stem, extracted)
    pages = {p for s in doc.statements for p in range(s.page_start, s.page_end + 1)}
    missed = [u for u in doc.unaccounted if u.page in pages
              and u.reason in ("not read as a statement value", "in a table that is not read")]
    assert not missed, missed[:5]


def test_a_project_table_keeps_the_text_beside_its_amounts():
    """项目支出预算表 printing each project's 绩效目标 after its amounts: the text is the
    row's (statement_texts, with the row's name), the numbers in it are captured with
    it, and a label left of the amounts stays the row's name."""

    goal = "通过开展热线服务项目，组建不少于10人的团队，工单办结率达到95%。"
    grid = make_grid(5, [0, 120, 200, 280, 480], [
        ["项目名称", "合计", "财政拨款", "绩效目标"],
        ["热线服务经费", "1,550.00", "1,550.00", goal],
        ["驻局纪检专项经费", "70.00", "70.00", "保障派驻纪检组履职。"],
    ])
    statement = read_budget_statement(1, "项目支出预算表", "项目支出预算表", "万元", [grid])
    assert [(v.name, v.column, str(v.value)) for v in statement.values] == [
        ("热线服务经费", "合计", "1550.00"), ("热线服务经费", "财政拨款", "1550.00"),
        ("驻局纪检专项经费", "合计", "70.00"), ("驻局纪检专项经费", "财政拨款", "70.00")]
    assert [(t.row_seq, t.name, t.column, t.text) for t in statement.texts] == [
        (1, "热线服务经费", "绩效目标", goal), (2, "驻局纪检专项经费", "绩效目标", "保障派驻纪检组履职。")]


def test_the_rest_of_a_rows_text_carried_over_the_page_stays_the_rows():
    page1 = make_grid(5, [0, 120, 200, 480], [
        ["项目名称", "合计", "绩效目标"],
        ["城市更新经费", "1,995.00", "开展城市更新工作，形成城市更新年度实施计划成果报告、城市更新项目推进实施评估研究报告、"],
    ])
    page2 = make_grid(6, [0, 120, 200, 480], [
        ["", "", "完成1个建筑废弃物综合利用产品项目的认定。"],
        ["规划类经费", "40.00", "完成4个专项规划编制。"],
    ])
    statement = read_budget_statement(1, "项目支出预算表", "项目支出预算表", "万元", [page1, page2])
    assert [(t.row_seq, t.name, t.page, t.text) for t in statement.texts] == [
        (1, "城市更新经费", 5, "开展城市更新工作，形成城市更新年度实施计划成果报告、城市更新项目推进实施评估研究报告、"),
        (1, "城市更新经费", 6, "完成1个建筑废弃物综合利用产品项目的认定。"),
        (2, "规划类经费", 6, "完成4个专项规划编制。")]
