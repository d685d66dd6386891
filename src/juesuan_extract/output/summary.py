"""One row per document with the figures people ask for first (the ``summary`` table).

Each figure is taken from the statements where one of them prints it, and from
the narrative otherwise; ``from_narrative`` names the figures that came from
the narrative, and ``<figure>_page`` the page it was read on. Where a figure
is found is said once, in :data:`FIGURES`: a candidate cell of a statement
(canonical statement name, row label, column path) or a fact of the narrative
(vocabulary name, qualifier), first found wins. A 决算 is read through the
national statements' cells; a budget (部门预算) through those of
:mod:`.budget_figures`, one row per province's way of printing a figure, its
三公 figures going to the ``_budget`` columns. A new statement or a new fact is
one more candidate in these tables; nothing else changes.

Amounts are in 万元 whatever unit the statement prints (元 are divided by
10 000), counts in their own unit (辆, 人). The previous year's figure
(``<figure>_prev``) is the current figure less the change the narrative states
against the previous year (in a 决算 a sentence naming 上年 or the year before,
and no 预算; in a budget, whose changes are against the previous year's
budget, any sentence naming the year before), or the current figure when it
says 持平; it is absent when the document states no such change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from .budget_figures import BUDGET_CELLS, BUDGET_FACTS
from .units import unit_id

if TYPE_CHECKING:
    from ..model import DocumentResult, Fact

ANY = ".*"  # a row label or column path that matches any
SANGONG = "财政拨款“三公”经费支出决算表"
TOTALS = "收入支出决算总表"
INCOME = "收入决算表"
SPENDING = "支出决算表"
FISCAL = "财政拨款收入支出决算总表"
GENERAL = "一般公共预算财政拨款支出决算表"

# statement, row label pattern, column path pattern: regular expressions matched
# whole against labels folded by label_key
Cell = tuple[str, str, str]
FactKey = tuple[str, str]  # fact, qualifier
COUNT_UNITS = ("辆", "人")  # figures that are counts: whole numbers


def is_budget(doc_kind: str) -> bool:
    """部门预算, 单位预算, a Shanghai 预算单位's 预算 (as narrative.budget says, without
    loading the narrative readers into the command line)."""
    return doc_kind.endswith("预算")


# label_key: what a label is matched as
_QUOTES = re.compile(r"[\"'“”‘’\s]+")
_ENUMERATOR = re.compile(r"^(?:其中[:：]?|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、])+")
_BRACKETS = str.maketrans("（）", "()")


# Names producers print one column by: the figure tables match them as one.
SAME_NAMES: tuple[tuple[str, str], ...] = (
    ("公务用车购置及运行费", "公务用车购置及运行维护费"),  # 佛山 2019
    ("公务用车运行费", "公务用车运行维护费"),
)


def label_key(text: str, year: int | None = None) -> str:
    """A row label or column path as the figure tables match it: without quotation
    marks, spaces or a leading enumerator (其中：（一）, 1., 2、), brackets plain, a name
    of :data:`SAME_NAMES` as its usual one, and the document's own year (2026年,
    2026年度) as 本年."""
    key = _ENUMERATOR.sub("", _QUOTES.sub("", text).translate(_BRACKETS))
    for printed, usual in SAME_NAMES:
        key = key.replace(printed, usual)
    if year:
        key = re.sub(rf"{year}年度?", "本年", key)
    return key


def _either_order(path: str) -> str:
    """A column path with 决算数 / 预算数 last, so that 决算数/合计 and 合计/决算数 (佛山's
    三公 table prints the kind of figure above the items) match alike."""
    head, sep, tail = path.partition("/")
    return f"{tail}/{head}" if sep and head in _KINDS_OF_FIGURE else path


_KINDS_OF_FIGURE = frozenset({"决算数", "预算数"})


def exactly(statement: str, row: str, column: str) -> Cell:
    """The cell whose labels are exactly ``row`` and ``column`` (ANY for any)."""
    return (statement, row if row == ANY else re.escape(label_key(row)), re.escape(label_key(column)))


@dataclass(frozen=True, slots=True)
class Figure:
    column: str  # ASCII snake_case, the summary's column name
    label: str  # the Chinese name, as the data contract gives it
    cells: tuple[Cell, ...] = ()
    facts: tuple[FactKey, ...] = ()
    unit: str = "万元"
    previous: bool = True  # whether a ``_prev`` column holds last year's figure
    budget_cells: tuple[Cell, ...] = ()  # where a budget (部门预算) prints it
    budget_facts: tuple[FactKey, ...] = ()

    @property
    def count(self) -> bool:
        return self.unit in COUNT_UNITS


def _sangong(column: str, label: str, path: str, fact: str) -> tuple[Figure, Figure]:
    """The 三公 figure ``path`` of the 三公 statement, as spent (决算) and as budgeted (预算)."""
    return (
        Figure(column, label + "（决算）", (exactly(SANGONG, ANY, f"{path}/决算数"),), ((fact, "决算"),)),
        Figure(column + "_budget", label + "（预算）", (exactly(SANGONG, ANY, f"{path}/预算数"),),
               ((fact, "全年预算"), (fact, "年初预算")), previous=False),
    )


_FINAL_FIGURES: tuple[Figure, ...] = (
    Figure("total_income", "收入总计", (exactly(TOTALS, "总计", "收入/决算数"),),
           (("收入支出总计", "收入"), ("收入支出总计", ""))),
    Figure("total_expenditure", "支出总计", (exactly(TOTALS, "总计", "支出/决算数"),),
           (("收入支出总计", "支出"), ("收入支出总计", ""))),
    Figure("income", "本年收入合计", (exactly(TOTALS, "本年收入合计", "收入/决算数"),
                                   exactly(INCOME, "合计", "本年收入合计")), (("本年收入合计", ""),)),
    Figure("expenditure", "本年支出合计", (exactly(TOTALS, "本年支出合计", "支出/决算数"),
                                        exactly(SPENDING, "合计", "本年支出合计")),
           (("本年支出合计", ""),)),
    Figure("fiscal_income", "财政拨款收入", (exactly(INCOME, "合计", "财政拨款收入"),
                                          exactly(FISCAL, "本年收入合计", "决算数")),
           (("财政拨款收入", ""), ("本年财政拨款收入", ""))),
    Figure("fiscal_expenditure", "财政拨款支出", (exactly(FISCAL, "本年支出合计", "合计"),),
           (("本年财政拨款支出", ""),)),
    Figure("general_budget_expenditure", "一般公共预算财政拨款支出",
           (exactly(GENERAL, "合计", "合计"), exactly(FISCAL, "本年支出合计", "一般公共预算财政拨款")),
           (("一般公共预算财政拨款支出", "决算"),)),
    Figure("basic_expenditure", "基本支出", (exactly(SPENDING, "合计", "基本支出"),
                                          exactly(GENERAL, "合计", "基本支出")), (("基本支出", ""),)),
    Figure("project_expenditure", "项目支出", (exactly(SPENDING, "合计", "项目支出"),
                                            exactly(GENERAL, "合计", "项目支出")), (("项目支出", ""),)),
    *_sangong("sangong", "“三公”经费", "合计", "三公经费"),
    *_sangong("sangong_abroad", "因公出国（境）费", "因公出国（境）费", "因公出国（境）费"),
    *_sangong("sangong_vehicles", "公务用车购置及运行维护费", "公务用车购置及运行维护费/小计",
              "公务用车购置及运行维护费"),
    *_sangong("sangong_vehicle_purchase", "公务用车购置费", "公务用车购置及运行维护费/公务用车购置费",
              "公务用车购置费"),
    *_sangong("sangong_vehicle_operation", "公务用车运行维护费",
              "公务用车购置及运行维护费/公务用车运行维护费", "公务用车运行维护费"),
    *_sangong("sangong_reception", "公务接待费", "公务接待费", "公务接待费"),
    Figure("admin_operating", "机关运行经费", (), (("机关运行经费", ""),)),
    Figure("procurement", "政府采购支出总额", (), (("政府采购支出总额", ""),)),
    Figure("vehicles", "车辆数", (), (("车辆数", ""), ("公务用车保有量", "")), unit="辆"),
    Figure("staff", "实有人数", (), (("实有人数", ""),), unit="人"),
)


def _with_budgets(figure: Figure) -> Figure:
    """``figure`` with where a budget prints it (:mod:`.budget_figures`)."""
    return replace(
        figure,
        budget_cells=tuple((st, row, col) for name, st, row, col, _ in BUDGET_CELLS if name == figure.column),
        budget_facts=tuple((fact, q) for name, fact, q in BUDGET_FACTS if name == figure.column))


FIGURES: tuple[Figure, ...] = tuple(map(_with_budgets, _FINAL_FIGURES))

# Columns before the figures: who, what, and how sound the document is.
HEAD: tuple[str, ...] = (
    "doc_id", "file", "unit_name", "unit_id", "fiscal_year", "doc_kind", "status", "statements",
    "statement_values", "failed_checks", "unaccounted",
)


def figure_columns(figure: Figure) -> tuple[str, ...]:
    """The figure's value, last year's (``_prev``) where kept, and its page (``_page``)."""
    previous = (figure.column + "_prev",) if figure.previous else ()
    return (figure.column, *previous, figure.column + "_page")


FIGURE_COLUMNS: tuple[str, ...] = tuple(name for f in FIGURES for name in figure_columns(f))
SUMMARY_COLUMNS: tuple[str, ...] = (*HEAD, *FIGURE_COLUMNS, "from_narrative")

_TO_WAN = {"万元": Decimal(1), "元": Decimal(10000), "千元": Decimal(10), "亿元": Decimal("0.0001")}

@dataclass(frozen=True, slots=True)
class _Printed:
    row: str  # label_key of the row label
    column: str  # label_key of the column path
    value: Decimal  # in 万元
    page: int


def _statement_cells(doc: DocumentResult) -> dict[str, list[_Printed]]:
    """statement → its uncoded values (totals are never coded), in printed order."""
    cells: dict[str, list[_Printed]] = {}
    for statement in doc.statements:
        scale = _TO_WAN.get(statement.unit, Decimal(1))
        for v in statement.values:
            if not v.code:
                cells.setdefault(statement.name, []).append(_Printed(
                    label_key(v.name, doc.fiscal_year), label_key(v.column, doc.fiscal_year),
                    v.value / scale, v.page))
    return cells


_COMPILED: dict[str, re.Pattern[str]] = {}


def _pattern(rx: str) -> re.Pattern[str]:
    if rx not in _COMPILED:
        _COMPILED[rx] = re.compile(rx)
    return _COMPILED[rx]


def _from_statements(candidates: Sequence[Cell], cells: Mapping[str, list[_Printed]]
                     ) -> tuple[Decimal, int] | None:
    for statement, row, column in candidates:
        row_rx, column_rx = _pattern(row), _pattern(column)
        for cell in cells.get(statement, ()):
            if (column_rx.fullmatch(cell.column) or column_rx.fullmatch(_either_order(cell.column))) \
                    and row_rx.fullmatch(cell.row):
                return cell.value, cell.page
    return None


def _from_facts(keys: Sequence[FactKey], facts: Sequence[Fact]) -> tuple[Decimal, int] | None:
    for key in keys:
        for fact in facts:
            if (fact.fact, fact.qualifier) == key and fact.value is not None:
                return fact.value, fact.page
    return None


def _against_last_year(fact: Fact, year: int | None, budget: bool) -> bool:
    """Whether the fact's change is against last year's figure: in a 决算, a sentence
    naming the year before and no budget; in a budget, every change is against the
    previous year's budget."""
    before = rf"|{year - 1}年" if year else ""
    named = bool(re.search(rf"上年|上一年|去年{before}", fact.sentence))
    return named and (budget or "预算" not in fact.sentence)


