"""Budget against final accounts: the ``budget_vs_final`` view of the SQLite dataset.

A batch that holds a unit's 部门决算 and its budget (部门预算, 单位预算, or a
Shanghai 预算单位's 预算) for the same year — the same ``unit_id``, however each
prints the unit's name, and ``fiscal_year`` — pairs them at two levels.

**Statements**: every coded value of a 决算 statement with the value of the
same 科目编码 in the budget statement that plans it:

| 决算 statement | budget statement |
|---|---|
| 一般公共预算财政拨款支出决算表 | 一般公共预算支出预算表 |
| 一般公共预算财政拨款基本支出决算表 | 一般公共预算基本支出预算表 |
| 政府性基金预算财政拨款收入支出决算表 | 政府性基金预算支出预算表 |
| 国有资本经营预算财政拨款收入支出决算表 | 国有资本经营预算支出预算表 |

(支出决算表 covers every source of funds, and the budgets that print codes do so for
财政拨款 only: they are not paired.) The budget's amount for a code is its total
column, the first of :data:`BUDGET_COLUMNS` it prints (SQL ``LIKE`` patterns:
Jiangsu's 金额, Suzhou's 合计, Shanghai's 一般公共预算支出/合计 …); among a unit's
budgets of one year, the first document that is no repeat (``same_as``) gives it.

**Summary**: every figure of the ``series`` table the 决算 gives (basis 决算)
with the budget's (basis 预算, from a budget document): 收支总计, 三公经费 and its
parts, 机关运行经费 … ; final_budget_initial is then the 预算数 the 决算 itself
prints for the figure (its summary ``_budget`` column), where there is one.

Columns: the 决算 document (final_doc_id), unit_name (as the 决算 prints it),
unit_id, fiscal_year, the budget document (budget_doc_id), code, level, name (as
the 决算 prints it; the figure's Chinese name at summary level), figure (the
summary figure; empty at statement level), final_statement (``summary`` at
summary level), final_column (the summary column there), final_value (the 决算
value, in 万元), final_budget_initial (the same row's 年初预算数 in the 决算
itself, where that statement prints such a column), budget_statement,
budget_value (in 万元), difference (final_value − budget_value). A code or
figure the budget does not give has no row; a 决算 without a budget of the same
unit and year has none either.
"""

from __future__ import annotations

import sqlite3

from .summary import FIGURES

VIEW = "budget_vs_final"
PAIRS: tuple[tuple[str, str], ...] = (
    ("一般公共预算财政拨款支出决算表", "一般公共预算支出预算表"),
    ("一般公共预算财政拨款基本支出决算表", "一般公共预算基本支出预算表"),
    ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算支出预算表"),
    ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算支出预算表"),
)
# A budget statement's total column for a coded row, first found (LIKE patterns, with
# where each was seen). Columns of other years (2025年执行数) or changes (增减额) match none.
BUDGET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("金额", "Jiangsu 公开07/08表"),
    ("合计", "Suzhou, Huzhou"),
    ("%支出/合计", "Shanghai 一般公共预算支出/合计, Suzhou 本年一般公共预算基本支出/合计, Wuhan"),
    ("支出总计", "Shenzhen"),
    ("%预算数/年初预算数/小计", "Wuhan 2026年预算数/年初预算数/小计"),
    ("机关运行经费支出", "Jiangsu 公开11表"),
    ("基本支出", "a 基本支出 table printing one column"),
)
NEEDS = {"documents": ("doc_id", "unit_id", "unit_name", "fiscal_year", "doc_kind", "same_as"),
         "statement_rows": ("doc_id", "statement", "page", "row_seq", "code", "level", "name",
                            "column_path", "value", "value_wan")}
SUMMARY_NEEDS = {"series": ("unit_id", "fiscal_year", "figure", "label", "basis", "value",
                            "doc_id", "doc_kind"),
                 "summary": tuple(f.column for f in FIGURES)}
