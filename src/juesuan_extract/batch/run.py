"""A folder of PDFs → datasets, resumable and incremental.

A run goes through four steps:

1. **find**: walk the input folder (:mod:`.discover`); hash each file,
   reusing the hash of files whose size and mtime have not changed;
2. **plan**: group files by content (copies are one document, named after
   the first path in sorted order); a content whose result is already in the
   state (:mod:`.state`), made by the same extractor code, is not read
   again, whatever the file is called now;
3. **extract** the rest in isolated worker processes, here or on a Dask
   cluster (:mod:`.executors`), saving each outcome in the state as it
   arrives, and its JSON document;
4. **build** the tables (:mod:`..output.datasets`) from the state, when the set of
   documents, their names or the options changed since the last complete
   build; otherwise nothing is written.

Every output file is replaced whole, so a run killed at any moment leaves
every earlier output intact; the next run extracts only what is missing and
builds again. Outputs depend only on the input folder's content, never on the
order in which files were read, the number of workers or earlier runs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from ..limits import Limits
from ..output.datasets import TABLE_FORMATS, DatasetWriter, TableReport, output_paths
from ..output.datasette import metadata_json
from ..output.overview import REVIEW, Batch
from ..output.overview import render as render_overview
from ..output.staging import atomic_write
from ..read.base import DEFAULT_OCR, OCR_MODES
from .discover import InputFile, hash_cache, identify, walk
from .executors import BatchError, ClusterExecutor, Executor, LocalExecutor
from .outcome import (
    FAILED,
    OK,
    PARTIAL,
    DocumentOutcome,
    Task,
    code_fingerprint,
    failed_outcome,
)
from .progress import Progress
from .state import KnownResult, StateError, StateStore
from .worker import WorkerLimits

FORMATS = (*TABLE_FORMATS, "json")
JSON_DIR = "json"
OVERVIEW = "overview.html"
METADATA = "metadata.json"  # for datasette, beside juesuan.db

# Tables of the batch itself, next to the record tables of records.COLUMNS.
BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "files": ("path", "doc_id", "sha256", "bytes", "status", "copy_of", "reason"),
    "errors": ("path", "doc_id", "error_code", "error"),
}
SKIPPED, PENDING = "skipped", "pending"
# Record columns that name the file, renamed when a known content turns up under a new name.
NAME_COLUMNS = ("file", "error", "warnings")

__all__ = ["BatchError", "BatchReport", "BatchSettings", "StateError", "run_batch"]


@dataclass(frozen=True, slots=True)
class BatchSettings:
    in_dir: Path
    out_dir: Path
    jobs: int = 1
    formats: tuple[str, ...] = FORMATS
    bom: bool = True
    fail_fast: bool = False
    retry_failed: bool = False
    password: str | None = None
    ocr: str = DEFAULT_OCR
    cluster: str | None = None
    limits: WorkerLimits = field(default_factory=WorkerLimits)
    # what one document may cost (pages, file size); its time is the worker's timeout
    read_limits: Limits = field(default_factory=Limits)
    follow_links: bool = False  # read links leading out of the folder, follow links to folders

    def __post_init__(self) -> None:
        unknown = set(self.formats) - set(FORMATS)
        if unknown or not self.formats:
            raise ValueError(f"formats must be among {', '.join(FORMATS)}, not {self.formats}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be auto, always or never, not {self.ocr!r}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {self.jobs}")
        if self.in_dir.resolve() == self.out_dir.resolve():
            raise ValueError("the output folder must not be the input folder")


@dataclass(frozen=True, slots=True)
class Content:
    """One file content, found under one or more names (sorted)."""

    sha256: str
    files: tuple[InputFile, ...]

    @property
    def name(self) -> str:
        return self.files[0].name

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(slots=True)
class BatchReport:
    out_dir: Path
    files: int = 0
    skipped: int = 0
    copies: int = 0
    documents: int = 0
    pages: int = 0
    failed_documents: int = 0
    partial_documents: int = 0
    failed_files: int = 0
    pending: int = 0
    extracted: int = 0
    reused: int = 0
    pages_extracted: int = 0
    extract_seconds: float = 0.0
    stopped_early: bool = False
    up_to_date: bool = False
    tables: list[TableReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return 1 if self.failed_files or self.stopped_early else 0


def record_columns() -> dict[str, tuple[str, ...]]:
    """Every table the batch writes: records.COLUMNS, then the batch's own."""
    from ..output.records import COLUMNS

    clash = set(COLUMNS) & set(BATCH_COLUMNS)
    if clash:
        raise RuntimeError(f"record tables named like batch tables: {sorted(clash)}")
    return {**COLUMNS, **BATCH_COLUMNS}


