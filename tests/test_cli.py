"""The command line, run as a user would."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, SEED_VARIANTS, require_shared
from juesuan_extract.cli import app
from juesuan_extract.output.records import COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def fixture_pdf() -> Path:
    return SEED_VARIANTS[0]


def test_help_explains_with_examples():
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "extract" in top.output and "Example" in top.output
    sub = runner.invoke(app, ["extract", "--help"])
    for option in ("--format", "--out", "--table", "--password", "Examples"):
        assert option in sub.output


def test_csv_into_out_dir(tmp_path, fixture_pdf):
    result = runner.invoke(app, ["extract", str(fixture_pdf), "--format", "csv", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for table, columns in COLUMNS.items():
        with (tmp_path / f"{table}.csv").open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == columns
    with (tmp_path / "evaluation_indicators.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 98


def test_default_out_dir_is_named_after_the_pdf(tmp_path, fixture_pdf, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(fixture_pdf)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / fixture_pdf.stem / "sections.csv").exists()
    assert str(Path(fixture_pdf.stem) / "sections.csv") in result.output


def test_one_table_to_stdout(fixture_pdf):
    result = runner.invoke(app, ["extract", str(fixture_pdf), "--table", "evaluation_tables"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 9 and rows[0]["table_kind"] == "overall"


def test_json_has_provenance(tmp_path, fixture_pdf):
    result = runner.invoke(app, ["extract", str(fixture_pdf), "--format", "json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / f"{fixture_pdf.stem}.json").read_text(encoding="utf-8"))
    ind = doc["evaluation_tables"][1]["indicators"][0]
    assert ind["weight"] == 8 and ind["page_start"] >= 1
    box = ind["boxes"]["level3"][0]
    assert box["page"] == ind["page_start"] and box["x0"] < box["x1"]


def test_bom_for_excel(tmp_path, fixture_pdf):
    runner.invoke(app, ["extract", str(fixture_pdf), "--bom", "--out", str(tmp_path)])
    assert (tmp_path / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_not_a_pdf_fails_with_the_file_and_reason(tmp_path):
    page = tmp_path / "report.pdf"
    page.write_text("<html><body>404 Not Found</body></html>")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 1
    assert "not_a_pdf" in result.stderr and "report.pdf" in result.stderr


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1 and "[empty]" in result.stderr


def test_truncated_pdf(tmp_path, fixture_pdf):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(fixture_pdf.read_bytes()[:3000])
    result = runner.invoke(app, ["extract", str(cut)])
    assert result.exit_code == 1 and "cut.pdf" in result.stderr


def test_document_without_self_evaluation_tables(tmp_path):
    pdf = require_shared(CORPUS / "shehuigongzuobu-2024.pdf")
    result = runner.invoke(app, ["extract", str(pdf), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "documents.csv").open(encoding="utf-8") as fh:
        doc = next(csv.DictReader(fh))
    assert doc["unit_name"] == "中共上海市普陀区委社会工作部" and doc["fiscal_year"] == "2024"
    with (tmp_path / "sections.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) > 10
    with (tmp_path / "evaluation_indicators.csv").open(encoding="utf-8") as fh:
        assert list(csv.DictReader(fh)) == []


def test_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "juesuan_extract", "--version"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("juesuan-extract ")


def test_the_command_line_starts_without_the_pipeline_or_pdf_libraries():
    # `juesuan --help` and a usage error must stay quick: heavy modules load on use
    import subprocess
    import sys

    code = ("import sys, juesuan_extract.cli; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pdfplumber', 'pdfminer', 'pypdfium2', 'pandas', 'pyarrow', 'camelot', 'cv2') "
            "or m in ('juesuan_extract.pipeline', 'juesuan_extract.narrative.facts'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == ""