COLUMNS = ("final_doc_id", "unit_name", "unit_id", "fiscal_year", "budget_doc_id", "code", "level",
           "name", "figure", "final_statement", "final_column", "final_value",
           "final_budget_initial", "budget_statement", "budget_value", "difference")


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _statement_sql() -> str:
    pairs = " UNION ALL ".join(f"SELECT {_quoted(f)} AS final_statement, {_quoted(b)} AS budget_statement"
                               for f, b in PAIRS)
    rank = " ".join(f"WHEN r.column_path LIKE {_quoted(p)} THEN {i}"
                    for i, (p, _) in enumerate(BUDGET_COLUMNS, 1))
    return f"""
WITH pairs AS ({pairs}),
final AS (
  SELECT d.doc_id, d.unit_id, d.unit_name, d.fiscal_year, r.statement, r.code, r.level, r.name,
         r.column_path, COALESCE(r.value_wan, r.value) AS value
  FROM statement_rows r JOIN documents d ON d.doc_id = r.doc_id
  WHERE d.doc_kind LIKE '%决算' AND d.unit_id <> '' AND r.code <> ''
    AND r.column_path NOT LIKE '%年初预算%'
),
initial AS (
  SELECT r.doc_id, r.statement, r.code, MIN(COALESCE(r.value_wan, r.value)) AS value
  FROM statement_rows r WHERE r.code <> '' AND r.column_path LIKE '%年初预算%'
  GROUP BY r.doc_id, r.statement, r.code
),
budget_cells AS (
  SELECT d.doc_id, d.unit_id, d.fiscal_year, r.statement, r.code,
         COALESCE(r.value_wan, r.value) AS value,
         ROW_NUMBER() OVER (PARTITION BY d.unit_id, d.fiscal_year, r.statement, r.code
                            ORDER BY d.same_as <> '', CASE {rank} END, d.doc_id, r.page, r.row_seq)
           AS nth
  FROM statement_rows r JOIN documents d ON d.doc_id = r.doc_id
  WHERE d.doc_kind LIKE '%预算' AND d.unit_id <> '' AND r.code <> '' AND CASE {rank} END IS NOT NULL
),
budget AS (SELECT * FROM budget_cells WHERE nth = 1)
SELECT f.doc_id AS final_doc_id, f.unit_name, f.unit_id, f.fiscal_year, b.doc_id AS budget_doc_id,
       f.code, f.level, f.name, '' AS figure, f.statement AS final_statement,
       f.column_path AS final_column, f.value AS final_value, i.value AS final_budget_initial,
       b.statement AS budget_statement, b.value AS budget_value, f.value - b.value AS difference
FROM final f
JOIN pairs p ON p.final_statement = f.statement
JOIN budget b ON b.statement = p.budget_statement AND b.code = f.code
             AND b.unit_id = f.unit_id AND b.fiscal_year = f.fiscal_year
LEFT JOIN initial i ON i.doc_id = f.doc_id AND i.statement = f.statement AND i.code = f.code
"""


def _summary_sql() -> str:
    printed_budget = " ".join(f"WHEN {_quoted(f.column.removesuffix('_budget'))} THEN s.{f.column}"
                              for f in FIGURES if f.column.endswith("_budget"))
    return f"""
SELECT f.doc_id AS final_doc_id, d.unit_name, f.unit_id, f.fiscal_year, b.doc_id AS budget_doc_id,
       '' AS code, '' AS level, f.label AS name, f.figure, 'summary' AS final_statement,
       f.figure AS final_column, f.value AS final_value,
       CASE f.figure {printed_budget} END AS final_budget_initial,
       'summary' AS budget_statement, b.value AS budget_value, f.value - b.value AS difference
FROM series f
JOIN series b ON b.unit_id = f.unit_id AND b.fiscal_year = f.fiscal_year AND b.figure = f.figure
             AND b.basis = '预算' AND b.doc_kind LIKE '%预算'
JOIN documents d ON d.doc_id = f.doc_id
JOIN summary s ON s.doc_id = f.doc_id
WHERE f.basis = '决算'
"""


def _has(columns: dict[str, tuple[str, ...]], needs: dict[str, tuple[str, ...]]) -> bool:
    return all(set(need) <= set(columns.get(table, ())) for table, need in needs.items())


def add_comparison_view(con: sqlite3.Connection, columns: dict[str, tuple[str, ...]]) -> None:
    """Create the view when the dataset holds the tables and columns it reads:
    statement rows (statement level) and the series (summary level)."""
    parts = []
    if _has(columns, NEEDS):
        parts.append(f"SELECT * FROM ({_statement_sql()})")
    if _has(columns, SUMMARY_NEEDS):
        parts.append(f"SELECT * FROM ({_summary_sql()})")
    if parts:
        con.execute(f"CREATE VIEW {VIEW} AS " + "\nUNION ALL\n".join(parts))
