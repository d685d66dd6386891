"""The order of stages: ingest → page layout → narrative and tables → result.

This is the only module that knows the order. Every other stage is a function
from its input to its output.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import run_checks
from .checks.accounting import TableRead, account
from .checks.reading import read_back
from .errors import (
    CorruptPdf,
    FileUnreadable,
    InternalError,
    JuesuanError,
    TimeLimitExceeded,
    TooLarge,
    describe_error,
)
from .geometry import Box, Line
from .limits import Expired, Limits, time_limit
from .model import UNCLASSIFIED, DocumentResult, EvaluationTable, PageContent, Statement
from .names import shown
from .narrative import settings as narrative_settings
from .narrative.budget import as_budget_facts, budget_total_facts, is_budget
from .narrative.facts import extract_facts
from .narrative.metadata import find_metadata, title_of
from .narrative.sections import Paragraph, lines_to_paragraphs, paragraphs_to_sections, text_margins
from .narrative.settings import NarrativeSettings
from .page import settings as page_settings
from .page.layout import PageLayout, TableBlock, drop_running_furniture, layout_page
from .page.settings import PageSettings
from .read import settings as read_settings
from .read.base import DEFAULT_OCR
from .read.budget import OcrPass
from .read.filekind import check_size
from .read.inflate import StreamTooLarge, capped
from .read.ingest import open_pdf, read_page, sha256_of
from .read.settings import ReadSettings
from .read.survey import PageSurvey, is_scan
from .tables import settings as table_settings
from .tables.assembly import TableGroup, assemble, toc_entries
from .tables.budget_statements import read_budget_statement
from .tables.budget_targets import read_target_rows
from .tables.evaluation import printed_together, read_evaluation_rows
from .tables.settings import TableSettings
from .tables.statements import read_statement
from .tables.stitching import TableRow, drop_repeated_headers, fragment_rows

# A preamble (text before the first heading) this short is the cover title.
MAX_TITLE_CHARS = 100


# Called after each page: (page number, pages in all, whether it was read by OCR).
ProgressHook = Callable[[int, int, bool], None]


@dataclass(frozen=True, slots=True)
class Settings:
    """The tolerances of every part, each part's own object with its documented
    defaults (``juesuan_extract.<part>.settings``)."""

    read: ReadSettings = field(default_factory=ReadSettings)
    page: PageSettings = field(default_factory=PageSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    narrative: NarrativeSettings = field(default_factory=NarrativeSettings)

    @contextmanager
    def applied(self) -> Iterator[Settings]:
        with (read_settings.using(self.read), page_settings.using(self.page),
              table_settings.using(self.tables), narrative_settings.using(self.narrative)):
            yield self


@dataclass(slots=True)
class ReadTable:
    """A table as assembled across pages, its rows, and what was read from it."""

    group: TableGroup
    rows: list[TableRow]  # every row of every page's grid, merged cells spread
    kept: list[TableRow]  # the rows its reader read (repeated headers dropped)
    evaluation: EvaluationTable | None = None
    statement: Statement | None = None


@dataclass(slots=True)
class Reading:
    """A document's result with what the stages saw on the way: the page
    layouts, the tables as assembled with their rows, the narrative's
    paragraphs and the table of contents — for tools that show what was found
    where (``inspect``), so that they never run a stage again."""

    result: DocumentResult
    layouts: list[PageLayout] = field(default_factory=list)
    tables: list[ReadTable] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    toc: list[Line] = field(default_factory=list)
    # pages read by OCR: each character's box with the recogniser's probability
    ocr_confidence: dict[int, list[tuple[Box, float, str]]] = field(default_factory=dict)


def extract(path: Path, password: str | None = None,
            on_page: ProgressHook | None = None,
            limits: Limits | None = None, settings: Settings | None = None,
            ocr: str = DEFAULT_OCR) -> DocumentResult:
    """Extract one document. Failures are recorded on the result, not raised.

    ``status`` is ``ok``, ``partial`` (some pages could not be read: they are
    listed in ``page_errors`` and the warnings, the other pages are extracted)
    or ``failed`` (``error_code`` and ``error`` say why).
    """
    return read_document(path, password, on_page, limits, settings, ocr).result


def read_document(path: Path, password: str | None = None,
                  on_page: ProgressHook | None = None,
                  limits: Limits | None = None, settings: Settings | None = None,
                  ocr: str = DEFAULT_OCR) -> Reading:
    """Like :func:`extract`, and also what the stages saw on the way (nothing
    but the result when the document failed).

    Every limit of ``limits`` holds while it reads: the file's size before it
    is read or hashed, the document's time over everything that reads it, the
    pages read by OCR within their share of it and a pixel count, and the
    bytes a stream may inflate to. The memory it may take is the caller's to
    bound (:func:`~.limits.memory_budget`, as the commands do).
    """
    limits = limits or Limits()
    result = DocumentResult(file=shown(path))
    reading = Reading(result)
    try:
        try:
            started = time.monotonic()
            with time_limit(limits.max_seconds, "document"), capped(limits.max_stream_bytes), \
                    (settings or Settings()).applied():
                check_size(path, limits)
                result.sha256 = sha256_of(path)
                reading.layouts = _read_layouts(reading, path, password, on_page, limits, ocr,
                                                OcrPass.starting(limits, started))
                _interpret(reading)
        except Expired as exc:
            raise TimeLimitExceeded(str(path), f"reading stopped after {exc.seconds:g} s, the "
                                    "time limit for one document") from exc
        except StreamTooLarge as exc:
            raise TooLarge(str(path), f"{exc}: the file cannot be opened within it",
                           "the file may be built to exhaust memory; a genuine one can be read "
                           "through the library with a higher Limits.max_stream_mb") from exc
        except JuesuanError:
            raise
        except OSError as exc:
            raise FileUnreadable(str(path), f"the file cannot be read ({describe_error(exc)})") from exc
        except MemoryError as exc:
            raise TooLarge(str(path), "reading the file runs out of the memory it may take (the "
                           f"limit is {limits.max_memory_mb:g} MB, or less where the system sets "
                           "less)", "raise the limit with --max-memory, or split the file") from exc
        except RecursionError as exc:
            raise CorruptPdf(str(path), "the PDF's objects are nested too deeply to read") from exc
        except Exception as exc:
            raise InternalError(str(path), f"unexpected {describe_error(exc)}") from exc
    except JuesuanError as exc:
        result.status, result.error_code, result.error = "failed", exc.code, exc.message
        return Reading(result)
    return reading


def _read_layouts(reading: Reading, path: Path, password: str | None,
                  on_page: ProgressHook | None,
                  limits: Limits | None = None, ocr: str = DEFAULT_OCR,
                  ocr_pass: OcrPass | None = None) -> list[PageLayout]:
    """Read every page once into its layout; raise when nothing is readable.

    A page that cannot be read goes to ``result.page_errors`` (status
    ``partial``) and the other pages are still read. ``ocr``: ``auto`` reads
    scanned pages (no text, covered by an image) from their images, ``always``
    every page, ``never`` none (a scan is then ``no_text_layer``). Pages read
    by OCR stay within ``ocr_pass``: its share of the document's time, its
    pixel count.
    """
    result = reading.result
    limits = limits or Limits()
    ocr_pass = ocr_pass or OcrPass.starting(limits, time.monotonic())
    doc = open_pdf(path, password, limits)
    survey = PageSurvey(doc.page_count)
    layouts: list[PageLayout] = []
    try:
        result.pages = doc.page_count
        for number in range(1, doc.page_count + 1):
            layout = None
            try:
                with time_limit(limits.max_page_seconds, "page"):
                    page = read_page(doc, number)
                if ocr != "never" and isinstance(page, PageContent) and (
                        ocr == "always" or is_scan(page)):
                    page = ocr_pass.read(doc, page)
                with time_limit(limits.max_page_seconds, "page"):
                    content = survey.admit(page)
                    layout = layout_page(content) if content is not None else None
                if content is not None and content.reader == "ocr":
                    result.ocr_pages.append(number)
                    reading.ocr_confidence[number] = [
                        (ch.box, p, ch.text) for ch, p in zip(content.chars, content.confidence)]
            except Expired as exc:
                if exc.scope != "page":
                    raise
                survey.fail(number, "time", f"reading the page took longer than the limit of "
                            f"{exc.seconds:g} s")
            except MemoryError:
                raise  # the document is over its memory: too_large
            except Exception as exc:  # a fault on one page must not cost the others
                survey.fail(number, "layout", f"the page cannot be laid out ({describe_error(exc)})")
            else:
                if layout is not None:
                    layouts.append(layout)
            if on_page:
                on_page(number, result.pages, number in result.ocr_pages)
    finally:
        doc.close()
    layouts = drop_running_furniture(layouts)
    failure = survey.verdict(str(path), sum(1 for p in layouts if _has_text(p)))
    if failure is not None and doc.damage:  # the damage is the cause: say so first
        raise CorruptPdf(str(path), f"{doc.damage}, and what is left cannot be used: "
                         f"{failure.reason}")
    if failure is not None:
        raise failure
    result.page_errors = survey.errors
    result.warnings.extend([*doc.warnings, *survey.warnings()])
    if survey.errors:
        result.status = "partial"
    return layouts


def _interpret(reading: Reading) -> None:
    """Page layouts → metadata, sections and tables on ``reading.result``."""
    result, layouts = reading.result, reading.layouts
    doc = assemble(layouts)
    reading.toc = doc.toc
    result.toc = toc_entries(doc.toc)
    margins = text_margins({p.number: (p.width, page_lines(p)) for p in layouts if page_lines(p)})
    reading.paragraphs = lines_to_paragraphs(doc.runs, margins)
    preamble, result.sections = paragraphs_to_sections(reading.paragraphs)
    preamble_text = "".join(p.text for p in preamble)
    title = title_of([p.text for p in preamble])
    titles = [title] if 0 < len(title) <= MAX_TITLE_CHARS else []
    body = "".join(s.heading + s.text for s in result.sections[:5])
    cover = "\n".join(line.text for line in page_lines(layouts[0])) if layouts else ""
    meta = find_metadata(titles, preamble_text + body, (cover, *_captions(doc.tables)),
                         _table_kind(doc.tables), cover=cover)
    result.title, result.unit_name = meta.title, meta.unit_name
    result.fiscal_year, result.doc_kind = meta.fiscal_year, meta.doc_kind
    for group in doc.tables:  # each kind numbered in document order
        table = _read_table(group, len(result.evaluation_tables) + 1, len(result.statements) + 1)
        reading.tables.append(table)
        if table.evaluation is not None:
            result.evaluation_tables.append(table.evaluation)
        if table.statement is not None:
            result.statements.append(table.statement)
    if not meta.doc_kind:
        result.warnings.append("not_juesuan: no 决算 title found; narrative and tables kept")
    unclassified = [s for s in result.statements if s.name == UNCLASSIFIED]
    if unclassified:
        shown = "; ".join(f"p.{s.page_start} “{s.title[:30]}”" if s.title else f"p.{s.page_start}"
                          for s in unclassified)
        result.warnings.append(f"unclassified_tables: {len(unclassified)} tables of no known kind, "
                               f"read as printed with an empty statement name ({shown})")
    result.facts = extract_facts(result.sections)
    if is_budget(result.doc_kind):
        result.facts = as_budget_facts(result.facts) + budget_total_facts(result.sections)
    _ocr_confidence(reading)
    reading_checks = read_back(result, layouts)
    _account_for_numbers(reading)
    _doubt_unread_tables(reading)
    result.checks = run_checks(result, reading_checks)


def _ocr_confidence(reading: Reading) -> None:
    """Each value read by OCR gets the lowest probability the recogniser gave a
    character inside its cell: a statement value, and a self-evaluation row its
    numbers (digits and marks: the text around them is not what it is checked for)."""
    if not reading.ocr_confidence:
        return
    for statement in reading.result.statements:
        for i, value in enumerate(statement.values):
            least = _least(reading, value.page, [value.box])
            if least is not None:
                statement.values[i] = replace(value, confidence=least)
    for table in reading.result.evaluation_tables:
        for f in table.funds:
            f.confidence = _least(reading, f.page, list(f.boxes.values()), numbers_only=True)
        for ind in table.indicators:
            boxes = [b for name in ("weight", "score", "target", "actual")
                     for b in ind.boxes.get(name, [])]
            ind.confidence = _least(reading, None, boxes, numbers_only=True)


_NUMERIC = set("0123456789.,%")


def _least(reading: Reading, page: int | None, boxes: list[Box],
           numbers_only: bool = False) -> float | None:
    """The lowest probability of the OCR characters inside ``boxes`` (each on its own
    page, or ``page``), or None where no character was read by OCR."""
    least: float | None = None
    for box in boxes:
        for char_box, p, text in reading.ocr_confidence.get(page or box.page, ()):
            if (not numbers_only or text in _NUMERIC) and box.contains_point(char_box.cx,
                                                                               char_box.cy):
                least = p if least is None else min(least, p)
    return None if least is None else round(least, 4)


def _account_for_numbers(reading: Reading) -> None:
    """Every number on the pages: captured, a reference, or listed as unaccounted."""
    tables: dict[int, TableRead] = {}
    for t in reading.tables:
        for grid in t.group.grids + t.group.printed:
            tables[id(grid)] = _joined_read(tables.get(id(grid)), TableRead(t.group.kind, t.statement,
                                                                            t.evaluation))
    paragraphs = {(ln.box, ln.text): p.text for p in reading.paragraphs for ln in p.lines}
    toc = {(ln.box, ln.text) for ln in reading.toc}
    found = account(reading.result, reading.layouts, tables, paragraphs, toc)
    reading.result.numbers_printed = found.printed
    reading.result.numbers_captured = found.captured
    reading.result.unaccounted = list(found.unaccounted)
    if found.unaccounted:
        reading.result.warnings.append(f"unaccounted_numbers: {unaccounted_summary(reading.result)}")


# Numbers printed in a statement's or self-evaluation table's body that no output
# holds: the table was not read whole (a column lost, a row dropped).
_UNREAD = ("not read as a statement value", "not in any field of the self-evaluation table")


def _doubt_unread_tables(reading: Reading) -> None:
    """A table whose printed numbers are not all read is in doubt: each such
    number is named in the table's ``doubts`` (at most a few, then a count)."""
    unread = [u for u in reading.result.unaccounted if u.reason in _UNREAD]
    if not unread:
        return
    for t in reading.tables:
        target = t.statement or t.evaluation
        if target is None:
            continue
        grids = t.group.grids + t.group.printed
        mine = [u for u in unread if any(g.page == u.page and g.box.contains_point(u.box.cx, u.box.cy, 1)
                                         for g in grids)]
        if not mine:
            continue
        shown = ", ".join(f"{u.text} (p.{u.page})" for u in mine[:5])
        more = f" and {len(mine) - 5} more" if len(mine) > 5 else ""
        target.doubts.append(f"{len(mine)} printed numbers of the table are in no output row: "
                             f"{shown}{more}")


