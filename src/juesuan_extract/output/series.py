"""One unit's figures over years and documents: the ``series`` table.

One row per unit, fiscal year, figure and basis — 预算 (budget) or 决算 (final
accounts) — with the document and page it was read on, so that budget against
final and one year against another are one query each. The figures are the
summary's (:data:`.summary.FIGURES`, named by their column without ``_budget``:
``sangong`` holds the “三公”经费 of both bases). A budget's figures are all
预算; a 决算's are 决算, except its ``_budget`` columns (the 预算数 it prints beside
the 决算数), which are 预算.

Where several documents give the same unit, year, figure and basis, one is
kept, the first of: a budget's own figure before the budget a 决算 prints; a
figure printed in a statement before one stated in the narrative; a document
before its copies and re-issues (``documents.same_as``); then the file's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .summary import FIGURES, is_budget

BUDGET, FINAL = "预算", "决算"
SERIES_COLUMNS: tuple[str, ...] = (
    "unit_id", "fiscal_year", "figure", "label", "basis", "value", "unit", "doc_id", "doc_kind",
    "page", "source",
)

# summary column → (figure, its Chinese name, unit, whether the column is the 预算 one)
_FIGURES: dict[str, tuple[str, str, str, bool]] = {
    f.column: (f.column.removesuffix("_budget"),
               f.label.removesuffix("（决算）").removesuffix("（预算）"), f.unit,
               f.column.endswith("_budget"))
    for f in FIGURES
}


def document_series(summary: Mapping[str, str]) -> list[dict[str, str]]:
    """Every figure of one summary row (as CSV cells) as series rows, unranked."""
    if not summary.get("unit_id") or not str(summary.get("fiscal_year", "")):
        return []
    budget_document = is_budget(summary.get("doc_kind", ""))
    narrative = set(summary.get("from_narrative", "").split())
    rows = []
    for column, (figure, label, unit, budget_column) in _FIGURES.items():
        value = summary.get(column, "")
        if value == "":
            continue
        rows.append({
            "unit_id": summary["unit_id"], "fiscal_year": str(summary["fiscal_year"]),
            "figure": figure, "label": label,
            "basis": BUDGET if budget_document or budget_column else FINAL,
            "value": value, "unit": unit, "doc_id": summary["doc_id"],
            "doc_kind": summary.get("doc_kind", ""), "page": summary.get(column + "_page", ""),
            "source": "narrative" if column in narrative else "statement",
        })
    return rows


def series_rows(summaries: Iterable[Mapping[str, str]], same_as: Mapping[str, str] | None = None,
                files: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The series of many documents: one row per unit, year, figure and basis.

    ``summaries`` are summary rows as CSV cells; ``same_as`` marks documents that
    repeat another (doc_id → doc_id), ``files`` names each document's file."""
    same_as, files = same_as or {}, files or {}
    best: dict[tuple[str, str, str, str], tuple[tuple, dict[str, str]]] = {}
    for summary in summaries:
        for row in document_series(summary):
            rank = (row["basis"] == BUDGET and not is_budget(row["doc_kind"]),
                    row["source"] == "narrative", row["doc_id"] in same_as,
                    files.get(row["doc_id"], ""), row["doc_id"])
            key = (row["unit_id"], row["fiscal_year"], row["figure"], row["basis"])
            if key not in best or rank < best[key][0]:
                best[key] = (rank, row)
    order = {figure: i for i, (figure, *_) in enumerate(_FIGURES.values())}
    return [row for _, row in sorted(
        best.values(), key=lambda b: (b[1]["unit_id"], int(b[1]["fiscal_year"]),
                                      order[b[1]["figure"]], b[1]["basis"]))]
