"""Every printed number is captured, a reference, or listed as unaccounted."""

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CORPUS, require_shared
from grids import make_grid
from juesuan_extract.checks.accounting import _serial_number_cells, numbers_in, reference_kind
from juesuan_extract.pipeline import Reading, ReadTable, _account_for_numbers, read_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures" / "pdfs").glob("*.pdf"))
CORPUS_PDFS = ["caizhengju-2024-with-errors.pdf", "shehuigongzuobu-2024.pdf", "template-national.pdf"]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(n.text, reference_kind(text, n)) for n in numbers_in(text)]


@pytest.mark.parametrize("text, expected", [
    ("2024年度部门决算", [("2024", "year")]),
    ("〔2019〕12号", [("2019", "year"), ("12", "document_number")]),
    ("2025年8月31日", [("2025", "year"), ("8", "date"), ("31", "date")]),
    ("1.完成建设科普场馆2个；2.与主流媒体合作2个", [("1", "list_number"), ("2", ""),
                                          ("2", "list_number"), ("2", "")]),
    ("（3）公务接待费", [("3", "list_number")]),
    ("第3条", [("3", "list_number")]),
    ("公开01表", [("01", "table_number")]),
    ("联系电话：0994-2345678", [("0994", "telephone"), ("2345678", "telephone")]),
    # amounts, shares and counts are data, never references
    ("收入总计1,234.56万元，增长12.5%", [("1,234.56", ""), ("12.5%", "")]),
    ("实有人数30人", [("30", "")]),
    ("2024", [("2024", "")]),  # a year needs 年 (or brackets) to be one
    ("2019-01-12", [("2019", "year"), ("01", "date"), ("12", "date")]),
    ("2022比2021", [("2022", "year"), ("2021", "year")]),
    # a contents entry: its number, then the year of the title (not the decimal 5.2026)
    ("5.2026年预算单位一般公共预算支出功能分类预算表", [("5", "list_number"), ("2026", "year")]),
    ("5．2026年预算单位政府性基金预算支出功能分类预算表", [("5", "list_number"), ("2026", "year")]),
    ("606-湖州市交通运输局单位：万元", [("606", "unit_code")]),
])
def test_references_follow_from_how_a_number_is_written(text, expected):
    assert kinds(text) == expected


def test_digits_inside_names_are_no_numbers():
    assert numbers_in("A4纸、GB2312") == []


def _reading(path: Path) -> Reading:
    reading = read_document(path)
    assert reading.result.status != "failed"
    return reading


@pytest.fixture(scope="module", params=FIXTURES + [pytest.param(name, id=name) for name in CORPUS_PDFS],
                ids=lambda p: getattr(p, "name", str(p)))
def reading(request) -> Reading:
    param = request.param
    return _reading(param if isinstance(param, Path) else require_shared(CORPUS / param))


def _table_pages(reading: Reading) -> set[int]:
    result = reading.result
    pages = {p for s in result.statements for p in range(s.page_start, s.page_end + 1)}
    pages |= {p for t in result.evaluation_tables for p in range(t.page_start, t.page_end + 1)}
    return pages


def test_no_number_on_a_statement_or_self_evaluation_page_is_unaccounted(reading):
    result = reading.result
    on_tables = [u for u in result.unaccounted if u.page in _table_pages(reading)]
    assert not on_tables, "\n".join(f"p.{u.page} {u.text!r} in {u.line!r}: {u.reason}"
                                    for u in on_tables)


def test_the_counts_add_up(reading):
    result = reading.result
    assert result.numbers_printed > 0
    assert result.numbers_captured + result.numbers_unaccounted <= result.numbers_printed
    values = sum(len(s.values) for s in result.statements)
    assert result.numbers_captured >= values


def test_a_value_the_reader_drops_is_listed():
    """Take one value out of a statement as if the reader had missed it: the
    number is then unaccounted, on its page, with its cell."""
    reading = _reading(ROOT / "fixtures" / "pdfs" / "statements-shuiwu-rects.pdf")
    statement = next(t for t in reading.tables if t.statement is not None and t.statement.values)
    dropped = statement.statement.values.pop(0)
    _account_for_numbers(reading)
    missing = [u for u in reading.result.unaccounted if u.box == dropped.box]
    assert missing and missing[0].page == dropped.page
    assert missing[0].reason == "not read as a statement value"


def test_a_table_no_reader_takes_is_listed():
    reading = _reading(ROOT / "fixtures" / "pdfs" / "statements-dangan-threeline.pdf")
    reading.tables = [replace(t, statement=None, evaluation=None) if i == 0 else t
                      for i, t in enumerate(reading.tables)]
    assert isinstance(reading.tables[0], ReadTable)
    _account_for_numbers(reading)
    assert any(u.reason == "in a table that is not read" for u in reading.result.unaccounted)


def test_narrative_numbers_without_a_fact_are_listed_with_their_sentence():
    result = _reading(require_shared(CORPUS / "shehuigongzuobu-2024.pdf")).result
    listed = [u for u in result.unaccounted if u.reason == "no fact covers this number"]
    assert listed and all(u.text in u.line for u in listed)


BUDGETS = CORPUS.parent / "budgets"


@pytest.mark.parametrize("name", ["js-gaoyuan-2019-yusuan", "js-jianchayuan-2017-yusuan",
                                  "js-jianchayuan-2018-yusuan", "js-renda-2017-yusuan",
                                  "js-renda-2019-yusuan-tables", "js-shengweiban-2017-yusuan-tables",
                                  "js-shengweiban-2018-yusuan-tables", "js-zhengxie-2017-yusuan-tables"])
def test_every_number_of_a_budget_table_is_accounted_for(name):
    """Budget statements too: no number in or around a table goes unread (the
    narrative printed on the same page may still hold numbers no fact covers)."""
    reading = _reading(require_shared(BUDGETS / f"{name}.pdf"))
    pages = _table_pages(reading)
    left = [u for u in reading.result.unaccounted
            if u.page in pages and u.reason != "no fact covers this number"]
    assert not left, "\n".join(f"p.{u.page} {u.text!r} in {u.line!r}: {u.reason}" for u in left)


def test_a_first_column_counting_up_numbers_the_rows():
    """The rest of a 序号 column on the page after its header: 4, 5, 6 … number the
    rows; a column of amounts or one that does not count up is no such column."""
    rest = make_grid(2, [0, 40, 200], [["4", "西安市公路工程管理处"], ["5", "西安市交通信息中心"],
                                      ["6", "西安市交通发展研究中心"]])
    assert len(_serial_number_cells(rest)) == 3
    amounts = make_grid(2, [0, 40, 200], [["4", "甲"], ["7", "乙"], ["6", "丙"]])
    assert _serial_number_cells(amounts) == set()
