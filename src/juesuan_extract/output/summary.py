"""One row per document with the figures people ask for first (the ``summary`` table).

Each figure is taken from the statements where one of them prints it, and from
the narrative otherwise; ``from_narrative`` names the figures that came from
the narrative. Where a figure is found is said once, in :data:`FIGURES`: a
candidate cell of a statement (canonical statement name, row label, column
path) or a fact of the narrative (vocabulary name, qualifier), first found
wins. A new statement (a budget's 收支预算总表, say) or a new fact is one
more candidate in this table; nothing else changes.

Amounts are in 万元 whatever unit the statement prints (元 are divided by
10 000), counts in their own unit (辆, 人). The previous year's figure
(``<figure>_prev``) is the current figure less the change the narrative states
against the previous year (a sentence naming 上年 or the year before, and no
预算), or the current figure when it says 持平; it is absent when the document
states no such change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import DocumentResult, Fact

ANY = "*"  # a row label or column path that matches any
SANGONG = "财政拨款“三公”经费支出决算表"
TOTALS = "收入支出决算总表"
INCOME = "收入决算表"
SPENDING = "支出决算表"
FISCAL = "财政拨款收入支出决算总表"
GENERAL = "一般公共预算财政拨款支出决算表"

Cell = tuple[str, str, str]  # statement, row label, column path
FactKey = tuple[str, str]  # fact, qualifier


@dataclass(frozen=True, slots=True)
class Figure:
    column: str  # ASCII snake_case, the summary's column name
    label: str  # the Chinese name, as the data contract gives it
    cells: tuple[Cell, ...] = ()
    facts: tuple[FactKey, ...] = ()
    unit: str = "万元"
    previous: bool = True  # whether a ``_prev`` column holds last year's figure


def _sangong(column: str, label: str, path: str, fact: str) -> tuple[Figure, Figure]:
    """The 三公 figure ``path`` of the 三公 statement, as spent (决算) and as budgeted (预算)."""
    return (
        Figure(column, label + "（决算）", ((SANGONG, ANY, f"{path}/决算数"),), ((fact, "决算"),)),
        Figure(column + "_budget", label + "（预算）", ((SANGONG, ANY, f"{path}/预算数"),),
               ((fact, "全年预算"), (fact, "年初预算")), previous=False),
    )


FIGURES: tuple[Figure, ...] = (
    Figure("total_income", "收入总计", ((TOTALS, "总计", "收入/决算数"),),
           (("收入支出总计", "收入"), ("收入支出总计", ""))),
    Figure("total_expenditure", "支出总计", ((TOTALS, "总计", "支出/决算数"),),
           (("收入支出总计", "支出"), ("收入支出总计", ""))),
    Figure("income", "本年收入合计", ((TOTALS, "本年收入合计", "收入/决算数"),
                                   (INCOME, "合计", "本年收入合计")), (("本年收入合计", ""),)),
    Figure("expenditure", "本年支出合计", ((TOTALS, "本年支出合计", "支出/决算数"),
                                        (SPENDING, "合计", "本年支出合计")), (("本年支出合计", ""),)),
    Figure("fiscal_income", "财政拨款收入", ((INCOME, "合计", "财政拨款收入"),
                                          (FISCAL, "本年收入合计", "决算数")),
           (("财政拨款收入", ""), ("本年财政拨款收入", ""))),
    Figure("fiscal_expenditure", "财政拨款支出", ((FISCAL, "本年支出合计", "合计"),),
           (("本年财政拨款支出", ""),)),
    Figure("general_budget_expenditure", "一般公共预算财政拨款支出",
           ((GENERAL, "合计", "合计"), (FISCAL, "本年支出合计", "一般公共预算财政拨款")),
           (("一般公共预算财政拨款支出", "决算"),)),
    Figure("basic_expenditure", "基本支出", ((SPENDING, "合计", "基本支出"),
                                          (GENERAL, "合计", "基本支出")), (("基本支出", ""),)),
    Figure("project_expenditure", "项目支出", ((SPENDING, "合计", "项目支出"),
                                            (GENERAL, "合计", "项目支出")), (("项目支出", ""),)),
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

# Columns before the figures: who, what, and how sound the document is.
HEAD: tuple[str, ...] = (
    "doc_id", "file", "unit_name", "fiscal_year", "doc_kind", "status", "statements",
    "statement_values", "failed_checks", "unaccounted",
)
FIGURE_COLUMNS: tuple[str, ...] = tuple(
    name for f in FIGURES for name in ((f.column, f.column + "_prev") if f.previous else (f.column,))
)
SUMMARY_COLUMNS: tuple[str, ...] = (*HEAD, *FIGURE_COLUMNS, "from_narrative")

_TO_WAN = {"万元": Decimal(1), "元": Decimal(10000), "千元": Decimal(10), "亿元": Decimal("0.0001")}


def _statement_cells(doc: DocumentResult) -> dict[tuple[str, str], list[tuple[str, Decimal]]]:
    """(statement, column path) → [(row label, value in 万元)] in printed order."""
    cells: dict[tuple[str, str], list[tuple[str, Decimal]]] = {}
    for statement in doc.statements:
        scale = _TO_WAN.get(statement.unit, Decimal(1))
        for v in statement.values:
            cells.setdefault((statement.name, v.column), []).append((v.name, v.value / scale))
    return cells


def _from_statements(figure: Figure, cells: Mapping[tuple[str, str], list[tuple[str, Decimal]]]
                     ) -> Decimal | None:
    for statement, label, path in figure.cells:
        for name, value in cells.get((statement, path), ()):
            if label in (ANY, name):
                return value
    return None


def _from_facts(figure: Figure, facts: Sequence[Fact]) -> Decimal | None:
    for key in figure.facts:
        for fact in facts:
            if (fact.fact, fact.qualifier) == key and fact.value is not None:
                return fact.value
    return None


def _against_last_year(fact: Fact, year: int | None) -> bool:
    before = rf"|{year - 1}年" if year else ""
    return bool(re.search(rf"上年|上一年|去年{before}", fact.sentence)) and "预算" not in fact.sentence


def _previous(figure: Figure, current: Decimal | None, doc: DocumentResult) -> Decimal | None:
    for key in figure.facts:
        for fact in doc.facts:
            if (fact.fact, fact.qualifier) != key or not _against_last_year(fact, doc.fiscal_year):
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
    row: dict[str, object] = {
        "doc_id": doc.doc_id, "file": doc.file, "unit_name": doc.unit_name,
        "fiscal_year": doc.fiscal_year, "doc_kind": doc.doc_kind, "status": status,
        "statements": len(doc.statements),
        "statement_values": sum(len(s.values) for s in doc.statements),
        "failed_checks": sum(1 for c in doc.checks if c.status == "fail"),
        # the unaccounted table (numbers the checks could not place), when the records hold one
        "unaccounted": len(tables["unaccounted"]) if "unaccounted" in tables else None,
    }
    narrative: list[str] = []
    for figure in FIGURES:
        value = _from_statements(figure, cells)
        if value is None:
            value = _from_facts(figure, doc.facts)
            if value is not None:
                narrative.append(figure.column)
        row[figure.column] = value
        if figure.previous:
            row[figure.column + "_prev"] = _previous(figure, value, doc)
    row["from_narrative"] = " ".join(narrative)
    return row
