"""The budget statements (部门预算公开表) and the titles that name them."""

from __future__ import annotations

import re

from .titles import normal_title as _normal

# Canonical names: Jiangsu's 公开01–12表 and the national template first, then the
# statements other provinces print beside them. 财政拨款支出预算表 and 财政拨款基本支出预算表
# are printed beside their 一般公共预算 twins (公开05/06 against 07/08) and are kept apart
# from them; so are the 功能分类 and 经济分类 forms of a 一般公共预算 table.
BUDGET_STATEMENTS: tuple[str, ...] = (
    "收支预算总表",
    "收入预算总表",
    "支出预算总表",
    "财政拨款收支预算总表",
    "财政拨款支出预算表",
    "财政拨款基本支出预算表",
    "一般公共预算支出预算表",  # by 功能分类
    "一般公共预算基本支出预算表",  # by 经济分类
    "一般公共预算“三公”经费支出预算表",
    "政府性基金预算支出预算表",
    "国有资本经营预算支出预算表",
    "一般公共预算机关运行经费支出预算表",
    "政府采购支出预算表",
    "项目支出预算表",
    "一般公共预算项目支出预算表",  # 广州 七、一般公共预算项目支出情况表
    "基本支出预算表",  # every fund's 基本支出: 深圳 基本支出总表, 广州 部门预算基本支出预算表
    "一般公共预算支出经济分类预算表",  # 福州 八、一般公共预算支出经济分类情况表, 西安 表6
    "一般公共预算基本支出功能分类预算表",  # 西安 表7 …基本支出明细表（按支出功能分类科目）
    "财政拨款结转资金支出预算表",  # 西安 表11 财政拨款上年结转资金支出表
    "政府购买服务预算表",  # 北京 十一、财政拨款政府购买服务明细表
)
(_TOTAL, _INCOME, _SPENDING, _GRANT_TOTAL, _GRANT_SPENDING, _GRANT_BASIC, _GENERAL, _GENERAL_BASIC,
 _THREE_PUBLIC, _FUND, _CAPITAL, _RUNNING, _PROCUREMENT, _PROJECT, _GENERAL_PROJECT, _BASIC,
 _GENERAL_ECONOMIC, _GENERAL_BASIC_FUNCTION, _CARRIED, _SERVICES) = BUDGET_STATEMENTS

# What a title's words say, however a province words it: 预算表 / 总表 / 情况表 /
# 总体情况表 / 明细表 are the same table's names, 拨款 / 财政拨款 qualify the funds, and
# 功能分类 / 经济分类 before them say by which class (上海's 政府性基金预算支出功能分类预算表).
_KIND = r"(按?(功能|经济)分类(科目)?)?(预算|情况|总体情况|明细)?(总)?表"
_GRANT = r"(拨款|财政拨款)?"