def run_batch(settings: BatchSettings, stream: TextIO | None = None,
              live: bool | None = None) -> BatchReport:
    """Bring ``settings.out_dir`` up to date with ``settings.in_dir``."""
    store = StateStore(settings.out_dir)
    report = BatchReport(settings.out_dir)
    with store.open():
        files = find_files(settings, store)
        contents = group_contents(files)
        fingerprint = code_fingerprint()
        todo = stale(contents, store.known_results(), fingerprint, settings.retry_failed)
        report.files = len(files)
        report.reused = len(contents) - len(todo)
        if todo:
            _extract(todo, settings, store, report, fingerprint, stream, live)
        _build(store, files, contents, settings, report)
    return report


def find_files(settings: BatchSettings, store: StateStore) -> list[InputFile]:
    out_dir = settings.out_dir.resolve()
    inside = out_dir.is_relative_to(settings.in_dir.resolve())
    files = identify(walk(settings.in_dir, exclude=out_dir if inside else None,
                          follow_links=settings.follow_links),
                     store.known_hashes(), settings.read_limits)
    store.replace_hashes(hash_cache(files))
    return files


def group_contents(files: Iterable[InputFile]) -> list[Content]:
    by_sha: dict[str, list[InputFile]] = defaultdict(list)
    for f in files:
        if f.candidate and not f.refused:
            by_sha[f.sha256].append(f)
    contents = [Content(sha, tuple(sorted(group, key=lambda f: f.name)))
                for sha, group in by_sha.items()]
    return sorted(contents, key=lambda c: c.name)


def stale(contents: list[Content], known: dict[str, KnownResult], fingerprint: str,
          retry_failed: bool) -> list[Content]:
    """Contents to extract: unknown, made by other code, or failed when retrying."""
    todo = [
        c for c in contents
        if (k := known.get(c.sha256)) is None or k.fingerprint != fingerprint
        or (retry_failed and k.status == FAILED)
    ]
    return sorted(todo, key=lambda c: (-c.files[0].size, c.name))  # largest first


# --- extracting ---


def _executor(settings: BatchSettings, store: StateStore) -> Executor:
    if settings.cluster:
        return ClusterExecutor(settings.cluster, settings.limits)
    return LocalExecutor(settings.jobs, settings.limits, store.log)


def _extract(todo: list[Content], settings: BatchSettings, store: StateStore,
             report: BatchReport, fingerprint: str, stream: TextIO | None,
             live: bool | None) -> None:
    sizes = {c.name: c.files[0].size for c in todo}
    progress = Progress(len(todo), sum(sizes.values()), stream, live)
    limits = replace(settings.read_limits, max_seconds=settings.limits.document_seconds)
    tasks = (Task(str(c.files[0].path), c.name, c.sha256, settings.password, settings.ocr, limits)
             for c in todo)
    executor = _executor(settings, store)
    finished = False
    try:
        for task, outcome in executor.outcomes(tasks, progress.page_hook):
            outcome = _checked(task, outcome)
            store.save(outcome)
            if "json" in settings.formats:
                _write_json(store, settings.out_dir, outcome)
            report.extracted += 1
            report.pages_extracted += outcome.pages
            progress.file_done(task.name, sizes[task.name], outcome.status, outcome.pages,
                               outcome.seconds, outcome.error)
            if outcome.fingerprint != fingerprint:
                _note_once(report, "the workers run other code than this machine: their "
                                   "results will be redone on the next run")
            if settings.fail_fast and outcome.status == FAILED:
                report.stopped_early = True
                break
        finished = not report.stopped_early
    finally:
        report.extract_seconds = progress.elapsed
        progress.close()
        executor.close(finished=finished)


def _checked(task: Task, outcome: DocumentOutcome) -> DocumentOutcome:
    """The outcome, unless the file changed between hashing and reading."""
    if outcome.sha256 == task.sha256:
        return outcome
    if not outcome.sha256 and outcome.status == FAILED:  # refused before it was hashed
        return replace(outcome, sha256=task.sha256)
    return failed_outcome(task, "changed", "the file changed while the batch was running",
                          "run the batch again")


def _note_once(report: BatchReport, note: str) -> None:
    if note not in report.notes:
        report.notes.append(note)


# --- building ---


