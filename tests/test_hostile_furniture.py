"""Page furniture: page numbers and running headers and footers are not narrative."""

from __future__ import annotations

import pytest

from juesuan_extract.geometry import Box, Line
from juesuan_extract.page.layout import PageLayout, drop_running_furniture, is_furniture

HEIGHT = 842.0


def line(text: str, top: float, page: int = 1) -> Line:
    return Line(text, Box(page, 72, top, 72 + 10 * len(text), top + 10), 10.0)


@pytest.mark.parametrize("text", ["3", "- 3 -", "— 12 —", "·3·", "第3页", "第 3 页 共 40 页",
                                  "共40页 第3页", "3/40", "3 / 40", "Page 3 of 40", "iv", "[3]"])
def test_page_numbers_in_the_margins_are_furniture(text):
    assert is_furniture(line(text, 800), HEIGHT)
    assert is_furniture(line(text, 20), HEIGHT)


@pytest.mark.parametrize("text", ["3.1", "一、", "2023年", "(3)", "合计 3", "第3部分"])
def test_other_short_lines_in_the_margins_are_kept(text):
    assert not is_furniture(line(text, 800), HEIGHT)


def test_a_page_number_in_the_body_is_kept():
    assert not is_furniture(line("3", 400), HEIGHT)


def page(number: int, *lines: Line) -> PageLayout:
    return PageLayout(number, 595.0, HEIGHT, tuple(lines), ())


def test_running_headers_and_footers_move_to_the_furniture():
    pages = [
        page(n, line("昌吉州科协2023年度部门决算", 30, n), line(f"正文第{n}行", 100, n),
             line(f"昌吉州科协 · 第{n}页", 800, n))
        for n in range(1, 5)
    ]
    out = drop_running_furniture(pages)
    for n, p in enumerate(out, start=1):
        assert [b.text for b in p.blocks] == [f"正文第{n}行"]
        assert len(p.furniture) == 2


def test_a_body_line_that_reaches_the_margin_stays():
    # the same text in the margin of only one page is not a running header
    pages = [page(1, line("（十）执行国家和本市债务管理的制度", 780, 1)),
             page(2, line("合理的政府债务管理及风险预警机制", 790, 2)),
             page(3, line("正文", 100, 3))]
    assert drop_running_furniture(pages) == pages


def test_a_repeated_line_in_the_body_is_not_furniture():
    pages = [page(n, line("单位：万元", 300, n)) for n in range(1, 5)]
    assert drop_running_furniture(pages) == pages


def test_a_two_page_document_with_the_same_header_on_both_pages():
    pages = [page(n, line("内部资料", 20, n), line("正文", 100, n)) for n in (1, 2)]
    assert [[b.text for b in p.blocks] for p in drop_running_furniture(pages)] == [["正文"], ["正文"]]
