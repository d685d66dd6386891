"""Budget fixtures in layouts the corpus budgets lack (fixtures/budgets/build.py): Shanghai's
statements in 元 with thousands separators on landscape pages, 功能分类科目编码 split into
类 | 款 | 项 columns, and a 项目支出绩效目标表 over two pages with a row split by the page
break. The golden files are written by the builder from the source data the PDFs are
typeset from."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, GOLDEN
from golden import compare
from juesuan_extract.output.records import cell_value, to_records

BUDGET_GOLDEN = GOLDEN / "budget-fixtures"
KEYS = {
    "documents": ("unit_name",),
    "statements": ("statement",),
    "statement_rows": ("statement", "code", "name", "column_path"),
    "evaluation_tables": ("table_seq",),
    "evaluation_funds": ("table_seq", "seq"),
    "evaluation_indicators": ("table_seq", "seq"),
}
CASES = [(stem, table) for stem in sorted(p.name for p in BUDGET_GOLDEN.iterdir() if p.is_dir())
         for table in KEYS if (BUDGET_GOLDEN / stem / f"{table}.csv").exists()]


@pytest.mark.parametrize(("stem", "table"), CASES)
def test_budget_fixture_matches_golden(stem, table, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    assert doc.status == "ok", doc.error
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(BUDGET_GOLDEN / stem / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("stem", sorted({stem for stem, _ in CASES}))
def test_every_number_of_a_budget_fixture_is_accounted_for(stem, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    pages = {p for s in doc.statements for p in range(s.page_start, s.page_end + 1)}
    assert not [u for u in doc.unaccounted if u.page in pages]
