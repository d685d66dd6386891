"""An inspected document → its map: pages, outline, tables, what was not classified.

The map is plain data (:class:`DocumentMap`), printed as text by
:func:`render_map` or as JSON through :func:`map_as_dict`; :func:`page_detail`
lists every block the layout found on one page, with its box.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..geometry import Box, Line
from ..page.layout import TableBlock
from .document import FoundTable, Inspection

# Characters of a caption or cell text shown in one line of the map.
SNIPPET = 40


@dataclass(frozen=True, slots=True)
class MapPage:
    number: int
    width: float
    height: float
    lines: int  # narrative lines, headings included
    headings: int
    tables: tuple[str, ...]  # labels (T3) of the tables with a fragment here
    furniture: int  # page numbers, running headers and footers set aside
    error: str  # why the page could not be read; '' when it was
    ocr: bool = False  # read from its image


@dataclass(frozen=True, slots=True)
class MapSection:
    seq: int
    level: int
    heading: str
    page_start: int
    page_end: int


@dataclass(frozen=True, slots=True)
class MapFragment:
    page: int
    rows: int
    cols: int
    inferred: bool = False  # no ruling printed: drawn from the text's alignment


@dataclass(frozen=True, slots=True)
class MapTable:
    seq: int
    label: str
    kind: str  # evaluation | statement | other
    kind_seq: int
    name: str  # overall / project, the statement's canonical name, '' when unclassified
    caption: str
    page_start: int
    page_end: int
    rows: int  # grid rows over all fragments, repeated headers included
    cols: int
    fragments: tuple[MapFragment, ...]
    read: str  # what was read from it: "3 funds rows, 12 indicators", "52 values"
    rejoined: tuple[tuple[int, int], ...]  # (page, next page) of each row a page break split

    @property
    def continued(self) -> str:
        """p14→p15→p16 for a table continued over pages, '' for one page."""
        pages = sorted({f.page for f in self.fragments})
        return "→".join(f"p{p}" for p in pages) if len(pages) > 1 else ""


@dataclass(frozen=True, slots=True)
class DocumentMap:
    file: str
    status: str
    error_code: str
    error: str
    pages: int
    title: str
    unit_name: str
    fiscal_year: int | None
    doc_kind: str
    warnings: tuple[str, ...]
    page_map: tuple[MapPage, ...]
    outline: tuple[MapSection, ...]
    toc: tuple[str, ...]
    tables: tuple[MapTable, ...]
    unclassified: tuple[str, ...]  # one line each: a table, a page, nothing else


def document_map(inspection: Inspection) -> DocumentMap:
    r = inspection.result
    tables = tuple(_map_table(t) for t in inspection.tables)
    return DocumentMap(
        file=r.file, status=r.status, error_code=r.error_code, error=r.error, pages=r.pages,
        title=r.title, unit_name=r.unit_name, fiscal_year=r.fiscal_year, doc_kind=r.doc_kind,
        warnings=tuple(r.warnings),
        page_map=tuple(_map_page(inspection, n) for n in range(1, r.pages + 1)),
        outline=tuple(MapSection(s.seq, s.level, s.heading, s.page_start, s.page_end)
                      for s in r.sections),
        toc=tuple(ln.text for ln in inspection.toc),
        tables=tables,
        unclassified=_unclassified(inspection),
    )


def map_as_dict(docmap: DocumentMap) -> dict:
    out = asdict(docmap)
    for table, data in zip(docmap.tables, out["tables"]):
        data["continued"] = table.continued
    return out


def _map_page(inspection: Inspection, number: int) -> MapPage:
    errors = [e for e in inspection.result.page_errors if e.page == number]
    layout = inspection.layouts.get(number)
    if layout is None:
        error = "; ".join(f"{e.stage}: {e.message}" for e in errors) or "not read"
        return MapPage(number, 0.0, 0.0, 0, 0, (), 0, error)
    return MapPage(
        number, layout.width, layout.height,
        lines=sum(1 for b in layout.blocks if isinstance(b, Line)),
        headings=len(inspection.headings_on(number)),
        tables=tuple(t.label for t in inspection.tables_on(number)),
        furniture=len(layout.furniture),
        error="",
        ocr=number in inspection.result.ocr_pages,
    )


def _map_table(table: FoundTable) -> MapTable:
    fragments = tuple(MapFragment(g.page, g.n_rows, g.n_cols, g.inferred) for g in table.grids)
    rejoined: tuple[tuple[int, int], ...] = ()
    read = ""
    if table.evaluation is not None:
        ev = table.evaluation
        read = f"{len(ev.funds)} funds rows, {len(ev.indicators)} indicators"
        rejoined = tuple((i.page_start, i.page_end) for i in ev.indicators
                         if i.page_end != i.page_start)
    elif table.statement is not None:
        n = len(table.statement.values)
        read = f"{n} values" if n else "no values (empty statement)"
    return MapTable(
        seq=table.seq, label=table.label, kind=table.kind, kind_seq=table.kind_seq,
        name=table.name, caption=table.group.caption.replace(" ", ""),
        page_start=table.page_start, page_end=table.page_end,
        rows=sum(f.rows for f in fragments), cols=max((f.cols for f in fragments), default=0),
        fragments=fragments, read=read, rejoined=rejoined,
    )


def _unclassified(inspection: Inspection) -> tuple[str, ...]:
    out: list[str] = []
    for t in inspection.tables:
        if t.kind != "other":
            continue
        g = t.grids[0]
        texts = [c.text for c in g.cells if c.text][:3]
        what = f"caption {_snip(t.group.caption)!r}" if t.group.caption else "no caption"
        out.append(f"{t.label} p{t.page_start}: table of {g.n_rows}×{g.n_cols}, {what}, "
                   f"first cells {' | '.join(_snip(x, 12) for x in texts) or '(empty)'}")
    for e in inspection.result.page_errors:
        out.append(f"page {e.page}: not read ({e.stage}: {e.message})")
    for number, layout in sorted(inspection.layouts.items()):
        if not layout.blocks:
            out.append(f"page {number}: no text or table found (blank, or an image)")
    return tuple(out)


def _snip(text: str, limit: int = SNIPPET) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_map(docmap: DocumentMap) -> str:
    """The map as text, one section per part, for a terminal."""
    out = [f"{docmap.file}: {docmap.pages} pages, status {docmap.status}"]
    if docmap.status == "failed":
        out.append(f"error [{docmap.error_code}] {docmap.error}")
        return "\n".join(out) + "\n"
    year = docmap.fiscal_year or "?"
    out.append(f"{docmap.unit_name or '(no unit name)'}, fiscal year {year}, "
               f"{docmap.doc_kind or '(not a 决算 document)'}")
    out.extend(f"warning: {w}" for w in docmap.warnings)
    out += ["", "Pages", "  page  size       lines headings furniture  tables"]
    for p in docmap.page_map:
        if p.error:
            out.append(f"  {p.number:>4}  not read: {p.error}")
            continue
        size = f"{p.width:.0f}×{p.height:.0f}"
        out.append(f"  {p.number:>4}  {size:<10} {p.lines:>5} {p.headings:>8} {p.furniture:>9}  "
                   f"{' '.join(p.tables)}{'  (read by OCR)' if p.ocr else ''}".rstrip())
    out += ["", f"Outline ({len(docmap.outline)} headings)"]
    if not docmap.outline:
        out.append("  no numbered heading found")
    for s in docmap.outline:
        pages = f"p{s.page_start}" + (f"–{s.page_end}" if s.page_end != s.page_start else "")
        out.append(f"  {pages:<9}{'  ' * (s.level - 1)}{s.heading}")
    if docmap.toc:
        out.append(f"  (table of contents: {len(docmap.toc)} entries, kept out of the narrative)")
    kinds = {k: sum(1 for t in docmap.tables if t.kind == k) for k in ("evaluation", "statement", "other")}
    out += ["", f"Tables ({len(docmap.tables)}: {kinds['evaluation']} evaluation, "
                f"{kinds['statement']} statements, {kinds['other']} unclassified)",
            "  table  kind         pages    rows×cols  name / caption"]
    for t in docmap.tables:
        pages = f"p{t.page_start}" + (f"–{t.page_end}" if t.page_end != t.page_start else "")
        kind = f"{t.kind} {t.kind_seq}" if t.kind != "other" else "unclassified"
        name = t.name if t.kind == "statement" else " ".join(x for x in (t.name, _snip(t.caption)) if x)
        out.append(f"  {t.label:<6} {kind:<12} {pages:<8} {t.rows:>4}×{t.cols:<4}  {name}")
        details = []
        if t.continued:
            details.append("continued " + t.continued + " ("
                           + ", ".join(f"p{f.page} {f.rows}×{f.cols}" for f in t.fragments) + ")")
        inferred = sorted({f.page for f in t.fragments if f.inferred})
        if inferred:
            details.append("no (full) ruling printed on " + ", ".join(f"p{p}" for p in inferred)
                           + ": grid drawn from the text's alignment")
        if t.read:
            details.append("read: " + t.read)
        if t.rejoined:
            details.append("rows rejoined across a page break: "
                           + ", ".join(f"p{a}/{b}" for a, b in t.rejoined))
        out.extend(f"         {d}" for d in details)
    out += ["", f"Not classified ({len(docmap.unclassified)})"]
    out.extend(f"  {line}" for line in docmap.unclassified)
    if not docmap.unclassified:
        out.append("  nothing: every table is an evaluation table or a statement")
    return "\n".join(out) + "\n"


def _box(box: Box) -> str:
    return f"({box.x0:.1f}, {box.top:.1f}, {box.x1:.1f}, {box.bottom:.1f})"


def page_detail(inspection: Inspection, number: int) -> str:
    """Every block the layout found on one page, top to bottom, with its box."""
    layout = inspection.layouts.get(number)
    head = f"page {number} of {inspection.result.pages}"
    if layout is None:
        errors = [str(e) for e in inspection.result.page_errors if e.page == number]
        return f"{head}: not read{': ' + '; '.join(errors) if errors else ''}\n"
    out = [f"{head}: {layout.width:.0f}×{layout.height:.0f} pt, boxes as (x0, top, x1, bottom) "
           "in points from the top-left corner"]
    headings = {id(ln): h for h in inspection.headings_on(number) for ln in h.lines}
    toc = {id(ln) for ln in inspection.toc}
    tables = {id(g): t for t in inspection.tables_on(number) for g in t.grids}
    for block in layout.blocks:
        if isinstance(block, TableBlock):
            t = tables.get(id(block.grid))
            g = block.grid
            label = f"{t.label} {t.kind} {t.name}".rstrip() if t else "table"
            part = ""
            if t is not None and len(t.grids) > 1:
                part = f", part {[id(x) for x in t.grids].index(id(g)) + 1} of {len(t.grids)}"
            for ln in block.caption:
                out.append(f"  caption    {_box(ln.box)}  {ln.text}")
            merged = sum(1 for c in g.cells if c.rowspan > 1 or c.colspan > 1)
            out.append(f"  {label}{part}: {g.n_rows}×{g.n_cols} grid, {len(g.cells)} cells "
                       f"({merged} merged) {_box(g.box)}")
            continue
        h = headings.get(id(block))
        kind = f"heading {h.level}" if h else "toc entry" if id(block) in toc else "line"
        out.append(f"  {kind:<10} {_box(block.box)}  {block.text}")
    for ln in layout.furniture:
        out.append(f"  furniture  {_box(ln.box)}  {ln.text}")
    return "\n".join(out) + "\n"
