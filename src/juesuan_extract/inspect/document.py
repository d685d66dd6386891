"""One PDF → its result together with what the stages saw on each page.

``extract()`` keeps only the result; inspecting a document also needs the page
layouts (lines, table fragments, furniture), the tables as assembled across
pages, and which lines became headings. The stages are the pipeline's own, run
in the pipeline's order, so what is drawn is what was extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..geometry import Line
from ..limits import Limits
from ..model import DocumentResult, EvaluationTable, Statement
from ..narrative.sections import lines_to_paragraphs, text_margins
from ..page.grid import Grid
from ..page.layout import PageLayout
from ..pipeline import page_lines, read_document
from ..tables.assembly import TableGroup, assemble
from ..text import heading_level


@dataclass(frozen=True, slots=True)
class Heading:
    """A narrative paragraph read as a section heading, with its lines."""

    level: int
    text: str
    lines: tuple[Line, ...]

    @property
    def page(self) -> int:
        return self.lines[0].box.page


@dataclass(frozen=True, slots=True)
class FoundTable:
    """A table as assembled across pages, with what was read from it.

    ``seq`` numbers every table of the document in order; ``kind_seq`` is the
    table's number among its kind (``table_seq`` of an evaluation table,
    ``statement_seq`` of a statement, the order among unclassified tables).
    """

    seq: int
    kind: str  # evaluation | statement | other
    kind_seq: int
    group: TableGroup
    evaluation: EvaluationTable | None = None
    statement: Statement | None = None

    @property
    def grids(self) -> list[Grid]:
        return self.group.grids

    @property
    def name(self) -> str:
        """overall / project for an evaluation table, the canonical name of a
        statement, '' for an unclassified table."""
        if self.evaluation is not None:
            return self.evaluation.table_kind
        if self.statement is not None:
            return self.statement.name
        return ""

    @property
    def page_start(self) -> int:
        found = self.evaluation or self.statement
        return found.page_start if found is not None else self.grids[0].page

    @property
    def page_end(self) -> int:
        found = self.evaluation or self.statement
        return found.page_end if found is not None else self.grids[-1].page

    @property
    def label(self) -> str:
        return f"T{self.seq}"


@dataclass(slots=True)
class Inspection:
    result: DocumentResult
    layouts: dict[int, PageLayout] = field(default_factory=dict)  # by page number
    tables: list[FoundTable] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    toc: list[Line] = field(default_factory=list)

    def tables_on(self, page: int) -> list[FoundTable]:
        return [t for t in self.tables if any(g.page == page for g in t.grids)]

    def headings_on(self, page: int) -> list[Heading]:
        return [h for h in self.headings if any(ln.box.page == page for ln in h.lines)]


def inspect_document(path: Path, password: str | None = None,
                     limits: Limits | None = None) -> Inspection:
    """Read ``path`` as ``extract()`` does, keeping every page's layout.

    Failures are recorded on the result (``status`` ``failed``), not raised.
    """
    result, layouts = read_document(path, password, limits=limits)
    inspection = Inspection(result)
    if result.status == "failed":
        return inspection
    inspection.layouts = {p.number: p for p in layouts}
    assembly = assemble(layouts)
    inspection.tables = found_tables(assembly.tables, result)
    inspection.toc = assembly.toc
    margins = text_margins({p.number: (p.width, page_lines(p)) for p in layouts if page_lines(p)})
    for para in lines_to_paragraphs(assembly.runs, margins):
        level = heading_level(para.text)
        if level is not None:
            inspection.headings.append(Heading(level, para.text, para.lines))
    return inspection


def found_tables(groups: list[TableGroup], result: DocumentResult) -> list[FoundTable]:
    """Pair each assembled table with what was read from it.

    The pipeline numbers evaluation tables and statements in the order of the
    assembled tables of their kind, so the n-th group of a kind is the n-th
    table read of that kind.
    """
    counts = {"evaluation": 0, "statement": 0, "other": 0}
    out: list[FoundTable] = []
    for seq, group in enumerate(groups, start=1):
        kind = group.kind if group.kind in counts else "other"
        counts[kind] += 1
        n = counts[kind]
        evaluation = result.evaluation_tables[n - 1] if kind == "evaluation" else None
        statement = result.statements[n - 1] if kind == "statement" else None
        out.append(FoundTable(seq, kind, n, group, evaluation, statement))
    return out
