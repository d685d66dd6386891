"""Self-evaluation and performance-target tables drawn point by point
(fixtures/drawn/build.py), one fixture per class of layout that real documents print
and the reader once got wrong: three tables one after another (a title at a page's foot,
a title in one-cell rows inside its ruling right below the end of the table before, a
table going on over a page without a title), a 部门整体 table whose funds list tasks with 总额 | 财政拨款 |
其他资金 and a 金额合计 row, a table printing 指标内容 beside 三级指标 with multi-line cells
and its funds weight repeated on the 其中 row, a budget's target tables over several
pages, and one as a spreadsheet export cuts it (merged labels open at the page's cut,
printed on the second page only, an upright label running past the ruling, white text
boxes around each line of a label). The golden files in golden/drawn/<fixture>/ are written by hand from the builder's
data."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, GOLDEN
from golden import compare
from grids import make_grid
from juesuan_extract.output.records import cell_value, to_records
from juesuan_extract.tables.evaluation_titles import TitledPiece, section_pieces, titled_pieces

DRAWN = GOLDEN / "drawn"
STEMS = ["drawn-eval-consecutive", "drawn-eval-task-funds", "drawn-eval-content-column",
         "drawn-target-multipage", "drawn-target-cut"]
KEYS = {
    "evaluation_tables": ("table_seq",),
    "evaluation_funds": ("table_seq", "seq"),
    "evaluation_indicators": ("table_seq", "seq"),
}


@pytest.mark.parametrize("table", list(KEYS))
@pytest.mark.parametrize("stem", STEMS)
def test_matches_golden(stem, table, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    assert doc.status == "ok", doc.error
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(DRAWN / stem / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("stem", STEMS)
def test_reads_without_a_failed_evaluation_check_or_an_unread_number(stem, extracted):
    doc = extracted(FIXTURES / f"{stem}.pdf")
    failed = [f"{c.check_id} {c.scope}: {c.message}" for c in doc.checks
              if c.status == "fail" and c.check_id.startswith(("evaluation", "reading"))]
    assert not failed, "\n".join(failed)
    assert doc.numbers_unaccounted == 0, [(u.page, u.text, u.reason) for u in doc.unaccounted]
    assert not [t.doubts for t in doc.evaluation_tables if t.doubts]


def test_one_table_per_title_wherever_the_title_is_printed(extracted):
    doc = extracted(FIXTURES / "drawn-eval-consecutive.pdf")
    assert [(t.project_name, t.page_start, t.page_end) for t in doc.evaluation_tables] == [
        ("农村饮水安全巡检", 1, 1),    # under its caption
        ("小型水库维修养护", 1, 3),    # title at the foot of p.1, table on pp.2–3
        ("水土保持监测", 3, 3),        # title rows inside its ruling
    ]
    assert [len(t.indicators) for t in doc.evaluation_tables] == [5, 7, 4]


def test_task_funds_rows_and_their_total(extracted):
    table = extracted(FIXTURES / "drawn-eval-task-funds.pdf").evaluation_tables[0]
    total = [f for f in table.funds if f.is_total]
    assert [f.source for f in total] == ["金额合计"] and len(table.funds) == 5
    checks = [c for c in extracted(FIXTURES / "drawn-eval-task-funds.pdf").checks
              if c.check_id.startswith("evaluation")]
    # Σ weights: the 金额合计 row's 10 (its tasks are its parts) + 90 = 100, not 110
    assert [c.status for c in checks if c.check_id == "evaluation.weights"] == ["pass"]
    assert {c.status for c in checks if c.check_id == "evaluation.funds_parts"} == {"pass"}
    assert len([c for c in checks if c.check_id == "evaluation.funds_sum"]) == 6


def test_a_weight_repeated_on_the_qizhong_row_counts_once(extracted):
    doc = extracted(FIXTURES / "drawn-eval-content-column.pdf")
    weights = [c for c in doc.checks if c.check_id == "evaluation.weights"]
    assert [(c.status, c.expected) for c in weights] == [("pass", "100")]


def test_target_tables_print_no_weights_and_are_checked_for_none(extracted):
    doc = extracted(FIXTURES / "drawn-target-multipage.pdf")
    assert doc.doc_kind == "部门预算" and not doc.statements
    assert {t.table_kind for t in doc.evaluation_tables} == {"target"}
    ids = {c.check_id for c in doc.checks if c.check_id.startswith("evaluation")}
    assert ids == {"evaluation.funds_sum", "evaluation.funds_parts"}


def test_a_table_cut_inside_its_merged_labels_is_one_table_with_every_label(extracted):
    """The page after the cut rules only the cells that start there: the open
    merged labels are closed where the page cut them, so the second page's grid keeps
    its label columns; the label printed on the second page names the rows above the
    cut too; the upright label's glyphs past the ruling are the cell's, not text
    between two tables; a white text box is no rule between a label's lines."""
    doc = extracted(FIXTURES / "drawn-target-cut.pdf")
    assert [(t.page_start, t.page_end) for t in doc.evaluation_tables] == [(2, 3)]
    table = doc.evaluation_tables[0]
    assert [(i.level1, i.level2) for i in table.indicators[2:5]] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标")]
    assert len(table.indicators) == 9


def test_a_title_row_inside_the_ruling_cuts_the_grid():
    """WPS and spreadsheet exports rule consecutive tables as one region: the rows
    above a title row go on with the table before, the title opens the next."""
    grid = make_grid(3, [0, 100, 200, 300], [
        ["满意度指标", "群众满意度", "≥90%"],
        ["总分", "", "100"],
        ["临澜县2024年水土保持监测项目绩效自评表", "", ""],
        ["（2024年度）", "", ""],
        ["项目名称", "水土保持监测", ""],
        ["主管部门", "临澜县水利局", ""],
    ], {(2, 0): (1, 3), (3, 0): (1, 3), (4, 1): (1, 2), (5, 1): (1, 2)})
    pieces = titled_pieces(grid)
    assert [(p.title, p.grid.n_rows) for p in pieces] == [
        ("", 2), ("临澜县2024年水土保持监测项目绩效自评表", 4)]
    assert section_pieces(pieces[1]) == [pieces[1]]  # its 项目名称 is its own


def test_a_project_row_under_one_title_opens_the_next_projects_table():
    grid = make_grid(5, [0, 100, 200, 300], [
        ["满意度指标", "服务对象满意度", "≥95%"],
        ["专项（项目）名称", "博士后创新基地资助资金", ""],
        ["主管部门", "临澜县人力资源和社会保障局", ""],
    ], {(1, 1): (1, 2), (2, 1): (1, 2)})
    assert titled_pieces(grid) == []
    parts = section_pieces(TitledPiece(grid))  # a page of the table before goes on
    assert [(p.section, p.grid.n_rows) for p in parts] == [(False, 1), (True, 2)]
