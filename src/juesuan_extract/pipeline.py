"""The order of stages: ingest → page layout → narrative and tables → result.

This is the only module that knows the order. Every other stage is a function
from its input to its output.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import JuesuanError, NoTextLayer
from .assembly import TableGroup, assemble
from .checks import Check, run_checks
from .evaluation import EvaluationTable, read_evaluation_table
from .facts import Fact, extract_facts
from .geometry import Line
from .ingest import open_pdf, read_pages, sha256_of
from .layout import PageLayout, TableBlock, layout_page
from .metadata import find_metadata
from .statements import Statement, read_statement
from .sections import Section, lines_to_paragraphs, paragraphs_to_sections, text_margins

# A preamble (text before the first heading) this short is the cover title.
MAX_TITLE_CHARS = 100


@dataclass(slots=True)
class DocumentResult:
    file: str
    sha256: str = ""
    pages: int = 0
    title: str = ""
    unit_name: str = ""
    fiscal_year: int | None = None
    doc_kind: str = ""
    status: str = "ok"  # ok | failed
    error_code: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    evaluation_tables: list[EvaluationTable] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)  # 目录 entries as printed
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


ProgressHook = Callable[[int, int], None]


def extract(path: Path, password: str | None = None,
            on_page: ProgressHook | None = None) -> DocumentResult:
    """Extract one document. Failures are recorded on the result, not raised."""
    result = DocumentResult(file=str(path))
    try:
        result.sha256 = sha256_of(path)
        _extract_into(result, path, password, on_page)
    except JuesuanError as exc:
        result.status, result.error_code, result.error = "failed", exc.code, exc.message
    return result


def _extract_into(result: DocumentResult, path: Path, password: str | None,
                  on_page: ProgressHook | None) -> None:
    layouts = _read_layouts(result, path, password, on_page)
    _interpret(result, layouts)


def _read_layouts(result: DocumentResult, path: Path, password: str | None,
                  on_page: ProgressHook | None) -> list[PageLayout]:
    """Read every page once into its layout; raise when nothing is readable."""
    pdf = open_pdf(path, password)
    try:
        result.pages = len(pdf.pages)
        layouts: list[PageLayout] = []
        for page in read_pages(pdf):
            layouts.append(layout_page(page))
            if on_page:
                on_page(page.number, result.pages)
    finally:
        pdf.close()
    if not any(_has_text(p) for p in layouts):
        raise NoTextLayer(str(path), f"none of the {result.pages} pages has a text layer")
    return layouts


def _interpret(result: DocumentResult, layouts: list[PageLayout]) -> None:
    """Page layouts → metadata, sections and tables on ``result``."""
    doc = assemble(layouts)
    result.toc = [line.text for line in doc.toc]
    margins = text_margins({p.number: (p.width, _lines(p)) for p in layouts if _lines(p)})
    preamble, result.sections = paragraphs_to_sections(lines_to_paragraphs(doc.runs, margins))
    preamble_text = "".join(p.text for p in preamble)
    titles = [preamble_text] if 0 < len(preamble_text) <= MAX_TITLE_CHARS else []
    body = "".join(s.heading + s.text for s in result.sections[:5])
    meta = find_metadata(titles, preamble_text + body)
    result.title, result.unit_name = meta.title, meta.unit_name
    result.fiscal_year, result.doc_kind = meta.fiscal_year, meta.doc_kind
    evaluations = [t for t in doc.tables if t.kind == "evaluation"]
    result.evaluation_tables = [
        read_evaluation_table(i, t.caption, t.grids) for i, t in enumerate(evaluations, start=1)
    ]
    statements = [t for t in doc.tables if t.kind == "statement"]
    result.statements = [
        _statement(i, t) for i, t in enumerate(statements, start=1)
    ]
    if not meta.doc_kind:
        result.warnings.append("not_juesuan: no 决算 title found; narrative and tables kept")
    result.facts = extract_facts(result.sections)
    result.checks = run_checks(result)


def _statement(seq: int, group: TableGroup) -> Statement:
    statement = read_statement(seq, group.statement, group.title, group.unit, group.grids)
    statement.note = "\n".join(line.text.replace(" ", "") for line in group.notes)
    statement.caption = group.caption
    if group.notes:
        statement.page_end = max(statement.page_end, group.notes[-1].box.page)
    return statement


def _lines(page: PageLayout) -> list[Line]:
    return [b for b in page.blocks if isinstance(b, Line)]


def _has_text(page: PageLayout) -> bool:
    return any(
        (isinstance(b, Line) and b.text) or (isinstance(b, TableBlock)) for b in page.blocks
    )
