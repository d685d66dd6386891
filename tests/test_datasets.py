"""The data contract as people use it: column names, the summary table,
search folding, Excel safety, and the small promises of extract and batch."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT
from juesuan_extract.batch.run import BATCH_COLUMNS, record_columns
from juesuan_extract.cli import app
from juesuan_extract.model import DocumentResult, Fact, Statement, StatementValue
from juesuan_extract.output.contract import describe
from juesuan_extract.output.excel import excel_cell
from juesuan_extract.output.records import COLUMNS, cell_value, to_records
from juesuan_extract.output.search import MAX_WORD, search_text, search_tokens
from juesuan_extract.output.summary import FIGURES, SUMMARY_COLUMNS, summary_record
from test_batch_helpers import read_csv

WORD = FIXTURES / "changji-kexie-2023-word.pdf"
HOSTILE = FIXTURES.parent / "hostile"
runner = CliRunner()

# SQLite's keywords (https://sqlite.org/lang_keywords.html)
SQL_KEYWORDS = set("""
ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN
BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT
CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC
DETACH DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER
FIRST FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN
INDEX INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE
LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS
OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP
REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET
TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM
VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT
""".split())


def test_no_column_is_named_with_an_sql_keyword_and_names_are_snake_case():
    for table, columns in record_columns().items():
        for column in columns:
            assert column.upper() not in SQL_KEYWORDS, f"{table}.{column}"
            assert re.fullmatch(r"[a-z][a-z0-9_]*", column), f"{table}.{column}"


def test_every_column_is_described_and_in_the_data_contract():
    contract = (ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for table, columns in record_columns().items():
        assert f"{table}.csv" in contract or table in contract, table
        for column in columns:
            assert describe(table, column), f"{table}.{column} has no description"
            # documented once, as <figure>_prev and <figure>_page
            named = column.removesuffix("_prev").removesuffix("_page")
            assert re.search(rf"(?<![a-z_]){named}(?![a-z_])", contract), f"{table}.{column}"
    for figure in FIGURES:
        assert f"| {figure.column} | {figure.label} |" in contract, figure.column


def test_summary_takes_names_from_one_mapping_table():
    from juesuan_extract.narrative.vocabulary import VOCABULARY
    from juesuan_extract.output.budget_figures import BUDGET_CELLS, BUDGET_FACTS
    from juesuan_extract.tables.budget_titles import BUDGET_STATEMENTS
    from juesuan_extract.tables.titles import STATEMENTS

    facts = {spec.name for spec in VOCABULARY}
    for figure in FIGURES:
        assert {s for s, _, _ in figure.cells} <= set(STATEMENTS), figure.column
        assert {f for f, _ in figure.facts} <= facts, figure.column
        assert {s for s, _, _ in figure.budget_cells} <= set(BUDGET_STATEMENTS), figure.column
        assert {f for f, _ in figure.budget_facts} <= facts, figure.column
    columns = {f.column for f in FIGURES}
    assert {row[0] for row in BUDGET_CELLS} | {row[0] for row in BUDGET_FACTS} <= columns
    assert len(set(SUMMARY_COLUMNS)) == len(SUMMARY_COLUMNS)


def _document(**changes) -> DocumentResult:
    box = None
    values = [StatementValue(1, "", "", "总计", "收入/决算数", Decimal("29953900.00"), 3, box)]  # type: ignore[arg-type]
    statement = Statement(1, "收入支出决算总表", "收入支出决算总表", "元", 3, 3, values=values)
    facts = [
        Fact("收入支出总计", "", Decimal("2995.39"), "万元", None, None, "", "", 5, "收入支出总计2995.39万元。", 2),
        Fact("收入支出总计", "", None, "万元", Decimal("-56.95"), Decimal("-1.87"), "减少", "", 5,
             "与2023年度相比，收入支出总计减少56.95万元，下降1.87%。", 2),
        Fact("车辆数", "", Decimal("3"), "辆", None, None, "", "", 6, "车辆3辆。", 3),
        Fact("三公经费", "决算", Decimal("1.10"), "万元", None, None, "持平", "", 7,
             "2024年度“三公”经费支出1.10万元，与上年持平。", 4),
    ]
    doc = DocumentResult(file="a.pdf", sha256="ab" * 32, pages=9, fiscal_year=2024, doc_kind="部门决算",
                         statements=[statement], facts=facts)
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def test_summary_figures_from_statements_in_wan_yuan_else_the_narrative():
    row = to_records(_document())["summary"][0]
    assert row["total_income"] == Decimal("2995.39")  # 元 printed, 万元 given
    assert row["total_income_prev"] == Decimal("3052.34")  # less the change against 2023
    assert row["vehicles"] == Decimal("3") and row["vehicles_prev"] is None
    assert (row["sangong"], row["sangong_prev"]) == (Decimal("1.10"), Decimal("1.10"))  # 持平
    assert row["from_narrative"] == "total_expenditure sangong vehicles"  # no statement prints them
    assert row["statements"] == 1 and row["statement_values"] == 1 and row["failed_checks"] == 0
    assert row["unaccounted"] == 0  # the rows of its unaccounted table
    assert tuple(row) == SUMMARY_COLUMNS


def test_summary_counts_a_table_of_unaccounted_numbers_when_there_is_one():
    doc = _document()
    row = summary_record(doc, {"unaccounted": [{}, {}]}, "ok")
    assert row["unaccounted"] == 2


def test_facts_repeated_word_for_word_are_one_row_and_mentions_tell_twins_apart():
    same = Fact("绩效自评金额", "全年预算", Decimal("1"), "万元", None, None, "", "", 5, "s。", 2)
    other = Fact("绩效自评金额", "全年预算", Decimal("2"), "万元", None, None, "", "", 5, "s。", 2)
    rows = to_records(_document(facts=[same, same, other]))["facts"]
    assert [(r["value"], r["mention"], r["section_seq"]) for r in rows] == [
        (Decimal("1"), 1, 2), (Decimal("2"), 2, 2)]


def test_checks_give_numbers_as_numbers_and_text_apart():
    from juesuan_extract.model import Check

    doc = _document(checks=[Check("narrative.amount", "x", "fail", "2995.39", "0", "-2995.39", (5,), "m"),
                            Check("narrative.direction", "y", "fail", "小于", "大于", "", (6,), "m")])
    amount, direction = to_records(doc)["checks"]
    assert (amount["expected"], amount["actual"], amount["difference"]) == (
        Decimal("2995.39"), Decimal("0"), Decimal("-2995.39"))
    assert amount["expected_text"] == amount["actual_text"] == ""
    assert (direction["expected"], direction["expected_text"], direction["actual_text"]) == (None, "小于", "大于")


def test_json_rows_give_numbers_as_numbers_and_counts_as_whole_numbers():
    from juesuan_extract.output.writers import json_table

    [row] = json.loads(json_table(to_records(_document())["summary"], "summary"))
    assert row["total_income"] == 2995.39 and row["total_income_page"] == 3
    assert row["vehicles"] == 3 and isinstance(row["vehicles"], int)  # a count
    assert row["sangong_budget"] is None and row["unit_name"] == "" and row["file"] == "a.pdf"


def test_json_document_gives_checks_as_numbers_where_they_are_numbers():
    from juesuan_extract.model import Check
    from juesuan_extract.output.writers import to_json

    doc = _document(checks=[Check("narrative.amount", "x", "fail", "2995.39", "0", "-2995.39", (5,), "m"),
                            Check("narrative.direction", "y", "fail", "小于", "大于", "", (6,), "m")])
    amount, direction = json.loads(to_json(doc))["checks"]
    assert (amount["expected"], amount["actual"], amount["difference"]) == (2995.39, 0, -2995.39)
    assert (direction["expected"], direction["actual"], direction["difference"]) == ("小于", "大于", "")


def test_vehicles_and_staff_are_integers_in_sqlite_and_parquet(tmp_path):
    import sqlite3

    import pandas as pd

    from juesuan_extract.output.datasets import INTEGER, DatasetWriter, column_type

    assert column_type("summary", "vehicles") == column_type("summary", "staff_prev") == INTEGER
    assert column_type("summary", "sangong_page") == INTEGER
    row = {k: cell_value(v) for k, v in to_records(_document())["summary"][0].items()}
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", {"summary": COLUMNS["summary"]},
                       ["sqlite", "parquet"]) as w:
        w.add("summary", [[row[c] for c in COLUMNS["summary"]]])
        w.finish()
    con = sqlite3.connect(tmp_path / "juesuan.db")
    assert con.execute("SELECT typeof(vehicles), typeof(total_income) FROM summary").fetchone() == (
        "integer", "real")
    frame = pd.read_parquet(tmp_path / "parquet" / "summary.parquet")
    assert str(frame["vehicles"].dtype) == "Int64" and frame["vehicles"].iloc[0] == 3


# --- search ---


def test_search_folds_quotes_width_case_and_spaces():
    assert search_text("“三公”经费") == search_text('"三公"经费') == "三公经费"
    assert search_text("三 公 经 费") == "三公经费"
    assert search_text("１００％ ＡＢＣ") == "100%abc"
    assert search_text("（一）") == "(一)"
    assert search_text(None) == ""


@given(st.text())
def test_search_folding_is_idempotent(text):
    assert search_text(search_text(text)) == search_text(text)


def test_search_tokens_hold_every_word_of_a_clause_and_the_clause():
    tokens = search_tokens("“三公”经费，3,580.05万元").split()
    assert tokens[0] == "三公经费" and {"三", "公", "三公", "公经", "经费", "三公经", "公经费"} <= set(tokens)
    # each clause last and first, so that a phrase of two clauses finds them side by side
    three = tokens.index("3")
    assert tokens[three - 1:three + 2] == ["三公经费", "3", "580.05万元"] and tokens[-1] == "580.05万元"
    assert len(tokens) == len(set(tokens)) + 2  # every inner word once
    # a number or a Latin word is taken whole, never cut
    number = search_tokens("支出3580.05万元").split()
    assert {"支出", "3580.05", "3580.05万元", "出3580.05", "万元"} <= set(number)
    assert not {"580", "3580.0", "80.05"} & set(number)
    long = "一" * 40
    assert max(len(t) for t in search_tokens(long).split() if t != long) == MAX_WORD


SEARCHED = ["三公", "偏差", "公", "预算", "三公经费", "机关运行经费", "3580.05", "100%", "原因"]


def test_every_short_word_is_found_by_match_and_by_datasette(tmp_path):
    """Chinese words of one and two characters are found as often as LIKE finds
    them: by MATCH in SQL and through Datasette's search box."""
    import asyncio
    import sqlite3

    from datasette.app import Datasette

    from juesuan_extract.output.datasets import DatasetWriter

    texts = ["“三公”经费支出比上年减少，主要原因是偏差较大。", "机关运行经费3580.05万元，完成100%。",
             "预算执行无偏差", "公务接待", "无"]
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", {"sections": COLUMNS["sections"]}, ["sqlite"]) as w:
        w.add("sections", [["d", str(i), "2", "", text, "1", "1"] for i, text in enumerate(texts, 1)])
        w.finish()
    con = sqlite3.connect(tmp_path / "juesuan.db")
    for word in SEARCHED:
        like = con.execute("SELECT count(*) FROM sections WHERE replace(replace(text, '“', ''), '”', '') "
                           "LIKE ?", (f"%{word}%",)).fetchone()[0]
        match = con.execute("SELECT count(*) FROM sections_fts WHERE sections_fts MATCH ?",
                            (f'"{word}"',)).fetchone()[0]
        assert like and match == like, word
    con.close()
    datasette = Datasette([str(tmp_path / "juesuan.db")])

    async def search(word):
        response = await datasette.client.get(f"/juesuan/sections.json?_search={word}&_shape=array")
        return [row["text"] for row in response.json()]

    for word in ("偏差", "三公", "公"):
        found = asyncio.run(search(word))
        assert found and all(word in search_text(text) for text in found), word
    assert asyncio.run(search("三公 偏差")) == [texts[0]]  # words separated by spaces: all of them


