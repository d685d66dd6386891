"""An inspected page → the marks to draw on it: one box per thing the stages found.

Each :class:`Mark` names its legend entry (``kind``), carries a short tag
drawn next to it, and the label of the table it belongs to, so the drawing
(:mod:`.overlay`) and the HTML report share one account of the page, and a
test can check it without looking at pixels.

Kinds, in drawing order: ``field:<name>`` (a cell tinted by the field it was
read into), ``line``, ``toc``, ``note`` (a statement's 注：/说明： lines), ``furniture``, ``caption``, ``cell``,
``merged``, ``repeated-header``, ``rejoined-row``, ``table:<kind>``,
``heading``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.ocr import LOW_CONFIDENCE
from ..geometry import Box, Line, union_all
from ..model import EvaluationTable, Indicator
from ..page.grid import Grid
from ..page.layout import TableBlock
from ..tables.evaluation import TOTAL_WORDS
from ..tables.stitching import TableRow
from .document import FoundTable, Inspection

# Fields whose cells are usually merged labels spanning several rows; a row's
# own extent is taken from the other fields.
_LABEL_FIELDS = frozenset({"level1", "level2"})
# Header fields of an evaluation table, found in its cells by their text.
_HEADER_FIELDS = ("project_name", "competent_dept", "implementing_unit")
_GOAL_FIELDS = ("goal_expected", "goal_actual")
# A goal cell holds part of the goal's text: at least this many characters.
MIN_GOAL_PART = 4


@dataclass(frozen=True, slots=True)
class Mark:
    box: Box
    kind: str
    tag: str = ""
    table: str = ""  # label (T3) of the table the mark belongs to


def page_marks(inspection: Inspection, number: int) -> list[Mark]:
    """Everything found on page ``number``, as marks in drawing order."""
    layout = inspection.layouts.get(number)
    if layout is None:
        return []
    marks: list[Mark] = []
    tables = inspection.tables_on(number)
    for table in tables:
        marks.extend(_field_marks(table, number))
    headings = {id(ln) for h in inspection.headings_on(number) for ln in h.lines}
    toc = {id(ln) for ln in inspection.toc}
    notes = {id(ln): t.label for t in inspection.tables for ln in t.group.notes}
    for block in layout.blocks:
        if not isinstance(block, Line) or id(block) in headings:
            continue
        if id(block) in notes:
            marks.append(Mark(block.box, "note", "", notes[id(block)]))
        else:
            marks.append(Mark(block.box, "toc" if id(block) in toc else "line"))
    marks.extend(Mark(ln.box, "furniture") for ln in layout.furniture)
    by_grid = {id(g): t for t in tables for g in t.grids}
    for block in layout.blocks:
        if isinstance(block, TableBlock):
            marks.extend(_table_marks(block, by_grid.get(id(block.grid))))
    for table in tables:
        marks.extend(_repeated_header_marks(table, number))
        if table.evaluation is not None:
            marks.extend(_rejoined_marks(table, table.evaluation, number))
    for table in tables:
        for i, grid in enumerate(table.grids):
            if grid.page == number:
                marks.append(Mark(grid.box, f"table:{table.kind}", _table_tag(table, i), table.label))
    for h in inspection.headings_on(number):
        for k, ln in enumerate(h.lines):
            if ln.box.page == number:
                marks.append(Mark(ln.box, "heading", f"H{h.level}" if k == 0 else ""))
    marks.extend(_unsure_marks(inspection, number))
    return marks


def _unsure_marks(inspection: Inspection, number: int) -> list[Mark]:
    """Values read by OCR with low confidence: statement cells, and the number cells of
    self-evaluation rows, tagged with the confidence."""
    out: list[Mark] = []
    for st in inspection.result.statements:
        out += [Mark(v.box, "unsure", f"{v.confidence:.2f}") for v in st.values
                if v.page == number and v.confidence is not None
                and v.confidence < LOW_CONFIDENCE]
    for ev in inspection.result.evaluation_tables:
        for f in ev.funds:
            if f.confidence is not None and f.confidence < LOW_CONFIDENCE:
                out += [Mark(b, "unsure", f"{f.confidence:.2f}") for b in f.boxes.values()
                        if b.page == number]
        for ind in ev.indicators:
            if ind.confidence is not None and ind.confidence < LOW_CONFIDENCE:
                out += [Mark(b, "unsure", f"{ind.confidence:.2f}")
                        for name in ("weight", "score", "target", "actual")
                        for b in ind.boxes.get(name, []) if b.page == number]
    return out


def _table_tag(table: FoundTable, index: int) -> str:
    what = table.name if table.kind == "evaluation" else table.kind
    if table.kind == "statement" and table.statement is not None:
        what = f"statement {table.statement.seq}"
    if table.kind == "other":
        what = "unclassified"
    tag = f"{table.label} {what}"
    if len(table.grids) > 1:
        pages = sorted({g.page for g in table.grids})
        tag += f" p{pages[0]}-{pages[-1]}, part {index + 1}/{len(table.grids)}"
    if table.grids[index].inferred:
        tag += ", grid drawn from the text (no full ruling printed)"
    return tag


def _table_marks(block: TableBlock, table: FoundTable | None) -> list[Mark]:
    label = table.label if table else ""
    marks = [Mark(ln.box, "caption", "", label) for ln in block.caption]
    for cell in block.grid.cells:
        marks.append(Mark(cell.box, "cell", "", label))
    for cell in block.grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            marks.append(Mark(cell.box, "merged", f"{cell.rowspan}x{cell.colspan}", label))
    return marks


def _field_marks(table: FoundTable, number: int) -> list[Mark]:
    seen: set[tuple[Box, str]] = set()
    out: list[Mark] = []

    def add(box: Box, name: str) -> None:
        if box.page == number and (box, name) not in seen:
            seen.add((box, name))
            out.append(Mark(box, f"field:{name}", "", table.label))

    if table.statement is not None:
        for value in table.statement.values:
            add(value.box, "value")
        for box, name in _statement_labels(table, number):
            add(box, name)
    ev = table.evaluation
    if ev is None:
        return out
    for row in ev.funds:
        for name, box in row.boxes.items():
            add(box, name)
        if "source" not in row.boxes and row.boxes:
            add_source = _source_cell(table, row.source, next(iter(row.boxes.values())))
            if add_source is not None:
                add(add_source, "source")
    for ind in ev.indicators:
        for name, boxes in ind.boxes.items():
            for box in boxes:
                add(box, name)
        for grid in table.grids:
            if ind.page_start < grid.page == number <= ind.page_end:
                for box, name in continuation_cells(table, ev, ind, grid):
                    add(box, name)
    mapped = {box for box, _ in seen}
    for grid in table.grids:
        for cell in grid.cells:
            if grid.page != number or not cell.text or cell.box in mapped:
                continue
            name = _header_field(ev, cell.text)
            if name:
                add(cell.box, name)
    return out


def _statement_labels(table: FoundTable, number: int) -> list[tuple[Box, str]]:
    """The cells a statement's codes and row names were read from: left of a
    value on its line, holding the code's digits or the name's text."""
    assert table.statement is not None
    values = [v for v in table.statement.values if v.page == number]
    out = []
    for grid in table.grids:
        if grid.page != number:
            continue
        for cell in grid.cells:
            text = "".join(cell.text.split())
            if not text:
                continue
            for v in values:
                if not (cell.box.x1 <= v.box.x0 + 1 and cell.box.top - 1 <= v.box.cy <= cell.box.bottom + 1):
                    continue
                if v.code and text.isdigit() and text in v.code:
                    out.append((cell.box, "code"))
                    break
                if v.name and (text == v.name or text in v.name or text.endswith(v.name)):
                    out.append((cell.box, "name"))
                    break
    return out


def _source_cell(table: FoundTable, source: str, value: Box) -> Box | None:
    """The cell naming a funds row's source (年度资金总额 …): its text, on the
    line of one of the row's values."""
    for grid in table.grids:
        for cell in grid.cells:
            if (cell.box.page == value.page and cell.text == source
                    and cell.box.top - 1 <= value.cy <= cell.box.bottom + 1):
                return cell.box
    return None


