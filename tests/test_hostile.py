"""Hostile and unusual files: each ends in a defined error with a message that
names the file, says what is wrong and what to do; or, when part of it can be
read, in a result that says what was left out.

The files are in fixtures/hostile/ (see build.py there for how each is made).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEED_VARIANTS
from juesuan_extract.cli import app
from juesuan_extract.errors import ERROR_CODES, PageError
from juesuan_extract.limits import Limits
from juesuan_extract.output.records import to_records
from juesuan_extract.pipeline import extract

HOSTILE = ROOT / "fixtures" / "hostile"
PASSWORD = "juesuan"
runner = CliRunner()


def fixture(name: str) -> Path:
    return HOSTILE / name


def failed(path: Path, code: str, **kwargs) -> str:
    """Extract ``path``, check that it failed with ``code``; return the message."""
    doc = extract(path, **kwargs)
    assert doc.status == "failed", f"{path.name}: {doc.status} {doc.warnings}"
    assert doc.error_code == code, doc.error
    assert doc.error.startswith(f"{path}: "), "the message names the file first"
    assert doc.error.endswith(")"), "the message ends with what to do, in parentheses"
    return doc.error


def sections_text(doc) -> str:
    return "\n".join(s.heading + "\n" + s.text for s in doc.sections)


# Each error code, the file that produces it, and what its message must say.
# The time limits of these tests may ring inside a garbage-collector callback
# (hypothesis installs one), which swallows the exception; pytest reports it as
# unraisable, and the limit rings again (limits.RETRY_SECONDS).
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

CASES = [
    ("not_a_pdf", "html-saved-as.pdf", {}, ["an HTML page", "download the PDF itself"]),
    ("not_a_pdf", "png-saved-as.pdf", {}, ["a PNG image", "OCR"]),
    ("not_a_pdf", "ofd-saved-as.pdf", {}, ["an OFD document", "convert it to PDF"]),
    ("empty", "empty.pdf", {}, ["empty (0 bytes)", "download it again"]),
    ("empty", "zero-bytes.pdf", {}, ["8192 bytes but no content", "did not finish"]),
    ("empty", "no-pages.pdf", {}, ["has no pages"]),
    ("corrupt", "damaged.pdf", {}, ["cannot be parsed", "download it again"]),
    ("corrupt", "cut-off.pdf", {}, ["cut off", "16222 bytes", "download it again"]),
    ("encrypted", "encrypted-password.pdf", {}, ["encrypted with a password", "--password"]),
    ("encrypted", "encrypted-aes256.pdf", {}, ["encrypted with a password", "--password"]),
    ("encrypted", "encrypted-password.pdf", {"password": "wrong"}, ["password", "is wrong"]),
    ("encrypted", "unknown-encryption.pdf", {}, ["Adobe.PubSec", "unprotected copy"]),
    ("no_text_layer", "scanned.pdf", {"ocr": "never"}, ["none of the 2 pages has a text layer",
                                          "pages 1–2 are images (a scan)", "--ocr auto"]),
    ("no_text_layer", "blank-pages.pdf", {}, ["none of the 2 pages has any text"]),
    ("unusable_text", "no-unicode-maps.pdf", {}, ["pages 1–6 of 6", "no Unicode mapping",
                                                  "run OCR"]),
    ("unusable_text", "misencoded.pdf", {}, ["rare ones", "乱码"]),
    ("too_large", "compilation-204-pages.pdf", {"limits": Limits(max_pages=200)},
     ["204 pages, more than the limit of 200", "--max-pages"]),
    ("too_large", "twin-clean.pdf", {"limits": Limits(max_file_mb=0.1)},
     ["0.3 MB, more than the limit of 0.1 MB", "--max-mb"]),
    ("timeout", "slow-page.pdf", {"limits": Limits(max_seconds=1)},
     ["after 1 s", "--max-seconds"]),
]


@pytest.mark.parametrize("code, name, kwargs, says", CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_failure_has_its_code_and_a_message_that_helps(code, name, kwargs, says):
    message = failed(fixture(name), code, **kwargs)
    for words in says:
        assert words in message, message


def test_every_error_code_has_a_fixture():
    covered = {case[0] for case in CASES} | {"unreadable", "internal_error"}
    assert covered == set(ERROR_CODES)


def test_a_file_that_cannot_be_opened(tmp_path):
    message = failed(tmp_path, "unreadable")  # a folder
    assert "cannot be read" in message and "IsADirectoryError" in message


def test_a_fault_in_the_program_is_reported_not_raised(monkeypatch):
    import juesuan_extract.pipeline as pipeline

    def broken(reading):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "_interpret", broken)
    message = failed(fixture("twin-clean.pdf"), "internal_error")
    assert "ZeroDivisionError" in message and "please report it" in message


def test_a_pdf_cut_off_early_fails(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(SEED_VARIANTS[0].read_bytes()[:3000])
    assert "cut off" in failed(cut, "corrupt")


# --- what can be read is read -----------------------------------------------------------


@pytest.fixture(scope="module")
def clean():
    return extract(fixture("twin-clean.pdf"))


def test_right_password_reads_the_document(clean):
    for name in ("encrypted-password.pdf", "encrypted-aes256.pdf"):
        doc = extract(fixture(name), password=PASSWORD)
        assert doc.status == "ok", doc.error
        assert sections_text(doc) == sections_text(clean)
        assert len(doc.evaluation_tables) == len(clean.evaluation_tables) == 2


def test_encrypted_without_a_user_password_is_read(clean):
    doc = extract(fixture("encrypted-no-user-password.pdf"))
    assert doc.status == "ok" and sections_text(doc) == sections_text(clean)


@pytest.mark.parametrize("name", ["encrypted-no-user-password.pdf", "twin-clean.pdf"])
def test_a_password_is_not_needed_where_the_file_opens_without_one(name, clean):
    # batch --password gives one password to every file, also those that need none
    doc = extract(fixture(name), password=PASSWORD)
    assert doc.status == "ok", doc.error
    assert sections_text(doc) == sections_text(clean)


def test_a_file_cut_off_in_its_last_bytes_is_read_with_a_warning(clean):
    doc = extract(fixture("cut-off-at-end.pdf"))
    assert doc.status == "ok"
    assert doc.warnings[0].startswith("cut_off: the file is cut off")
    assert sections_text(doc) == sections_text(clean)


def test_one_damaged_page_costs_only_that_page():
    doc = extract(fixture("one-damaged-page.pdf"))
    assert doc.status == "partial"
    assert [(e.page, e.stage) for e in doc.page_errors] == [(3, "ingest")]
    assert "content stream" in doc.page_errors[0].message
    pages = {p for s in doc.sections for p in range(s.page_start, s.page_end + 1)}
    assert 2 in pages and 3 not in pages
    assert [t.page_start for t in doc.evaluation_tables] == [4]
    assert len(doc.evaluation_tables[0].indicators) > 5
    warnings = to_records(doc)["documents"][0]["warnings"]
    assert "page_failed: page 3 (ingest)" in warnings


def test_one_misencoded_page_is_left_out_and_named():
    doc = extract(fixture("one-misencoded-page.pdf"))
    assert doc.status == "partial"
    assert doc.page_errors == [PageError(2, "text", doc.page_errors[0].message)]
    assert "no Unicode mapping" in doc.page_errors[0].message
    assert "\ufffd" not in sections_text(doc)
    assert any(w.startswith("unusable_text: page 2 (text)") for w in doc.warnings)
    assert len(doc.evaluation_tables) == 1


def test_scanned_pages_in_a_good_document_are_a_warning_without_ocr():
    doc = extract(fixture("partly-scanned.pdf"), ocr="never")
    assert doc.status == "ok"
    assert "no_text_layer: page 2 is an image without a text layer" in "; ".join(doc.warnings)
    assert "第一部分" not in sections_text(doc)  # page 2's heading is only in the image
    assert doc.sections, "pages 1 and 3 are still read"


def test_scanned_pages_in_a_good_document_are_read_by_ocr():
    doc = extract(fixture("partly-scanned.pdf"))  # --ocr auto, the default
    assert doc.status == "ok" and doc.ocr_pages == [2]
    assert "第一部分" in sections_text(doc)  # page 2's heading, read from the image


def test_a_slow_page_is_left_out_and_the_rest_is_read():
    doc = extract(fixture("slow-page.pdf"), limits=Limits(max_page_seconds=1))
    assert doc.status == "partial"
    assert [(e.page, e.stage) for e in doc.page_errors] == [(2, "time")]
    assert "longer than the limit of 1 s" in doc.page_errors[0].message
    assert [s.heading for s in doc.sections] == ["一、活动时间"]


def test_a_document_that_is_not_juesuan_still_gives_its_text():
    doc = extract(fixture("not-juesuan.pdf"))
    assert doc.status == "ok"
    assert any(w.startswith("not_juesuan:") for w in doc.warnings)
    headings = [s.heading for s in doc.sections]
    assert headings[:3] == ["一、活动时间", "二、活动地点", "三、参加人员"]
    assert doc.sections[1].text.startswith("昌吉州科技馆三楼报告厅。")


def test_a_compilation_of_200_pages_is_read_with_the_default_limits():
    doc = extract(fixture("compilation-204-pages.pdf"))
    assert doc.status == "ok" and doc.pages == 204
    assert len(doc.evaluation_tables) == 6 * 9


# --- the command line ---------------------------------------------------------------------


def test_cli_names_the_error_and_the_file():
    path = fixture("encrypted-password.pdf")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error [encrypted] {path}: the PDF is encrypted")


def test_cli_reads_with_the_password(tmp_path):
    result = runner.invoke(app, ["extract", str(fixture("encrypted-password.pdf")),
                                 "--password", PASSWORD, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sections.csv").exists()


def test_cli_limits(tmp_path):
    result = runner.invoke(app, ["extract", str(SEED_VARIANTS[0]), "--max-pages", "10",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "error [too_large]" in result.stderr and "more than the limit of 10" in result.stderr
    result = runner.invoke(app, ["extract", str(fixture("slow-page.pdf")), "--max-seconds", "1",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 1 and "error [timeout]" in result.stderr


def test_cli_warns_about_the_page_that_failed(tmp_path):
    path = fixture("one-damaged-page.pdf")
    result = runner.invoke(app, ["extract", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: page_failed: page 3 (ingest)" in result.stderr
    documents = (tmp_path / "documents.csv").read_text(encoding="utf-8")
    assert "partial" in documents and "page 3" in documents


def test_a_damaged_header_is_read_with_a_warning(tmp_path, clean):
    damaged = tmp_path / "header.pdf"
    damaged.write_bytes(b"%PDE-1.7" + fixture("twin-clean.pdf").read_bytes()[8:])
    doc = extract(damaged)
    assert doc.status == "ok" and doc.warnings[0].startswith("damaged_header:")
    assert sections_text(doc) == sections_text(clean)