# --- Excel ---


@pytest.mark.parametrize("cell,shown", [
    ("=5个", "'=5个"), ("=100%", "'=100%"), ("+1", "+1"), ("-56.95", "-56.95"), ("-", "'-"),
    ("@SUM(A1)", "'@SUM(A1)"), ("-较上年减少", "'-较上年减少"), ("01", "01"), ("", ""),
    ("收入=支出", "收入=支出"), ("\tx", "'\tx"), ("1e5", "1e5"),
])
def test_a_text_that_excel_would_take_for_a_formula_gets_an_apostrophe(cell, shown):
    assert excel_cell(cell) == shown


def test_extract_bom_csv_is_safe_for_excel_and_plain_csv_exact(tmp_path):
    assert runner.invoke(app, ["extract", str(WORD), "--out", str(tmp_path / "bom"), "--bom"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(WORD), "--out", str(tmp_path / "plain")]).exit_code == 0
    bom = read_csv(tmp_path / "bom" / "evaluation_indicators.csv")
    plain = read_csv(tmp_path / "plain" / "evaluation_indicators.csv")
    assert "'=5个" in [r["actual"] for r in bom] and "=5个" in [r["actual"] for r in plain]
    assert (tmp_path / "bom" / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # the plain CSV is byte for byte what --table writes
    table = runner.invoke(app, ["extract", str(WORD), "--table", "evaluation_indicators"])
    assert table.stdout.encode("utf-8") == (tmp_path / "plain" / "evaluation_indicators.csv").read_bytes()


def test_extract_xlsx_has_a_sheet_per_table_numbers_and_no_formula(tmp_path):
    result = runner.invoke(app, ["extract", str(WORD), "--format", "xlsx", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    book = tmp_path / "changji-kexie-2023-word.xlsx"
    assert result.stdout.strip() == str(book)
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)"', workbook)
        assert names == ["summary", *[t for t in COLUMNS if t != "summary"], "columns"]
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode() for n in sheets)
        notes = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/comments"))
    assert "<f>" not in xml
    assert "=5个" in xml and '<c r="A2" t="inlineStr">' in xml  # doc_id is text
    assert '<pane ySplit="1"' in xml  # the header row is frozen
    # each column's Chinese name beside its ASCII one: a note on the header cell
    for chinese in ("单位名称", "“三公”经费（决算）", "“三公”经费（决算）（页码）", "偏差原因分析及改进措施"):
        assert f"<t>{chinese}</t>" in notes or f">{chinese}<" in notes, chinese


# --- extract's and check's small promises ---


def test_extract_writes_files_readable_by_all(tmp_path):
    old = os.umask(0o022)
    try:
        for fmt in ("csv", "json", "xlsx"):
            out = tmp_path / fmt
            assert runner.invoke(app, ["extract", str(WORD), "--format", fmt, "--out", str(out)]).exit_code == 0
            for path in out.iterdir():
                assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    finally:
        os.umask(old)


def test_extract_summary_line_counts_statements(tmp_path):
    pdf = FIXTURES / "statements-shuiwu-rects.pdf"
    result = runner.invoke(app, ["extract", str(pdf), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert re.search(r": \d+ pages, \d+ sections, 9 statements \(\d+ values\), ", result.stderr)


def test_table_with_format_is_honoured_or_refused():
    rows = runner.invoke(app, ["extract", str(WORD), "--table", "summary", "--format", "json"])
    assert rows.exit_code == 0
    [summary] = json.loads(rows.stdout)
    assert summary["unit_name"] == "昌吉回族自治州科学技术协会" and summary["sangong"] == 4.04
    refused = runner.invoke(app, ["extract", str(WORD), "--table", "summary", "--format", "xlsx"])
    assert refused.exit_code == 2 and "--table" in refused.stderr


def test_help_lists_every_table():
    extract_help = runner.invoke(app, ["extract", "--help"]).stdout
    batch_help = runner.invoke(app, ["batch", "--help"]).stdout
    for table in COLUMNS:
        assert table in extract_help and table in batch_help, table
    for table in BATCH_COLUMNS:
        assert f"{table}.csv" in batch_help
    assert "xlsx" in extract_help and "xlsx" in batch_help


def test_check_header_names_no_unknown_unit():
    result = runner.invoke(app, ["check", str(HOSTILE / "not-juesuan.pdf")])
    head = result.stdout.splitlines()[0]
    assert "?" not in head and head.startswith(str(HOSTILE / "not-juesuan.pdf"))


def test_readme_names_every_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "five CSV files" not in readme
    for table in record_columns():
        assert f"`{table}" in readme, table


# --- batch: partial pages, copies, nullable integers ---


def test_a_partly_scanned_document_is_partial_everywhere_and_copies_are_flagged(tmp_path):
    import pandas as pd

    in_dir = tmp_path / "in"
    in_dir.mkdir()
    shutil.copy(HOSTILE / "partly-scanned.pdf", in_dir / "a.pdf")
    shutil.copy(HOSTILE / "partly-scanned.pdf", in_dir / "b copy.pdf")
    result = runner.invoke(app, ["batch", str(in_dir), "--out", str(tmp_path / "out"), "--no-progress",
                                 "--format", "csv,parquet", "--ocr", "never"])
    assert result.exit_code == 0, result.output
    assert "1 document (1 partial)" in result.stderr
    out = tmp_path / "out"
    [document] = read_csv(out / "documents.csv")
    [summary] = read_csv(out / "summary.csv")
    assert document["status"] == summary["status"] == "partial"
    files = {f["path"]: f for f in read_csv(out / "files.csv")}
    assert (files["a.pdf"]["status"], files["a.pdf"]["copy_of"]) == ("partial", "")
    assert (files["b copy.pdf"]["status"], files["b copy.pdf"]["copy_of"]) == ("partial", "a.pdf")
    errors = read_csv(out / "errors.csv")
    assert {e["error_code"] for e in errors} == {"partial"}
    assert all("no_text_layer: page 2" in e["error"] for e in errors)
    frame = pd.read_parquet(out / "parquet" / "summary.parquet")
    assert str(frame["unaccounted"].dtype) == "Int64" and str(frame["fiscal_year"].dtype) == "Int64"
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert '<span id="count-partial"><b>1</b> partial</span>' in overview
    assert not (out / "metadata.json").exists()  # only beside a database


def test_nullable_integers_stay_integers_in_pandas(tmp_path):
    import pandas as pd

    from juesuan_extract.output.datasets import DatasetWriter

    (tmp_path / "tmp").mkdir()
    tables = {"documents": ("doc_id", "fiscal_year", "title")}
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["parquet"]) as writer:
        writer.add("documents", [["d1", "2024", "a"], ["d2", "", ""]])
        writer.finish()
    frame = pd.read_parquet(tmp_path / "parquet" / "documents.parquet")
    assert str(frame["fiscal_year"].dtype) == "Int64"
    assert frame["fiscal_year"].iloc[0] == 2024 and pd.isna(frame["fiscal_year"].iloc[1])


# --- what the README and the help promise ---


def test_readme_says_how_to_run_the_command_make_demo_installed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ".venv/bin/juesuan extract" in readme and "source .venv/bin/activate" in readme
    assert "$(BIN)/juesuan extract" in makefile and "BIN := $(VENV)/bin" in makefile
    assert "make test-fast" in readme and "test-fast:" in makefile


def test_check_exits_3_for_an_unreadable_file_as_the_readme_says():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "3 when the document cannot be read" in readme
    result = runner.invoke(app, ["check", str(HOSTILE / "html-saved-as.pdf")])
    assert result.exit_code == 3 and "not_a_pdf" in result.stderr


def test_the_readme_rounds_differences_it_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"-- \(1\)[^\n]*\n(.*?;)", readme, flags=re.S).group(1)
    assert "round(sangong - sangong_prev, 2)" in first


def test_help_and_datasette_metadata_speak_of_final_accounts_and_budgets():
    from juesuan_extract.output.datasette import metadata

    top = runner.invoke(app, ["--help"]).stdout
    assert "部门决算" in top and "部门预算" in top
    meta = metadata(record_columns())
    assert "部门预算" in meta["title"] and "部门预算" in meta["description"]
    tables = meta["databases"]["juesuan"]["tables"]
    assert {"units", "series", "budget_vs_final"} <= set(tables)
    assert tables["units"]["columns"]["unit_id"] and tables["series"]["facets"] == ["figure", "basis",
                                                                                   "fiscal_year"]
