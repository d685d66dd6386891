"""The budget_vs_final view: a 决算's coded values beside its budget's, same unit and year."""

from __future__ import annotations

import sqlite3

from juesuan_extract.output.comparison import VIEW
from juesuan_extract.output.datasets import DatasetWriter
from juesuan_extract.output.records import COLUMNS

GENERAL_FINAL, GENERAL_BUDGET = "一般公共预算财政拨款支出决算表", "一般公共预算支出预算表"


def _doc(doc_id, kind, unit="江苏省某某厅", year="2019"):
    row = dict.fromkeys(COLUMNS["documents"], "")
    row.update(doc_id=doc_id, file=f"{doc_id}.pdf", pages="10", unit_name=unit, fiscal_year=year,
               doc_kind=kind, status="ok")
    return [row[c] for c in COLUMNS["documents"]]


def _row(doc_id, statement, code, name, column, value, unit="万元", wan=None):
    row = dict.fromkeys(COLUMNS["statement_rows"], "")
    row.update(doc_id=doc_id, statement=statement, page="5", row_seq="1", code=code,
               level={3: "类", 5: "款", 7: "项"}.get(len(code), ""), name=name, column_path=column,
               value=value, unit=unit, value_wan=value if wan is None else wan)
    return [row[c] for c in COLUMNS["statement_rows"]]


def _dataset(tmp_path, documents, rows):
    tables = {t: COLUMNS[t] for t in ("documents", "statement_rows")}
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["sqlite"]) as w:
        w.add("documents", documents)
        w.add("statement_rows", rows)
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
        "final_doc_id": "final", "unit_name": "江苏省某某厅", "fiscal_year": 2019,
        "budget_doc_id": "budget", "code": "2010101", "level": "项", "name": "行政运行",
        "final_statement": GENERAL_FINAL, "final_column": "合计", "final_value": 105.0,
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
