"""Real self-evaluation (绩效自评表) and performance-target (绩效目标表) tables against
golden files written by hand from the rendered pages: the first 100 pages of the Xi'an
health commission's 2022 部门决算 (47 tables, among them the 整体 table with per-task funds
and the consecutive tables of pp.97–99) and the 24 target tables of a university's 2023
部门预算. The golden files hold a subset of the columns (and of the tables, for funds and
indicators); every field they hold is compared. The failed checks left on the Xi'an file
are the document's own slips, listed in its golden README."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import GOLDEN, SHARED, require_shared
from golden import compare, read_csv
from juesuan_extract.output.records import cell_value, to_records

XIAN = "xian-weijianwei-2022-juesuan-p1-100"
SWU = "swu-2023-yusuan"
PDFS = {XIAN: SHARED / "corpus" / "final_accounts" / f"{XIAN}.pdf",
        SWU: SHARED / "corpus" / "budgets" / f"{SWU}.pdf"}
KEYS = {
    "evaluation_tables": ("table_seq",),
    "evaluation_funds": ("table_seq", "seq"),
    "evaluation_indicators": ("table_seq", "seq"),
}


def _rows(doc, table: str, golden_path) -> list[dict[str, str]]:
    """The extracted rows of the tables the golden file covers."""
    covered = {r["table_seq"] for r in read_csv(golden_path)}
    return [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]
            if str(r["table_seq"]) in covered]


@pytest.mark.parametrize("stem", [XIAN, SWU])
@pytest.mark.parametrize("table", list(KEYS))
def test_matches_golden(stem, table, extracted):
    doc = extracted(require_shared(PDFS[stem]))
    assert doc.status == "ok", doc.error
    path = GOLDEN / stem / f"{table}.csv"
    problems = compare(path, _rows(doc, table, path), KEYS[table])
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(("stem", "count"), [(XIAN, 47), (SWU, 24)])
def test_every_printed_table_is_found_once(stem, count, extracted):
    doc = extracted(require_shared(PDFS[stem]))
    assert len(doc.evaluation_tables) == count
    titles = [t.title for t in doc.evaluation_tables]
    # each table its own title and project: consecutive tables are never merged
    assert all(t.project_name or t.table_kind == "overall" for t in doc.evaluation_tables)
    assert len({(t.title, t.project_name) for t in doc.evaluation_tables}) == count, Counter(titles)


def test_the_xian_checks_that_fail_are_the_documents_slips(extracted):
    """Each failed evaluation check names a slip the golden README lists (pages 70–80,
    94–100), read as printed: inconsistent, never doubtful."""
    doc = extracted(require_shared(PDFS[XIAN]))
    failed = [c for c in doc.checks if c.status == "fail" and c.check_id.startswith("evaluation")]
    pages = Counter(p for c in failed for p in c.pages)
    assert set(pages) == {70, 71, 72, 73, *range(74, 81), 94, 95, 96, 97, 98, 99, 100}
    assert {c.verdict for c in failed} == {"inconsistent"}
    by_kind = Counter(c.check_id for c in failed)
    assert by_kind == {"evaluation.weights": 13, "evaluation.total_score": 2,
                       "evaluation.score_over_weight": 1, "evaluation.level_weights": 13,
                       "evaluation.funds_sum": 1, "evaluation.execution_rate": 3}
    # the 整体 table's 金额合计 is the total of its tasks, not an 18th task
    overall = doc.evaluation_tables[0]
    assert not [c for c in failed if c.scope.startswith("自评表 1 ")]
    assert [f.source for f in overall.funds if f.is_total] == ["金额合计"]


def test_no_number_of_a_table_is_left_unread(extracted):
    doc = extracted(require_shared(PDFS[SWU]))
    assert not [t.doubts for t in doc.evaluation_tables if t.doubts]
    assert [t.funds_weight for t in doc.evaluation_tables] == [10] * 24  # 执行率 分值（10）
