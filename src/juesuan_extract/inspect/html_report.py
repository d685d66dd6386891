"""An inspected document → a static review report: each page's image with the
layout drawn on it, beside the rows extracted from that page.

The report is one ``index.html`` (style and script inline, nothing loaded from
the network) and one PNG per page in ``pages/`` next to it, so the folder can
be zipped, mailed and opened offline. Every extracted value in the report
carries its box; pointing at it outlines the box on the page image.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..geometry import Box, union_all
from ..limits import Limits
from ..model import EvaluationTable
from ..output.records import cell_value
from ..page.grid import Grid
from ..page.layout import PageLayout
from .document import FoundTable, Inspection
from .marks import indicator_boxes, page_marks
from .overlay import FIELD_COLOURS, STYLES, PageImages, overlay_page, style_of
from .report_assets import CSS, JS

# Pixels per point of the page images in the report: 1.5 (108 dpi) keeps a
# 40-page report near 10 MB and table text legible at full width.
REPORT_SCALE = 1.5

FUNDS_COLUMNS = (
    ("source", "资金来源"), ("budget_initial", "年初预算数"), ("budget_full_year", "全年预算数"),
    ("executed", "全年执行数"), ("weight", "分值"), ("execution_rate", "执行率"), ("score", "得分"),
)
INDICATOR_COLUMNS = (
    ("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"), ("target", "指标值"),
    ("basis", "指标值设定依据"), ("weight", "分值"), ("actual", "实际完成值"), ("score", "得分"),
    ("deviation_reason", "偏差原因分析及改进措施"),
)
HEADER_FIELDS = (
    ("project_name", "项目名称"), ("competent_dept", "主管部门 / 单位名称"),
    ("implementing_unit", "实施单位"), ("goal_expected", "预期目标"), ("goal_actual", "实际完成情况"),
)
NUMERIC = frozenset({"budget_initial", "budget_full_year", "executed", "weight", "execution_rate",
                     "score", "value"})


def write_report(inspection: Inspection, pdf: Path, out_dir: Path,
                 pages: Sequence[int] | None = None, scale: float = REPORT_SCALE,
                 password: str | None = None, limits: Limits | None = None) -> Path:
    """Write ``out_dir/index.html`` and ``out_dir/pages/*.png``; return the HTML file.
    Pages are rendered within ``limits`` (:class:`~.overlay.PageImages`); one that
    cannot be is shown blank with the reason."""
    numbers = list(pages) if pages is not None else list(range(1, inspection.result.pages + 1))
    image_dir = out_dir / "pages"
    image_dir.mkdir(parents=True, exist_ok=True)
    images: dict[int, tuple[str, int, int]] = {}
    with PageImages(pdf, password, limits) as renderer:
        for n in numbers:
            image = overlay_page(inspection, renderer, n, scale, legend=False)
            name = page_image_name(n, inspection.result.pages)
            image.save(image_dir / name, format="PNG", compress_level=3)
            images[n] = (f"pages/{name}", image.width, image.height)
    index = out_dir / "index.html"
    index.write_text(render_report(inspection, numbers, images), encoding="utf-8")
    return index


def page_image_name(number: int, pages: int) -> str:
    return f"page-{number:0{max(3, len(str(pages)))}d}.png"


def render_report(inspection: Inspection, numbers: Sequence[int],
                  images: dict[int, tuple[str, int, int]]) -> str:
    """The report's HTML; ``images`` gives each page's image path and size."""
    r = inspection.result
    name = Path(r.file).name
    title = f"{r.unit_name or name} {r.fiscal_year or ''} — juesuan inspect".replace("  ", " ")
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        _doc_header(inspection, numbers), _nav(inspection, numbers), "<main>",
    ]
    parts.extend(_page_section(inspection, n, images.get(n)) for n in numbers)
    parts += ["</main>", f"<script>{JS}</script>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pages(a: int, b: int) -> str:
    return f"p{a}" if a == b else f"p{a}–{b}"


def _doc_header(inspection: Inspection, numbers: Sequence[int]) -> str:
    r = inspection.result
    shown = set(numbers)

    def link(page: int, text: str) -> str:
        return f'<a href="#page-{page}">{text}</a>' if page in shown else text

    out = ['<header class="doc">', f"<h1>{_e(r.unit_name or Path(r.file).name)} "
           f"{_e(r.fiscal_year or '')} {_e(r.doc_kind)}</h1>",
           f"<p>{_e(Path(r.file).name)}: {r.pages} pages, status {_e(r.status)}; "
           f"{len(r.sections)} headings, {len(inspection.tables)} tables "
           f"({len(r.evaluation_tables)} self-evaluation, {len(r.statements)} statements). "
           f"Point at a value to outline it on the page; keys n / p go to the next / previous page.</p>"]
    out.extend(f'<p class="error">warning: {_e(w)}</p>' for w in r.warnings)
    out.append('<details class="panel"><summary>Tables</summary><ul class="tables">')
    for t in inspection.tables:
        kind = "unclassified" if t.kind == "other" else f"{t.kind} {t.kind_seq}"
        out.append(f"<li>{link(t.page_start, _e(t.label))} {_e(kind)} {_e(t.name)} "
                   f"{_e(t.group.caption.replace(' ', ''))} ({_pages(t.page_start, t.page_end)})</li>")
    out.append('</ul></details><details class="panel"><summary>Outline</summary><ol class="outline">')
    for s in r.sections:
        indent = "\u3000" * (s.level - 1)
        out.append(f"<li>{indent}{link(s.page_start, _e(s.heading))} ({_pages(s.page_start, s.page_end)})</li>")
    out.append('</ol></details><details class="panel"><summary>Legend</summary><div class="legend">')
    for kind in [*STYLES, *(f"field:{f}" for f in FIELD_COLOURS)]:
        style = style_of(kind)
        css = []
        if style.outline:
            css.append(f"border-color: rgba{style.outline[:3] + (style.outline[3] / 255,)}")
        if style.fill:
            css.append(f"background: rgba{style.fill[:3] + (style.fill[3] / 255,)}")
        out.append(f'<span><span class="sw" style="{"; ".join(css)}"></span>{_e(style.label)}</span>')
    out.append("</div></details></header>")
    return "\n".join(out)


def _nav(inspection: Inspection, numbers: Sequence[int]) -> str:
    with_tables = {g.page for t in inspection.tables for g in t.grids}
    out = ['<nav class="pages" aria-label="pages">']
    for n in numbers:
        cls = "tables" if n in with_tables else "unread" if n not in inspection.layouts else ""
        out.append(f'<a href="#page-{n}" class="{cls}" title="page {n}">{n}</a>')
    out.append('<form id="goto">page <input type="number" min="1" '
               f'max="{inspection.result.pages}" aria-label="go to page"></form></nav>')
    return "".join(out)


def _page_section(inspection: Inspection, n: int, image: tuple[str, int, int] | None) -> str:
    layout = inspection.layouts.get(n)
    out = [f'<section class="page" id="page-{n}" data-page="{n}">',
           f"<h2>Page {n} of {inspection.result.pages}</h2>", '<div class="pair">']
    if image is not None:
        src, w, h = image
        out.append(f'<figure class="scan"><div class="frame"><img src="{_e(src)}" width="{w}" '
                   f'height="{h}" loading="lazy" alt="page {n} with the layout found on it">'
                   "</div></figure>")
    out.append('<div class="rows">')
    if layout is None:
        errors = [str(e) for e in inspection.result.page_errors if e.page == n]
        out.append(f'<p class="error">Page not read: {_e("; ".join(errors) or "no layout")}</p>')
    else:
        out.append(_headings(inspection, n, layout))
        tables = inspection.tables_on(n)
        for t in tables:
            out.append(_table(inspection, t, n, layout))
        if not tables and not inspection.headings_on(n):
            lines = sum(1 for _ in layout.blocks)
            out.append(f'<p class="empty">No heading or table on this page ({lines} narrative lines).</p>')
    out += ["</div>", "</div>", "</section>"]
    return "\n".join(out)


def _box_attr(boxes: Iterable[Box], layout: PageLayout) -> str:
    w, h = layout.width, layout.height
    spec = ";".join(f"{b.x0 / w * 100:.2f} {b.top / h * 100:.2f} {b.width / w * 100:.2f} "
                    f"{b.height / h * 100:.2f}" for b in boxes if b.page == layout.number)
    return f' data-box="{spec}"' if spec else ""


def _cell(value: object, boxes: Iterable[Box], layout: PageLayout, field: str = "") -> str:
    cls = ' class="num"' if field in NUMERIC else ""
    return f"<td{cls}{_box_attr(boxes, layout)}>{_e(cell_value(value))}</td>"


def _headings(inspection: Inspection, n: int, layout: PageLayout) -> str:
    heads = inspection.headings_on(n)
    if not heads:
        return ""
    items = [f'<li{_box_attr([union_all([ln.box for ln in h.lines if ln.box.page == n])], layout)}>'
             f'<span class="badge">H{h.level}</span> {_e(h.text)}</li>' for h in heads]
    return '<h3>Headings</h3><ul class="headings">' + "".join(items) + "</ul>"


def _table(inspection: Inspection, t: FoundTable, n: int, layout: PageLayout) -> str:
    parts = [g for g in t.grids if g.page == n]
    index = next(i for i, g in enumerate(t.grids) if g.page == n)
    kind = "unclassified table" if t.kind == "other" else f"{t.kind} {t.kind_seq}"
    cont = f'<span class="badge">part {index + 1} of {len(t.grids)}</span>' if len(t.grids) > 1 else ""
    what = " · ".join(x for x in (t.label, kind, t.name, _pages(t.page_start, t.page_end)) if x)
    out = [f'<h3 id="{t.label}-p{n}"{_box_attr([g.box for g in parts], layout)}>{_e(what)}{cont}</h3>']
    if t.group.caption:
        out.append(f'<p class="caption">{_e(t.group.caption.replace(" ", ""))}</p>')
    if t.evaluation is not None:
        out.append(_evaluation(inspection, t, t.evaluation, n, layout))
    elif t.statement is not None:
        out.append(_statement(t, n, layout))
    else:
        out.extend(_grid(g, layout) for g in parts)
    return "\n".join(out)


def _evaluation(inspection: Inspection, t: FoundTable, ev: EvaluationTable, n: int,
                layout: PageLayout) -> str:
    out = []
    header_boxes: dict[str, list[Box]] = {}
    for m in page_marks(inspection, n):
        if m.table == t.label and m.kind.startswith("field:"):
            header_boxes.setdefault(m.kind.removeprefix("field:"), []).append(m.box)
    if n == ev.page_start:
        out.append("<dl>")
        for name, label in HEADER_FIELDS:
            if getattr(ev, name):
                out.append(f'<dt title="{name}">{_e(label)}</dt><dd'
                           f'{_box_attr(header_boxes.get(name, []), layout)}>{_e(getattr(ev, name))}</dd>')
        out.append("</dl>")
    funds = [row for row in ev.funds if row.page == n]
    if funds:
        out.append("<table><caption>funds</caption><tr>"
                   + "".join(f'<th title="{f}">{_e(label)}</th>' for f, label in FUNDS_COLUMNS) + "</tr>")
        for row in funds:
            cells = []
            for f, _ in FUNDS_COLUMNS:
                boxes = [row.boxes[f]] if f in row.boxes else header_boxes.get(f, []) if f == "source" else []
                if f == "source":
                    boxes = [b for b in boxes if any(abs(b.cy - v.cy) < b.height / 2 + 1
                                                     for v in row.boxes.values())]
                cells.append(_cell(getattr(row, f), boxes, layout, f))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    indicators = [i for i in ev.indicators if i.page_start <= n <= i.page_end]
    if indicators:
        columns = [(f, label) for f, label in INDICATOR_COLUMNS
                   if f != "basis" or any(i.basis for i in ev.indicators)]
        out.append('<table class="indicators"><caption>indicators</caption><tr><th title="seq">#</th>'
                   + "".join(f'<th title="{f}">{_e(label)}</th>' for f, label in columns) + "</tr>")
        for ind in indicators:
            ind_boxes = indicator_boxes(t, ind, n)
            split = ""
            if ind.page_start < n:
                split += f'<span class="badge">from p{n - 1}</span>'
            if n < ind.page_end:
                split += f'<span class="badge">continues p{n + 1}</span>'
            out.append(f"<tr><td>{ind.seq}{split}</td>"
                       + "".join(_cell(getattr(ind, f), ind_boxes.get(f, []), layout, f) for f, _ in columns)
                       + "</tr>")
        out.append("</table>")
    if n == ev.page_end and ev.total_score is not None:
        out.append(f"<p>总分 (total_score): <strong>{_e(cell_value(ev.total_score))}</strong></p>")
    return "\n".join(out)


def _statement(t: FoundTable, n: int, layout: PageLayout) -> str:
    st = t.statement
    assert st is not None
    values = [v for v in st.values if v.page == n]
    out = ['<p><span class="badge warn">empty: the statement prints no number</span></p>'] if st.empty else []
    if values:
        out.append('<table class="values"><tr><th title="row_seq">行</th><th title="code">科目编码</th>'
                   '<th title="name">名称</th><th title="column">栏目</th><th title="value">数值</th></tr>')
        for v in values:
            out.append(f"<tr><td>{v.row_seq}</td><td>{_e(v.code)}</td><td>{_e(v.name)}</td>"
                       f"<td>{_e(v.column)}</td>{_cell(v.value, [v.box], layout, 'value')}</tr>")
        out.append("</table>")
    if st.note and n == st.page_end:
        out.append(f'<p class="caption">{_e(st.note)}</p>')
    return "\n".join(out)


def _grid(grid: Grid, layout: PageLayout) -> str:
    """An unclassified table as found: its cells with their spans."""
    rows: dict[int, list[str]] = {}
    for c in grid.cells:
        span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
            f' colspan="{c.colspan}"' if c.colspan > 1 else "")
        rows.setdefault(c.row, []).append(f"<td{span}{_box_attr([c.box], layout)}>{_e(c.text)}</td>")
    body = "".join(f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(grid.n_rows))
    return f'<table class="grid">{body}</table>'
