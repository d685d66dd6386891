"""The budget_vs_final view: a 决算's coded values beside its budget's, same unit and year."""

from __future__ import annotations

import sqlite3

from juesuan_extract.output.comparison import VIEW
from juesuan_extract.output.datasets import DatasetWriter
from juesuan_extract.output.records import COLUMNS
from juesuan_extract.output.units import unit_id

GENERAL_FINAL, GENERAL_BUDGET = "一般公共预算财政拨款支出决算表", "一般公共预算支出预算表"


def _doc(doc_id, kind, unit="江苏省某某厅", year="2019"):
    row = dict.fromkeys(COLUMNS["documents"], "")
    row.update(doc_id=doc_id, file=f"{doc_id}.pdf", pages="10", unit_name=unit, fiscal_year=year,
               doc_kind=kind, status="ok")  # unit_id is filled from the name when the dataset is written
    return [row[c] for c in COLUMNS["documents"]]


def _summary(doc_id, kind, unit="江苏省某某厅", year="2019", **figures):
    row = dict.fromkeys(COLUMNS["summary"], "")
    row.update(doc_id=doc_id, file=f"{doc_id}.pdf", unit_name=unit, unit_id=unit_id(unit),
               fiscal_year=year, doc_kind=kind, status="ok", **figures)
    return [row[c] for c in COLUMNS["summary"]]


def _row(doc_id, statement, code, name, column, value, unit="万元", wan=None):
    row = dict.fromkeys(COLUMNS["statement_rows"], "")
    row.update(doc_id=doc_id, statement=statement, page="5", row_seq="1", code=code,
               level={3: "类", 5: "款", 7: "项"}.get(len(code), ""), name=name, column_path=column,
               value=value, unit=unit, value_wan=value if wan is None else wan)
    return [row[c] for c in COLUMNS["statement_rows"]]


def _dataset(tmp_path, documents, rows, summary=()):
    tables = {t: COLUMNS[t] for t in ("documents", "statement_rows", "summary")}
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["sqlite"]) as w:
        w.add("documents", documents)
        w.add("statement_rows", rows)
        w.add("summary", summary)
        w.finish()
    con = sqlite3.connect(tmp_path / "juesuan.db")
    con.row_factory = sqlite3.Row
    return con


def test_final_values_beside_the_budget_of_the_same_code(tmp_path):
    con = _dataset(tmp_path, [
        _doc("final", "部门决算"), _doc("budget", "部门预算"),
        _doc("other-year", "部门预算", year="2020"), _doc("other-unit", "部门预算", unit="别的厅"),
    ], [
        _row("final", GENERAL_FINAL, "2010101", "行政运行", "合计", "105.00"),
        _row("final", GENERAL_FINAL, "2010101", "行政运行", "年初预算数", "100.00"),
        _row("final", GENERAL_FINAL, "2010102", "一般行政管理事务", "合计", "7.00"),
        _row("final", GENERAL_FINAL, "", "合计", "合计", "112.00"),
        _row("budget", GENERAL_BUDGET, "2010101", "行政运行", "金额", "98.50"),
        _row("budget", "财政拨款支出预算表", "2010101", "行政运行", "金额", "98.50"),
        _row("other-year", GENERAL_BUDGET, "2010101", "行政运行", "金额", "1.00"),
        _row("other-unit", GENERAL_BUDGET, "2010101", "行政运行", "金额", "2.00"),
    ])
    rows = [dict(r) for r in con.execute(f"SELECT * FROM {VIEW}")]
    assert rows == [{
        "final_doc_id": "final", "unit_name": "江苏省某某厅", "unit_id": unit_id("江苏省某某厅"),
        "fiscal_year": 2019, "budget_doc_id": "budget", "code": "2010101", "level": "项",
        "name": "行政运行", "figure": "", "final_statement": GENERAL_FINAL, "final_column": "合计", "final_value": 105.0,
        "final_budget_initial": 100.0, "budget_statement": GENERAL_BUDGET, "budget_value": 98.5,
        "difference": 6.5,
    }]