# Title patterns → canonical name. Checked in order, most specific first, on the title
# normalised as for 决算 titles, with a leading year and parenthesised qualifiers —
# （功能科目）, （按支出经济分类科目）, （一般公共预算）, (补助) — removed (the qualifier decides
# 功能分类 against 经济分类 afterwards, see :func:`match_budget_statement`). A title that says
# 决算, or a heading of the narrative (…情况说明), matches none of them. Each row names
# where the wording was seen.
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        # 国有资本经营预算支出表 (深圳), …拨款支出预算表 (福州), …支出情况表 (广州)
        (r"国有资本经营预算" + _GRANT + r"(收入)?支出" + _KIND, _CAPITAL),
        # 财政拨款政府性基金支出预算表, 政府性基金预算财政拨款支出预算表, 政府性基金收支表 (西安)
        (r"政府性基金(预算)?" + _GRANT + r"(收支|收入支出|收入|基本支出|支出)" + _KIND, _FUND),
        # “三公”经费、会议费、培训费支出预算表; “三公”经费和机关运行经费预算表 (上海);
        # 财政拨款安排的行政经费及“三公”经费预算表 (广州)
        (r"三公.{0,2}经费.*表", _THREE_PUBLIC),
        (r"机关运行经费(支出)?" + _KIND, _RUNNING),
        # 政府采购（资产配置、购买服务）预算表 (西安), 政府采购预算明细表 (北京)
        (r"政府采购(支出)?" + _KIND, _PROCUREMENT),
        (r"政府购买服务" + _KIND, _SERVICES),
        (r"结转(结余)?资金支出" + _KIND, _CARRIED),
        (r"一般公共预算" + _GRANT + r"项目支出" + _KIND, _GENERAL_PROJECT),
        # 项目支出总表 (深圳), 部门预算项目支出及其他支出预算表 (广州), 专项业务经费支出表 (西安)
        (r"项目支出(及其他支出)?" + _KIND + r"|专项业务经费(支出)?" + _KIND, _PROJECT),
        # 一般公共预算基本支出部门预算经济分类预算表 (上海)
        (r"一般公共预算" + _GRANT + r"基本支出(部门预算)?(经济分类|功能分类)?" + _KIND, _GENERAL_BASIC),
        # 一般公共预算支出功能分类预算表 (上海), 一般公共预算拨款支出预算表 (福州)
        (r"一般公共预算" + _GRANT + r"支出(功能分类|经济分类)?" + _KIND, _GENERAL),
        (r"财政拨款基本支出" + _KIND, _GRANT_BASIC),
        # 基本支出总表 (深圳), 部门预算基本支出预算表 (广州)
        (r"^(部门预算|部门|单位)?基本支出" + _KIND + "$", _BASIC),
        (r"财政拨款收(入)?支(出)?(预算)?(总体情况|总)表", _GRANT_TOTAL),
        (r"财政拨款支出" + _KIND, _GRANT_SPENDING),
        # 收支预算总表, 财务收支预算总表, 部门收支总表, 收支总体情况表 (广州), 部门综合预算收支总表 (西安)
        (r"收(入)?支(出)?(预算)?(总体情况|总)表", _TOTAL),
        (r"收入(预算)?(总体情况|总)表|^(部门|单位)?收入预算表$", _INCOME),
        # 本年支出总体情况表 (广州)
        (r"支出(预算)?(总体情况|总)表|^(部门|单位)?支出预算表$", _SPENDING),
    )
)
# A title's own words or qualifier that say it is by economic or by function class.
_ECONOMIC = re.compile(r"经济分类|经济科目")
_FUNCTIONAL = re.compile(r"功能分类|功能科目")
_PARENTHESISED = re.compile(r"[（(][^（()）]*[)）]")
# the year a title may open with (2025年部门支出预算表, 2025年度…), and the scheme's name
# (2022年部门综合预算收支总表, 2026年预算单位财务收支预算总表): no part of the name
_YEAR = re.compile(r"^((19|20)\d{2}年度?)?(部门综合预算|预算单位|部门预算(?=表))?")
_PERFORMANCE = re.compile(r"绩效目标(申报|填报|管理)?(情况)?表")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# 公开01表, 公开 1 表, 公开表一, 表一 / 表1 at the start of the line, 附表3
_TABLE_NUMBER = re.compile(
    r"公开(?P<a>\d{1,2})表|公开表(?P<b>\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"|(?:^|附)表(?P<c>\d{1,2}|[一二三四五六七八九十]{1,3})(?![\d一二三四五六七八九十])"
)


# A table number printed on the title line itself, before or after the title:
# 表1：高等学校收支决算总表, 公开01表 收支预算总表, 收支预算总表公开表一.
_NUMBER_ON_TITLE = re.compile(
    r"^(?:公开\d{1,2}表|公开表[一二三四五六七八九十\d]+|附?表[一二三四五六七八九十\d]{1,3})[:：.．、\s]*"
    r"|(?:公开表[一二三四五六七八九十\d]+|公开\d{1,2}表)$")


def without_table_number(title: str) -> str:
    """A title as printed, less a table number printed on its line (the number is
    a field of its own); an ordinal such as 一、 is part of the printed title."""
    stripped = _NUMBER_ON_TITLE.sub("", title)
    return stripped if stripped else title


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
            return _by_class(name, _normal(title))
    return None


def _by_class(name: str, title: str) -> str:
    """The 经济分类 form of 一般公共预算支出预算表 and the 功能分类 form of
    一般公共预算基本支出预算表, where the title or its qualifier says so."""
    if name == _GENERAL and _ECONOMIC.search(title):
        return _GENERAL_ECONOMIC
    if name == _GENERAL_BASIC and _FUNCTIONAL.search(title) and not _ECONOMIC.search(title):
        return _GENERAL_BASIC_FUNCTION
    return name


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
