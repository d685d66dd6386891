"""Tables without (full) ruling: hand-set pages, one case each.

Each page is set character by character the way a word processor sets a
statement: CJK glyphs one em wide, digits half an em, cells with a margin,
amounts right-aligned, names left-aligned, headers centred.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SEED_VARIANTS
from juesuan_extract.geometry import Box, Char
from juesuan_extract.model import PageContent, RuledTable, Segment
from juesuan_extract.page.layout import TableBlock, layout_page
from juesuan_extract.page.unruled.draw import synthesize_tables
from juesuan_extract.read.ingest import open_pdf, read_page
from juesuan_extract.tables.statements import read_statement

SIZE = 9.0
PITCH = 11.7  # line pitch inside a cell (1.3 × size)
# code | name | 合计 | 基本支出 | 项目支出
COLS = [(60, 110), (110, 200), (200, 290), (290, 380), (380, 470)]
MARGIN = 3.0


def width(text: str, size: float = SIZE) -> float:
    return sum(size if ord(ch) > 0x2E80 else size / 2 for ch in text)


def put(text: str, x0: float, top: float, size: float = SIZE) -> list[Char]:
    out, x = [], x0
    for ch in text:
        w = size if ord(ch) > 0x2E80 else size / 2
        out.append(Char(ch, Box(1, x, top, x + w, top + size), size))
        x += w
    return out


def left(text: str, col: int, top: float) -> list[Char]:
    return put(text, COLS[col][0] + MARGIN, top)


def right(text: str, col: int, top: float) -> list[Char]:
    return put(text, COLS[col][1] - MARGIN - width(text), top)


def centre(text: str, first: int, last: int, top: float, size: float = SIZE) -> list[Char]:
    mid = (COLS[first][0] + COLS[last][1]) / 2
    return put(text, mid - width(text, size) / 2, top, size)


def caption_and_header() -> list[Char]:
    chars = centre("支出决算表", 0, 4, 60, 15)
    chars += right("单位：万元", 4, 88)
    chars += centre("项目", 0, 1, 110)
    chars += centre("本年支出", 2, 4, 110)
    chars += centre("科目编码", 0, 0, 126) + centre("科目名称", 1, 1, 126)
    for col, name in ((2, "合计"), (3, "基本支出"), (4, "项目支出")):
        chars += centre(name, col, col, 126)
    return chars


# (code, name lines, amounts)
ROWS = [
    ("", ["合计"], ["900.00", "600.00", "300.00"]),
    ("201", ["一般公共服", "务支出"], ["700.00", "400.00", "300.00"]),
    ("2010301", ["行政运行"], ["200.00", "200.00", ""]),
    ("2080505", ["机关事业单", "位基本养老", "保险缴费"], ["200.00", "200.00", ""]),
]
EXPECTED = {
    ("", "合计"): ["900.00", "600.00", "300.00"],
    ("201", "一般公共服务支出"): ["700.00", "400.00", "300.00"],
    ("2010301", "行政运行"): ["200.00", "200.00"],
    ("2080505", "机关事业单位基本养老保险缴费"): ["200.00", "200.00"],
}


def body(valign: str, top: float = 150.0) -> list[Char]:
    """The rows, names wrapped, amounts on the first line of the name
    ("top") or on its middle ("centre")."""
    chars: list[Char] = []
    for code, names, amounts in ROWS:
        height = len(names) * PITCH
        at = top + 3 if valign == "top" else top + 3 + (height - PITCH) / 2
        if code:
            chars += left(code, 0, at)
            for i, name in enumerate(names):
                chars += left(name, 1, top + 3 + i * PITCH)
        else:
            chars += centre(names[0], 0, 1, at)
        for col, amount in zip((2, 3, 4), amounts):
            if amount:
                chars += right(amount, col, at)
        top += height + 6
    return chars


def page(chars: list[Char], tables: tuple[RuledTable, ...] = ()) -> PageContent:
    return PageContent(1, 595.0, 842.0, tuple(chars), tables)


def statement_values(content: PageContent) -> dict[tuple[str, str], list[str]]:
    blocks = [b for b in layout_page(content).blocks if isinstance(b, TableBlock)]
    assert len(blocks) == 1, "one table expected"
    assert "支出决算表" in blocks[0].title, "the caption stays with the table"
    st = read_statement(1, "支出决算表", "支出决算表", "万元", [blocks[0].grid])
    out: dict[tuple[str, str], list[str]] = {}
    for v in st.values:
        out.setdefault((v.code, v.name), []).append(f"{v.value:.2f}")
    # 本年支出 is one cell over all three amount columns: a header over every
    # column is not part of their names (read only over 基本支出, the column it
    # touches, it would be)
    columns = {v.column for v in st.values}
    assert columns == {"合计", "基本支出", "项目支出"}, columns
    return out


@pytest.mark.parametrize("valign", ["top", "centre"])
def test_unruled_statement_with_wrapped_names(valign):
    content = page(caption_and_header() + body(valign))
    assert statement_values(content) == EXPECTED


@pytest.mark.parametrize("valign", ["top", "centre"])
def test_no_row_rule_cuts_a_wrapped_name(valign):
    """Read with the wrong alignment, a wrapped name's lines would be shared
    out between two rows, and a row rule drawn between them."""
    chars = caption_and_header() + body(valign)
    (table,) = synthesize_tables(page(chars))
    rules = [s.at for s in table.horizontal if s.end - s.start > COLS[-1][1] - COLS[0][0] - 1]
    top, above = 150.0, 126 + SIZE  # the header's last line
    for _, names, _ in ROWS:
        first, last = top + 3, top + 3 + (len(names) - 1) * PITCH + SIZE
        assert not any(first < y < last for y in rules), f"{names} cut"
        assert any(above <= y <= first for y in rules), f"no rule above {names}"
        top += len(names) * PITCH + 6
        above = last


def test_empty_column_found_from_its_header():
    """A column with no amount on any row (项目支出 here) leaves no river of
    its own: its header says where it is."""
    rows = [(c, n, a[:2] + [""]) for c, n, a in ROWS]
    chars = caption_and_header()
    top = 150.0
    for code, names, amounts in rows:
        if code:
            chars += left(code, 0, top + 3) + left("".join(names), 1, top + 3)
        else:
            chars += centre(names[0], 0, 1, top + 3)
        for col, amount in zip((2, 3), amounts):
            chars += right(amount, col, top + 3)
        top += PITCH + 6
    (table,) = synthesize_tables(page(chars))
    xs = sorted({round(s.at) for s in table.vertical})
    assert len(xs) == len(COLS) + 1, xs


PROSE = [
    "（一）收入支出决算总体情况说明：本年收入合计1,234.56万元，比上年增加",
    "12.34万元，增长1.0%；其中：财政拨款收入1,000.00万元，其他收入234.56",
    "万元。本年支出合计1,200.00万元，其中：基本支出900.00万元，占75.0%；",
    "项目支出300.00万元，占25.0%。年末结转和结余34.56万元，主要是项目未完",
    "工结转。2024年度，2010301行政运行支出486.52万元，2080505支出58.72万元。",
]


def justified(text: str, x0: float, top: float, size: float) -> list[Char]:
    """A justified line: a little space after every glyph, and the quarter-em
    space producers leave between digits and ideographs."""
    out, x = [], x0
    for prev, ch in zip(" " + text, text):
        if prev.isascii() != ch.isascii():
            x += 0.25 * size
        w = size if ord(ch) > 0x2E80 else size / 2
        out.append(Char(ch, Box(1, x, top, x + w, top + size), size))
        x += w + 0.08 * size
    return out


def test_prose_with_numbers_is_not_a_table():
    chars: list[Char] = []
    for i, text in enumerate(PROSE):
        chars += justified(text, 70, 100 + i * 20, 10.5)
    assert synthesize_tables(page(chars)) == ()
    layout = layout_page(page(chars))
    assert not any(isinstance(b, TableBlock) for b in layout.blocks)


def test_prose_next_to_a_table_stays_prose():
    chars = caption_and_header() + body("top")
    for i, text in enumerate(PROSE):
        chars += justified(text, 70, 400 + i * 20, 10.5)
    layout = layout_page(page(chars))
    lines = [b.text for b in layout.blocks if not isinstance(b, TableBlock)]
    assert len(lines) == len(PROSE)


def test_ruled_page_is_left_alone():
    chars = caption_and_header() + body("top")
    xs = [c[0] for c in COLS] + [COLS[-1][1]]
    ys = [105.0, 146.0, 240.0]
    ruled = RuledTable(
        Box(1, xs[0], ys[0], xs[-1], ys[-1]),
        tuple(Segment(y, xs[0], xs[-1]) for y in ys),
        tuple(Segment(x, ys[0], ys[-1]) for x in xs),
    )
    assert synthesize_tables(page(chars, (ruled,))) == ()


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_narrative_fixtures_gain_no_table(pdf):
    """The seed document's prose and its ruled evaluation tables: nothing to draw."""
    doc = open_pdf(pdf)
    try:
        for number in range(1, doc.page_count + 1):
            content = read_page(doc, number)
            assert synthesize_tables(content) == (), f"{pdf.name} page {number}"
    finally:
        doc.close()


