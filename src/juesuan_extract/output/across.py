"""Tables across the documents of a dataset: what one document alone cannot say.

* ``documents.same_as``: a document that repeats another of the same unit,
  fiscal year and kind (:func:`.units.same_as`);
* ``units``: one row per unit (:func:`.units.unit_rows`);
* ``series``: one row per unit, year, figure and basis
  (:func:`.series.series_rows`).

They are built from the documents and summary tables as CSV cells, when the
dataset is written (:mod:`.datasets`), so that they hold every document of the
dataset, whichever order the documents were read in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .series import SERIES_COLUMNS, series_rows
from .units import UNITS_COLUMNS, same_as, unit_id, unit_rows

Rows = list[list[str]]
# The tables across documents: name → columns.
ACROSS_COLUMNS: dict[str, tuple[str, ...]] = {"units": UNITS_COLUMNS, "series": SERIES_COLUMNS}
# What each is built from.
SOURCES: dict[str, tuple[str, ...]] = {"units": ("documents",), "series": ("documents", "summary")}
DOCUMENT_COLUMNS = ("doc_id", "file", "unit_name", "title", "fiscal_year", "doc_kind", "unit_id",
                    "same_as")


def _dicts(columns: Sequence[str], rows: Rows) -> list[dict[str, str]]:
    return [dict(zip(columns, row)) for row in rows]


def mark_documents(columns: Sequence[str], rows: Rows) -> Rows:
    """The documents table with every unit_id filled (a row kept from a result
    without one) and ``same_as`` set; unchanged when it lacks those columns."""
    if not set(DOCUMENT_COLUMNS) <= set(columns):
        return rows
    at = {c: columns.index(c) for c in DOCUMENT_COLUMNS}
    for row in rows:
        if not row[at["unit_id"]]:
            row[at["unit_id"]] = unit_id(row[at["unit_name"]], row[at["title"]])
    marks = same_as(_dicts(columns, rows))
    for row in rows:
        row[at["same_as"]] = marks.get(row[at["doc_id"]], "")
    return rows


def across_tables(tables: Mapping[str, tuple[Sequence[str], Rows]]
                  ) -> dict[str, tuple[tuple[str, ...], Rows]]:
    """units and series, as CSV cells, from ``tables`` (name → (columns, rows as
    CSV cells): the documents table marked by :func:`mark_documents`, and the
    summary table); a table whose sources are absent is left out."""
    out: dict[str, tuple[tuple[str, ...], Rows]] = {}
    if "documents" not in tables or not set(DOCUMENT_COLUMNS) <= set(tables["documents"][0]):
        return out
    documents = _dicts(*tables["documents"])
    out["units"] = (UNITS_COLUMNS, [[str(r[c]) for c in UNITS_COLUMNS] for r in unit_rows(documents)])
    if "summary" in tables:
        marks = {d["doc_id"]: d["same_as"] for d in documents if d["same_as"]}
        files = {d["doc_id"]: d["file"] for d in documents}
        series = series_rows(_dicts(*tables["summary"]), marks, files)
        out["series"] = (SERIES_COLUMNS, [[r[c] for c in SERIES_COLUMNS] for r in series])
    return out