def _build(store: StateStore, files: list[InputFile], contents: list[Content],
           settings: BatchSettings, report: BatchReport) -> None:
    known = store.known_results()
    done = [c for c in contents if c.sha256 in known]
    moved = _rename_kept(store, [c for c in done if known[c.sha256].name != c.name])
    known = store.known_results() if moved else known
    status = {c.sha256: known[c.sha256].status for c in done}
    _count(report, files, contents, status)
    report.pages = sum(known[c.sha256].pages for c in done)
    columns = record_columns()
    reviews = _reviews(settings.out_dir, {c.doc_id for c in done})
    fingerprint = _build_fingerprint(files, done, known, settings, columns, reviews)
    targets = output_paths(settings.out_dir, columns, settings.formats)
    targets.append(settings.out_dir / OVERVIEW)
    if "sqlite" in settings.formats:
        targets.append(settings.out_dir / METADATA)
    if "json" in settings.formats:
        targets += [_json_path(settings.out_dir, c.doc_id) for c in done]
    if store.get_meta("built") == fingerprint and all(p.exists() for p in targets):
        report.up_to_date = True
        report.written = targets
        return
    with DatasetWriter(settings.out_dir, store.tmp, columns, settings.formats,
                       settings.bom) as writer:
        errors: list[list[str]] = []
        shown: dict[str, list[dict[str, str]]] = {"documents": [], "summary": []}
        for content in done:
            outcome = store.load(content.sha256)
            for table, rows in aligned_rows(outcome, columns):
                writer.add(table, rows)
                if table in shown:
                    shown[table] += [dict(zip(columns[table], row)) for row in rows]
            errors += _error_rows(content, outcome)
            json_path = _json_path(settings.out_dir, content.doc_id)
            if "json" in settings.formats and (content.sha256 in moved or not json_path.exists()):
                _write_json(store, settings.out_dir, outcome)
        file_rows = _file_rows(files, contents, status)
        error_rows = sorted(errors + _refused_rows(files))
        writer.add("files", file_rows)
        writer.add("errors", error_rows)
        report.tables = writer.finish()
    overview = Batch(
        files=[dict(zip(columns["files"], r)) for r in file_rows],
        documents=shown["documents"], summary=shown["summary"],
        errors=[dict(zip(columns["errors"], r)) for r in error_rows], reviews=reviews)
    atomic_write(settings.out_dir / OVERVIEW, render_overview(overview).encode("utf-8"), store.tmp)
    if "sqlite" in settings.formats:
        atomic_write(settings.out_dir / METADATA, metadata_json(columns).encode("utf-8"), store.tmp)
    if "json" in settings.formats:
        _remove_stale_json(settings.out_dir, {c.doc_id for c in done})
    store.set_meta("built", fingerprint)
    report.written = targets


def _reviews(out_dir: Path, doc_ids: set[str]) -> frozenset[str]:
    """The documents with a review report in ``OUT_DIR/review/<doc_id>/``."""
    return frozenset(d for d in doc_ids if (out_dir / REVIEW / d / "index.html").is_file())


def _rename_kept(store: StateStore, contents: list[Content]) -> set[str]:
    """Keep the results of renamed files (or whose first copy is gone) under
    their new names; the SHA-256 of each one renamed."""
    for content in contents:
        store.save(renamed(store.load(content.sha256), content.name))
    return {c.sha256 for c in contents}


def _count(report: BatchReport, files: list[InputFile], contents: list[Content],
           status: dict[str, str]) -> None:
    report.skipped = sum(1 for f in files if not f.candidate and not f.error_code)
    report.copies = sum(len(c.files) - 1 for c in contents)
    report.documents = len(status)
    report.failed_documents = sum(1 for s in status.values() if s == FAILED)
    report.partial_documents = sum(1 for s in status.values() if s == PARTIAL)
    report.pending = sum(1 for c in contents if c.sha256 not in status)
    report.failed_files = sum(1 for f in files if f.error_code) + sum(
        len(c.files) for c in contents if status.get(c.sha256) == FAILED)


def _build_fingerprint(files: list[InputFile], done: list[Content],
                       known: dict[str, KnownResult], settings: BatchSettings,
                       columns: dict[str, tuple[str, ...]], reviews: frozenset[str]) -> str:
    digest = hashlib.sha256()
    facts = {
        "code": output_code_fingerprint(),
        "files": [(f.name, f.sha256, f.size, f.candidate, f.error, f.skipped) for f in files],
        "documents": [(c.sha256, c.name, known[c.sha256].digest) for c in done],
        "formats": sorted(settings.formats),
        "bom": settings.bom,
        "columns": columns,
        "reviews": sorted(reviews),
    }
    digest.update(json.dumps(facts, ensure_ascii=False).encode())
    return digest.hexdigest()


