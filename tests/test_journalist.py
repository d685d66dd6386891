"""A batch over the corpus and the fixtures, used as a data journalist would:
the README's queries on juesuan.db, answered against the hand-written golden
files (never against the extractor's own output); the workbook opened in
LibreOffice; the database served by Datasette; overview.html in a browser.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import CORPUS, FIXTURES, GOLDEN, ROOT
from juesuan_extract.batch.cli import EPILOG, batch
from juesuan_extract.batch.run import record_columns
from juesuan_extract.output.across import ACROSS_COLUMNS
from juesuan_extract.output.datasets import REAL, column_type
from juesuan_extract.output.excel import excel_cell
from test_inspect_report import _browser, _wait

README = ROOT / "README.md"
SANGONG = "财政拨款“三公”经费支出决算表"

app = typer.Typer()
app.callback()(lambda: None)
app.command(epilog=EPILOG)(batch)


@pytest.fixture(scope="module")
def corpus_batch(tmp_path_factory):
    """One batch over ../shared/corpus/final_accounts/*.pdf and fixtures/pdfs/*.pdf."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: the corpus PDFs are needed for the journalist's questions")
    in_dir = tmp_path_factory.mktemp("journalist") / "in"
    in_dir.mkdir()
    for pdf in [*sorted(CORPUS.glob("*.pdf")), *sorted(FIXTURES.glob("*.pdf"))]:
        shutil.copy(pdf, in_dir / pdf.name)
    out = in_dir.parent / "out"
    # a review report made before the batch: overview.html links to it
    doc_id = _doc_id(in_dir / "shehuigongzuobu-2024.pdf")
    (out / "review" / doc_id).mkdir(parents=True)
    (out / "review" / doc_id / "index.html").write_text("<title>review</title>", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(in_dir), "--out", str(out), "--jobs", "2",
                                      "--no-progress"])
    assert result.exit_code == 0, result.output
    return out


def _doc_id(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def query(out: Path, sql: str) -> list[dict[str, object]]:
    con = sqlite3.connect(out / "juesuan.db")
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


def readme_queries() -> list[str]:
    """Every statement of the README's ```sql blocks."""
    text = README.read_text(encoding="utf-8")
    statements = []
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        body = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
        statements += [s.strip() for s in body.split(";") if s.strip()]
    return statements


def question(number: int) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"-- \({number}\)[^\n]*\n(.*?;)", text, flags=re.S)
    assert found, f"question ({number}) is not in the README"
    return found.group(1)


# --- the golden truth, per document -----------------------------------------------------


def _golden_dirs(stem: str) -> list[Path]:
    if stem.startswith("changji-kexie-2023"):
        return [GOLDEN / "changji-kexie-2023"]
    return [d for d in (GOLDEN / "corpus" / stem, GOLDEN / "statements-fixtures" / stem,
                        GOLDEN / "failure-classes" / stem) if d.is_dir()]


def _golden(stem: str, table: str) -> list[dict[str, str]] | None:
    for folder in _golden_dirs(stem):
        if (folder / f"{table}.csv").exists():
            with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
                return list(csv.DictReader(fh))
    return None


# Documents with no golden statement or fact files, read by hand from their pages (each
# value checked on the rendered page): (三公经费 决算, 一般公共预算财政拨款支出 决算).
BY_HAND: dict[str, dict[str, Decimal | None]] = {
    # p.21 表7 决算数/合计 0.16; p.13 表4 本年支出合计 / 一般公共预算财政拨款 1668.14
    "foshan-guidao-2019-juesuan": {"sangong": Decimal("0.16"), "general": Decimal("1668.14")},
    # the 高等学校 template prints no 三公 table and no 一般公共预算 table, the text neither
    "swu-2023-juesuan": {"sangong": None, "general": None},
    "swu-2024-juesuan": {"sangong": None, "general": None},
    # p.21 “三公”经费…支出决算587.55万元 (no change against last year stated in figures);
    # p.11 一般公共预算财政拨款支出…支出决算296,047.75万元
    "xian-weijianwei-2022-juesuan-p1-100": {"sangong": Decimal("587.55"),
                                            "general": Decimal("296047.75")},
}


def golden_cell(stem: str, statement: str, name: str | None, column: str) -> Decimal | None:
    for row in _golden(stem, "statement_rows") or []:
        if row["statement"] == statement and row["column_path"] == column and name in (None, row["name"]):
            return Decimal(row["value"])
    return None


def golden_fact(stem: str, fact: str, qualifier: str) -> Decimal | None:
    for row in _golden(stem, "facts") or []:
        if (row["fact"], row["qualifier"]) == (fact, qualifier) and row["value"]:
            return Decimal(row["value"])
    return None


def golden_change(stem: str, fact: str, qualifier: str, year: int) -> tuple[str, Decimal | None] | None:
    """The change against last year the golden facts state: (direction, amount)."""
    for row in _golden(stem, "facts") or []:
        said = row["sentence"]
        if ((row["fact"], row["qualifier"]) == (fact, qualifier) and "预算" not in said
                and ("上年" in said or f"{year - 1}年" in said) and (row["change_amount"] or row["direction"] == "持平")):
            return row["direction"], Decimal(row["change_amount"]) if row["change_amount"] else None
    return None


def _stem(row: dict[str, object]) -> str:
    return Path(str(row["file"])).stem


def _close(a: object, b: Decimal | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and Decimal(str(a)) == b)


# --- the five questions ----------------------------------------------------------------


def test_1_who_spent_most_on_sangong_and_how_it_changed(corpus_batch):
    rows = query(corpus_batch, question(1))
    documents = query(corpus_batch, "SELECT file, fiscal_year FROM documents")
    years = {Path(d["file"]).stem: d["fiscal_year"] for d in documents}
    expected: dict[str, Decimal] = {}
    for stem in years:
        value = golden_cell(stem, SANGONG, None, "合计/决算数")
        if value is None:  # the statement prints none: the narrative's
            value = golden_fact(stem, "三公经费", "决算")
        if stem in BY_HAND:
            value = BY_HAND[stem]["sangong"]
        if value is not None:
            expected[stem] = value
    found = {_stem(r): r for r in query(corpus_batch, "SELECT s.*, d.file FROM summary s "
                                                      "JOIN documents d USING (doc_id)")}
    assert len(rows) == len(expected) and len(expected) >= 8
    assert [r["sangong"] for r in rows] == sorted((r["sangong"] for r in rows), reverse=True)
    for stem, value in expected.items():
        assert _close(found[stem]["sangong"], value), stem
        change = golden_change(stem, "三公经费", "决算", years[stem])
        previous = None if change is None else value - (change[1] or 0)
        assert _close(found[stem]["sangong_prev"], previous), stem
    # the answer's head: 西安市卫生健康委员会 587.55 (p.21 of its text), then 江澜市水务局 84.46
    # (statement), and 昌吉 4.04 after 4.05 the year before
    assert [(r["unit_name"], r["sangong"]) for r in rows[:2]] == [
        ("西安市卫生健康委员会（汇总）", 587.55), ("江澜市水务局", 84.46)]
    changji = next(r for r in rows if r["unit_name"] == "昌吉回族自治州科学技术协会")
    assert (changji["sangong"], changji["sangong_prev"], round(changji["change"], 2)) == (4.04, 4.05, -0.01)


def test_2_general_budget_expenditure_per_department(corpus_batch):
    rows = query(corpus_batch, question(2))
    by_unit = {}
    for r in query(corpus_batch, "SELECT d.file, s.general_budget_expenditure AS v FROM summary s "
                                 "JOIN documents d USING (doc_id)"):
        by_unit[_stem(r)] = r["v"]
    checked = 0
    for stem, value in by_unit.items():
        printed = golden_cell(stem, "一般公共预算财政拨款支出决算表", "合计", "合计")
        if printed is None:
            printed = golden_fact(stem, "一般公共预算财政拨款支出", "决算")
        if stem in BY_HAND:
            printed = BY_HAND[stem]["general"]
        if _golden(stem, "statement_rows") is not None or _golden(stem, "facts") is not None \
                or stem in BY_HAND:
            assert _close(value, printed), stem
            checked += 1
    assert checked >= 15
    assert len(rows) == len(by_unit)
    numbers = [r["general_budget_expenditure"] for r in rows if r["general_budget_expenditure"] is not None]
    # the largest: 西安市卫生健康委员会's 296,047.75 (p.11)
    assert numbers == sorted(numbers, reverse=True) and numbers[0] == 296047.75


def _golden_indicators(stem: str) -> tuple[dict[str, str], list[dict[str, str]]] | None:
    """(table_seq → project name or title, indicators) of a document whose self-evaluation
    tables are written by hand: the seed's, the Xi'an 决算's (ten of its tables) and the
    drawn fixtures'."""
    folders = [GOLDEN / "changji-kexie-2023"] if stem.startswith("changji-kexie-2023") else [
        GOLDEN / stem, GOLDEN / "drawn" / stem]
    for folder in folders:
        if (folder / "evaluation_indicators.csv").exists():
            def rows(table: str, folder: Path = folder) -> list[dict[str, str]]:
                with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
                    return list(csv.DictReader(fh))
            tables = {t["table_seq"]: t.get("project_name") or t.get("title", "")
                      for t in rows("evaluation_tables")}
            return tables, rows("evaluation_indicators")
    return None


def test_3_deviation_reasons_of_indicators_scored_below_their_weight(corpus_batch):
    rows = query(corpus_batch, question(3))
    files = {Path(str(r["file"])).stem for r in query(corpus_batch, "SELECT file FROM documents")}
    checked = 0
    for stem in sorted(files):
        golden = _golden_indicators(stem)
        if golden is None:
            continue
        tables, indicators = golden
        covered = {tables[g["table_seq"]] for g in indicators}
        expected = sorted((tables[g["table_seq"]], g["level3"], g["deviation_reason"])
                          for g in indicators if g["score"] and g["weight"]
                          and Decimal(g["score"]) < Decimal(g["weight"]))
        doc_id = _doc_id(corpus_batch.parent / "in" / f"{stem}.pdf")
        found = sorted((r["project_name"] or r["title"], r["level3"], r["deviation_reason"])
                       for r in query(corpus_batch, f"""SELECT t.project_name, t.title, i.level3,
                           i.deviation_reason FROM evaluation_indicators i JOIN evaluation_tables t
                           USING (doc_id, table_seq) WHERE i.score < i.weight AND doc_id = '{doc_id}'""")
                       if (r["project_name"] or r["title"]) in covered)
        assert found == expected, stem
        checked += bool(expected)
    # the seed's three fixture variants, the Xi'an 决算 (p.31, p.60, p.70 …) and the drawn ones
    assert checked >= 5
    units = {r["unit_name"] for r in rows}
    assert {"昌吉回族自治州科学技术协会", "西安市卫生健康委员会（汇总）"} <= units
    # every row the question returns is one of them (no statement row, no budget target)
    assert all(r["score"] < r["weight"] for r in rows)


def test_4_documents_that_fail_their_checks_and_on_what(corpus_batch):
    rows = query(corpus_batch, question(4))
    for stem in ("caizhengju-2024-with-errors", "shehuigongzuobu-2024"):
        golden = _golden(stem, "checks") or []
        want = sorted(g["check_id"] for g in golden if g["status"] == "fail")
        got = sorted(r["check_id"] for r in rows if Path(str(r["file"])).stem == stem)
        assert got == want, stem
    assert {r["file"] for r in rows} >= {"caizhengju-2024-with-errors.pdf"}
    amounts = [r for r in rows if r["check_id"] == "narrative.amount"]
    assert amounts and all(isinstance(r["expected"], float) for r in amounts)


def test_5_the_same_total_in_the_statements_and_in_the_narrative(corpus_batch):
    rows = query(corpus_batch, question(5))
    for stem in ("caizhengju-2024-with-errors", "shehuigongzuobu-2024"):
        printed = golden_cell(stem, "收入支出决算总表", "总计", "收入/决算数")
        stated = golden_fact(stem, "收入支出总计", "")
        mine = [r for r in rows if _stem(r) == stem]
        assert mine and printed is not None and stated is not None, stem
        assert all(_close(r["in_statements"], printed) for r in mine), stem
        assert any(_close(r["in_narrative"], stated) for r in mine), stem
    # the document with errors states 0 where its statements print 2995.39
    errors = [r for r in rows if _stem(r) == "caizhengju-2024-with-errors"]
    assert [(r["in_statements"], r["in_narrative"]) for r in errors] == [(2995.39, 0.0)]


def test_every_query_of_the_readme_returns_rows(corpus_batch):
    statements = readme_queries()
    assert len(statements) >= 8  # three searches, five questions
    for sql in statements:
        if "budget_vs_final" in sql:
            # rows only where the batch holds a unit's 预算 and 决算 of one year
            pairs = query(corpus_batch, """SELECT unit_name, fiscal_year FROM documents
                GROUP BY unit_name, fiscal_year HAVING sum(doc_kind LIKE '%预算') > 0
                AND sum(doc_kind LIKE '%决算') > 0""")
            assert bool(query(corpus_batch, sql)) == bool(pairs), sql
            continue
        assert query(corpus_batch, sql), sql


def test_search_finds_quoted_words(corpus_batch):
    con = sqlite3.connect(corpus_batch / "juesuan.db")
    printed = con.execute("SELECT count(*) FROM sections WHERE text LIKE '%“三公”经费%'").fetchone()[0]
    found = con.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH '三公经费'").fetchone()[0]
    assert printed and found >= printed
    for table in ("facts", "evaluation_indicators", "checks", "sections"):
        assert con.execute(f"SELECT count(*) FROM {table}_fts").fetchone()[0] > 0
    con.close()


# --- the workbook in LibreOffice ------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    calc = found and any(Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                                                    "/usr/lib/libreoffice/program/libsclo.dylib"))
    if not calc:
        message = "LibreOffice Calc is absent: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI"):  # .ci/run installs it: missing there is a failure
            pytest.fail(message)
        pytest.skip(message)
    return str(found)


def test_the_workbook_opens_in_libreoffice_with_the_csv_values(corpus_batch, tmp_path):
    soffice = _soffice()
    book = corpus_batch / "juesuan.xlsx"
    # every sheet to its own CSV file: UTF-8, values as stored (not as formatted)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path / "csv"), str(book)],
                   check=True, capture_output=True, timeout=300)
    tables = [p.stem for p in corpus_batch.glob("*.csv")]
    assert sorted(tables) == sorted([*record_columns(), *ACROSS_COLUMNS])
    for table in tables:
        with (corpus_batch / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            want = list(csv.reader(fh))
        with (tmp_path / "csv" / f"juesuan-{table}.csv").open(encoding="utf-8", newline="") as fh:
            got = list(csv.reader(fh))
        assert got[0] == want[0], table
        assert len(got) == len(want), table
        for i, (g, w) in enumerate(zip(got[1:], want[1:])):
            g += [""] * (len(w) - len(g))
            for column, a, b in zip(want[0], g, w):
                if column_type(table, column) == REAL or (b and a != b and _numeric(a) and _numeric(b)):
                    same = (a == b == "") or (a != "" and b != "" and Decimal(a) == Decimal(b))
                else:  # text: the CSV for Excel carries the apostrophe that keeps a formula out
                    same = excel_cell(a) == b
                assert same, f"{table} row {i + 1} {column}: {a!r} in the workbook, {b!r} in the CSV"


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", cell))


def test_no_cell_of_the_workbook_is_a_formula(corpus_batch):
    with zipfile.ZipFile(corpus_batch / "juesuan.xlsx") as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == len(record_columns()) + len(ACROSS_COLUMNS) + 1  # the tables and the columns sheet
        for name in sheets:
            assert "<f>" not in book.read(name).decode("utf-8"), name
    # a text that looks like a formula is text in the workbook and guarded in the CSV for Excel
    with (corpus_batch / "evaluation_indicators.csv").open(encoding="utf-8-sig", newline="") as fh:
        actual = [r["actual"] for r in csv.DictReader(fh)]
    assert "'=5个" in actual and not [a for a in actual if a.startswith(("=", "+", "@"))]


# --- Datasette -----------------------------------------------------------------------


def test_datasette_serves_a_table_page_and_a_search(corpus_batch):
    from datasette.app import Datasette

    metadata = json.loads((corpus_batch / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["juesuan"]["tables"]
    assert tables["summary"]["columns"]["sangong"].startswith("“三公”经费")
    assert "doc_kind" in tables["documents"]["facets"]
    datasette = Datasette([str(corpus_batch / "juesuan.db")], metadata=metadata)

    async def fetch():
        page = await datasette.client.get("/juesuan/summary")
        hits = await datasette.client.get("/juesuan/sections.json?_search=三公经费&_shape=array")
        facets = await datasette.client.get("/juesuan/checks.json?_facet=status")
        return page, hits, facets

    page, hits, facets = asyncio.run(fetch())
    assert page.status_code == 200 and "江澜市水务局" in page.text
    assert tables["summary"]["description"] in page.text
    assert hits.status_code == 200
    assert hits.json() and all("三公" in row["heading"] + row["text"] for row in hits.json())
    assert facets.status_code == 200 and facets.json()["facet_results"]


# --- overview.html ---------------------------------------------------------------------


def test_overview_is_one_offline_page(corpus_batch):
    html = (corpus_batch / "overview.html").read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:)?//[a-z0-9]", html)
    assert "<script src" not in html and "<link" not in html
    assert html.count('<svg class="chart"') == 3


@pytest.mark.slow
def test_overview_in_a_headless_browser(corpus_batch, monkeypatch):
    from selenium.webdriver.common.by import By

    driver, profile = _browser(monkeypatch)
    try:
        driver.get((corpus_batch / "overview.html").as_uri())
        counts = {e.get_attribute("id"): e.text for e in driver.find_elements(By.CSS_SELECTOR, ".counts span")}
        pdfs = len([*CORPUS.glob("*.pdf"), *FIXTURES.glob("*.pdf")])
        assert counts["count-documents"] == f"{pdfs} documents" and counts["count-failed"] == "0 failed"
        rows = driver.find_elements(By.CSS_SELECTOR, "#documents tr")
        assert len(rows) == pdfs + 1
        failing = next(r for r in rows if "caizhengju-2024-with-errors.pdf" in r.text)
        golden = _golden("caizhengju-2024-with-errors", "checks") or []
        assert failing.text.split()[-1] == str(sum(1 for g in golden if g["status"] == "fail"))
        chart = driver.find_element(By.CSS_SELECTOR, 'svg[data-figure="sangong"]')
        assert chart.size["width"] > 300 and chart.find_elements(By.CSS_SELECTOR, "rect.last")
        # nothing was asked of the network
        requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        sent = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
        assert not [u for u in sent if u.startswith(("http", "ws", "ftp"))], sent
        # a document links to the review report made for it
        driver.find_element(By.LINK_TEXT, "shehuigongzuobu-2024.pdf").click()
        assert _wait(lambda: driver.title == "review")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
