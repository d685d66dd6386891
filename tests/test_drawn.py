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
    "documents": ("unit_name",),
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


# --- another province's scheme (drawn-province-budget) --------------------------------------


def test_a_cover_printing_the_year_first_names_unit_year_and_kind(extracted):
    doc = extracted(FIXTURES / "drawn-province-budget.pdf")
    assert (doc.unit_name, doc.fiscal_year, doc.doc_kind) == ("临澜县档案局", 2025, "部门预算")


def test_a_contents_table_is_no_statement_and_every_title_is_one_table(extracted):
    doc = extracted(FIXTURES / "drawn-province-budget.pdf")
    assert [(s.number, s.page_start, s.page_end) for s in doc.statements] == [
        (1, 3, 3), (2, 4, 5), (3, 5, 5), (4, 6, 6)]  # nothing from the 目录 on p.2


def test_column_number_rows_and_unit_codes_are_no_amounts(extracted):
    doc = extracted(FIXTURES / "drawn-province-budget.pdf")
    spending = next(s for s in doc.statements if s.number == 2)
    assert {v.printed for v in spending.values}.isdisjoint({"1", "2", "3", "501001"})
    assert {v.name for v in spending.values} >= {"501001/临澜县档案局", "501003/临澜县档案技术中心"}


def test_a_halfs_own_labels_and_a_qualifier_under_the_title(extracted):
    doc = extracted(FIXTURES / "drawn-province-budget.pdf")
    totals = next(s for s in doc.statements if s.number == 1)
    spent = {v.name for v in totals.values if v.column == "支出/预算数"}
    assert "一、一般公共服务支出" in spent and "一、一般公共预算拨款" not in spent
    assert doc.statements[-1].name == "一般公共预算支出经济分类预算表"
