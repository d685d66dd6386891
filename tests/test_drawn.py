"""Tables drawn point by point (fixtures/drawn/build.py), each reproducing a way a
reader once made numbers the page never printed without a word: two cells glued
into one number, codes printed over 类 | 款 | 项 under a clipped header read as
amounts. Each must read as printed, with no check failing; and where a reader
still errs, the reading checks name it (test_verdicts.py)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, GOLDEN
from golden import compare
from juesuan_extract.output.records import cell_value, to_records

DRAWN = GOLDEN / "drawn"
KEYS = {
    "statements": ("statement",),
    "statement_rows": ("statement", "code", "name", "column_path"),
}
CASES = [(stem, table) for stem in sorted(p.name for p in DRAWN.iterdir() if p.is_dir())
         for table in KEYS if (DRAWN / stem / f"{table}.csv").exists()]


@pytest.mark.parametrize(("stem", "table"), CASES)
def test_drawn_fixture_matches_golden(stem, table, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    assert doc.status == "ok", doc.error
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(DRAWN / stem / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("stem", sorted({stem for stem, _ in CASES}))
def test_a_drawn_fixture_reads_without_a_failed_check(stem, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    failed = [f"{c.check_id} {c.scope}: {c.message}" for c in doc.checks if c.status == "fail"]
    assert not failed, "\n".join(failed)
    assert doc.numbers_unaccounted == 0, [(u.page, u.text, u.reason) for u in doc.unaccounted]


def test_cells_sharing_a_border_are_two_numbers_and_a_number_cut_by_a_rule_is_one(extracted):
    doc = extracted(FIXTURES / "drawn-glued-cells.pdf")
    printed = {v.printed for s in doc.statements for v in s.values}
    assert {"46.56", "25", "267.80"} <= printed and "46.5625" not in printed
