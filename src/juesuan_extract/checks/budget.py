"""Identities of a budget (部门预算) across its statements and its narrative.

Inside one statement the 决算 arithmetic holds as it is (statement_sums: 类 =
Σ款 = Σ项, 合计 rows and column groups). Across statements, as the Jiangsu
公开01–12表 print them:

* 收支预算总表: 收入合计 = 支出合计; 当年收入小计 = 当年支出小计; its 收入合计 =
  收入预算总表's 收入总计, its 支出合计 = 支出预算总表's 合计; the 功能分类 lines
  add up to 当年支出小计;
* 支出预算总表's 基本支出 and 项目支出 = the 收支预算总表's 一、基本支出 and 二、项目支出;
* 财政拨款收支预算总表: 收入合计 = 支出合计 = 财政拨款支出预算表's 合计; its
  基本支出 = 财政拨款基本支出预算表's 合计;
* 一般公共预算支出预算表's 合计 = the 财政拨款收支预算总表's 一般公共预算 line;
  一般公共预算基本支出预算表's 合计 = its 一、基本支出 where the 财政拨款 is all
  一般公共预算 (no 政府性基金 line printed);
* the narrative's 收入、支出预算总计 = 收支预算总表's 收入合计.

Not checked, as the documents do not make them hold: the 三公 table's 会议费,
培训费 and 公务接待费 against the 基本支出 table's 302xx lines (those lines hold the
basic part only), and 机关运行经费 against 基本支出 302 (js-jianchayuan-2017).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Check, Statement, StatementValue
from ..tables.budget_titles import BUDGET_STATEMENTS
from .base import compare

(TOTAL, INCOME, SPENDING, GRANT_TOTAL, GRANT_SPENDING, GRANT_BASIC, GENERAL_SPENDING,
 GENERAL_BASIC) = BUDGET_STATEMENTS[:8]
_FUNCTION_LINE = re.compile(r"^[一二三四五六七八九十]+、")


def _value(st: Statement | None, name: str | re.Pattern[str], column: str = "") -> StatementValue | None:
    """The first value of a row (by name, or a pattern the name matches) in a
    column whose path ends with ``column`` (any column when empty)."""
    if st is None:
        return None
    for v in st.values:
        named = v.name == name if isinstance(name, str) else name.search(v.name)
        if named and (not column or v.column == column or v.column.endswith("/" + column)):
            return v
    return None


def _same(check_id: str, what: str, a: tuple[str, StatementValue | None],
          b: tuple[str, StatementValue | None]) -> list[Check]:
    (where_a, va), (where_b, vb) = a, b
    if va is None or vb is None:
        return []
    return [compare(check_id, f"{what}: {where_a} / {where_b}", va.value, vb.value,
                    (va.page, vb.page), f"{where_b} {vb.value} = {where_a} {va.value}",
                    basis=(va.box, vb.box))]


def run(doc) -> list[Check]:
    st = {s.name: s for s in doc.statements}
    total, grant = st.get(TOTAL), st.get(GRANT_TOTAL)
    income_total = _value(total, "收入合计", "收入/金额")
    checks = []
    checks += _same("budget.totals", "收支预算总表 收入合计 = 支出合计",
                    ("收入合计", income_total), ("支出合计", _value(total, "支出合计")))
    checks += _same("budget.totals", "收支预算总表 当年收入小计 = 当年支出小计",
                    ("当年收入小计", _value(total, "当年收入小计")),
                    ("当年支出小计", _value(total, "当年支出小计")))
    checks += _same("budget.totals", "收入合计",
                    (f"{TOTAL} 收入合计", income_total),
                    (f"{INCOME} 收入总计", _value(st.get(INCOME), "收入总计")))
    checks += _same("budget.totals", "支出合计",
                    (f"{TOTAL} 支出合计", _value(total, "支出合计")),
                    (f"{SPENDING} 合计", _value(st.get(SPENDING), "", "合计")))
    for line, column in (("一、基本支出", "基本支出"), ("二、项目支出", "项目支出")):
        checks += _same("budget.totals", column,
                        (f"{TOTAL} {line}", _value(total, line, "支出用途/金额")),
                        (f"{SPENDING} {column}", _value(st.get(SPENDING), "", column)))
    checks += _function_lines(total)
    checks += _same("budget.totals", "财政拨款收支预算总表 收入合计 = 支出合计",
                    ("收入合计", _value(grant, "收入合计")), ("支出合计", _value(grant, "支出合计")))
    checks += _same("budget.totals", "财政拨款支出",
                    (f"{GRANT_TOTAL} 支出合计", _value(grant, "支出合计")),
                    (f"{GRANT_SPENDING} 合计", _value(st.get(GRANT_SPENDING), "合计")))
    checks += _same("budget.totals", "财政拨款基本支出",
                    (f"{GRANT_TOTAL} 一、基本支出", _value(grant, "一、基本支出")),
                    (f"{GRANT_BASIC} 合计", _value(st.get(GRANT_BASIC), "合计")))
    general = _value(grant, re.compile(r"^[一二三四五六七八九十]+、一般公共预算$"))
    checks += _same("budget.totals", "一般公共预算支出",
                    (f"{GRANT_TOTAL} 一般公共预算", general),
                    (f"{GENERAL_SPENDING} 合计", _value(st.get(GENERAL_SPENDING), "合计")))
    if grant is not None and general is not None and not any("政府性基金" in v.name for v in grant.values):
        checks += _same("budget.totals", "一般公共预算基本支出",
                        (f"{GRANT_TOTAL} 一、基本支出", _value(grant, "一、基本支出")),
                        (f"{GENERAL_BASIC} 合计", _value(st.get(GENERAL_BASIC), "合计")))
    checks += _narrative_total(doc, income_total)
    return checks


def _function_lines(total: Statement | None) -> list[Check]:
    """The 功能分类 half's numbered lines add up to 当年支出小计."""
    if total is None:
        return []
    lines = [v for v in total.values if v.column.endswith("功能分类/金额") and _FUNCTION_LINE.match(v.name)]
    subtotal = _value(total, "当年支出小计")
    if not lines or subtotal is None:
        return []
    expected = sum((v.value for v in lines), Decimal(0))
    return [compare("budget.totals", f"{TOTAL} 功能分类 Σ{len(lines)} 类 / 当年支出小计", expected,
                    subtotal.value, tuple(v.page for v in lines) + (subtotal.page,),
                    "当年支出小计 = Σ of the 功能分类 lines",
                    basis=(subtotal.box, *(v.box for v in lines)))]


def _narrative_total(doc, income_total: StatementValue | None) -> list[Check]:
    if income_total is None:
        return []
    return [compare("budget.narrative", f"收入、支出预算总计 p{f.page} / {TOTAL} 收入合计",
                    income_total.value, f.value, (f.page, income_total.page),
                    f"the text says {f.value} 万元, the table prints {income_total.value}",
                    basis=(income_total.box,))
            for f in doc.facts if f.fact == "收入支出总计" and f.qualifier == "预算"
            and f.value is not None and f.unit == "万元"]