def _joined_read(before: TableRead | None, read: TableRead) -> TableRead:
    """What was read from a printed grid that holds two budget statements (WPS rules
    consecutive tables as one region): both statements' values and references."""
    if before is not None and before.evaluation is not None and read.evaluation is not None \
            and before.evaluation is not read.evaluation:  # a title row inside the ruling
        return TableRead(read.kind, evaluation=printed_together(before.evaluation, read.evaluation))
    if before is None or before.statement is None or read.statement is None \
            or before.statement is read.statement:
        return read if before is None or before.statement is None else before
    a, b = before.statement, read.statement
    both = Statement(a.seq, a.name, a.title, a.unit, a.page_start, b.page_end,
                     values=a.values + b.values, references=a.references + b.references)
    return TableRead(read.kind, both)


def unaccounted_summary(result: DocumentResult) -> str:
    """'3 of 412 printed numbers are in no output row (p.4, 6): see unaccounted.csv'."""
    pages = ", ".join(map(str, sorted({u.page for u in result.unaccounted})))
    return (f"{result.numbers_unaccounted} of {result.numbers_printed} printed numbers are in "
            f"no output row and are no reference (p.{pages}); see unaccounted.csv")


def _captions(groups: list[TableGroup]) -> tuple[str, ...]:
    """Every table's caption and the text of its first rows (a cover, a title
    or a 部门： row printed inside the ruling)."""
    texts = []
    for group in groups:
        grid = group.grids[0]
        rows = ["".join(c.text for c, spanned in grid.row(r) if not spanned)
                for r in range(min(grid.n_rows, 3))]
        texts.append("\n".join([group.caption, *rows]))
    return tuple(texts)


