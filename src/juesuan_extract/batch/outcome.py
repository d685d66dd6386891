"""What the batch keeps of one document: the task that named it, the outcome
(its records as CSV cells and its JSON document), and the fingerprint of the
code that produced it.

Outcomes are built in the worker process from a
:class:`~juesuan_extract.pipeline.DocumentResult`, and in the parent for files
that never came back from a worker.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..limits import Limits
from ..names import shown
from ..read.base import DEFAULT_OCR

# Document statuses (pipeline.DocumentResult.status): a partial document was
# read with some pages left out, and counts as read.
OK, PARTIAL, FAILED = "ok", "partial", "failed"
# Warnings naming pages left out (as output.records.PAGES_LEFT_OUT, which the
# batch does not import before a document is read)
PAGES_LEFT_OUT = ("page_failed", "unusable_text", "no_text_layer")

MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    """One file to extract. ``path`` is where the worker opens it; ``name`` is
    how the outputs name it (relative to the input folder, ``/``-separated)."""

    path: str
    name: str
    sha256: str
    password: str | None = None
    ocr: str = DEFAULT_OCR  # pages read from their images: auto | always | never
    limits: Limits | None = None  # what the document may cost (None: the defaults)


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """What one extraction produced, in the form the batch keeps and writes.

    ``rows`` holds every record table (records.COLUMNS) as CSV cells, in the
    column order of ``columns``; ``document`` is the JSON document with
    provenance (writers.to_json).
    """

    sha256: str
    name: str
    fingerprint: str
    status: str
    error_code: str
    error: str
    pages: int
    columns: dict[str, list[str]]
    rows: dict[str, list[list[str]]]
    document: str
    seconds: float = 0.0
    peak_mb: float = 0.0
    worker: int = 0  # process id of the worker that read the file

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    def left_out(self) -> str:
        """What a partial document left out: its page_failed warnings."""
        documents = self.rows.get("documents") or [[]]
        where = self.columns["documents"].index("warnings")
        warnings = documents[0][where].split("; ") if len(documents[0]) > where else []
        pages = [w for w in warnings if w.startswith(PAGES_LEFT_OUT)]
        return "pages left out, the rest was read: " + "; ".join(pages or ["(not recorded)"])


@cache
def code_fingerprint() -> str:
    """A digest of the extractor's source: results made by other code are redone.

    Computed once per process: a worker reports the code it loaded, even if
    the files change meanwhile.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for rel in extractor_sources(package):
        digest.update(rel.encode() + b"\0" + (package / rel).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def extractor_sources(package: Path) -> list[str]:
    """The package's modules that decide what a document yields (paths
    relative to ``package``): not the batch, inspect and command-line modules,
    nor the output modules that only write tables (``OUTPUT_ONLY``)."""
    out = []
    for source in sorted(package.rglob("*.py")):
        rel = source.relative_to(package).as_posix()
        if not (rel.startswith(("batch/", "inspect/")) or rel.endswith("cli.py")
                or rel == "__main__.py" or rel in OUTPUT_ONLY):
            out.append(rel)
    return out


# Output modules that write tables from records without changing what a
# document yields (records.py, summary.py and writers.py do change it).
OUTPUT_ONLY = frozenset({
    "output/datasets.py", "output/staging.py", "output/search.py", "output/excel.py",
    "output/contract.py", "output/datasette.py", "output/overview.py", "output/__init__.py",
})


# --- building outcomes (used in the worker, and by the parent for failures) ---


def outcome_from_document(doc: Any, task: Task, seconds: float = 0.0) -> DocumentOutcome:
    """A DocumentResult → the outcome the batch keeps, named as ``task.name``."""
    from ..output.records import COLUMNS, cell_value, document_status, to_records
    from ..output.writers import to_json

    doc.file = task.name
    where = shown(task.path)  # as messages name the file
    doc.error = doc.error.replace(where, task.name)
    doc.warnings = [w.replace(where, task.name) for w in doc.warnings]
    records = to_records(doc)
    columns = {table: list(cols) for table, cols in COLUMNS.items()}
    rows = {
        table: [[cell_value(record.get(col)) for col in columns[table]] for record in records[table]]
        for table in columns if table in records
    }
    return DocumentOutcome(
        sha256=doc.sha256, name=task.name, fingerprint=code_fingerprint(),
        status=document_status(doc),
        error_code=doc.error_code, error=doc.error, pages=doc.pages, columns=columns, rows=rows,
        document=to_json(doc), seconds=seconds, peak_mb=_own_peak_mb(), worker=os.getpid(),
    )


def failed_outcome(task: Task, code: str, reason: str, advice: str = "",
                   seconds: float = 0.0) -> DocumentOutcome:
    """The outcome of a file that did not come back from the extractor."""
    from ..model import DocumentResult

    message = f"{task.name}: {reason}" + (f" ({advice})" if advice else "")
    doc = DocumentResult(file=task.name, sha256=task.sha256, status="failed",
                         error_code=code, error=message)
    outcome = outcome_from_document(doc, replace(task, path=task.name), seconds)
    return replace(outcome, peak_mb=0.0, worker=0)


def _own_peak_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak / 1024
