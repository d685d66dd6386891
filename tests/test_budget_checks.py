"""Facts and checks of a budget: 预算 qualifiers, no 决算 check, the budget identities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SHARED, require_shared
from juesuan_extract.checks import run_checks
from juesuan_extract.geometry import Box
from juesuan_extract.model import DocumentResult, Fact, Statement, StatementValue
from juesuan_extract.narrative.budget import as_budget_facts
from juesuan_extract.tables.budget_titles import BUDGET_STATEMENTS

BUDGETS = SHARED / "corpus" / "budgets"
STEMS = sorted(p.stem for p in BUDGETS.glob("*.pdf")) if BUDGETS.exists() else []
WITH_TABLES = ["js-gaoyuan-2019-yusuan", "js-jianchayuan-2017-yusuan", "js-jianchayuan-2018-yusuan",
               "js-renda-2019-yusuan-tables", "js-shengweiban-2017-yusuan-tables",
               "js-shengweiban-2018-yusuan-tables", "js-zhengxie-2017-yusuan-tables"]
FINAL_ACCOUNTS_CHECKS = ("cross.", "completeness.")


@pytest.mark.parametrize("stem", STEMS)
def test_no_budget_figure_is_called_final_accounts(stem, extracted):
    doc = extracted(require_shared(BUDGETS / f"{stem}.pdf"))
    assert not [f for f in doc.facts if "决算" in f.qualifier]
    money = [f for f in doc.facts if f.unit == "万元" and f.value is not None and not f.qualifier]
    assert not money, money[:3]


@pytest.mark.parametrize("stem", STEMS)
def test_no_final_accounts_check_runs_on_a_budget(stem, extracted):
    doc = extracted(require_shared(BUDGETS / f"{stem}.pdf"))
    assert not [c for c in doc.checks if c.check_id.startswith(FINAL_ACCOUNTS_CHECKS)]
    assert not [c for c in doc.checks if "决算" in c.scope + c.message]


@pytest.mark.parametrize("stem", WITH_TABLES)
def test_budget_identities_hold(stem, extracted):
    """The 公开表s agree with each other and with the narrative's total (these files print
    no contradiction between tables)."""
    doc = extracted(require_shared(BUDGETS / f"{stem}.pdf"))
    budget = [c for c in doc.checks if c.check_id.startswith("budget.")]
    assert len([c for c in budget if c.check_id == "budget.totals"]) >= 10
    assert all(c.status == "pass" for c in budget), [c for c in budget if c.status != "pass"]
    sums = [c for c in doc.checks if c.check_id.startswith("statement.")]
    assert sums and all(c.status == "pass" for c in sums), [c for c in sums if c.status != "pass"]


def test_narrative_total_checked_against_the_table(extracted):
    doc = extracted(require_shared(BUDGETS / "js-gaoyuan-2019-yusuan.pdf"))
    [check] = [c for c in doc.checks if c.check_id == "budget.narrative"]
    assert (check.status, check.expected, check.actual) == ("pass", "37188.34", "37188.34")
    [fact] = [f for f in doc.facts if f.fact == "收入支出总计"]
    assert (fact.qualifier, fact.value, fact.change_amount, fact.change_pct, fact.direction) == (
        "预算", Decimal("37188.34"), Decimal("4016.19"), Decimal("12.11"), "增加")


_CELLS = iter(range(10**6))


def _v(name: str, column: str, value: str, page: int, code: str = "", row: int = 0) -> StatementValue:
    """A value in a cell of its own (each value its own box, as on a page), on a
    printed line of its own unless ``row`` names one."""
    x = next(_CELLS)
    return StatementValue(row or 100 + x, code, "", name, column, Decimal(value), page,
                          Box(page, x, 0, x + 1, 1))


def _budget_doc(spending_total: str) -> DocumentResult:
    total = Statement(1, BUDGET_STATEMENTS[0], "收支预算总表", "万元", 8, 8, values=[
        _v("一、财政拨款", "收入/金额", "100.00", 8),
        _v("一、基本支出", "支出/支出用途/金额", "60.00", 8),
        _v("二、项目支出", "支出/支出用途/金额", "40.00", 8),
        _v("收入合计", "收入/金额", "100.00", 8),
        _v("支出合计", "支出/支出用途/金额", "100.00", 8),
    ])
    spending = Statement(2, BUDGET_STATEMENTS[2], "支出预算总表", "万元", 9, 9, values=[
        _v("", "合计", spending_total, 9, row=1), _v("", "基本支出", "60.00", 9, row=1),
        _v("", "项目支出", "40.00", 9, row=1),
    ])
    fact = Fact("收入支出总计", "预算", Decimal("100.00"), "万元", None, None, "", "", 12,
                "2019年度收入、支出预算总计100.00万元。", 1)
    return DocumentResult(file="b.pdf", unit_name="某某厅", fiscal_year=2019, doc_kind="部门预算",
                          statements=[total, spending], facts=[fact])


def test_a_contradiction_between_tables_is_named_with_pages_and_values():
    checks = run_checks(_budget_doc("110.00"))
    # the table's own 合计 = 基本支出 + 项目支出 fails too (statement.column_sum)
    assert {c.check_id for c in checks if c.status == "fail"} == {"budget.totals", "statement.column_sum"}
    [fail] = [c for c in checks if c.status == "fail" and c.check_id == "budget.totals"]
    assert "收支预算总表 支出合计" in fail.scope and "支出预算总表 合计" in fail.scope
    assert (fail.expected, fail.actual, fail.difference, fail.pages) == ("100", "110", "10", (8, 9))


def test_consistent_budget_passes():
    checks = run_checks(_budget_doc("100.00"))
    assert checks and all(c.status == "pass" for c in checks)
    assert {c.check_id for c in checks} >= {"budget.totals", "budget.narrative"}


def test_a_final_accounts_document_gets_no_budget_check():
    doc = _budget_doc("110.00")
    doc.doc_kind = "部门决算"
    assert not [c for c in run_checks(doc) if c.check_id.startswith("budget.")]


@pytest.mark.parametrize(("qualifier", "unit", "expected"), [
    ("决算", "万元", "预算"),
    ("", "万元", "预算"),
    ("全年预算", "万元", "预算"),
    ("年初预算", "万元", "预算"),
    ("占比", "%", "占比"),
    ("公共安全", "万元", "公共安全"),
    ("", "个", ""),
    ("", "辆", ""),
])
def test_budget_qualifiers(qualifier, unit, expected):
    fact = Fact("x", qualifier, Decimal(1), unit, None, None, "", "", 1, "", 1)
    assert as_budget_facts([fact])[0].qualifier == expected
