"""Characters into cells: each goes where its centre is, but for the few glyphs of a
name printed over a border (a cell too narrow for it), which stay with the rest."""

from __future__ import annotations

from juesuan_extract.geometry import Box, Char
from juesuan_extract.model import RuledTable, Segment
from juesuan_extract.page.grid import build_grid

SIZE = 6.0


def run(text: str, x0: float, top: float) -> list[Char]:
    """Glyphs set one after another from x0, with no gap."""
    return [Char(t, Box(1, x0 + i * SIZE, top, x0 + (i + 1) * SIZE, top + SIZE), SIZE)
            for i, t in enumerate(text)]


def number(text: str, x1: float, top: float) -> list[Char]:
    """A right-aligned number ending at x1, digits half a glyph wide."""
    w = SIZE / 2
    return [Char(t, Box(1, x1 - (len(text) - i) * w, top, x1 - (len(text) - i - 1) * w, top + SIZE), SIZE)
            for i, t in enumerate(text)]


def table(xs: list[float], ys: list[float]) -> RuledTable:
    return RuledTable(Box(1, xs[0], ys[0], xs[-1], ys[-1]),
                      tuple(Segment(y, xs[0], xs[-1]) for y in ys),
                      tuple(Segment(x, ys[0], ys[-1]) for x in xs))


def texts(chars: list[Char], xs: list[float], ys: list[float]) -> list[str]:
    return [c.text for c in build_grid(table(xs, ys), chars).cells]


def test_a_name_too_long_for_its_cell_keeps_its_last_glyph_off_the_number():
    # 科技创新局 2026 部门预算 p. 52: 机关事业单位基本养老保险缴费支 | 2947399.16
    name = "机关事业单位基本养老保险缴费支"
    chars = run(name, 10, 12) + number("2947399.16", 190, 12)
    assert texts(chars, [0, 95, 200], [10, 20]) == [name, "2947399.16"]


def test_a_heading_printed_over_both_borders_is_one_column_name():
    # 应急管理局 2026 部门预算 p. 32: 公 | 务用车购置及运行维护 | 费 over 公务接待费 and 会议费
    name = "公务用车购置及运行维护费"
    chars = run(name, 23, 12)
    assert texts(chars, [0, 26, 92, 120], [10, 20]) == ["", name, ""]


def test_two_cells_whose_texts_touch_keep_their_own():
    chars = run("功能分类科目编码", 10, 12) + run("功能分类科目名称", 58, 12)
    assert texts(chars, [0, 58, 120], [10, 20]) == ["功能分类科目编码", "功能分类科目名称"]
    chars = run("合计", 46, 12) + run("小计", 58, 12)
    assert texts(chars, [0, 58, 120], [10, 20]) == ["合计", "小计"]


def test_numbers_that_touch_across_a_border_are_never_moved():
    chars = number("120", 50, 12) + number("258,600", 50 + 7 * SIZE / 2, 12)
    got = texts(chars, [0, 50, 100], [10, 20])
    assert got == ["120", "258,600"]
