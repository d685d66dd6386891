"""The same figure in different statements.

Totals: 收入支出决算总表 against 收入决算表 and 支出决算表; 财政拨款收入支出决算总表
against 一般公共预算财政拨款支出决算表; the 基本支出 table's two halves against
the 基本支出 column. Subjects: each 类 line of a 总表 against the 类 row with
the same name in the detail statement.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Check, Statement, StatementValue
from .base import compare

_ENUM = re.compile(r"^[一二三四五六七八九十]+、")

TOTAL = "收入支出决算总表"
INCOME = "收入决算表"
SPENDING = "支出决算表"
FISCAL_TOTAL = "财政拨款收入支出决算总表"
GENERAL = "一般公共预算财政拨款支出决算表"
BASIC = "一般公共预算财政拨款基本支出决算表"


def run(doc) -> list[Check]:
    st = {s.name: s for s in doc.statements}
    checks: list[Check] = []
    checks += _same(st, "cross.totals", (TOTAL, "本年收入合计", "收入/"), (INCOME, "合计", "本年收入合计"))
    checks += _same(st, "cross.totals", (TOTAL, "本年支出合计", "支出/"), (SPENDING, "合计", "本年支出合计"))
    checks += _same(st, "cross.totals", (FISCAL_TOTAL, "本年支出合计", "一般公共预算财政拨款"),
                    (GENERAL, "合计", "合计"))
    checks += _basic_halves(st)
    checks += _subjects(st, TOTAL, "支出/", SPENDING, "本年支出合计")
    checks += _subjects(st, FISCAL_TOTAL, "一般公共预算财政拨款", GENERAL, "合计")
    return checks


def _find(st: dict[str, Statement], name: str, row: str, column: str) -> StatementValue | None:
    """The value on the row named ``row`` (no code) whose column starts with or
    equals ``column``."""
    s = st.get(name)
    if s is None:
        return None
    for v in s.values:
        if not v.code and v.name == row and (v.column == column or v.column.startswith(column)):
            return v
    return None


def _same(st, check_id, a, b) -> list[Check]:
    va, vb = _find(st, *a), _find(st, *b)
    if va is None or vb is None:
        return []
    return [compare(check_id, f"{a[0]} {a[1]} = {b[0]} {b[1]} / {b[2]}", va.value, vb.value,
                    (va.page, vb.page), f"{a[0]} (p.{va.page}) prints {va.value}",
                    basis=(va.box, vb.box))]


def _basic_halves(st) -> list[Check]:
    basic, general = st.get(BASIC), st.get(GENERAL)
    if basic is None or general is None:
        return []
    halves = [v for v in basic.values if not v.code and v.name.endswith("合计")]
    column = _find(st, GENERAL, "合计", "基本支出")
    if not halves or column is None:
        return []
    total = sum((v.value for v in halves), Decimal(0))
    return [compare("cross.totals", f"{BASIC} {' + '.join(v.name for v in halves)} = {GENERAL} 合计 / 基本支出",
                    total, column.value, (column.page, *(v.page for v in halves)),
                    f"{GENERAL} (p.{column.page}) prints {column.value}",
                    basis=(column.box, *(v.box for v in halves)))]


def _subjects(st, summary: str, column: str, detail: str, detail_column: str) -> list[Check]:
    """Each 类 line of a 总表 against the 类 row of the same name in a detail statement."""
    s, d = st.get(summary), st.get(detail)
    if s is None or d is None:
        return []
    by_name = {v.name: v for v in d.values if len(v.code) == 3 and v.column == detail_column}
    checks = []
    for v in s.values:
        if v.code or not _ENUM.match(v.name) or not v.column.startswith(column):
            continue
        name = _ENUM.sub("", v.name)
        other = by_name.get(name)
        if other is None:
            continue
        checks.append(compare(
            "cross.subject", f"{name}: {summary} / {v.column} = {detail} {other.code} / {detail_column}",
            other.value, v.value, (v.page, other.page),
            f"{detail} (p.{other.page}) prints {other.value}, {summary} (p.{v.page}) prints {v.value}",
            basis=(v.box, other.box)))
    return checks
