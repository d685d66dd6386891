"""DocumentResult → flat records, one list per output table.

The column lists here are the data contract (docs/data-contract.md). CSV and
JSON writers, and the golden tests, all read the same records.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .summary import SUMMARY_COLUMNS, summary_record
from .units import unit_id

if TYPE_CHECKING:  # the command line reads the column lists without loading the pipeline
    from ..geometry import Box
    from ..model import Check, DocumentResult, Fact

FACTS_COLUMNS: tuple[str, ...] = (
    "doc_id", "fact", "qualifier", "mention", "value", "unit", "change_amount", "change_pct",
    "direction", "reason", "page", "section_seq", "sentence",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "file", "sha256", "pages", "unit_name", "fiscal_year",
                  "doc_kind", "title", "status", "error_code", "error", "warnings",
                  "numbers_printed", "numbers_captured", "numbers_unaccounted", "ocr_pages",
                  "unit_id", "same_as"),
    "sections": ("doc_id", "seq", "level", "heading", "text", "page_start", "page_end"),
    "evaluation_tables": ("doc_id", "table_seq", "table_kind", "title", "project_name",
                          "competent_dept", "implementing_unit", "goal_expected",
                          "goal_actual", "total_score", "total_weight", "funds_weight",
                          "funds_execution_rate", "funds_score", "page_start", "page_end",
                          "doubts"),
    "evaluation_funds": ("doc_id", "table_seq", "seq", "source", "content", "status",
                         "budget_initial", "budget_full_year", "budget_fiscal", "budget_other",
                         "executed", "executed_fiscal", "executed_other", "weight",
                         "execution_rate", "score", "is_total", "page", "doubt"),
    "evaluation_indicators": ("doc_id", "table_seq", "seq", "level1", "level2", "level3",
                              "content", "target", "basis", "weight", "actual", "score",
                              "deviation_reason", "page_start", "page_end", "doubt"),
    "statements": ("doc_id", "statement_seq", "statement", "title", "unit", "page_start",
                   "page_end", "empty", "value_count", "note", "ruling", "number", "doubts"),
    "statement_rows": ("doc_id", "statement_seq", "statement", "page", "row_seq", "code", "level", "name",
                       "column_path", "value", "unit", "value_wan", "doubt"),
    "statement_texts": ("doc_id", "statement_seq", "statement", "page", "row_seq", "name",
                        "column_path", "text", "box"),
    "facts": FACTS_COLUMNS,
    "checks": ("doc_id", "check_id", "scope", "status", "verdict", "expected", "actual", "difference",
               "expected_text", "actual_text", "pages", "message"),
    "unaccounted": ("doc_id", "page", "text", "box", "line", "reason"),
    "summary": SUMMARY_COLUMNS,
}
TABLES = tuple(COLUMNS)

Record = dict[str, object]

# Warnings that name pages whose content is not in the outputs: a document
# read otherwise whole is ``partial``, as one with a page that failed.
PAGES_LEFT_OUT = ("page_failed", "unusable_text", "no_text_layer")


def document_status(doc: DocumentResult) -> str:
    """ok, partial or failed: ``partial`` also when pages were left out because
    they are images without text (a partly scanned document)."""
    if doc.status == "ok" and any(w.startswith(PAGES_LEFT_OUT) for w in doc.warnings):
        return "partial"
    return doc.status


def to_records(doc: DocumentResult) -> dict[str, list[Record]]:
    d = doc.doc_id
    out: dict[str, list[Record]] = {
        "documents": [{
            "doc_id": d, "file": doc.file, "sha256": doc.sha256, "pages": doc.pages,
            "unit_name": doc.unit_name, "fiscal_year": doc.fiscal_year,
            "doc_kind": doc.doc_kind, "title": doc.title, "status": document_status(doc),
            "error_code": doc.error_code, "error": doc.error,
            "warnings": "; ".join(doc.warnings),
            "numbers_printed": doc.numbers_printed, "numbers_captured": doc.numbers_captured,
            "numbers_unaccounted": doc.numbers_unaccounted,
            "ocr_pages": ";".join(map(str, doc.ocr_pages)),
            "unit_id": unit_id(doc.unit_name, doc.title),
            "same_as": "",  # filled where a dataset holds other documents (datasets.py)
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
        "statement_texts": [],
        "facts": fact_records(d, doc.facts),
        "checks": [check_record(d, c) for c in doc.checks],
        "unaccounted": [
            {"doc_id": d, "page": u.page, "text": u.text, "box": box_text(u.box), "line": u.line,
             "reason": u.reason}
            for u in doc.unaccounted
        ],
    }
    for t in doc.evaluation_tables:
        out["evaluation_tables"].append({
            "doc_id": d, "table_seq": t.table_seq, "table_kind": t.table_kind, "title": t.title,
            "project_name": t.project_name, "competent_dept": t.competent_dept,
            "implementing_unit": t.implementing_unit, "goal_expected": t.goal_expected,
            "goal_actual": t.goal_actual, "total_score": t.total_score,
            "total_weight": t.total_weight, "funds_weight": t.funds_weight,
            "funds_execution_rate": t.funds_execution_rate, "funds_score": t.funds_score,
            "page_start": t.page_start, "page_end": t.page_end, "doubts": "; ".join(t.doubts),
        })
        for f in t.funds:
            out["evaluation_funds"].append({
                "doc_id": d, "table_seq": t.table_seq, "seq": f.seq, "source": f.source,
                "content": f.content, "status": f.status,
                "budget_initial": f.budget_initial, "budget_full_year": f.budget_full_year,
                "budget_fiscal": f.budget_fiscal, "budget_other": f.budget_other,
                "executed": f.executed, "executed_fiscal": f.executed_fiscal,
                "executed_other": f.executed_other, "weight": f.weight,
                "execution_rate": f.execution_rate, "score": f.score,
                "is_total": "yes" if f.is_total else "", "page": f.page, "doubt": f.doubt,
            })
        for i in t.indicators:
            out["evaluation_indicators"].append({
                "doc_id": d, "table_seq": t.table_seq, "seq": i.seq, "level1": i.level1,
                "level2": i.level2, "level3": i.level3, "content": i.content, "target": i.target,
                "basis": i.basis, "weight": i.weight, "actual": i.actual,
                "score": i.score, "deviation_reason": i.deviation_reason,
                "page_start": i.page_start, "page_end": i.page_end, "doubt": i.doubt,
            })
    for st in doc.statements:
        out["statements"].append({
            "doc_id": d, "statement_seq": st.seq, "statement": st.name, "title": st.title,
            "unit": st.unit, "page_start": st.page_start, "page_end": st.page_end,
            "empty": "yes" if st.empty else "no", "value_count": len(st.values), "note": st.note,
            "ruling": st.ruling, "number": st.number, "doubts": "; ".join(st.doubts),
        })
        for v in st.values:
            out["statement_rows"].append({
                "doc_id": d, "statement_seq": st.seq, "statement": st.name, "page": v.page,
                "row_seq": v.row_seq,
                "code": v.code, "level": v.level, "name": v.name, "column_path": v.column,
                "value": v.value, "unit": st.unit, "value_wan": in_wan(v.value, st.unit),
                "doubt": v.doubt,
            })
        out["statement_texts"] += [
            {"doc_id": d, "statement_seq": st.seq, "statement": st.name, "page": t.page,
             "row_seq": t.row_seq, "name": t.name, "column_path": t.column, "text": t.text,
             "box": box_text(t.box)}
            for t in st.texts
        ]
    out["summary"] = [summary_record(doc, out, document_status(doc))]
    return out


def box_text(box: Box) -> str:
    """x0 top x1 bottom in points, as the tables that locate a printed text give it."""
    return " ".join(f"{x:.1f}" for x in box.as_list())


def fact_records(doc_id: str, facts: list[Fact]) -> list[Record]:
    """One row per fact and qualifier stated in a sentence: a fact stated twice
    in the same words is one row; the same fact and qualifier stated twice in one
    sentence with different figures (整体 and 项目 amounts, say) are told apart by
    ``mention`` (1, 2 … in the sentence's order)."""
    rows: list[Record] = []
    seen: set[tuple] = set()
    mentions: dict[tuple, int] = {}
    for fact in facts:
        identity = (fact.fact, fact.qualifier, fact.value, fact.unit, fact.change_amount,
                    fact.change_pct, fact.direction, fact.reason, fact.page, fact.sentence)
        if identity in seen:
            continue
        seen.add(identity)
        where = (fact.fact, fact.qualifier, fact.section_seq, fact.sentence)
        mentions[where] = mentions.get(where, 0) + 1
        rows.append(fact_record(doc_id, fact, mentions[where]))
    return rows


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_record(doc_id: str, check: Check) -> Record:
    """A check as one row: expected, actual and difference as numbers where they
    are numbers; what is not a number (大于, a note) in expected_text, actual_text."""
    expected, actual = _number(check.expected), _number(check.actual)
    return {
        "doc_id": doc_id, "check_id": check.check_id, "scope": check.scope,
        "status": check.status, "verdict": check.verdict, "expected": expected, "actual": actual,
        "difference": _number(check.difference),
        "expected_text": check.expected if expected is None else "",
        "actual_text": check.actual if actual is None else "",
        "pages": ";".join(map(str, check.pages)), "message": check.message,
    }


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


def fact_record(doc_id: str, fact: Fact, mention: int = 1) -> Record:
    """A fact as one row of facts.csv (``FACTS_COLUMNS``), values still typed."""
    return {
        "doc_id": doc_id, "fact": fact.fact, "qualifier": fact.qualifier, "mention": mention,
        "value": fact.value, "unit": fact.unit, "change_amount": fact.change_amount,
        "change_pct": fact.change_pct, "direction": fact.direction, "reason": fact.reason,
        "page": fact.page, "section_seq": fact.section_seq, "sentence": fact.sentence,
    }


def cell_value(value: object) -> str:
    """How a value is written to CSV: None → '', Decimal as printed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
