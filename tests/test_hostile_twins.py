"""Twins: the same six pages printed cleanly and in the ways real producers
garble them must extract to the same records.

* twin-kangxi.pdf: the fonts' Unicode maps give Kangxi radicals (⾦ for 金),
  radical supplement forms (⻓ for 长) and compatibility ideographs (年 for 年);
* twin-fake-bold.pdf: every text object is drawn twice, 0.3 pt apart;
* twin-running-headers.pdf: a running header with a rule, and "第 N 页 共 6 页"
  in the footer, on every page;
* twin-rotated.pdf: every page stored on its side and turned upright by
  /Rotate 90 or 270.
"""

from __future__ import annotations

import pdfplumber
import pytest

from conftest import ROOT
from juesuan_extract.output.records import to_records
from juesuan_extract.pipeline import extract

HOSTILE = ROOT / "fixtures" / "hostile"
IGNORED = {"doc_id", "file", "sha256"}


def records(name: str) -> dict[str, list[dict]]:
    doc = extract(HOSTILE / name)
    assert doc.status == "ok", doc.error or doc.warnings
    return {table: [{k: v for k, v in row.items() if k not in IGNORED} for row in rows]
            for table, rows in to_records(doc).items()}


def raw_text(name: str) -> str:
    with pdfplumber.open(HOSTILE / name) as pdf:
        return "".join(c["text"] for page in pdf.pages for c in page.chars)


@pytest.fixture(scope="module")
def clean() -> dict[str, list[dict]]:
    return records("twin-clean.pdf")


def test_the_clean_twin_has_sections_and_tables(clean):
    assert len(clean["sections"]) >= 5
    assert len(clean["evaluation_tables"]) == 2
    assert len(clean["evaluation_indicators"]) > 10


@pytest.mark.parametrize("name", ["twin-kangxi.pdf", "twin-fake-bold.pdf",
                                  "twin-running-headers.pdf", "twin-rotated.pdf"])
def test_twin_extracts_to_the_same_records(name, clean):
    twin = records(name)
    for table, rows in clean.items():
        assert twin[table] == rows, f"{name}: {table} differs"


def test_the_kangxi_twin_really_prints_radicals_and_compatibility_forms():
    text = raw_text("twin-kangxi.pdf")
    kangxi = {c for c in text if 0x2F00 <= ord(c) <= 0x2FDF}
    supplement = {c for c in text if 0x2E80 <= ord(c) <= 0x2EFF}
    compatibility = {c for c in text if 0xF900 <= ord(c) <= 0xFAFF}
    assert len(kangxi) > 20 and supplement and len(compatibility) > 5
    assert "⾦" in text or "⼀" in text


def test_the_fake_bold_twin_really_draws_every_glyph_twice():
    assert len(raw_text("twin-fake-bold.pdf")) == 2 * len(raw_text("twin-clean.pdf"))


def test_the_running_headers_are_printed_and_left_out():
    text = raw_text("twin-running-headers.pdf").replace(" ", "")
    assert text.count("昌吉回族自治州科学技术协会2023年度部门决算") >= 6
    assert "第2页共6页" in text
    doc = extract(HOSTILE / "twin-running-headers.pdf")
    body = "".join(s.heading + s.text for s in doc.sections)
    assert "共6页" not in body and "2023年度部门决算" not in body


def test_the_rotated_twin_really_stores_its_pages_on_their_side():
    with pdfplumber.open(HOSTILE / "twin-rotated.pdf") as pdf:
        rotations = [page.page_obj.attrs.get("Rotate") for page in pdf.pages]
        boxes = [tuple(page.page_obj.mediabox) for page in pdf.pages]
    assert set(rotations) == {90, 270}
    assert all(x1 - x0 > y1 - y0 for x0, y0, x1, y1 in boxes)  # stored landscape, shown portrait
