"""Budget statement titles (部门预算公开表) → canonical names, kept apart from the 决算 titles."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import GOLDEN, SHARED, require_shared
from juesuan_extract.tables.budget_titles import (
    BUDGET_STATEMENTS,
    budget_table_number,
    is_performance_target_title,
    match_budget_statement,
)
from juesuan_extract.tables.titles import STATEMENTS, match_statement

BUDGETS = SHARED / "corpus" / "budgets"

(
    TOTAL, INCOME, SPENDING, GRANT_TOTAL, GRANT_SPENDING, GRANT_BASIC, GENERAL_SPENDING,
    GENERAL_BASIC, THREE_PUBLIC, FUND, STATE_CAPITAL, RUNNING, PROCUREMENT, PROJECT,
    GENERAL_PROJECT, BASIC, GENERAL_ECONOMIC, GENERAL_BASIC_FUNCTION, CARRIED, SERVICES,
) = BUDGET_STATEMENTS

# Every table title printed in the corpus PDFs, as printed (a title wrapped over two lines is
# joined), with its page, its canonical statement and the table number printed beside it.
# js-renda-2019-yusuan, js-shengweiban-2017-yusuan and js-zhengxie-2017-yusuan print no table:
# their tables are the *-tables.pdf files.
CORPUS_TITLES: dict[str, list[tuple[int, str, str, int | None]]] = {
    "js-renda-2019-yusuan-tables": [
        (1, "收支预算总表", TOTAL, 1),
        (2, "收入预算总表", INCOME, 2),
        (3, "支出预算总表", SPENDING, 3),
        (4, "财政拨款收支预算总表", GRANT_TOTAL, 4),
        (5, "财政拨款支出预算表（功能科目）", GRANT_SPENDING, 5),
        (6, "财政拨款基本支出预算表（经济科目）", GRANT_BASIC, 6),
        (7, "一般公共预算支出预算表（功能科目）", GENERAL_SPENDING, 7),
        (8, "一般公共预算基本支出预算表（经济科目）", GENERAL_BASIC, 8),
        (9, "“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, 9),
        (10, "财政拨款政府性基金支出预算表", FUND, 10),
        (11, "一般公共预算机关运行经费支出预算表", RUNNING, 11),
        (12, "2019年政府采购预算表", PROCUREMENT, 12),
    ],
    "js-gaoyuan-2019-yusuan": [
        (8, "收支预算总表", TOTAL, 1),
        (9, "收入预算总表", INCOME, 2),
        (9, "支出预算总表", SPENDING, 3),
        (10, "财政拨款收支预算总表", GRANT_TOTAL, 4),
        (10, "财政拨款支出预算表（功能科目）", GRANT_SPENDING, 5),
        (11, "财政拨款基本支出预算表（经济科目）", GRANT_BASIC, 6),
        (12, "一般公共预算支出预算表（功能科目）", GENERAL_SPENDING, 7),
        (13, "一般公共预算基本支出预算表（经济科目）", GENERAL_BASIC, 8),
        (14, "“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, 9),
        (14, "政府性基金预算财政拨款支出预算表", FUND, 10),
        (15, "一般公共预算机关运行经费支出预算表", RUNNING, 11),
        (16, "政府采购支出预算表", PROCUREMENT, 12),
    ],
    "js-jianchayuan-2017-yusuan": [
        (10, "一、收支预算总表", TOTAL, None),
        (11, "二、收入预算总表", INCOME, None),
        (11, "三、支出预算总表", SPENDING, None),
        (11, "四、财政拨款收支预算总表", GRANT_TOTAL, None),
        (12, "五、财政拨款支出预算表", GRANT_SPENDING, None),
        (12, "六、财政拨款基本支出预算表", GRANT_BASIC, None),
        (13, "七、政府性基金支出预算表", FUND, None),
        (14, "八、一般公共预算支出预算表", GENERAL_SPENDING, None),
        (14, "九、一般公共预算基本支出预算表", GENERAL_BASIC, None),
        (15, "十、一般公共预算机关运行经费支出预算表", RUNNING, None),
        (16, "十一、一般公共预算“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, None),
        (16, "十二、政府采购支出预算表", PROCUREMENT, None),
    ],
    "js-jianchayuan-2018-yusuan": [
        (13, "公开01表：收支预算总表", TOTAL, 1),
        (14, "公开02表：收入预算总表", INCOME, 2),
        (15, "公开03表：支出预算总表", SPENDING, 3),
        (15, "公开04表：财政拨款收支预算总表", GRANT_TOTAL, 4),
        (15, "公开05表：财政拨款支出预算表", GRANT_SPENDING, 5),
        (16, "公开06表：财政拨款基本支出预算表", GRANT_BASIC, 6),
        (17, "公开07表：一般公共预算支出预算表", GENERAL_SPENDING, 7),
        (18, "公开08表：一般公共预算基本支出预算表", GENERAL_BASIC, 8),
        (19, "公开09表：一般公共预算“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, 9),
        (19, "公开10表：政府性基金支出预算表", FUND, 10),
        (20, "公开11表：一般公共预算机关运行经费支出预算表", RUNNING, 11),
        (20, "公开12表：政府采购支出预算表", PROCUREMENT, 12),
    ],
    "js-renda-2017-yusuan": [
        (7, "收支预算总表", TOTAL, None),
        (9, "收入预算总表", INCOME, None),
        (10, "支出预算总表", SPENDING, None),
        (11, "财政拨款支出预算表", GRANT_SPENDING, None),
        (12, "财政拨款收支预算总表", GRANT_TOTAL, None),
        (12, "财政拨款基本支出预算表", GRANT_BASIC, None),
        (15, "财政拨款政府性基金支出预算表", FUND, None),
        (16, "一般公共预算支出预算表", GENERAL_SPENDING, None),
        (17, "一般公共预算基本支出预算表", GENERAL_BASIC, None),
        (18, "一般公共预算机关运行经费支出预算表", RUNNING, None),
        (20, "“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, None),
        (20, "2017年政府采购预算表", PROCUREMENT, None),
    ],
    "js-shengweiban-2017-yusuan-tables": [
        (1, "收支预算总表", TOTAL, None),
        (2, "收入预算总表", INCOME, None),
        (3, "支出预算总表", SPENDING, None),
        (4, "财政拨款收支预算总表", GRANT_TOTAL, None),
        (5, "财政拨款支出预算表", GRANT_SPENDING, None),
        (6, "财政拨款基本支出预算表", GRANT_BASIC, None),
        (7, "财政拨款政府性基金支出预算表", FUND, None),
        (8, "一般公共预算支出预算表", GENERAL_SPENDING, None),
        (9, "一般公共预算基本支出预算表", GENERAL_BASIC, None),
        (10, "一般公共预算机关运行经费支出预算表", RUNNING, None),
        (11, "“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, None),
        (12, "2017年政府采购预算表", PROCUREMENT, None),
    ],
    "js-shengweiban-2018-yusuan-tables": [
        (3, "收支预算总表", TOTAL, None),
        (4, "收入预算总表", INCOME, None),
        (5, "支出预算总表", SPENDING, None),
        (6, "财政拨款收支预算总表", GRANT_TOTAL, None),
        (7, "财政拨款支出预算表", GRANT_SPENDING, None),
        (8, "财政拨款基本支出预算表", GRANT_BASIC, None),
        (9, "一般公共预算支出预算表", GENERAL_SPENDING, None),
        (10, "一般公共预算基本支出预算表", GENERAL_BASIC, None),
        (11, "“三公”经费、会议费、培训费支出预算表", THREE_PUBLIC, None),
        (12, "财政拨款政府性基金支出预算表", FUND, None),
        (13, "一般公共预算机关运行经费支出预算表", RUNNING, None),
        (14, "2018年政府采购预算表", PROCUREMENT, None),
    ],
    "js-zhengxie-2017-yusuan-tables": [
        (1, "收支预算总表", TOTAL, None),
        (2, "收入预算总表", INCOME, None),
        (3, "支出预算总表", SPENDING, None),
        (4, "财政拨款收支预算总表", GRANT_TOTAL, None),
        (5, "财政拨款支出预算表", GRANT_SPENDING, None),
        (6, "财政拨款基本支出预算表", GRANT_BASIC, None),
        (7, "财政拨款政府性基金支出预算表", FUND, None),
        (8, "一般公共预算支出预算表", GENERAL_SPENDING, None),
        (9, "一般公共预算基本支出预算表", GENERAL_BASIC, None),
        (10, "一般公共预算机关运行经费支出预算表", RUNNING, None),
        (11, "“三公”经费、会议费、培训费支出预算表（一般公共预算）", THREE_PUBLIC, None),
        (12, "2017年政府采购预算表", PROCUREMENT, None),
        (13, "2017年政府采购预算表", PROCUREMENT, None),
    ],
}

# The number lines printed beside the titles, where they are a line of their own.
NUMBER_LINES = [
    ("公开表一", 1), ("公开表九", 9), ("公开表十", 10), ("公开表十二", 12),
    ("公开 01 表", 1), ("公开 12 表", 12), ("公开 05 表：财政拨款支出预算表", 5),
    ("表一", 1), ("表十", 10), ("表十一", 11), ("表十二", 12),
    ("一、收支预算总表", None), ("十二、政府采购支出预算表", None), ("收支预算总表", None),
    ("第二部分 2019 年度部门预算表", None), ("2019年政府采购预算表", None),
]

# Titles from other provinces and years, and the names issue 13 lists.
OTHER_TITLES = [
    ("2025年部门财务收支预算总表", TOTAL),
    ("财务收支预算总表", TOTAL),
    ("部门收支总表", TOTAL),
    ("收入总表", INCOME),
    ("部门收入预算表", INCOME),
    ("支出总表", SPENDING),
    ("财政拨款收支总表", GRANT_TOTAL),
    ("一般公共预算支出(功能分类)预算表", GENERAL_SPENDING),
    ("一般公共预算支出功能分类预算表", GENERAL_SPENDING),
    ("一般公共预算支出表", GENERAL_SPENDING),
    ("一般公共预算基本支出(经济分类)预算表", GENERAL_BASIC),
    ("一般公共预算基本支出表", GENERAL_BASIC),
    ("政府性基金预算支出表", FUND),
    ("政府性基金预算支出预算表", FUND),
    ("政府性基金财政拨款支出预算表", FUND),
    ("国有资本经营预算支出表", STATE_CAPITAL),
    ("国有资本经营预算支出预算表", STATE_CAPITAL),
    ("“三公”经费和机关运行经费预算表", THREE_PUBLIC),
    ('一般公共预算"三公"经费支出表', THREE_PUBLIC),
    ("一般公共预算“三公”经费支出预算表", THREE_PUBLIC),
    ("机关运行经费支出预算表", RUNNING),
    ("政府采购支出预算表", PROCUREMENT),
    ("项目支出预算表", PROJECT),
]

# Narrative headings and lines that name a table without being one.
NOT_TITLES = [
    "一、收支预算总表情况说明",
    "四、财政拨款收支预算总表情况说明",
    "十、一般公共预算机关运行经费支出预算表情况说明",
    "十二、2017 年部门政府采购预算表情况说明",
    "第二部分 2019年度部门预算表",
    "江苏省2018年度 省级部门预算公开报表",
    "2019年部门预算公开表附后",
]

PERFORMANCE_TITLES = [
    "项目支出绩效目标表",
    "2025年项目支出绩效目标表",
    "绩效目标填报表",
    "部门整体支出绩效目标表",
    "项目绩效目标申报表",
]

ALL_CORPUS = [(stem, *t) for stem, titles in CORPUS_TITLES.items() for t in titles]


def _decision_titles() -> list[str]:
    """决算 titles: the canonical nine and every title in the 决算 golden files."""
    titles = set(STATEMENTS)
    for path in sorted((GOLDEN / "corpus").glob("*/statements.csv")) + sorted(
        (GOLDEN / "statements-fixtures").glob("*/statements.csv")
    ):
        with path.open(encoding="utf-8", newline="") as fh:
            titles.update(row["title"] for row in csv.DictReader(fh))
    titles.update(
        [
            "部门收支决算总表",
            "收入支出决算总表（公开01表）",
            "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款基本支出决算明细表",
            "政府性基金预算财政拨款收入支出决算表",
            "国有资本经营预算财政拨款支出决算表",
            "财政拨款“三公”经费支出决算表",
            "一般公共预算财政拨款项目支出决算表",
            "项目支出决算表",
            "机关运行经费支出决算表",
            "政府采购支出决算表",
        ]
    )
    return sorted(titles)


def test_canonical_names_are_distinct_and_say_budget():
    assert len(set(BUDGET_STATEMENTS)) == len(BUDGET_STATEMENTS) == 20
    for name in BUDGET_STATEMENTS:
        assert "预算" in name and "决算" not in name, name
        assert match_budget_statement(name) == name


@pytest.mark.parametrize(("stem", "page", "title", "statement", "number"), ALL_CORPUS)
def test_corpus_title_maps_to_its_statement(stem, page, title, statement, number):
    assert match_budget_statement(title) == statement


@pytest.mark.parametrize(("stem", "page", "title", "statement", "number"), ALL_CORPUS)
def test_corpus_title_is_not_a_final_accounts_statement(stem, page, title, statement, number):
    assert match_statement(title) is None


@pytest.mark.parametrize(("stem", "page", "title", "statement", "number"), ALL_CORPUS)
def test_corpus_title_number(stem, page, title, statement, number):
    # the number is printed inside the title only in js-jianchayuan-2018 (公开01表：…)
    expected = number if title.startswith("公开") else None
    assert budget_table_number(title) == expected


@pytest.mark.parametrize(("line", "number"), NUMBER_LINES)
def test_table_number_lines(line, number):
    assert budget_table_number(line) == number


@pytest.mark.parametrize(("title", "statement"), OTHER_TITLES)
def test_other_titles(title, statement):
    assert match_budget_statement(title) == statement
    assert match_statement(title) is None


@pytest.mark.parametrize("title", NOT_TITLES)
def test_headings_are_not_statements(title):
    assert match_budget_statement(title) is None


@pytest.mark.parametrize("title", _decision_titles())
def test_final_accounts_titles_are_not_budget_statements(title):
    assert match_budget_statement(title) is None


@pytest.mark.parametrize("title", PERFORMANCE_TITLES)
def test_performance_target_tables_are_not_statements(title):
    assert is_performance_target_title(title)
    assert match_budget_statement(title) is None


@pytest.mark.parametrize(
    "title", ["项目支出绩效自评表", "部门整体支出绩效自评表", "项目支出预算表", "收支预算总表"]
)
def test_not_performance_target_titles(title):
    assert not is_performance_target_title(title)


def _page_texts(pdf) -> list[str]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [re.sub(r"\s+", "", page.get_textpage().get_text_range()) for page in doc]
    finally:
        doc.close()


@pytest.mark.parametrize("stem", sorted(CORPUS_TITLES))
def test_transcribed_titles_are_printed_on_their_pages(stem):
    """The literals above are what the PDFs print, on the pages given."""
    pdf = require_shared(BUDGETS / f"{stem}.pdf")
    pages = _page_texts(pdf)
    for page, title, _, _ in CORPUS_TITLES[stem]:
        assert title in pages[page - 1], (stem, page, title)


def _city_titles() -> list[tuple[str, str, str]]:
    """(document, title, statement) of every statement in the hand-written golden files
    of the city budgets: one per naming scheme (广州 …情况表, 深圳 …总表, 西安 …明细表)."""
    out = []
    for path in sorted((GOLDEN / "cities").glob("*/*/statements.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out += [(path.parent.name, row["title"], row["statement"]) for row in csv.DictReader(fh)]
    return out


@pytest.mark.parametrize(("stem", "title", "statement"), _city_titles())
def test_every_provinces_title_maps_to_its_statement(stem, title, statement):
    assert match_budget_statement(title) == statement


@pytest.mark.parametrize(("title", "statement"), [
    ("2026 年度一般公共预算拨款支出预算表", GENERAL_SPENDING),  # 福州
    ("2026 年度一般公共预算支出经济分类情况表", GENERAL_ECONOMIC),
    ("2026 年度一般公共预算基本支出经济分类情况表", GENERAL_BASIC),
    ("2026年预算单位财务收支预算总表", TOTAL),  # 上海
    ("2026年预算单位一般公共预算基本支出部门预算经济分类预算表", GENERAL_BASIC),
    ("财政拨款政府购买服务明细表", SERVICES),  # 北京
    ("部门收支总表", TOTAL),  # 国家信访局
    ("财政拨款预算“三公”经费支出表", THREE_PUBLIC),
    ("一般公共预算“三公”经费、会议费、培训费支出表", THREE_PUBLIC),  # 苏州
    ("2022部门综合预算财政拨款结转资金支出表", CARRIED),  # 西安
    ("第二部分 2026年部门预算表", None),  # a part heading
    ("2026年部门预算表", None),
])
def test_title_wordings_of_other_provinces(title, statement):
    assert match_budget_statement(title) == statement
