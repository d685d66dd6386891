"""Column names of a statement read from hand-built grids: the header path
above each amount column."""

from __future__ import annotations

from decimal import Decimal

from grids import edges_of, make_grid
from juesuan_extract.tables.statements import read_statement


def test_the_only_amount_column_keeps_its_name():
    rows = [["科目编码", "科目名称", "本年支出合计"],
            ["", "合计", "30.00"],
            ["201 01 01", "行政运行", "30.00"]]
    table = make_grid(1, edges_of([70, 120, 70]), rows)
    statement = read_statement(1, "支出决算表", "支出决算表", "万元", [table])
    assert [(v.code, v.name, v.column, v.value) for v in statement.values] == [("", "合计", "本年支出合计", Decimal("30.00")),
                                 ("2010101", "行政运行", "本年支出合计", Decimal("30.00"))]


def test_a_heading_over_every_amount_column_is_left_out_of_their_names():
    # 科目编码 and 科目名称 span both header rows; 本年支出 spans the three amount columns
    rows = [["科目编码", "科目名称", "本年支出", "", ""],
            ["", "", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "30.00", "20.00", "10.00"]]
    table = make_grid(1, [0, 70, 190, 260, 330, 400], rows,
                      {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3)})
    statement = read_statement(1, "支出决算表", "支出决算表", "万元", [table])
    assert [v.column for v in statement.values] == ["合计", "基本支出", "项目支出"]