def _header_field(ev: EvaluationTable, text: str) -> str:
    """The header field a cell's text was read into, found by its text."""
    for name in _HEADER_FIELDS:
        if getattr(ev, name) and text == getattr(ev, name):
            return name
    for name in _GOAL_FIELDS:
        if len(text) >= MIN_GOAL_PART and text in getattr(ev, name):
            return name
    return ""


def continuation_cells(table: FoundTable, ev: EvaluationTable, ind: Indicator,
                       grid: Grid) -> list[tuple[Box, str]]:
    """Cells of indicator ``ind`` printed on ``grid``'s page, after the page
    break that split the row, each with its field (the field of its column).

    The reader joins their text to the part above the break; these are the
    rows at the top of the page, below any header row, up to the first row
    that starts another indicator or the 总分 row.
    """
    starts = {b for other in ev.indicators if other is not ind and other.page_start == grid.page
              for name, boxes in other.boxes.items() if name not in _LABEL_FIELDS for b in boxes}
    columns = [(b.x0, b.x1, name) for name, boxes in ind.boxes.items() for b in boxes]
    out: list[tuple[Box, str]] = []
    for row in table.rows_of(grid):
        own = [c for c in row.cells if not c.spanned]
        if _is_indicator_header(row):
            continue
        if any(c.box in starts or c.text.startswith(TOTAL_WORDS) for c in own):
            break
        for cell in own:
            name = next((n for x0, x1, n in columns if x0 - 1 <= cell.box.cx <= x1 + 1), "")
            if name:
                out.append((cell.box, name))
    return out


