"""Budget performance-target tables (项目支出绩效目标表) on hand-made grids: project labels,
funds as label and amount, the goal, indicators with merged labels and rows split by a page
break. No corpus budget prints one."""

from __future__ import annotations

from decimal import Decimal

from grids import make_grid
from juesuan_extract.tables.budget_targets import read_target_rows
from juesuan_extract.tables.stitching import drop_repeated_headers, fragment_rows

COLS = [0, 60, 130, 260, 330, 400]  # 5 columns
HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]


def _read(*pages):
    rows = drop_repeated_headers(fragment_rows(list(pages)))
    return read_target_rows(1, "2025年项目支出绩效目标表", rows, (pages[0].page, pages[-1].page))


def _head(page):
    return make_grid(page, COLS, [
        ["项目名称", "档案数字化", "", "", ""],
        ["主管部门", "某某局", "实施单位", "某某馆", ""],
        ["项目资金（万元）", "年度资金总额", "120.00", "", ""],
        ["", "其中：财政拨款", "100.00", "其他资金", "20.00"],
        ["年度总体目标", "完成馆藏档案数字化，提高利用效率。", "", "", ""],
        HEADER,
        ["绩效指标", "产出指标", "数量指标", "数字化档案卷数", "≥5000卷"],
        ["", "", "质量指标", "数字化合格率", "≥98%"],
        ["", "效益指标", "社会效益指标", "档案查阅利用", ""],
    ], {(0, 1): (1, 4), (1, 3): (1, 2), (2, 0): (2, 1), (2, 2): (1, 3), (4, 1): (1, 4),
        (6, 0): (3, 1), (6, 1): (2, 1)})


def test_project_funds_and_goal():
    table = _read(_head(1), make_grid(2, COLS, [HEADER, ["", "", "", "人次增加", "≥10%"]]))
    assert (table.table_kind, table.project_name, table.competent_dept, table.implementing_unit) == (
        "target", "档案数字化", "某某局", "某某馆")
    assert [(f.source, f.budget_initial) for f in table.funds] == [
        ("年度资金总额", Decimal("120.00")), ("其中：财政拨款", Decimal("100.00")),
        ("其他资金", Decimal("20.00"))]
    assert table.goal_expected == "完成馆藏档案数字化，提高利用效率。"


def test_indicators_with_merged_labels_and_a_row_split_by_the_page_break():
    # page 2 repeats the header, then the rest of 档案查阅利用 ("人次增加") and its target
    table = _read(_head(1), make_grid(2, COLS, [
        HEADER,
        ["", "", "", "人次增加", "≥10%"],
        ["", "满意度指标", "服务对象满意度指标", "查档群众满意度", "≥90%"],
    ]))
    assert [(i.level1, i.level2, i.level3, i.target, i.page_start, i.page_end)
            for i in table.indicators] == [
        ("产出指标", "数量指标", "数字化档案卷数", "≥5000卷", 1, 1),
        ("产出指标", "质量指标", "数字化合格率", "≥98%", 1, 1),
        ("效益指标", "社会效益指标", "档案查阅利用人次增加", "≥10%", 1, 2),
        ("满意度指标", "服务对象满意度指标", "查档群众满意度", "≥90%", 2, 2),
    ]


def test_a_complete_row_after_the_break_is_not_joined():
    page2 = make_grid(2, COLS, [["", "满意度指标", "服务对象满意度指标", "查档群众满意度", "≥90%"]])
    head = _head(1)
    rows = drop_repeated_headers(fragment_rows([head, page2]))
    # complete the 档案查阅利用 row on page 1 first
    table = read_target_rows(1, "项目支出绩效目标表", [r for r in rows if "档案查阅利用" not in r.texts], (1, 2))
    assert [i.level3 for i in table.indicators] == ["数字化档案卷数", "数字化合格率", "查档群众满意度"]


def _line(text, page, top):
    from juesuan_extract.geometry import Box, Line

    return Line(text, Box(page, 0, top, 300, top + 12), 12.0)


def test_a_target_table_is_recognised_by_its_title_above_the_ruling():
    from juesuan_extract.page.layout import PageLayout, TableBlock
    from juesuan_extract.tables.assembly import assemble

    page = PageLayout(1, 595, 842, (
        _line("项目支出绩效目标表", 1, 20), _line("（2025年度）", 1, 40),
        TableBlock(_head(1), ()),
    ), ())
    [group] = assemble([page]).tables
    assert (group.kind, group.title) == ("target", "项目支出绩效目标表")


def test_indicators_under_no_header_are_known_by_their_first_level():
    """A table printing its indicators with no 一级指标 | 二级指标 | 三级指标 | 指标值
    row: the cell naming 产出指标 starts them, the cells after it are the 二级指标,
    the 三级指标 and the 指标值."""
    page = make_grid(1, COLS, [
        ["项目名称", "技工学校国家助学金", "", "", ""],
        ["项目资金（万元）", "年度资金总额", "3000", "", ""],
        ["总体目标", "完成国家助学金审核。", "", "", ""],
        ["绩效指标", "产出\n指标", "数量指标", "指标：申报国家助学金人数", "7375人"],
        ["", "", "质量指标", "指标：发放到位率", "100%"],
        ["", "满意度\n指标", "服务对象满意度指标", "指标：学生满意率", "≧95%"],
    ], {(0, 1): (1, 4), (1, 2): (1, 3), (2, 1): (1, 4), (3, 0): (3, 1), (3, 1): (2, 1)})
    table = _read(page)
    assert [(i.level1, i.level2, i.level3, i.target) for i in table.indicators] == [
        ("产出指标", "数量指标", "指标：申报国家助学金人数", "7375人"),
        ("产出指标", "质量指标", "指标：发放到位率", "100%"),
        ("满意度指标", "服务对象满意度指标", "指标：学生满意率", "≧95%"),
    ]
