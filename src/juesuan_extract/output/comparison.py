"""Budget against final accounts: the ``budget_vs_final`` view of the SQLite dataset.

A batch that holds a unit's 部门决算 and its 部门预算 for the same year (same
``unit_name`` and ``fiscal_year``) pairs every coded value of a 决算 statement
with the value of the same 科目编码 in the budget statement that plans it:

| 决算 statement | budget statement |
|---|---|
| 一般公共预算财政拨款支出决算表 | 一般公共预算支出预算表 |
| 一般公共预算财政拨款基本支出决算表 | 一般公共预算基本支出预算表 |
| 政府性基金预算财政拨款收入支出决算表 | 政府性基金预算支出预算表 |
| 国有资本经营预算财政拨款收入支出决算表 | 国有资本经营预算支出预算表 |

(支出决算表 covers every source of funds, and the budgets that print codes do so for
财政拨款 only: they are not paired.)

Columns: the 决算 document (final_doc_id), unit_name, fiscal_year, the budget
document (budget_doc_id), code, level, name (as the 决算 prints it),
final_statement, final_column, final_value (the 决算 value, in 万元),
final_budget_initial (the same row's 年初预算数 in the 决算 itself, where that
statement prints such a column), budget_statement, budget_value (the budget's
amount for the code, in 万元: its 金额 / 合计 / 基本支出 column), difference
(final_value − budget_value). A code the budget does not print has no row; a
决算 without a budget of the same unit and year has none either.
"""

from __future__ import annotations

import sqlite3

VIEW = "budget_vs_final"
PAIRS: tuple[tuple[str, str], ...] = (
    ("一般公共预算财政拨款支出决算表", "一般公共预算支出预算表"),
    ("一般公共预算财政拨款基本支出决算表", "一般公共预算基本支出预算表"),
    ("政府性基金预算财政拨款收入支出决算表", "政府性基金预算支出预算表"),
    ("国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算支出预算表"),
)
# the budget statements' amount column for a coded row
BUDGET_COLUMNS = ("金额", "合计", "基本支出", "机关运行经费支出")
NEEDS = {"documents": ("doc_id", "unit_name", "fiscal_year", "doc_kind"),
         "statement_rows": ("doc_id", "statement", "code", "level", "name", "column_path", "value",
                            "value_wan")}


def _sql() -> str:
    pairs = " UNION ALL ".join(f"SELECT '{f}' AS final_statement, '{b}' AS budget_statement"
                               for f, b in PAIRS)
    budget_columns = ", ".join(f"'{c}'" for c in BUDGET_COLUMNS)
    return f"""
CREATE VIEW {VIEW} AS
WITH pairs AS ({pairs}),
final AS (
  SELECT d.doc_id, d.unit_name, d.fiscal_year, r.statement, r.code, r.level, r.name,
         r.column_path, COALESCE(r.value_wan, r.value) AS value
  FROM statement_rows r JOIN documents d ON d.doc_id = r.doc_id
  WHERE d.doc_kind LIKE '%决算' AND r.code <> '' AND r.column_path NOT LIKE '%年初预算%'
),
initial AS (
  SELECT r.doc_id, r.statement, r.code, MIN(COALESCE(r.value_wan, r.value)) AS value
  FROM statement_rows r WHERE r.code <> '' AND r.column_path LIKE '%年初预算%'
  GROUP BY r.doc_id, r.statement, r.code
),
budget AS (
  SELECT d.doc_id, d.unit_name, d.fiscal_year, r.statement, r.code,
         MIN(COALESCE(r.value_wan, r.value)) AS value
  FROM statement_rows r JOIN documents d ON d.doc_id = r.doc_id
  WHERE d.doc_kind LIKE '%预算' AND r.code <> '' AND r.column_path IN ({budget_columns})
  GROUP BY d.doc_id, r.statement, r.code
)
SELECT f.doc_id AS final_doc_id, f.unit_name, f.fiscal_year, b.doc_id AS budget_doc_id,
       f.code, f.level, f.name, f.statement AS final_statement, f.column_path AS final_column,
       f.value AS final_value, i.value AS final_budget_initial,
       b.statement AS budget_statement, b.value AS budget_value,
       f.value - b.value AS difference
FROM final f
JOIN pairs p ON p.final_statement = f.statement
JOIN budget b ON b.statement = p.budget_statement AND b.code = f.code
             AND b.unit_name = f.unit_name AND b.fiscal_year = f.fiscal_year
LEFT JOIN initial i ON i.doc_id = f.doc_id AND i.statement = f.statement AND i.code = f.code
"""


def add_comparison_view(con: sqlite3.Connection, columns: dict[str, tuple[str, ...]]) -> None:
    """Create the view when the dataset holds the tables and columns it reads."""
    if all(set(need) <= set(columns.get(table, ())) for table, need in NEEDS.items()):
        con.execute(_sql())