def test_three_line_table_has_no_ruled_grid_of_its_own():
    """The 三线表 fixture really lacks vertical ruling: only the synthesized
    ruling makes its statements tables."""
    doc = open_pdf(FIXTURES / "statements-dangan-threeline.pdf")
    try:
        content = read_page(doc, 2)
    finally:
        doc.close()
    assert content.tables == ()
    assert len(synthesize_tables(content)) == 1


# --- a table of contents set with tab stops is not a table ---------------------------

CONTENTS = [("第一部分 部门概况", "1"), ("一、主要职能", "1"), ("二、机构设置", "2"),
            ("第二部分 部门决算表", "3"), ("一、收入支出决算总表", "3"), ("二、收入决算表", "4"),
            ("三、支出决算表", "5"), ("七、财政拨款“三公”经费支出决算表", "10"),
            ("第三部分 部门决算情况说明", "13"), ("第四部分 名词解释", "20")]


def entries_page(entries: list[tuple[str, str]], title: str | None) -> PageContent:
    """Labels at the left margin, numbers right-aligned at the right one (tab stops)."""
    chars = put(title, 270, 60, 16) if title else []
    for k, (label, number) in enumerate(entries):
        top = 110 + 24 * k
        chars += put(label, 72, top, 12) + put(number, 523 - width(number, 12), top, 12)
    return PageContent(1, 595, 842, tuple(chars), ())


