"""Scanned documents give the datasets their text version gives, or say where not.

Scanned copies are made by fixtures/scanned/build.py (grey, turned by up to a
degree, speckled, JPEG) from committed fixtures; their golden is the text
version's golden. Every statement value read differently from the golden must
be flagged: read with low confidence (an ocr.low_confidence check names the
cell) or on a page where an arithmetic check fails.
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, GOLDEN, ROOT
from golden import read_csv
from juesuan_extract.checks.ocr import LOW_CONFIDENCE
from juesuan_extract.pipeline import extract

pytestmark = pytest.mark.slow  # OCR: about 2.5 s a page on one core


def _build():
    spec = importlib.util.spec_from_file_location("scan_build", ROOT / "fixtures" / "scanned" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["scan_build"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scans")


# Scanned copies of both kinds of statement fixture: a three-line table (unruled
# columns, wrapped header cells) and a ruled one with split 类|款|项 codes.
SCANNED = {"statements-dangan-threeline": 7, "statements-shuiwu-rects": 7}


@pytest.fixture(scope="module", params=sorted(SCANNED))
def scanned(request, scans):
    name = request.param
    path = scans / f"{name}-scan.pdf"
    _build().scan_pdf(FIXTURES / f"{name}.pdf", path, dpi=200, seed=SCANNED[name])
    return name, extract(path, ocr="auto")


@pytest.fixture(scope="module")
def scanned_statements(scanned):
    return scanned[1]


def test_a_scanned_document_is_read_by_ocr(scanned):
    name, doc = scanned
    assert doc.status == "ok", doc.error
    assert doc.ocr_pages == list(range(1, doc.pages + 1))
    golden = read_csv(GOLDEN / "statements-fixtures" / name / "statements.csv")
    assert [s.name for s in doc.statements] == [g["statement"] for g in golden]


def test_values_match_the_text_version_or_are_flagged(scanned):
    """At least 99.5 % of the golden values read as printed into their cell, and every
    other one flagged: read with low confidence or on a page whose check fails."""
    name, doc = scanned
    golden = read_csv(GOLDEN / "statements-fixtures" / name / "statement_rows.csv")
    read = {}
    for s in doc.statements:
        for v in s.values:
            read.setdefault((s.name, v.code, v.column), []).append(v)
    failing_pages = {p for c in doc.checks if c.status == "fail" for p in c.pages}
    same = 0
    unflagged = []
    for row in golden:
        found = read.get((row["statement"], row["code"], row["column_path"]), [])
        if any(v.value == Decimal(row["value"]) for v in found):
            same += 1
            continue
        flagged = any(v.confidence is not None and v.confidence < LOW_CONFIDENCE for v in found) \
            or int(row["page"]) in failing_pages
        if not flagged:
            unflagged.append(row)
    assert same / len(golden) >= 0.995, f"{same} of {len(golden)} values as printed"
    assert not unflagged, unflagged[:5]


def test_every_ocr_value_carries_its_confidence(scanned_statements):
    values = [v for s in scanned_statements.statements for v in s.values]
    assert values and all(v.confidence is not None and 0 < v.confidence <= 1 for v in values)


def test_a_mixed_file_reads_text_pages_from_the_text_layer(scans):
    path = scans / "changji-mixed.pdf"
    _build().scan_pdf(FIXTURES / "changji-kexie-2023-word.pdf", path, dpi=200, seed=3, mixed=True,
                      pages=[1, 3])
    doc = extract(path, ocr="auto")
    assert doc.status == "ok", doc.error
    assert doc.ocr_pages == [1, 3]
    assert doc.title == "昌吉回族自治州科学技术协会2023年度部门决算公开说明"
    assert len(doc.evaluation_tables) == 9


def test_a_scan_is_read_by_default_and_never_keeps_it_an_error():
    hostile = ROOT / "fixtures" / "hostile"
    assert extract(hostile / "scanned.pdf", ocr="never").error_code == "no_text_layer"
    doc = extract(hostile / "scanned.pdf")  # --ocr auto, the default
    assert doc.status == "ok" and doc.ocr_pages == [1, 2]
    assert doc.unit_name == "昌吉回族自治州科学技术协会" and doc.fiscal_year == 2023


def test_ocr_time_counts_against_the_document_limit():
    """Pages read by OCR stop once their share of the document's time has passed:
    the pages left are page errors and the text pages are still read (partial);
    a page over its own OCR limit is one too, and with no text read the document
    is a timeout."""
    from juesuan_extract.limits import Limits

    hostile = ROOT / "fixtures" / "hostile"
    doc = extract(hostile / "partly-scanned.pdf", ocr="auto",
                  limits=Limits(max_seconds=300, ocr_share=0.0001))
    assert doc.status == "partial" and doc.ocr_pages == [], (doc.error, doc.warnings)
    assert [(e.page, e.stage) for e in doc.page_errors] == [(2, "time")]
    assert "the time for OCR (0.03 s, 0.0001 of the document's limit of 300 s) ran out" in \
        doc.page_errors[0].message
    assert doc.sections, "pages 1 and 3 are read from their text"
    doc = extract(hostile / "scanned.pdf", ocr="auto", limits=Limits(max_ocr_page_seconds=0.05))
    assert doc.ocr_pages == [] and doc.error_code == "timeout", doc.error
    assert "took longer than the limit of 0.05 s" in doc.error, doc.error


def test_inspect_marks_ocr_pages_and_unsure_values():
    from juesuan_extract.inspect.docmap import document_map, render_map
    from juesuan_extract.inspect.document import inspect_document
    from juesuan_extract.inspect.marks import page_marks

    inspection = inspect_document(ROOT / "fixtures" / "hostile" / "partly-scanned.pdf")
    text = render_map(document_map(inspection))
    [line] = [ln for ln in text.splitlines() if ln.strip().startswith("2 ")]
    assert "(read by OCR)" in line
    assert "(read by OCR)" not in text.replace(line, "")
    # a value read with low confidence is drawn where it was read, with its confidence
    from dataclasses import replace

    inspection = inspect_document(FIXTURES / "statements-dangan-threeline.pdf")
    values = inspection.result.statements[0].values
    values[0] = replace(values[0], confidence=0.42)
    marks = [m for m in page_marks(inspection, values[0].page) if m.kind == "unsure"]
    assert [(m.box, m.tag) for m in marks] == [(values[0].box, "0.42")]
