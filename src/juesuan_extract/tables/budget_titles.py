"""The budget statements (部门预算公开表) and the titles that name them."""

from __future__ import annotations

import re

from .titles import normal_title as _normal

# Canonical names, in the order Jiangsu's 公开01–12表 and the national template print them.
# 财政拨款支出预算表 and 财政拨款基本支出预算表 are printed beside their 一般公共预算 twins
# (公开05/06 against 07/08) and are kept apart from them.
BUDGET_STATEMENTS: tuple[str, ...] = (
    "收支预算总表",
    "收入预算总表",
    "支出预算总表",
    "财政拨款收支预算总表",
    "财政拨款支出预算表",
    "财政拨款基本支出预算表",
    "一般公共预算支出预算表",
    "一般公共预算基本支出预算表",
    "一般公共预算“三公”经费支出预算表",
    "政府性基金预算支出预算表",
    "国有资本经营预算支出预算表",
    "一般公共预算机关运行经费支出预算表",
    "政府采购支出预算表",
    "项目支出预算表",
)

# Title patterns → canonical name. Checked in order, most specific first, on the title
# normalised as for 决算 titles, with parenthesised qualifiers — （功能科目）, （经济分类）,
# （一般公共预算）, (补助) — removed. A title that says 决算, or a heading of the narrative
# (…情况说明), matches none of them.
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"国有资本经营预算(财政拨款)?(收入)?支出(预算)?表", BUDGET_STATEMENTS[10]),
        # 财政拨款政府性基金支出预算表, 政府性基金预算财政拨款支出预算表, 政府性基金支出表 …
        (r"政府性基金(预算)?(财政拨款)?(收入)?(基本)?支出(预算)?表", BUDGET_STATEMENTS[9]),
        # “三公”经费、会议费、培训费支出预算表; “三公”经费和机关运行经费预算表
        (r"三公.{0,2}经费.*表", BUDGET_STATEMENTS[8]),
        (r"机关运行经费(支出)?(预算)?表", BUDGET_STATEMENTS[11]),
        (r"政府采购(支出)?(预算)?(明细)?表", BUDGET_STATEMENTS[12]),
        (r"项目支出(预算)?(明细)?表", BUDGET_STATEMENTS[13]),
        # 一般公共预算基本支出部门预算经济分类预算表 (Shanghai)
        (r"一般公共预算(财政拨款)?基本支出(部门预算)?(经济分类)?(预算)?表", BUDGET_STATEMENTS[7]),
        (r"一般公共预算(财政拨款)?支出(功能分类)?(预算)?表", BUDGET_STATEMENTS[6]),
        (r"财政拨款基本支出(预算)?表", BUDGET_STATEMENTS[5]),
        (r"财政拨款收(入)?支(出)?(预算)?总表", BUDGET_STATEMENTS[3]),
        (r"财政拨款支出(预算)?表", BUDGET_STATEMENTS[4]),
        # 收支预算总表, 财务收支预算总表, 部门收支总表 …
        (r"收(入)?支(出)?(预算)?总表", BUDGET_STATEMENTS[0]),
        (r"收入(预算)?总表|^(部门|单位)?收入预算表$", BUDGET_STATEMENTS[1]),
        (r"支出(预算)?总表|^(部门|单位)?支出预算表$", BUDGET_STATEMENTS[2]),
    )
)
_PARENTHESISED = re.compile(r"[（(][^（()）]*[)）]")
# the year a title may open with (2025年部门支出预算表, 2025年度…): no part of the name
_YEAR = re.compile(r"^(19|20)\d{2}年度?")
_PERFORMANCE = re.compile(r"绩效目标(申报|填报|管理)?(情况)?表")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# 公开01表, 公开 1 表, 公开表一, 表一 / 表1 at the start of the line, 附表3
_TABLE_NUMBER = re.compile(
    r"公开(?P<a>\d{1,2})表|公开表(?P<b>\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"|(?:^|附)表(?P<c>\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d一二三四五六七八九十])"
)


def _key(title: str) -> str:
    return _YEAR.sub("", _PARENTHESISED.sub("", _normal(title)))


def is_performance_target_title(title: str) -> bool:
    """Whether a title names a budget performance-target table (绩效目标表), not a statement."""
    text = _normal(title)
    return bool(_PERFORMANCE.search(text)) and "自评" not in text


def match_budget_statement(title: str) -> str | None:
    """The canonical budget statement a title line names, or None."""
    text = _key(title)
    if "决算" in text or "说明" in text or is_performance_target_title(text):
        return None
    for pattern, name in _TITLE_PATTERNS:
        if pattern.search(text):
            return name
    return None


def _chinese_number(text: str) -> int | None:
    """12, 一, 十, 十二, 二十 → int; None for anything else."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _NUMERALS.get(text) if len(text) == 1 else None
    tens, units = text.split("十", 1)
    if (tens and tens not in _NUMERALS) or (units and units not in _NUMERALS):
        return None
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def budget_table_number(title_or_line: str) -> int | None:
    """The printed table number (公开NN表, 公开表N, 表N) in a title or caption line, or None.

    A heading ordinal (一、收支预算总表) is not a table number.
    """
    match = _TABLE_NUMBER.search(_normal(title_or_line))
    if not match:
        return None
    number = next(g for g in match.groups() if g is not None)
    value = _chinese_number(number)
    return value if value else None