@pytest.mark.parametrize("title", ["目录", "目  录", None])
def test_contents_with_page_numbers_is_not_a_table(title):
    assert synthesize_tables(entries_page(CONTENTS, title)) == ()


def test_a_column_of_line_numbers_still_makes_a_table():
    # 行次 1, 2, 3 … count the lines one by one: not page numbers
    rows = [(name, str(k)) for k, name in enumerate(
        ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "事业收入", "经营收入"], start=1)]
    assert len(synthesize_tables(entries_page(rows, None))) == 1


def test_amounts_set_with_tab_stops_make_a_table():
    rows = [("一般公共服务支出", "769.28"), ("社会保障和就业支出", "149.83"),
            ("卫生健康支出", "39.75"), ("住房保障支出", "56.71")]
    assert len(synthesize_tables(entries_page(rows, None))) == 1


def test_a_fault_in_the_inference_keeps_the_page_text(monkeypatch, caplog):
    import juesuan_extract.page.layout as layout

    def broken(page):
        raise ZeroDivisionError("a fault in the inference")

    monkeypatch.setattr(layout, "synthesize_tables", broken)
    page = entries_page([("一般公共服务支出", "769.28"), ("卫生健康支出", "39.75")], None)
    blocks = layout.layout_page(page).blocks
    assert [b.text for b in blocks] == ["一般公共服务支出769.28", "卫生健康支出39.75"]
    assert "page 1: inferring tables" in caplog.text
