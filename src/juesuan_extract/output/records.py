"""DocumentResult → flat records, one list per output table.

The column lists here are the data contract (docs/data-contract.md). CSV and
JSON writers, and the golden tests, all read the same records.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the column lists without loading the pipeline
    from ..model import DocumentResult, Fact

FACTS_COLUMNS: tuple[str, ...] = (
    "doc_id", "fact", "qualifier", "value", "unit", "change_amount", "change_pct",
    "direction", "reason", "page", "sentence",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "file", "sha256", "pages", "unit_name", "fiscal_year",
                  "doc_kind", "title", "status", "error_code", "error", "warnings",
                  "numbers_printed", "numbers_captured", "numbers_unaccounted"),
    "sections": ("doc_id", "seq", "level", "heading", "text", "page_start", "page_end"),
    "evaluation_tables": ("doc_id", "table_seq", "table_kind", "project_name",
                          "competent_dept", "implementing_unit", "goal_expected",
                          "goal_actual", "total_score", "total_weight", "funds_weight",
                          "funds_execution_rate", "funds_score", "page_start", "page_end"),
    "evaluation_funds": ("doc_id", "table_seq", "seq", "source", "budget_initial",
                         "budget_full_year", "executed", "weight", "execution_rate",
                         "score", "page"),
    "evaluation_indicators": ("doc_id", "table_seq", "seq", "level1", "level2", "level3",
                              "target", "basis", "weight", "actual", "score",
                              "deviation_reason", "page_start", "page_end"),
    "statements": ("doc_id", "statement_seq", "statement", "title", "unit", "page_start",
                   "page_end", "empty", "values", "note", "ruling", "number"),
    "statement_rows": ("doc_id", "statement", "page", "row_seq", "code", "level", "name",
                       "column", "value", "unit", "value_wan"),
    "facts": FACTS_COLUMNS,
    "checks": ("doc_id", "check_id", "scope", "status", "expected", "actual", "difference",
               "pages", "message"),
    "unaccounted": ("doc_id", "page", "text", "box", "line", "reason"),
}
TABLES = tuple(COLUMNS)

Record = dict[str, object]


def to_records(doc: DocumentResult) -> dict[str, list[Record]]:
    d = doc.doc_id
    out: dict[str, list[Record]] = {
        "documents": [{
            "doc_id": d, "file": doc.file, "sha256": doc.sha256, "pages": doc.pages,
            "unit_name": doc.unit_name, "fiscal_year": doc.fiscal_year,
            "doc_kind": doc.doc_kind, "title": doc.title, "status": doc.status,
            "error_code": doc.error_code, "error": doc.error,
            "warnings": "; ".join(doc.warnings),
            "numbers_printed": doc.numbers_printed, "numbers_captured": doc.numbers_captured,
            "numbers_unaccounted": doc.numbers_unaccounted,
        }],
        "sections": [
            {"doc_id": d, "seq": s.seq, "level": s.level, "heading": s.heading,
             "text": s.text, "page_start": s.page_start, "page_end": s.page_end}
            for s in doc.sections
        ],
        "evaluation_tables": [],
        "evaluation_funds": [],
        "evaluation_indicators": [],
        "statements": [],
        "statement_rows": [],
        "facts": [fact_record(d, f) for f in doc.facts],
        "checks": [
            {"doc_id": d, "check_id": c.check_id, "scope": c.scope, "status": c.status,
             "expected": c.expected, "actual": c.actual, "difference": c.difference,
             "pages": ";".join(map(str, c.pages)), "message": c.message}
            for c in doc.checks
        ],
        "unaccounted": [
            {"doc_id": d, "page": u.page, "text": u.text,
             "box": " ".join(f"{x:.1f}" for x in u.box.as_list()), "line": u.line,
             "reason": u.reason}
            for u in doc.unaccounted
        ],
    }
    for t in doc.evaluation_tables:
        out["evaluation_tables"].append({
            "doc_id": d, "table_seq": t.table_seq, "table_kind": t.table_kind,
            "project_name": t.project_name, "competent_dept": t.competent_dept,
            "implementing_unit": t.implementing_unit, "goal_expected": t.goal_expected,
            "goal_actual": t.goal_actual, "total_score": t.total_score,
            "total_weight": t.total_weight, "funds_weight": t.funds_weight,
            "funds_execution_rate": t.funds_execution_rate, "funds_score": t.funds_score,
            "page_start": t.page_start, "page_end": t.page_end,
        })
        for f in t.funds:
            out["evaluation_funds"].append({
                "doc_id": d, "table_seq": t.table_seq, "seq": f.seq, "source": f.source,
                "budget_initial": f.budget_initial, "budget_full_year": f.budget_full_year,
                "executed": f.executed, "weight": f.weight,
                "execution_rate": f.execution_rate, "score": f.score, "page": f.page,
            })
        for i in t.indicators:
            out["evaluation_indicators"].append({
                "doc_id": d, "table_seq": t.table_seq, "seq": i.seq, "level1": i.level1,
                "level2": i.level2, "level3": i.level3, "target": i.target,
                "basis": i.basis, "weight": i.weight, "actual": i.actual,
                "score": i.score, "deviation_reason": i.deviation_reason,
                "page_start": i.page_start, "page_end": i.page_end,
            })
    for st in doc.statements:
        out["statements"].append({
            "doc_id": d, "statement_seq": st.seq, "statement": st.name, "title": st.title,
            "unit": st.unit, "page_start": st.page_start, "page_end": st.page_end,
            "empty": "yes" if st.empty else "no", "values": len(st.values), "note": st.note,
            "ruling": st.ruling, "number": st.number,
        })
        for v in st.values:
            out["statement_rows"].append({
                "doc_id": d, "statement": st.name, "page": v.page, "row_seq": v.row_seq,
                "code": v.code, "level": v.level, "name": v.name, "column": v.column,
                "value": v.value, "unit": st.unit, "value_wan": in_wan(v.value, st.unit),
            })
    return out


# How many 万元 one printed unit is: values in 元 (Shanghai) and 万元 (most provinces)
# can be summed and compared once in 万元.
WAN_PER_UNIT = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"),
                "百万元": Decimal(100), "亿元": Decimal(10000)}


def in_wan(value: Decimal, unit: str) -> Decimal | None:
    """A printed amount in 万元 (None when the statement prints no known unit)."""
    factor = WAN_PER_UNIT.get(unit)
    if factor is None:
        return None
    return value if factor == 1 else (value * factor).normalize()


def fact_record(doc_id: str, fact: Fact) -> Record:
    """A fact as one row of facts.csv (``FACTS_COLUMNS``), values still typed."""
    return {
        "doc_id": doc_id, "fact": fact.fact, "qualifier": fact.qualifier, "value": fact.value,
        "unit": fact.unit, "change_amount": fact.change_amount, "change_pct": fact.change_pct,
        "direction": fact.direction, "reason": fact.reason, "page": fact.page,
        "sentence": fact.sentence,
    }


def cell_value(value: object) -> str:
    """How a value is written to CSV: None → '', Decimal as printed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
