"""Column names of a statement read from hand-built grids: the header path
above each amount column."""

from __future__ import annotations

from decimal import Decimal

from test_statement_numbering import grid, values

from juesuan_extract.geometry import Box
from juesuan_extract.grid import Cell, Grid
from juesuan_extract.statements import read_statement


def test_the_only_amount_column_keeps_its_name():
    rows = [["科目编码", "科目名称", "本年支出合计"],
            ["", "合计", "30.00"],
            ["201 01 01", "行政运行", "30.00"]]
    statement = read_statement(1, "支出决算表", "支出决算表", "万元", [grid(1, [70, 120, 70], rows)])
    assert values(statement) == [("", "合计", "本年支出合计", Decimal("30.00")),
                                 ("2010101", "行政运行", "本年支出合计", Decimal("30.00"))]


def test_a_heading_over_every_amount_column_is_left_out_of_their_names():
    # 科目编码 and 科目名称 span both header rows; 本年支出 spans the three amount columns
    xs = [0, 70, 190, 260, 330, 400]

    def cell(row, col, text, rowspan=1, colspan=1):
        box = Box(1, xs[col], 20 * row, xs[col + colspan], 20 * (row + rowspan))
        return Cell(row, col, rowspan, colspan, text, box)

    cells = (cell(0, 0, "科目编码", rowspan=2), cell(0, 1, "科目名称", rowspan=2),
             cell(0, 2, "本年支出", colspan=3),
             cell(1, 2, "合计"), cell(1, 3, "基本支出"), cell(1, 4, "项目支出"),
             cell(2, 0, "201"), cell(2, 1, "一般公共服务支出"),
             cell(2, 2, "30.00"), cell(2, 3, "20.00"), cell(2, 4, "10.00"))
    table = Grid(Box(1, 0, 0, xs[-1], 60), 3, 5, cells, tuple(xs))
    statement = read_statement(1, "支出决算表", "支出决算表", "万元", [table])
    assert [v.column for v in statement.values] == ["合计", "基本支出", "项目支出"]
