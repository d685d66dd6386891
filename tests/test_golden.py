"""Every field of every table and section of each fixture variant against golden."""

from __future__ import annotations

import os

import pytest

from conftest import GOLDEN, SEED_VARIANTS
from golden import UPDATE, compare
from juesuan_extract.output.records import cell_value, to_records

GOLDEN_DIR = GOLDEN / "changji-kexie-2023"
KEYS = {
    "documents": (),
    "sections": ("seq",),
    "evaluation_tables": ("table_seq",),
    "evaluation_funds": ("table_seq", "seq"),
    "evaluation_indicators": ("table_seq", "seq"),
}


def test_fixture_variants_exist():
    assert len(SEED_VARIANTS) >= 2, "fixtures/pdfs must hold at least two variants"


def test_golden_update_switch_is_off_in_ci():
    assert not (os.environ.get("CI") and UPDATE), "JUESUAN_UPDATE_GOLDEN must not be set in CI"


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("table", list(KEYS))
def test_matches_golden(pdf, table, extracted):
    doc = extracted(pdf)
    assert doc.status == "ok", doc.error
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(GOLDEN_DIR / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{pdf.name}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_page_ranges_are_consistent(pdf, extracted):
    doc = extracted(pdf)
    records = to_records(doc)
    for table in ("sections", "evaluation_tables", "evaluation_indicators"):
        for r in records[table]:
            assert 1 <= r["page_start"] <= r["page_end"] <= doc.pages, (table, r)
    for t in doc.evaluation_tables:
        for ind in t.indicators:
            assert t.page_start <= ind.page_start and ind.page_end <= t.page_end


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_section_page_marks_point_at_the_printed_page(pdf, extracted):
    import pdfplumber

    doc = extracted(pdf)
    with pdfplumber.open(pdf) as handle:
        pages = ["".join((p.extract_text() or "").split()) for p in handle.pages]
    checked = 0
    for s in doc.sections:
        for offset in range(0, len(s.text) - 8, 97):
            probe = s.text[offset:offset + 6]
            if "\n" in probe or s.page_at(offset) != s.page_at(offset + 5):
                continue
            assert probe in pages[s.page_at(offset) - 1], (s.heading, offset, probe)
            checked += 1
    assert checked > 50