def output_code_fingerprint() -> str:
    """A digest of the modules that write the outputs (the batch's and
    output/): changing them rebuilds."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in ("batch", "output"):
        for source in sorted((package / folder).glob("*.py")):
            digest.update(f"{folder}/{source.name}".encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def rename_in(text: str, old: str, new: str) -> str:
    """``text`` (a file name, or messages that open with one: ``name: reason``,
    joined by ``; ``) with the file called ``new`` instead of ``old``."""
    if text == old:
        return new
    pattern = re.compile(rf"(^|; ){re.escape(old)}(?=: )")
    return pattern.sub(lambda m: m.group(1) + new, text)


def renamed(outcome: DocumentOutcome, name: str) -> DocumentOutcome:
    """The outcome as if it had been read under ``name`` (a renamed or copied file)."""
    old = outcome.name
    if old == name:
        return outcome
    rows = dict(outcome.rows)
    for table, cols in outcome.columns.items():  # documents, summary: the tables naming the file
        if table in rows and set(cols) & set(NAME_COLUMNS):
            rows[table] = [
                [rename_in(cell, old, name) if col in NAME_COLUMNS else cell
                 for col, cell in zip(cols, row)]
                for row in rows[table]
            ]
    body = json.loads(outcome.document)
    for key in NAME_COLUMNS:
        if isinstance(body.get(key), str):
            body[key] = rename_in(body[key], old, name)
        elif isinstance(body.get(key), list):
            body[key] = [rename_in(v, old, name) if isinstance(v, str) else v for v in body[key]]
    document = json.dumps(body, ensure_ascii=False, indent=1)  # as writers.to_json
    return replace(outcome, name=name, error=rename_in(outcome.error, old, name), rows=rows,
                   document=document)


def aligned_rows(outcome: DocumentOutcome, columns: dict[str, tuple[str, ...]]
                 ) -> Iterator[tuple[str, list[list[str]]]]:
    """Each record table's rows in the columns of ``columns`` (a result kept from
    older code may lack a table or a column: those cells are empty)."""
    for table, rows in outcome.rows.items():
        if table not in columns or table in BATCH_COLUMNS:
            continue
        kept = outcome.columns[table]
        if tuple(kept) == columns[table]:
            yield table, rows
            continue
        where = {col: i for i, col in enumerate(kept)}
        yield table, [[row[where[c]] if c in where else "" for c in columns[table]] for row in rows]


def _file_rows(files: list[InputFile], contents: list[Content], status: dict[str, str]
               ) -> list[list[str]]:
    """One row per file; a copy (the same bytes as a file earlier in sorted
    order) names in copy_of the file its document is named after."""
    first = {c.sha256: c.name for c in contents}
    rows = []
    for f in files:
        if f.error_code:
            rows.append([f.name, "", "", str(f.size), FAILED, "", _reason(f.error, f.name)])
        elif f.skipped:
            rows.append([f.name, "", "", "", SKIPPED, "", f.skipped])
        elif not f.candidate:
            rows.append([f.name, "", "", str(f.size), SKIPPED, "", NOT_A_PDF])
        else:
            copy_of = first.get(f.sha256, f.name)
            copy_of = "" if copy_of == f.name else copy_of
            if f.sha256 in status:
                rows.append([f.name, f.sha256[:16], f.sha256, str(f.size), status[f.sha256],
                             copy_of, ""])
            else:  # not read yet: no document to point to
                rows.append([f.name, "", f.sha256, str(f.size), PENDING, copy_of, ""])
    return rows


NOT_A_PDF = "not a PDF: no %PDF- header and not named .pdf"


def _reason(message: str, name: str) -> str:
    """A message without the file name it opens with."""
    return message.removeprefix(f"{name}: ")


def _error_rows(content: Content, outcome: DocumentOutcome) -> list[list[str]]:
    if outcome.status == OK:
        return []
    code, error = outcome.error_code, outcome.error
    if outcome.status == PARTIAL:  # read, but with pages left out: say which
        code, error = PARTIAL, f"{outcome.name}: {outcome.left_out()}"
    return [[f.name, content.doc_id, code, rename_in(error, content.name, f.name)]
            for f in content.files]


def _refused_rows(files: list[InputFile]) -> list[list[str]]:
    """errors.csv rows of the files refused before they were read."""
    return [[f.name, "", f.error_code, f.error] for f in files if f.error_code]


# --- one JSON document per content ---

_JSON_NAME = re.compile(r"^[0-9a-f]{16}\.json$")


def _json_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / JSON_DIR / f"{doc_id}.json"


def _write_json(store: StateStore, out_dir: Path, outcome: DocumentOutcome) -> None:
    atomic_write(_json_path(out_dir, outcome.doc_id), outcome.document.encode("utf-8"),
                 store.tmp)


def _remove_stale_json(out_dir: Path, doc_ids: set[str]) -> None:
    folder = out_dir / JSON_DIR
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _JSON_NAME.match(path.name) and path.name[:16] not in doc_ids:
            path.unlink(missing_ok=True)
