"""``overview.html``: a picture of a batch, one static page that needs no network.

What was found and read (documents read, partial, failed, skipped), a table
of the documents with their failed checks, bar charts of summary figures
across documents — budgets (部门预算) and final accounts (部门决算) alike, this
year beside last year where the narrative states it —, and for each unit with
more than one document a small chart per figure of its years, the budget
beside the final accounts (:mod:`.series`), all drawn as inline SVG. Every
document links to its review report when one was made
(``review/<doc_id>/index.html`` in the output folder, as ``juesuan inspect
FILE --html OUT_DIR/review/<doc_id>/`` makes it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape

from .contract import describe
from .series import BUDGET, series_rows
from .summary import is_budget
from .units import identify, same_as

Row = Mapping[str, str]
REVIEW = "review"

# The charts across documents: (title, summary column of this year, of last year, the
# column a budget gives the figure in, unit)
CHARTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("“三公”经费 by document (决算, and 预算 of the budgets)", "sangong", "sangong_prev",
     "sangong_budget", "万元"),
    ("本年支出合计 by document", "expenditure", "expenditure_prev", "expenditure", "万元"),
    ("一般公共预算财政拨款支出 by document", "general_budget_expenditure",
     "general_budget_expenditure_prev", "general_budget_expenditure", "万元"),
)
# The figures drawn for each unit over its years (series figures), with their names.
UNIT_FIGURES: tuple[tuple[str, str], ...] = (
    ("total_expenditure", "支出总计"), ("general_budget_expenditure", "一般公共预算财政拨款支出"),
    ("sangong", "“三公”经费"), ("admin_operating", "机关运行经费"),
)

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.9em} td,th{border:1px solid #ccc;padding:.2em .5em}
th{background:#eee;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
.counts span{display:inline-block;margin-right:1.2em;padding:.3em .7em;background:#f3f3f3}
.fail{color:#b00020;font-weight:bold} .partial{color:#a60} svg text{font-size:12px}
.legend span{margin-right:1em} .this{fill:#3b6ea8} .last{fill:#b9c9de} .budget{fill:#d9822b}
.final{fill:#3b6ea8} .unit{display:inline-block;vertical-align:top;margin:0 1.2em 1em 0}
.unit h3{font-size:1em;margin:.6em 0 .2em} .units figure{display:inline-block;margin:0 .8em .5em 0}
.units figcaption{font-size:.85em;color:#555}
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
    for title, this, last, budgeted, unit in CHARTS:
        parts.append(_chart(batch, title, this, last, budgeted, unit))
    parts.append(_units(batch))
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


def _chart(batch: Batch, title: str, this: str, last: str, budgeted: str, unit: str) -> str:
    """A bar per document: its figure (a budget's from ``budgeted``, drawn as a budget)
    and last year's."""
    bars = []
    for s in batch.summary:
        budget = is_budget(s.get("doc_kind", ""))
        now, before = _number(s.get(budgeted if budget else this, "")), _number(s.get(last, ""))
        if now is not None or before is not None:
            label = s.get("unit_name") or s.get("file", "")
            kind = " 预算" if budget else ""
            bars.append((s["doc_id"], f"{label} {s.get('fiscal_year', '')}{kind}".strip(), now,
                         before, s.get("file", ""), budget))
    if not bars:
        return ""
    bars.sort(key=lambda b: -float(b[2] if b[2] is not None else -1))  # the largest first
    top = max(float(v) for _, _, a, b, *_ in bars for v in (a, b) if v is not None) or 1.0
    label_w, bar_w, row_h = 260, 420, 30
    height = row_h * len(bars) + 10
    out = [f'<h2>{escape(title)}</h2>',
           f'<p class="legend"><svg width="12" height="12"><rect class="this" width="12" height="12"/>'
           f'</svg> this year <svg width="12" height="12"><rect class="budget" width="12" '
           f'height="12"/></svg> this year\'s budget (部门预算) <svg width="12" height="12">'
           f'<rect class="last" width="12" height="12"/></svg> last year (from the narrative) — '
           f'{escape(unit)}</p>',
           f'<svg class="chart" data-figure="{escape(this)}" width="{label_w + bar_w + 120}" '
           f'height="{height}" role="img" aria-label="{escape(title)}">']
    for i, (doc_id, label, now, before, file, budget) in enumerate(bars):
        y = 5 + i * row_h
        text = f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{escape(label[:24])}</text>'
        if doc_id in batch.reviews:
            text = f'<a href="{REVIEW}/{escape(doc_id)}/index.html">{text}</a>'
        out.append(f"<g><title>{escape(file)}</title>{text}")
        for value, cls, dy in ((now, "budget" if budget else "this", 0), (before, "last", 14)):
            if value is None:
                continue
            w = max(1.0, float(value) / top * bar_w)
            out.append(f'<rect class="{cls}" x="{label_w}" y="{y + dy}" width="{w:.1f}" height="12"/>'
                       f'<text x="{label_w + w + 4:.1f}" y="{y + dy + 10}">{value}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _units(batch: Batch) -> str:
    """For each unit with more than one document, a small chart per figure of its
    years: the budget (预算) beside the final accounts (决算)."""
    documents = [d for d in batch.documents if d.get("unit_id")]
    count: dict[str, int] = {}
    for d in documents:
        count[d["unit_id"]] = count.get(d["unit_id"], 0) + 1
    several = {u for u, n in count.items() if n > 1}
    if not several:
        return ""
    marks = same_as(documents)
    files = {d["doc_id"]: d.get("file", "") for d in documents}
    series = [r for r in series_rows(batch.summary, marks, files) if r["unit_id"] in several]
    names: dict[str, str] = {}
    for d in documents:
        unit = identify(d.get("unit_name", ""), d.get("title", ""))
        names.setdefault(d["unit_id"], unit.name if unit else d.get("unit_name", ""))
    out = ['<h2>Units over the years</h2>',
           '<p class="legend"><svg width="12" height="12"><rect class="budget" width="12" height="12"/>'
           '</svg> 预算 (budget) <svg width="12" height="12"><rect class="final" width="12" '
           'height="12"/></svg> 决算 (final accounts) — 万元</p>', '<div class="units">']
    for unit_id in sorted(several, key=lambda u: names.get(u, u)):
        charts = [_unit_chart(unit_id, figure, label, [r for r in series if r["unit_id"] == unit_id
                                                       and r["figure"] == figure])
                  for figure, label in UNIT_FIGURES]
        charts = [c for c in charts if c]
        if charts:
            out.append(f'<div class="unit" data-unit="{escape(unit_id)}"><h3>{escape(names[unit_id])}'
                       f' ({count[unit_id]} documents)</h3>' + "".join(charts) + "</div>")
    out.append("</div>")
    return "\n".join(out)


def _unit_chart(unit_id: str, figure: str, label: str, rows: Sequence[Row]) -> str:
    """Years along, a 预算 and a 决算 bar side by side in each; '' without figures."""
    if not rows:
        return ""
    years = sorted({int(r["fiscal_year"]) for r in rows})
    values = {(int(r["fiscal_year"]), r["basis"]): r for r in rows}
    top = max(float(r["value"]) for r in rows) or 1.0
    slot, bar, height, base = 64, 22, 110, 20
    width = slot * len(years) + 10
    out = [f'<figure><svg class="unit-chart" data-unit="{escape(unit_id)}" data-figure="{escape(figure)}" '
           f'width="{width}" height="{height + base + 14}" role="img" aria-label="{escape(label)}">']
    for i, year in enumerate(years):
        x = 5 + i * slot
        for j, basis in enumerate((BUDGET, "决算")):
            row = values.get((year, basis))
            if row is None:
                continue
            h = max(1.0, float(row["value"]) / top * height)
            cls = "budget" if basis == BUDGET else "final"
            tip = f"{year} {basis} {row['value']} {row['unit']} (p. {row['page']}, {row['source']})"
            out.append(f'<g><title>{escape(tip)}</title><rect class="{cls}" data-year="{year}" '
                       f'data-basis="{basis}" x="{x + j * (bar + 2)}" y="{14 + height - h:.1f}" '
                       f'width="{bar}" height="{h:.1f}"/></g>')
        out.append(f'<text x="{x + bar}" y="{height + base + 10}" text-anchor="middle">{year}</text>')
    out.append(f"</svg><figcaption>{escape(label)}</figcaption></figure>")
    return "".join(out)


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