def test_budgets_printed_in_yuan_compare_in_wan(tmp_path):
    con = _dataset(tmp_path, [_doc("final", "部门决算"), _doc("budget", "部门预算")], [
        _row("final", GENERAL_FINAL, "2010101", "行政运行", "合计", "105.00"),
        _row("budget", GENERAL_BUDGET, "2010101", "行政运行", "金额", "1050000.00", unit="元",
             wan="105"),
    ])
    [(difference,)] = con.execute(f"SELECT difference FROM {VIEW}").fetchall()
    assert difference == 0


def test_no_view_without_statement_rows(tmp_path):
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", {"documents": COLUMNS["documents"]},
                       ["sqlite"]) as w:
        w.add("documents", [_doc("final", "部门决算")])
        w.finish()
    con = sqlite3.connect(tmp_path / "juesuan.db")
    assert not con.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()


def test_one_unit_printed_under_two_names_is_paired(tmp_path):
    con = _dataset(tmp_path, [_doc("final", "部门决算", unit="中共江苏省委办公厅"),
                              _doc("budget", "部门预算", unit="中国共产党江苏省委员会办公厅")], [
        _row("final", GENERAL_FINAL, "2013101", "行政运行", "合计", "105.00"),
        _row("budget", GENERAL_BUDGET, "2013101", "行政运行", "金额", "98.50"),
    ])
    assert [(r["unit_name"], r["budget_value"]) for r in con.execute(f"SELECT * FROM {VIEW}")] == [
        ("中共江苏省委办公厅", 98.5)]


def test_every_budget_style_gives_its_total_column(tmp_path):
    """Shanghai's 预算单位 in 元 (一般公共预算支出/合计), Shenzhen's 支出总计 beside 基本支出 and
    项目支出: the total column, not the smallest."""
    con = _dataset(tmp_path, [
        _doc("final", "部门决算"), _doc("sh", "预算", year="2019"),
        _doc("final-sz", "部门决算", unit="深圳市某某局"), _doc("sz", "部门预算", unit="深圳市某某局"),
    ], [
        _row("final", GENERAL_FINAL, "2010101", "行政运行", "合计", "105.00"),
        _row("sh", GENERAL_BUDGET, "2010101", "行政运行", "一般公共预算支出/基本支出", "980000", "元", "98"),
        _row("sh", GENERAL_BUDGET, "2010101", "行政运行", "一般公共预算支出/合计", "1000000", "元", "100"),
        _row("final-sz", GENERAL_FINAL, "2010101", "行政运行", "合计", "30.00"),
        _row("sz", GENERAL_BUDGET, "2010101", "行政运行", "基本支出", "10.00"),
        _row("sz", GENERAL_BUDGET, "2010101", "行政运行", "支出总计", "25.00"),
        _row("sz", GENERAL_BUDGET, "2010101", "行政运行", "项目支出", "15.00"),
    ])
    got = {(r["final_doc_id"], r["budget_doc_id"], r["budget_value"], r["difference"])
           for r in con.execute(f"SELECT * FROM {VIEW}")}
    assert got == {("final", "sh", 100.0, 5.0), ("final-sz", "sz", 25.0, 5.0)}


def test_summary_figures_are_paired_too(tmp_path):
    """三公经费 of the 决算 beside the budget's, with the 预算数 the 决算 prints."""
    con = _dataset(tmp_path, [_doc("final", "部门决算"), _doc("budget", "部门预算")], [], [
        _summary("final", "部门决算", sangong="4.04", sangong_budget="5.00", sangong_page="12"),
        _summary("budget", "部门预算", sangong_budget="6.00", sangong_budget_page="14",
                 admin_operating="10.00"),
    ])
    rows = [dict(r) for r in con.execute(f"SELECT * FROM {VIEW} WHERE final_statement = 'summary'")]
    assert [(r["figure"], r["name"], r["final_value"], r["final_budget_initial"], r["budget_value"],
             round(r["difference"], 2)) for r in rows] == [("sangong", "“三公”经费", 4.04, 5.0, 6.0, -1.96)]
    assert rows[0]["budget_doc_id"] == "budget" and rows[0]["unit_id"] == unit_id("江苏省某某厅")
