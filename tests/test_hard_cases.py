"""The hard cases one by one: split rows, merged labels across a page break,
repeated header rows, empty deviation cells.

Each fixture test first proves from the raw PDF text that the case really
occurs in that variant, then that the extraction handles it.
"""

from __future__ import annotations

import csv
import re

import pdfplumber
import pytest

from conftest import GOLDEN, SEED_VARIANTS
from grids import make_grid
from juesuan_extract.page.grid import Grid
from juesuan_extract.tables.evaluation import read_evaluation_table

GOLDEN_INDICATORS = list(csv.DictReader(
    (GOLDEN / "changji-kexie-2023" / "evaluation_indicators.csv").open(encoding="utf-8")))


def page_cells(pdf_path) -> list[set[str]]:
    """Each page's table cell texts as pdfplumber's own table pass reads them:
    an independent view of what each page prints."""
    with pdfplumber.open(pdf_path) as pdf:
        return [
            {re.sub(r"\s+", "", cell or "") for table in p.extract_tables() for row in table
             for cell in row}
            for p in pdf.pages
        ]


@pytest.fixture(scope="module", params=SEED_VARIANTS, ids=lambda p: p.stem)
def variant(request, extracted):
    return request.param, extracted(request.param), page_cells(request.param)


def test_deviation_text_split_over_a_page_break_comes_out_whole(variant):
    pdf, doc, pages = variant
    long_reasons = [g["deviation_reason"] for g in GOLDEN_INDICATORS if len(g["deviation_reason"]) > 40]
    split = [r for r in long_reasons if not any(r in p for p in pages)]  # no page prints it whole
    assert split, f"{pdf.name}: no deviation text is split by a page break"
    spans = {}
    for t in doc.evaluation_tables:
        for i in t.indicators:
            spans.setdefault(i.deviation_reason, set()).add(i.page_end - i.page_start)
    for reason in split:
        assert reason in spans, f"{pdf.name}: split text not rejoined: {reason[:30]}…"
        assert max(spans[reason]) >= 1, f"{pdf.name}: {reason[:30]}… not marked as split"


def test_merged_first_level_label_across_a_page_break(variant):
    pdf, doc, _ = variant
    crossings = [
        (t.table_seq, b.seq) for t in doc.evaluation_tables
        for a, b in zip(t.indicators, t.indicators[1:])
        if a.level1 == b.level1 and b.page_start > a.page_start
    ]
    assert crossings, f"{pdf.name}: no 一级指标 group crosses a page break"
    golden = {(g["table_seq"], g["seq"]): g for g in GOLDEN_INDICATORS}
    for t, s in crossings:
        got = doc.evaluation_tables[t - 1].indicators[s - 1]
        assert (got.level1, got.level2) == (golden[(str(t), str(s))]["level1"],
                                            golden[(str(t), str(s))]["level2"])


def test_header_rows_repeated_on_new_pages_are_not_indicators(variant):
    pdf, doc, pages = variant
    header_pages = sum("三级指标" in p for p in pages)  # cells of pages holding a header row
    if "word" in pdf.stem:
        assert header_pages > len(doc.evaluation_tables), "the word variant repeats header rows"
    names = [i.level3 for t in doc.evaluation_tables for i in t.indicators]
    assert "三级指标" not in names and len(names) == len(GOLDEN_INDICATORS)


def test_empty_deviation_cell_after_a_row_with_one(variant):
    _, doc, _ = variant
    first, second = doc.evaluation_tables[1].indicators[:2]
    assert first.deviation_reason.startswith("我单位2022年")
    assert second.level3 == "购买科普大篷车信息化设备数量" and second.deviation_reason == ""


# --- the same cases on hand-made grids, independent of any fixture ---------

COLS = [0, 40, 80, 140, 190, 240, 270, 300, 340]  # x edges of an 8-column table
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def grid(page: int, rows: list[list[str]], merged: dict[tuple[int, int], int] | None = None) -> Grid:
    """A one-page fragment; ``merged`` maps (row, col) to a rowspan."""
    return make_grid(page, COLS, rows, {k: (n, 1) for k, n in (merged or {}).items()})


def test_name_fragment_continued_on_the_next_page():
    # seed, overall table: "更新科技大篷车展品项数" + "（项）" on the next page
    page1 = grid(1, [HEADER, ["产出指标", "数量指标", "更新科技大篷车展品项数", ">=2项", "2项", "12", "12", ""]])
    page2 = grid(2, [["", "", "（项）", "", "", "", "", ""],
                     ["满意度指标", "满意度指标", "当地居民满意度", ">=90%", "≥90%", "15", "15", ""]])
    table = read_evaluation_table(1, "项目支出绩效自评表", [page1, page2])
    assert [i.level3 for i in table.indicators] == ["更新科技大篷车展品项数（项）", "当地居民满意度"]
    assert (table.indicators[0].page_start, table.indicators[0].page_end) == (1, 2)


def test_values_printed_after_the_break_join_the_row_above():
    # vertically centred cells can put the numbers on the second page
    page1 = grid(1, [HEADER, ["产出指标", "数量指标", "印刷科普宣传", "", "", "", "", "偏差"]])
    page2 = grid(2, [["", "", "品数量", ">=500个", "=500个", "8", "8.00", "原因"]])
    (ind,) = read_evaluation_table(1, "项目支出绩效自评表", [page1, page2]).indicators
    assert (ind.level3, ind.target, ind.weight, ind.deviation_reason) == ("印刷科普宣传品数量", ">=500个", 8, "偏差原因")


def test_merged_label_split_by_the_break_names_every_row():
    page1 = grid(1, [HEADER, ["服务对", "满意度", "科技工作者满意度", ">=90%", "≥90%", "15", "15", ""]])
    page2 = grid(2, [["象满意度", "指标", "", "", "", "", "", ""],
                     ["", "", "当地居民满意度", ">=90%", "≥90%", "15", "15", ""]],
                 merged={(0, 0): 2, (0, 1): 2})
    inds = read_evaluation_table(1, "项目支出绩效自评表", [page1, page2]).indicators
    assert [(i.level1, i.level2) for i in inds] == [("服务对象满意度", "满意度指标")] * 2


def test_a_complete_row_with_an_empty_deviation_is_not_joined():
    page1 = grid(1, [HEADER, ["产出指标", "数量指标", "甲", ">=1个", "=1个", "8", "8", "很长的原因"]])
    page2 = grid(2, [["", "", "乙", ">=2个", "=2个", "8", "8", ""]])
    inds = read_evaluation_table(1, "项目支出绩效自评表", [page1, page2]).indicators
    assert [(i.level3, i.deviation_reason, i.level1) for i in inds] == [
        ("甲", "很长的原因", "产出指标"), ("乙", "", "产出指标")]


def test_repeated_header_on_the_next_page_is_dropped():
    page1 = grid(1, [HEADER, ["产出指标", "数量指标", "甲", ">=1个", "=1个", "8", "8", ""]])
    page2 = grid(2, [HEADER, ["", "", "乙", ">=2个", "=2个", "8", "8", ""]])
    inds = read_evaluation_table(1, "项目支出绩效自评表", [page1, page2]).indicators
    assert [i.level3 for i in inds] == ["甲", "乙"]
