"""overview.html without a batch: budgets in the charts across documents, and a
chart per unit over its years, budget beside final accounts."""

from __future__ import annotations

import re

from juesuan_extract.output.overview import Batch, render
from juesuan_extract.output.records import COLUMNS
from juesuan_extract.output.units import unit_id


def _doc(doc_id, name, year, kind):
    row = dict.fromkeys(COLUMNS["documents"], "")
    row.update(doc_id=doc_id, file=f"{doc_id}.pdf", pages="10", unit_name=name, fiscal_year=year,
               doc_kind=kind, status="ok", unit_id=unit_id(name))
    return row


def _summary(doc, **figures):
    row = dict.fromkeys(COLUMNS["summary"], "")
    row.update({k: doc[k] for k in ("doc_id", "file", "unit_name", "unit_id", "fiscal_year", "doc_kind")})
    row.update(figures)
    return row


DOCS = [_doc("b17", "江苏省委办公厅", "2017", "部门预算"),
        _doc("b18", "中共江苏省委办公厅", "2018", "部门预算"),
        _doc("f18", "中国共产党江苏省委员会办公厅", "2018", "部门决算"),
        _doc("other", "江苏省高级人民法院", "2019", "部门预算")]
SUMMARY = [
    _summary(DOCS[0], sangong_budget="509.20", sangong_budget_page="11", total_expenditure="20849.45",
             total_expenditure_page="1"),
    _summary(DOCS[1], sangong_budget="508.20", sangong_budget_page="11", total_expenditure="24458.43",
             total_expenditure_page="3"),
    _summary(DOCS[2], sangong="480.00", sangong_prev="500.00", sangong_page="20", sangong_budget="508.20",
             sangong_budget_page="20"),
    _summary(DOCS[3], sangong_budget="513.75", sangong_budget_page="14"),
]


def _page() -> str:
    return render(Batch(files=[], documents=DOCS, summary=SUMMARY, errors=[], reviews=frozenset()))


def test_budgets_are_drawn_in_the_charts_across_documents():
    html = _page()
    assert html.count('<svg class="chart"') == 1  # 三公 only: no document gives the two others
    sangong = re.search(r'<svg class="chart" data-figure="sangong".*?</svg>', html, re.S).group()
    assert sangong.count('class="budget"') == 3 and sangong.count('class="this"') == 1
    assert "江苏省高级人民法院 2019 预算" in sangong


def test_a_unit_with_several_documents_has_a_chart_per_figure_over_its_years():
    html = _page()
    unit = unit_id("中共江苏省委办公厅")
    charts = re.findall(rf'<svg class="unit-chart" data-unit="{unit}" data-figure="(\w+)"(.*?)</svg>', html, re.S)
    assert [figure for figure, _ in charts] == ["total_expenditure", "sangong"]
    sangong = dict(charts)["sangong"]
    bars = re.findall(r'<rect class="(\w+)" data-year="(\d+)" data-basis="(\S+)"', sangong)
    assert bars == [("budget", "2017", "预算"), ("budget", "2018", "预算"), ("final", "2018", "决算")]
    assert "2018 预算 508.20 万元 (p. 11, statement)" in sangong  # the budget's own, not the 决算's
    assert "中共江苏省委办公厅 (3 documents)" in html
    assert 'data-unit="' + unit_id("江苏省高级人民法院") not in html  # one document: no chart