def _table_kind(groups: list[TableGroup]) -> str:
    """预算 when the tables are budget statements, 决算 when they are final accounts."""
    kinds = {g.kind for g in groups}
    return "决算" if "statement" in kinds else "预算" if "budget" in kinds else ""


def _read_table(group: TableGroup, evaluation_seq: int, statement_seq: int) -> ReadTable:
    """One assembled table → its rows and what its kind's reader makes of them."""
    rows = fragment_rows(group.grids, cut_labels=group.kind in ("evaluation", "target"))
    if group.kind in ("evaluation", "target"):  # a budget's performance targets: kind target
        kept = drop_repeated_headers(rows)
        read = read_target_rows if group.kind == "target" else read_evaluation_rows
        pages = (group.title_page or group.grids[0].page, group.grids[-1].page)
        evaluation = read(evaluation_seq, group.title or group.caption, kept, pages)
        return ReadTable(group, rows, kept, evaluation=evaluation)
    if group.kind == "statement":
        return ReadTable(group, rows, rows, statement=_statement(statement_seq, group, rows))
    if group.kind == "budget":
        statement = read_budget_statement(statement_seq, group.statement, group.title, group.unit,
                                          group.grids, group.number, tuple(group.loose))
        return ReadTable(group, rows, rows, statement=_finish_statement(statement, group))
    if group.kind == "other":  # a table of no known kind: read as printed, never dropped
        statement = read_budget_statement(statement_seq, UNCLASSIFIED, group.caption.replace(" ", ""),
                                          group.unit, group.grids, None, tuple(group.loose))
        if statement.values:
            return ReadTable(group, rows, rows, statement=_finish_statement(statement, group))
    return ReadTable(group, rows, rows)


def _statement(seq: int, group: TableGroup, rows: list[TableRow]) -> Statement:
    statement = read_statement(seq, group.statement, group.title, group.unit, group.grids, rows)
    return _finish_statement(statement, group)


def _finish_statement(statement: Statement, group: TableGroup) -> Statement:
    """Note, caption and ruling from the assembled group."""
    statement.note = "\n".join(line.text.replace(" ", "") for line in group.notes)
    statement.caption = group.caption
    statement.number = statement.number if statement.number is not None else group.number
    inferred = {g.inferred for g in group.grids}
    statement.ruling = "mixed" if len(inferred) > 1 else "inferred" if True in inferred else "printed"
    if group.notes:
        statement.page_end = max(statement.page_end, group.notes[-1].box.page)
    if group.title_page is not None:
        statement.page_start = min(statement.page_start, group.title_page)
    return statement


def page_lines(page: PageLayout) -> list[Line]:
    return [b for b in page.blocks if isinstance(b, Line)]


def _has_text(page: PageLayout) -> bool:
    return any(
        (isinstance(b, Line) and b.text) or (isinstance(b, TableBlock)) for b in page.blocks
    )
