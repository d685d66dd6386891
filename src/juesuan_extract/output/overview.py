"""``overview.html``: a picture of a batch, one static page that needs no network.

What was found and read (documents read, partial, failed, skipped), a table
of the documents with their failed checks, and bar charts of summary figures
across documents (this year beside last year where the narrative states it),
drawn as inline SVG. Every document links to its review report when one was
made (``review/<doc_id>/index.html`` in the output folder, as
``juesuan inspect FILE --html OUT_DIR/review/<doc_id>/`` makes it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from .contract import describe

Row = Mapping[str, str]
REVIEW = "review"

# The charts: (title, summary column of this year, of last year, unit)
CHARTS: tuple[tuple[str, str, str, str], ...] = (
    ("“三公”经费 by unit (决算)", "sangong", "sangong_prev", "万元"),
    ("本年支出合计 by unit", "expenditure", "expenditure_prev", "万元"),
    ("一般公共预算财政拨款支出 by unit", "general_budget_expenditure",
     "general_budget_expenditure_prev", "万元"),
)

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ccc;padding:.2em .5em}
th{background:#eee;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
.counts span{display:inline-block;margin-right:1.2em;padding:.3em .7em;background:#f3f3f3}
.fail{color:#b00020;font-weight:bold} .partial{color:#a60} svg text{font-size:12px}
.legend span{margin-right:1em} .this{fill:#3b6ea8} .last{fill:#b9c9de}
"""


@dataclass(frozen=True, slots=True)
class Batch:
    """What the overview shows, as CSV cells of the batch's tables."""

    files: Sequence[Row]
    documents: Sequence[Row]
    summary: Sequence[Row]
    errors: Sequence[Row]
    reviews: frozenset[str]  # doc_ids with a review report


def _number(cell: str) -> Decimal | None:
    try:
        return Decimal(cell) if cell else None
    except InvalidOperation:
        return None


def _doc_link(doc_id: str, text: str, reviews: frozenset[str]) -> str:
    if doc_id in reviews:
        return f'<a href="{REVIEW}/{escape(doc_id)}/index.html">{escape(text)}</a>'
    return escape(text)


def render(batch: Batch) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
             "<title>Batch overview</title>", f"<style>{STYLE}</style></head><body>",
             "<h1>Batch overview</h1>", _counts(batch), _documents(batch)]
    for title, this, last, unit in CHARTS:
        parts.append(_chart(batch, title, this, last, unit))
    parts.append(_errors(batch))
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def _counts(batch: Batch) -> str:
    by_status: dict[str, int] = {}
    for f in batch.files:
        by_status[f["status"]] = by_status.get(f["status"], 0) + 1
    copies = sum(1 for f in batch.files if f.get("copy_of"))
    shown = [("files found", len(batch.files)), ("documents", len(batch.documents)),
             ("read", sum(1 for d in batch.documents if d["status"] == "ok")),
             ("partial", sum(1 for d in batch.documents if d["status"] == "partial")),
             ("failed", sum(1 for d in batch.documents if d["status"] == "failed")),
             ("copies", copies), ("skipped (not PDFs)", by_status.get("skipped", 0)),
             ("not read yet", by_status.get("pending", 0))]
    spans = "".join(f'<span id="count-{escape(k.split()[0])}"><b>{v}</b> {escape(k)}</span>'
                    for k, v in shown)
    return f'<p class="counts">{spans}</p>'


def _documents(batch: Batch) -> str:
    summary = {s["doc_id"]: s for s in batch.summary}
    head = ("file", "unit_name", "fiscal_year", "doc_kind", "status", "pages", "statements",
            "failed_checks")
    rows = ["<h2>Documents</h2>", '<table id="documents"><tr>'
            + "".join(f'<th title="{escape(describe("summary", h) or describe("documents", h))}">'
                      f"{escape(h)}</th>" for h in head) + "</tr>"]
    for d in batch.documents:
        s = summary.get(d["doc_id"], {})
        failed = s.get("failed_checks", "")
        status = d["status"]
        rows.append(
            "<tr>"
            f"<td>{_doc_link(d['doc_id'], d['file'], batch.reviews)}</td>"
            f"<td>{escape(d['unit_name'])}</td><td>{escape(d['fiscal_year'])}</td>"
            f"<td>{escape(d['doc_kind'])}</td>"
            f'<td class="{escape(status)}">{escape(status)}</td>'
            f'<td class="n">{escape(d["pages"])}</td>'
            f'<td class="n">{escape(s.get("statements", ""))}</td>'
            f'<td class="n{" fail" if failed not in ("", "0") else ""}">{escape(failed)}</td>'
            "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _chart(batch: Batch, title: str, this: str, last: str, unit: str) -> str:
    bars = []
    for s in batch.summary:
        now, before = _number(s.get(this, "")), _number(s.get(last, ""))
        if now is not None or before is not None:
            label = s.get("unit_name") or s.get("file", "")
            bars.append((s["doc_id"], f"{label} {s.get('fiscal_year', '')}".strip(), now, before,
                         s.get("file", "")))
    if not bars:
        return ""
    bars.sort(key=lambda b: -float(b[2] if b[2] is not None else -1))  # the largest first
    top = max(float(v) for _, _, a, b, _ in bars for v in (a, b) if v is not None) or 1.0
    label_w, bar_w, row_h = 260, 420, 30
    height = row_h * len(bars) + 10
    out = [f'<h2>{escape(title)}</h2>',
           f'<p class="legend"><svg width="12" height="12"><rect class="this" width="12" height="12"/>'
           f'</svg> this year <svg width="12" height="12"><rect class="last" width="12" '
           f'height="12"/></svg> last year (from the narrative) — {escape(unit)}</p>',
           f'<svg class="chart" data-figure="{escape(this)}" width="{label_w + bar_w + 120}" '
           f'height="{height}" role="img" aria-label="{escape(title)}">']
    for i, (doc_id, label, now, before, file) in enumerate(bars):
        y = 5 + i * row_h
        text = f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{escape(label[:24])}</text>'
        if doc_id in batch.reviews:
            text = f'<a href="{REVIEW}/{escape(doc_id)}/index.html">{text}</a>'
        out.append(f"<g><title>{escape(file)}</title>{text}")
        for value, cls, dy in ((now, "this", 0), (before, "last", 14)):
            if value is None:
                continue
            w = max(1.0, float(value) / top * bar_w)
            out.append(f'<rect class="{cls}" x="{label_w}" y="{y + dy}" width="{w:.1f}" height="12"/>'
                       f'<text x="{label_w + w + 4:.1f}" y="{y + dy + 10}">{value}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _errors(batch: Batch) -> str:
    if not batch.errors:
        return ""
    rows = ["<h2>Failed and partial files</h2>", '<table id="errors"><tr><th>path</th>'
            "<th>error_code</th><th>error</th></tr>"]
    for e in batch.errors:
        rows.append(f"<tr><td>{_doc_link(e['doc_id'], e['path'], batch.reviews)}</td>"
                    f"<td>{escape(e['error_code'])}</td><td>{escape(e['error'])}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)
