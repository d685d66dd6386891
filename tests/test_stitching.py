from juesuan_extract.geometry import Box
from juesuan_extract.page.grid import Cell, Grid
from juesuan_extract.tables.stitching import (
    RowCell,
    TableRow,
    drop_repeated_headers,
    fill_down,
    fragment_rows,
)


def row(texts, fragment, first, page=1):
    cells = tuple(RowCell(t, Box(page, i * 10, 0, i * 10 + 10, 10), False)
                  for i, t in enumerate(texts))
    return TableRow(cells, fragment, first)


def test_repeated_header_at_the_top_of_a_continuation_is_dropped():
    rows = [row(["一级指标", "得分"], 0, True), row(["产出", "8"], 0, False),
            row(["一级指标", "得分"], 1, True, 2), row(["效益", "9"], 1, False, 2)]
    kept = drop_repeated_headers(rows)
    assert [r.texts for r in kept] == [("一级指标", "得分"), ("产出", "8"), ("效益", "9")]
    assert kept[2].first_in_fragment  # now the first row of page 2
    assert drop_repeated_headers(kept) == kept  # idempotent


def test_a_repeat_in_the_middle_of_a_page_is_data():
    rows = [row(["提升", "10"], 0, True), row(["提升", "10"], 0, False)]
    assert len(drop_repeated_headers(rows)) == 2


def test_fill_down_resets_lower_levels():
    got = fill_down([["产出指标", "数量指标"], ["", ""], ["", "质量指标"],
                     ["效益指标", "社会效益"], ["", ""]], depth=2)
    assert got == [["产出指标", "数量指标"], ["产出指标", "数量指标"], ["产出指标", "质量指标"],
                   ["效益指标", "社会效益"], ["效益指标", "社会效益"]]
    assert fill_down(got, depth=2) == got


def test_merged_cell_text_reaches_every_row_it_spans():
    merged = Cell(0, 0, 2, 1, "产出指标", Box(1, 0, 0, 10, 20))
    a = Cell(0, 1, 1, 1, "数量", Box(1, 10, 0, 20, 10))
    b = Cell(1, 1, 1, 1, "质量", Box(1, 10, 10, 20, 20))
    rows = fragment_rows([Grid(Box(1, 0, 0, 20, 20), 2, 2, (merged, a, b))])
    assert [r.texts for r in rows] == [("产出指标", "数量"), ("产出指标", "质量")]
    assert [r.cells[0].spanned for r in rows] == [False, True]


def test_fill_down_keeps_lower_levels_under_a_repeated_upper_label():
    # a merged 一级指标 split by a page break prints its label again below
    got = fill_down([["成本指标", "经济成本指标"], ["成本指标", ""], ["", ""]], depth=2)
    assert got == [["成本指标", "经济成本指标"]] * 3