def _previous(keys: Sequence[FactKey], current: Decimal | None, doc: DocumentResult,
              budget: bool) -> Decimal | None:
    for key in keys:
        for fact in doc.facts:
            if (fact.fact, fact.qualifier) != key or not _against_last_year(fact, doc.fiscal_year,
                                                                           budget):
                continue
            base = fact.value if fact.value is not None else current
            if fact.change_amount is not None:
                return None if base is None else base - fact.change_amount
            if fact.direction == "持平":  # 与上年持平: the same as this year
                return base
    return None


def summary_record(doc: DocumentResult, tables: Mapping[str, Sequence[object]], status: str
                   ) -> dict[str, object]:
    """The document's summary row; ``tables`` are its other records (for counts),
    ``status`` the document's as documents.csv gives it."""
    cells = _statement_cells(doc)
    budget = is_budget(doc.doc_kind)
    row: dict[str, object] = {
        "doc_id": doc.doc_id, "file": doc.file, "unit_name": doc.unit_name,
        "unit_id": unit_id(doc.unit_name, doc.title),
        "fiscal_year": doc.fiscal_year, "doc_kind": doc.doc_kind, "status": status,
        "statements": len(doc.statements),
        "statement_values": sum(len(s.values) for s in doc.statements),
        "failed_checks": sum(1 for c in doc.checks if c.status == "fail"),
        # the unaccounted table (numbers the checks could not place), when the records hold one
        "unaccounted": len(tables["unaccounted"]) if "unaccounted" in tables else None,
    }
    narrative: list[str] = []
    for figure in FIGURES:
        facts = figure.budget_facts if budget else figure.facts
        found = _from_statements(figure.budget_cells if budget else figure.cells, cells)
        if found is None:
            found = _from_facts(facts, doc.facts)
            if found is not None:
                narrative.append(figure.column)
        value, page = found if found is not None else (None, None)
        row[figure.column] = value
        if figure.previous:
            row[figure.column + "_prev"] = _previous(facts, value, doc, budget)
        row[figure.column + "_page"] = page
    row["from_narrative"] = " ".join(narrative)
    return row