def indicator_boxes(table: FoundTable, ind: Indicator, number: int) -> dict[str, list[Box]]:
    """The boxes of an indicator's fields printed on page ``number``, the part
    after a page break included."""
    ev = table.evaluation
    assert ev is not None, "an indicator belongs to an evaluation table"
    out: dict[str, list[Box]] = {}
    for name, boxes in ind.boxes.items():
        out.setdefault(name, []).extend(b for b in boxes if b.page == number)
    for grid in table.grids:
        if ind.page_start < grid.page == number <= ind.page_end:
            for box, name in continuation_cells(table, ev, ind, grid):
                if box not in out.setdefault(name, []):
                    out[name].append(box)
    return {k: v for k, v in out.items() if v}


def _is_indicator_header(row: TableRow) -> bool:
    return row.has_label("一级指标") or row.has_label("三级指标", "二级指标")


def _rejoined_marks(table: FoundTable, ev: EvaluationTable, number: int) -> list[Mark]:
    """A box around each part of an indicator row that a page break split,
    tagged with the pages of the other parts."""
    out = []
    for ind in ev.indicators:
        if ind.page_start == ind.page_end or not ind.page_start <= number <= ind.page_end:
            continue
        own = [b for name, boxes in ind.boxes.items() if name not in _LABEL_FIELDS
               for b in boxes if b.page == number]
        for grid in table.grids:
            if ind.page_start < grid.page == number:
                own += [b for b, name in continuation_cells(table, ev, ind, grid) if name not in _LABEL_FIELDS]
        if not own:
            continue
        parts = []
        if number > ind.page_start:
            parts.append(f"from p{number - 1}")
        if number < ind.page_end:
            parts.append(f"continues p{number + 1}")
        out.append(Mark(union_all(own), "rejoined-row", f"row {ind.seq}: " + ", ".join(parts),
                        table.label))
    return out


def _repeated_header_marks(table: FoundTable, number: int) -> list[Mark]:
    """Rows at the top of a continuation page that repeat the header (evaluation
    tables drop them before reading)."""
    if table.kind != "evaluation":
        return []
    rows = table.read.rows
    kept = {tuple(c.box for c in r.cells) for r in table.read.kept}
    out = []
    for row in rows:
        own = [c.box for c in row.cells if not c.spanned]
        if row.page == number and own and tuple(c.box for c in row.cells) not in kept:
            out.append(Mark(union_all(own), "repeated-header", "repeated header", table.label))
    return out
