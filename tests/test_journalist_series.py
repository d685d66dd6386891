"""One unit across documents and years, used as a data journalist would: a batch of
budgets and final accounts of the corpus, the README's questions (6) and (7) on
juesuan.db answered against values read by eye from the rendered pages (never from
the extractor's output), the units that join them, budget_vs_final, and overview.html
in a headless browser.

Pages read (pdftoppm -r 80):
- js-shengweiban-2017-yusuan-tables p. 1 (支出合计 20,849.45; the unit printed 中国共产党江苏省委员会办公厅)
  and p. 11 (“三公”经费 小计 509.20); js-shengweiban-2018-yusuan-tables p. 3 (支出合计 24,458.43;
  中共江苏省委办公厅) and p. 11 (小计 508.20);
- swu-2023-yusuan p. 7 (支出总计 557,259.13); swu-2023-juesuan p. 16 (支出总计 457,676.75);
  swu-2024-juesuan p. 16 (支出总计 481,483.46);
- foshan-guidao-2019-juesuan p. 26 (“三公”经费 决算 0.16 万元, 预算 0 万元);
  xian-weijianwei-2022-juesuan-p1-100 p. 21 (预算 593.46 万元, 支出决算 587.55 万元);
  caizhengju-2024-with-errors p. 22 (年初预算 0.95 万元, 支出决算 0.00 万元).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import ROOT, SHARED
from juesuan_extract.batch.cli import EPILOG, batch
from test_inspect_report import _browser

CORPUS = SHARED / "corpus"
SELECTED = [
    "budgets/js-shengweiban-2017-yusuan-tables.pdf", "budgets/js-shengweiban-2017-yusuan.pdf",
    "budgets/js-shengweiban-2018-yusuan-tables.pdf", "budgets/swu-2023-yusuan.pdf",
    "final_accounts/swu-2023-juesuan.pdf", "final_accounts/swu-2024-juesuan.pdf",
    "final_accounts/foshan-guidao-2019-juesuan.pdf",
    "final_accounts/xian-weijianwei-2022-juesuan-p1-100.pdf",
    "final_accounts/caizhengju-2024-with-errors.pdf",
]
JIANGSU = "中共江苏省委办公厅"
D = Decimal

app = typer.Typer()
app.callback()(lambda: None)
app.command(epilog=EPILOG)(batch)


@pytest.fixture(scope="module")
def series_batch(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: the corpus PDFs are needed for these questions")
    in_dir = tmp_path_factory.mktemp("series") / "in"
    for name in SELECTED:
        (in_dir / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, in_dir / name)
    out = in_dir.parent / "out"
    result = CliRunner().invoke(app, ["batch", str(in_dir), "--out", str(out), "--jobs", "2",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


def query(out: Path, sql: str, *args: object) -> list[dict[str, object]]:
    con = sqlite3.connect(out / "juesuan.db")
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def question(number: int) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"-- \({number}\)[^\n]*\n(.*?;)", text, flags=re.S)
    assert found, f"question ({number}) is not in the README"
    return found.group(1)


def _same(a: object, b: Decimal) -> bool:
    return a is not None and Decimal(str(a)) == b


# --- one unit, three names --------------------------------------------------------------


def test_the_jiangsu_documents_of_one_office_are_one_unit(series_batch):
    docs = query(series_batch, "SELECT file, unit_name, unit_id, same_as, doc_id FROM documents "
                               "WHERE file LIKE '%shengweiban%' ORDER BY file")
    assert [d["unit_name"] for d in docs] == ["中国共产党江苏省委员会办公厅", "江苏省委办公厅", "中共江苏省委办公厅"]
    assert len({d["unit_id"] for d in docs}) == 1
    [unit] = query(series_batch, "SELECT * FROM units WHERE unit_id = ?", docs[0]["unit_id"])
    assert (unit["unit_name"], unit["province"], unit["level"], unit["documents"], unit["years"]) == (
        JIANGSU, "江苏省", "省级", 3, "2017;2018")
    # 2017's text repeats 2017's tables (same unit, year and kind); 2018 is a year of its own
    tables_2017, text_2017, tables_2018 = docs
    assert text_2017["same_as"] == tables_2017["doc_id"] and not tables_2018["same_as"]


def test_the_units_figures_over_years_come_from_its_tables(series_batch):
    rows = query(series_batch, "SELECT s.fiscal_year, s.figure, s.basis, s.value, s.page, d.file "
                               "FROM series s JOIN units u USING (unit_id) JOIN documents d USING (doc_id) "
                               "WHERE u.unit_name = ? AND s.figure IN ('total_expenditure', 'sangong') "
                               "ORDER BY s.figure, s.fiscal_year", JIANGSU)
    got = [(r["fiscal_year"], r["figure"], r["basis"], D(str(r["value"])), r["page"], Path(str(r["file"])).name)
           for r in rows]
    assert got == [
        (2017, "sangong", "预算", D("509.2"), 11, "js-shengweiban-2017-yusuan-tables.pdf"),
        (2018, "sangong", "预算", D("508.2"), 11, "js-shengweiban-2018-yusuan-tables.pdf"),
        (2017, "total_expenditure", "预算", D("20849.45"), 1, "js-shengweiban-2017-yusuan-tables.pdf"),
        (2018, "total_expenditure", "预算", D("24458.43"), 3, "js-shengweiban-2018-yusuan-tables.pdf"),
    ]


# --- the README's questions ---------------------------------------------------------------

SANGONG = {  # (unit, year): (budget, final, budget page, final page), read on the pages
    # the 三公 table, p.21: 预算数/合计 0.00, 决算数/合计 0.16 (the text, p.26, says the same)
    ("佛山市轨道交通局", 2019): (D("0.00"), D("0.16"), 21, 21),
    ("西安市卫生健康委员会(汇总)", 2022): (D("593.46"), D("587.55"), 21, 21),
    ("上海市普陀区财政局", 2024): (D("0.95"), D("0.00"), 22, 22),
}


def test_6_sangong_budgeted_against_spent_unit_by_unit(series_batch):
    rows = query(series_batch, question(6))
    found = {(r["unit_name"], r["fiscal_year"]): r for r in rows}
    assert set(found) == set(SANGONG)
    for key, (budget, final, budget_page, final_page) in SANGONG.items():
        row = found[key]
        assert _same(row["budget"], budget) and _same(row["final"], final), key
        assert (row["budget_page"], row["final_page"]) == (budget_page, final_page), key
        assert _same(row["difference"], final - budget), key  # rounded: no -0.00999…


def test_7_one_units_figure_over_the_years_budget_beside_final(series_batch):
    rows = query(series_batch, question(7))
    got = [(r["fiscal_year"], r["basis"], D(str(r["value"])), Path(str(r["file"])).name, r["page"])
           for r in rows]
    assert got == [
        (2023, "决算", D("457676.75"), "swu-2023-juesuan.pdf", 16),
        (2023, "预算", D("557259.13"), "swu-2023-yusuan.pdf", 7),
        (2024, "决算", D("481483.46"), "swu-2024-juesuan.pdf", 16),
    ]


def test_budget_vs_final_pairs_the_units_budget_and_final_accounts(series_batch):
    rows = query(series_batch, "SELECT * FROM budget_vs_final WHERE final_statement = 'summary'")
    assert {(r["unit_name"], r["fiscal_year"]) for r in rows} == {("西南大学", 2023)}
    total = next(r for r in rows if r["figure"] == "total_expenditure")
    assert _same(total["final_value"], D("457676.75")) and _same(total["budget_value"], D("557259.13"))
    assert Decimal(str(total["difference"])).quantize(D("0.01")) == D("-99582.38")


# --- overview.html ----------------------------------------------------------------------


def test_overview_draws_each_unit_with_several_documents(series_batch):
    html = (series_batch / "overview.html").read_text(encoding="utf-8")
    [jiangsu] = {u["unit_id"] for u in query(series_batch, "SELECT unit_id FROM units WHERE unit_name = ?",
                                             JIANGSU)}
    assert f'<div class="unit" data-unit="{jiangsu}"><h3>{JIANGSU} (3 documents)</h3>' in html
    assert html.count('<svg class="chart"') == 3  # the charts across documents stay three


@pytest.mark.slow
def test_overview_unit_charts_in_a_headless_browser(series_batch, monkeypatch):
    from selenium.webdriver.common.by import By

    [swu_id] = [u["unit_id"] for u in query(series_batch, "SELECT unit_id FROM units WHERE unit_name = '西南大学'")]
    driver, profile = _browser(monkeypatch)
    try:
        driver.get((series_batch / "overview.html").as_uri())
        swu = driver.find_element(
            By.CSS_SELECTOR, f'svg.unit-chart[data-unit="{swu_id}"][data-figure="total_expenditure"]')
        bars = [(r.get_attribute("data-year"), r.get_attribute("data-basis"), r.size["height"])
                for r in swu.find_elements(By.CSS_SELECTOR, "rect")]
        units = driver.find_elements(By.CSS_SELECTOR, "div.unit h3")
        assert sorted(u.text for u in units) == [f"{JIANGSU} (3 documents)", "西南大学 (3 documents)"]
        # the tallest bar is the largest figure: 2023's budget, 557,259.13
        assert [(y, b) for y, b, _ in bars] == [("2023", "预算"), ("2023", "决算"), ("2024", "决算")]
        assert max(bars, key=lambda b: b[2])[:2] == ("2023", "预算") and swu.size["width"] > 100
        requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        sent = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
        assert not [u for u in sent if u.startswith(("http", "ws", "ftp"))], sent
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
