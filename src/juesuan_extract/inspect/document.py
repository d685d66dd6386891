"""One PDF → its result together with what the stages saw on each page.

``extract()`` keeps only the result; inspecting a document also needs the page
layouts (lines, table fragments, furniture), the tables as assembled across
pages with their rows, and which lines became headings. All of it comes from
the pipeline's own reading (:func:`~juesuan_extract.pipeline.read_document`):
no stage runs again here, so what is drawn is what was extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..geometry import Line
from ..isolation import GRACE_SECONDS, ChildFailed, call_isolated
from ..limits import Limits
from ..model import DocumentResult, EvaluationTable, Statement
from ..names import shown
from ..page.grid import Grid
from ..page.layout import PageLayout
from ..pipeline import Reading, ReadTable, read_document
from ..read.base import DEFAULT_OCR
from ..tables.assembly import TableGroup
from ..tables.stitching import TableRow
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
    read: ReadTable

    @property
    def group(self) -> TableGroup:
        return self.read.group

    @property
    def evaluation(self) -> EvaluationTable | None:
        return self.read.evaluation

    @property
    def statement(self) -> Statement | None:
        return self.read.statement

    @property
    def grids(self) -> list[Grid]:
        return self.group.grids

    def rows_of(self, grid: Grid) -> list[TableRow]:
        """The rows of one page's grid (merged cells spread)."""
        index = self.grids.index(grid)
        return [r for r in self.read.rows if r.fragment == index]

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
                     limits: Limits | None = None, ocr: str = DEFAULT_OCR,
                     isolated: bool = False) -> Inspection:
    """Read ``path`` as ``extract()`` does, keeping what the stages saw;
    ``isolated``: in a process of its own that holds the memory budget
    (:mod:`..isolation`), as the command does.

    Failures are recorded on the result (``status`` ``failed``), not raised.
    """
    if isolated:
        reading = _read_isolated(path, password, limits or Limits(), ocr)
    else:
        reading = read_document(path, password, limits=limits, ocr=ocr)
    return inspection_of(reading)


def _read_isolated(path: Path, password: str | None, limits: Limits, ocr: str) -> Reading:
    try:
        return call_isolated("juesuan_extract.pipeline:read_document", (path,),
                             {"password": password, "limits": limits, "ocr": ocr},
                             memory_mb=limits.max_memory_mb,
                             seconds=limits.max_seconds + GRACE_SECONDS)
    except ChildFailed as exc:
        error = exc.as_error(path, limits.max_memory_mb)
        return Reading(DocumentResult(file=shown(path), status="failed", error_code=error.code,
                                      error=error.message))


def inspection_of(reading: Reading) -> Inspection:
    """What a reading saw, arranged for inspection."""
    inspection = Inspection(reading.result)
    if reading.result.status == "failed":
        return inspection
    inspection.layouts = {p.number: p for p in reading.layouts}
    inspection.tables = found_tables(reading.tables)
    inspection.toc = reading.toc
    for para in reading.paragraphs:
        level = heading_level(para.text)
        if level is not None:
            inspection.headings.append(Heading(level, para.text, para.lines))
    return inspection


def found_tables(tables: list[ReadTable]) -> list[FoundTable]:
    """Number the tables: all in order, and each among its kind."""
    counts = {"evaluation": 0, "statement": 0, "other": 0}
    out: list[FoundTable] = []
    for seq, table in enumerate(tables, start=1):
        kind = table.group.kind if table.group.kind in counts else "other"
        if table.group.kind == "budget":  # a budget statement: a row of statements.csv
            kind = "statement"
        elif table.group.kind == "target":  # performance targets: an evaluation table
            kind = "evaluation"
        counts[kind] += 1
        out.append(FoundTable(seq, kind, counts[kind], table))
    return out
