"""Amounts stated in the narrative (facts) against the statements, and a
stated growth rate against the amounts it refers to.

The table below says where the statements print the figure a fact states;
a fact whose statement is not in the file is not checked. A row is found
under any of the names producers print it by (总计, 收入总计 …; see
:data:`ROW_NAMES`), and a column by the words of its header path in either
order (合计/决算数 or 决算数/合计).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Check
from .base import ROUNDING, compare, excerpt, percent_tolerance

GENERAL = "一般公共预算财政拨款支出决算表"
SANGONG = "财政拨款“三公”经费支出决算表"
BASIC = "一般公共预算财政拨款基本支出决算表"

# (fact, qualifier) → places that print it: (statement, row name, column prefix). A
# narrative names a figure loosely (收入总计 for 本年收入合计, 基本支出 of the 财政拨款
# tables or of all funds): the figure stated holds when any place listed prints it, and
# contradicts the first place listed (the narrative's own sense) when none does.
WHERE: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {
    ("收入支出总计", "收入"): (("收入支出决算总表", "总计", "收入/"),
                          ("收入支出决算总表", "本年收入合计", "收入/")),
    ("收入支出总计", "支出"): (("收入支出决算总表", "总计", "支出/"),
                          ("收入支出决算总表", "本年支出合计", "支出/")),
    ("收入支出总计", ""): (("收入支出决算总表", "总计", "收入/"),),
    ("本年收入合计", ""): (("收入支出决算总表", "本年收入合计", "收入/"), ("收入决算表", "合计", "本年收入合计")),
    ("本年支出合计", ""): (("收入支出决算总表", "本年支出合计", "支出/"), ("支出决算表", "合计", "本年支出合计")),
    ("财政拨款收入", ""): (("收入决算表", "合计", "财政拨款收入"),),
    ("其他收入", ""): (("收入决算表", "合计", "其他收入"),),
    ("基本支出", ""): (("支出决算表", "合计", "基本支出"), (GENERAL, "合计", "基本支出"),
                    ("财政拨款支出决算表", "合计", "基本支出")),
    ("项目支出", ""): (("支出决算表", "合计", "项目支出"), (GENERAL, "合计", "项目支出"),
                    ("财政拨款支出决算表", "合计", "项目支出")),
    ("财政拨款收入支出总计", ""): (("财政拨款收入支出决算总表", "总计", ""),),
    ("一般公共预算财政拨款支出", "决算"): ((GENERAL, "合计", "合计"),),
    ("一般公共预算财政拨款基本支出", ""): ((GENERAL, "合计", "基本支出"),),
    ("人员经费", ""): ((BASIC, "人员经费合计", "人员经费"),),
    ("公用经费", ""): ((BASIC, "公用经费合计", "公用经费"),),
    ("三公经费", "决算"): ((SANGONG, "", "合计/决算数"),),
    ("因公出国（境）费", "决算"): ((SANGONG, "", "因公出国（境）费/决算数"),),
    ("公务用车购置及运行维护费", "决算"): ((SANGONG, "", "公务用车购置及运行维护费/小计/决算数"),),
    ("公务接待费", "决算"): ((SANGONG, "", "公务接待费/决算数"),),
}


# The names one row of a statement is printed by.
ROW_NAMES: dict[str, tuple[str, ...]] = {
    # the last line of a 收支总表 (高等学校: 合计)
    "总计": ("总计", "收入总计", "支出总计", "收支总计", "收入支出总计", "合计"),
    "本年收入合计": ("本年收入合计", "本年收入小计", "本年收入"),
    "本年支出合计": ("本年支出合计", "本年支出小计", "本年支出"),
    "合计": ("合计", "总计"),
}


def run(doc) -> list[Check]:
    facts = getattr(doc, "facts", None) or []
    statements = {s.name: s for s in doc.statements}
    checks: list[Check] = []
    for fact in facts:
        if fact.value is None or fact.unit != "万元":
            continue
        places = WHERE.get((fact.fact, fact.qualifier), ())
        found = [(place, v) for place in places
                 if place[0] in statements and (v := figure(statements[place[0]], *place[1:]))]
        same = [f for f in found if abs(f[1].value - fact.value) <= ROUNDING]
        # the place that prints the figure stated; else the first place listed, when printed
        # (a narrower table alone is no ground for a contradiction)
        chosen = same[0] if same else found[0] if found and found[0][0] == places[0] else None
        if chosen is not None:
            (statement, row, column), printed = chosen
            checks.append(compare(
                "narrative.amount", f"{fact.fact}{'（' + fact.qualifier + '）' if fact.qualifier else ''}"
                f" = {statement} {row or '—'} / {column.rstrip('/') or 'its amount column'}",
                printed.value, fact.value, (fact.page, printed.page),
                f"the narrative says {fact.value} 万元 (p.{fact.page}); "
                f"{statement} prints {printed.value} (p.{printed.page})", basis=(printed.box,)))
        if fact.fact == "一般公共预算财政拨款支出" and GENERAL in statements:
            checks += _subject(fact, statements[GENERAL])
    checks += _growth(facts)
    return checks


def figure(st, row: str, column: str):
    """The value of a statement's uncoded row (by any of its names) in the column
    whose header path holds the words of ``column`` (in any order; '' for any),
    the first row name of :data:`ROW_NAMES` that the statement prints winning."""
    wanted = [w for w in column.split("/") if w]
    for name in ROW_NAMES.get(row, (row,)):
        for v in st.values:
            if v.code or v.name != name:
                continue
            path = v.column.split("/")
            if v.column.startswith(column) or all(w in path for w in wanted):
                return v
    return None


def _subject(fact, st) -> list[Check]:
    """A 类 or 类/款/项 breakdown against the row of the same name."""
    parts = fact.qualifier.split("/")
    if fact.qualifier in ("", "决算", "年初预算", "全年预算", "完成率", "差异率", "占本年支出合计") \
            or fact.qualifier.endswith("占比"):
        return []
    level = {1: 3, 3: 7}.get(len(parts))
    if level is None:
        return []
    kinds = {v.code[:3]: v.name for v in st.values if len(v.code) == 3}
    for v in st.values:
        if len(v.code) == level and v.name == parts[-1] and v.column == "合计" \
                and kinds.get(v.code[:3]) == parts[0]:
            return [compare("narrative.amount", f"一般公共预算财政拨款支出 {fact.qualifier} = {st.name} {v.code}",
                            v.value, fact.value, (fact.page, v.page),
                            f"the narrative says {fact.value} 万元 (p.{fact.page}); "
                            f"{st.name} prints {v.value} (p.{v.page})", basis=(v.box,))]
    return []


def _growth(facts) -> list[Check]:
    """增长/下降 x% against the stated change and the amount it changed to
    (stated in the same clause or just before, for the same fact)."""
    checks = []
    last: dict[tuple[str, str], Decimal] = {}
    for f in facts:
        key = (f.fact, f.qualifier)
        if f.value is not None and f.unit == "万元":
            last[key] = f.value
        if f.change_amount is None or f.change_pct is None:
            continue
        value = f.value if f.value is not None else last.get(key)
        if value is None:
            continue
        prior = value - f.change_amount
        if prior <= 0:
            continue
        expected = (f.change_amount / prior * 100).quantize(Decimal("0.01"))
        checks.append(compare(
            "narrative.percent", f"{f.fact} growth “{excerpt(f.sentence, 0, 0, after=40)}”",
            expected, f.change_pct,
            (f.page,), f"{f.change_amount} / ({value} - {f.change_amount}) = {expected}%",
            tolerance=percent_tolerance(f.change_pct)))
    return checks
