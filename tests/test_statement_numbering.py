"""行次 columns and 栏次 rows, as the national template prints them: line and
column numbers are references, never amounts, and no part of a column name."""

from __future__ import annotations

from decimal import Decimal

from grids import edges_of, make_grid
from juesuan_extract.page.grid import Grid
from juesuan_extract.tables.statements import read_statement


def grid(page: int, widths: list[float], rows: list[list[str]],
         spans: dict[tuple[int, int], int] | None = None) -> Grid:
    """A one-page fragment; ``spans`` maps (row, col) to a colspan."""
    return make_grid(page, edges_of(widths), rows, {k: (1, n) for k, n in (spans or {}).items()})


def values(statement) -> list[tuple[str, str, str, Decimal]]:
    return [(v.code, v.name, v.column, v.value) for v in statement.values]


def test_line_numbers_and_the_column_number_row_of_a_two_sided_statement():
    rows = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "6", "80.00"],
        ["二、事业收入", "2", "20.00", "二、教育支出", "7", "40.00"],
        ["本年收入合计", "3", "120.00", "本年支出合计", "8", "120.00"],
    ]
    table = grid(1, [160, 30, 60, 160, 30, 60], rows, {(0, 0): 3, (0, 3): 3})
    statement = read_statement(1, "收入支出决算总表", "收入支出决算总表", "万元", [table])
    assert values(statement) == [
        ("", "一、一般公共预算财政拨款收入", "收入/决算数", Decimal("100.00")),
        ("", "一、一般公共服务支出", "支出/决算数", Decimal("80.00")),
        ("", "二、事业收入", "收入/决算数", Decimal("20.00")),
        ("", "二、教育支出", "支出/决算数", Decimal("40.00")),
        ("", "本年收入合计", "收入/决算数", Decimal("120.00")),
        ("", "本年支出合计", "支出/决算数", Decimal("120.00")),
    ]


def test_the_column_number_row_is_header_on_every_page():
    header = [["项目", "", "本年收入合计", "财政拨款收入", "事业收入"],
              ["科目编码", "科目名称", "", "", ""],
              ["栏次", "", "1", "2", "3"]]
    spans = {(0, 0): 2, (2, 0): 2}
    page1 = grid(1, [60, 120, 70, 70, 70],
                 [*header, ["", "合计", "30.00", "25.00", "5.00"], ["201", "一般公共服务支出", "30.00", "25.00", "5.00"]],
                 spans)
    page2 = grid(2, [60, 120, 70, 70, 70],
                 [*header, ["2010301", "行政运行", "30.00", "25.00", "5.00"]], spans)
    statement = read_statement(1, "收入决算表", "收入决算表", "万元", [page1, page2])
    assert {v.name for v in statement.values} == {"合计", "一般公共服务支出", "行政运行"}
    assert {v.column for v in statement.values} == {"本年收入合计", "财政拨款收入", "事业收入"}
    assert [v.value for v in statement.values if v.name == "行政运行"] == [
        Decimal("30.00"), Decimal("25.00"), Decimal("5.00")]
    assert {v.page for v in statement.values if v.name == "行政运行"} == {2}


def test_a_table_without_label_columns_keeps_its_column_numbers_out():
    # the 三公 table: no 项目 column; the numbers 1 … 4 under the header are unlabelled
    rows = [["合计", "因公出国（境）费", "公务用车购置及运行费", "", "公务接待费"],
            ["", "", "公务用车购置费", "公务用车运行费", ""],
            ["1", "2", "3", "4", "5"],
            ["12.00", "5.00", "0.00", "3.00", "4.00"]]
    table = grid(1, [60, 80, 80, 80, 70], rows, {(0, 2): 2})
    statement = read_statement(1, "财政拨款“三公”经费支出决算表", "三公", "万元", [table])
    assert [(v.column, v.value) for v in statement.values] == [
        ("合计", Decimal("12.00")), ("因公出国（境）费", Decimal("5.00")),
        ("公务用车购置及运行费/公务用车购置费", Decimal("0.00")),
        ("公务用车购置及运行费/公务用车运行费", Decimal("3.00")), ("公务接待费", Decimal("4.00"))]


def test_whole_amounts_are_not_taken_for_column_numbers():
    rows = [["合计", "因公出国（境）费", "公务接待费"], ["12", "5", "7"]]
    statement = read_statement(1, "财政拨款“三公”经费支出决算表", "三公", "万元",
                               [grid(1, [60, 80, 70], rows)])
    assert [v.value for v in statement.values] == [Decimal(12), Decimal(5), Decimal(7)]
