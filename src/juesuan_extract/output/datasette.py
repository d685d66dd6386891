"""``metadata.json`` for Datasette: ``datasette juesuan.db -m metadata.json``.

Titles and descriptions of every table and column come from the data contract
(:mod:`.contract`), with the units of amounts; facets are the columns people
filter by first (kind, year, statement, check status). Full-text search needs
nothing here: Datasette finds each ``<table>_fts`` by itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from .across import ACROSS_COLUMNS, SOURCES
from .comparison import COLUMNS as COMPARISON_COLUMNS
from .comparison import NEEDS as COMPARISON_NEEDS
from .comparison import VIEW as COMPARISON
from .contract import TABLES, describe
from .datasets import DB_NAME, REAL, column_type

TITLE = "部门决算 and 部门预算 datasets (juesuan-extract)"
DESCRIPTION = ("Tables read from 部门决算 (final accounts) and 部门预算 (budget) PDFs: one row per "
               "document in summary and documents (doc_kind says which: a 决算's figures are "
               "spent, a 预算's budgeted); one row per unit in units, whatever name each document "
               "prints; its figures by year, 预算 beside 决算, in series and budget_vs_final; the "
               "statements' numbers in statement_rows; what the narrative states in facts; where "
               "documents contradict themselves in checks. Amounts are in 万元 unless a unit column "
               "says otherwise. Search finds every word, down to one character (三公, 偏差), with "
               "quotes and spaces folded: type 三公经费 to find “三公”经费.")
SOURCE = "juesuan-extract"

FACETS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_kind", "fiscal_year", "status"),
    "summary": ("doc_kind", "fiscal_year", "status"),
    "statements": ("statement", "empty", "ruling"),
    "statement_rows": ("statement", "level", "unit"),
    "facts": ("fact", "qualifier", "direction"),
    "checks": ("status", "check_id"),
    "evaluation_tables": ("table_kind",),
    "units": ("level", "province"),
    "series": ("figure", "basis", "fiscal_year"),
    "files": ("status",),
    "errors": ("error_code",),
}
LABELS: dict[str, str] = {"documents": "file", "summary": "unit_name"}
SORT_DESC: dict[str, str] = {"summary": "total_expenditure"}


def _unit(table: str, column: str) -> str:
    """The unit a numeric column is in, for its description."""
    if column_type(table, column) != REAL:
        return ""
    if table == "summary":
        return "" if column.startswith(("vehicles", "staff")) else "万元"
    if table in ("statement_rows", "facts"):
        return "see unit"
    if column in ("budget_initial", "budget_full_year", "executed"):
        return "万元"
    if column in ("execution_rate", "change_pct"):
        return "%"
    return ""


def metadata(tables: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """Datasette's metadata for a database holding ``tables`` (name → columns), with
    the tables and view the database builds from them (units, series, budget_vs_final)."""
    shown: dict[str, Sequence[str]] = dict(tables)
    for name, across in ACROSS_COLUMNS.items():
        if all(source in shown for source in SOURCES[name]):
            shown[name] = across
    if all(set(need) <= set(shown.get(t, ())) for t, need in COMPARISON_NEEDS.items()):
        shown[COMPARISON] = COMPARISON_COLUMNS
    described: dict[str, object] = {}
    for table, columns in shown.items():
        entry: dict[str, object] = {
            "description": TABLES.get(table, ""),
            "columns": {c: _with_unit(describe(table, c), _unit(table, c)) for c in columns},
        }
        facets = [c for c in FACETS.get(table, ()) if c in columns]
        if facets:
            entry["facets"] = facets
        if table in LABELS and LABELS[table] in columns:
            entry["label_column"] = LABELS[table]
        if table in SORT_DESC and SORT_DESC[table] in columns:
            entry["sort_desc"] = SORT_DESC[table]
        described[table] = entry
    name = DB_NAME.rsplit(".", 1)[0]
    return {"title": TITLE, "description": DESCRIPTION, "source": SOURCE,
            "databases": {name: {"tables": described}}}


def _with_unit(text: str, unit: str) -> str:
    return f"{text} [{unit}]" if unit and unit not in text else text


def metadata_json(tables: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]) -> str:
    return json.dumps(metadata(dict(tables)), ensure_ascii=False, indent=1) + "\n"
