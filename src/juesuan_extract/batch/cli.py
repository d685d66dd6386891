"""The ``batch`` command: parse options, run one batch, report.

Exit status: 0 every file was read; 1 one or more files failed (they are in
errors.csv; the outputs hold everything else), or ``--fail-fast`` stopped the
run; 2 a usage error; 3 the batch could not run (the output folder is in use
or damaged, the cluster cannot be reached); 130 interrupted (run the same
command again to go on).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import is_disk_full
from ..limits import OPTION_HELP, Limits
from ..names import shown
from ..read.base import DEFAULT_OCR
from .run import FORMATS, BatchError, BatchReport, BatchSettings, StateError, run_batch
from .worker import WorkerLimits

_DEFAULTS = WorkerLimits()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [v for v in chosen if v not in FORMATS]
    if unknown or not chosen:
        raise typer.BadParameter(f"choose among {','.join(FORMATS)} (got {value!r})")
    return chosen


EPILOG = (
    "Examples:\n\n"
    "  juesuan batch pdfs/ --out data/\n\n"
    "  juesuan batch pdfs/ --out data/ --format csv --no-bom --jobs 4\n\n"
    "  juesuan batch pdfs/ --out data/ --cluster tcp://scheduler:8786\n\n"
    "  datasette data/juesuan.db -m data/metadata.json\n\n"
    "Run the same command again to resume a stopped run or to add new files: "
    "documents already read (by content, whatever their name) are not read again. "
    "Exit status: 0 all files read, 1 some failed (see errors.csv), "
    "2 usage error, 3 the batch could not run, 130 interrupted."
)


def batch(
    in_dir: Annotated[Path, typer.Argument(
        exists=True, file_okay=False, dir_okay=True, readable=True, metavar="IN_DIR",
        help="Folder of PDFs, read with its subfolders; PDFs are found by content, not by name.")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", file_okay=False, metavar="OUT_DIR",
        help="Output folder. Use the same folder again to resume or to add files.")],
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: one per CPU core).")] = _cores(),
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="Comma-separated outputs among csv, sqlite, parquet, xlsx, json.",
    )] = ",".join(FORMATS),
    bom: Annotated[bool, typer.Option(
        "--bom/--no-bom",
        help="Start CSV files with a UTF-8 BOM so that Excel opens them correctly; "
             "--no-bom for plain UTF-8.")] = True,
    fail_fast: Annotated[bool, typer.Option(
        "--fail-fast", help="Stop at the first file that fails (exit status 1).")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Read again the files that failed in earlier runs.")] = False,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=1, help="Seconds one file may take, whatever reads it (text, OCR, "
        "repair), before its worker is stopped; the document's own limit is 0.9 of it, and "
        "pages not read by OCR by 0.8 of that are left out as page errors.",
    )] = _DEFAULTS.timeout,
    memory_limit: Annotated[float, typer.Option(
        "--memory-limit", min=64, help="MB of memory a worker may use before it is stopped.",
    )] = _DEFAULTS.memory_mb,
    max_pages: Annotated[int | None, typer.Option(
        "--max-pages", min=1, help=OPTION_HELP["max_pages"])] = None,
    max_mb: Annotated[float | None, typer.Option(
        "--max-mb", min=0.001, help=OPTION_HELP["max_file_mb"] + " A file over it is not hashed.",
    )] = None,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Read symbolic links that lead out of the input folder, and "
        "follow links to folders (each folder once). Without it such links are listed in "
        "files.csv, not read.")] = False,
    recycle_after: Annotated[int, typer.Option(
        "--recycle-after", min=1, help="Files a worker reads before it is replaced by a fresh one.",
    )] = _DEFAULTS.recycle_after,
    cluster: Annotated[str | None, typer.Option(
        "--cluster", metavar="ADDRESS",
        help="Run on this Dask scheduler (e.g. tcp://host:8786) instead of local workers; "
             "needs pip install 'juesuan-extract[cluster]' and the PDFs at the same path "
             "on every worker.")] = None,
    password: Annotated[str | None, typer.Option(
        "--password", help="Password for encrypted PDFs.")] = None,
    ocr: Annotated[str, typer.Option(
        "--ocr", help="Read pages from their images: auto (the default: pages without a "
        "text layer), always (every page), never (a scan is the error no_text_layer).")
    ] = DEFAULT_OCR,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress",
        help="A progress bar (default: on a terminal; plain lines otherwise).")] = None,
) -> None:
    """Extract every PDF in a folder into combined datasets.

    Writes one CSV file per table of the data contract (summary, documents,
    sections, evaluation_tables, evaluation_funds, evaluation_indicators,
    statements, statement_rows, statement_texts, facts, checks, unaccounted), files.csv
    (every file found and what became of it) and errors.csv (every file that failed or was read
    with pages left out); the same tables in one SQLite database (juesuan.db,
    with metadata.json for datasette), one workbook (juesuan.xlsx) and Parquet
    files (parquet/); one JSON document per PDF (json/<doc_id>.json); and
    overview.html, a picture of the batch. Across documents, juesuan.db also
    holds units (one id per office however its name is printed), series (a
    unit's figures year by year) and the view budget_vs_final (a year's budget
    beside its final accounts).
    """
    try:
        settings = BatchSettings(
            in_dir=in_dir, out_dir=out, jobs=jobs, formats=_formats(fmt), bom=bom,
            fail_fast=fail_fast, retry_failed=retry_failed, password=password, ocr=ocr,
            cluster=cluster, follow_links=follow_links,
            limits=WorkerLimits(timeout=timeout, memory_mb=memory_limit,
                                recycle_after=recycle_after),
            read_limits=Limits.given(max_pages=max_pages, max_file_mb=max_mb),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    try:
        report = run_batch(settings, live=progress)
    except (BatchError, StateError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from exc
    except KeyboardInterrupt:
        typer.echo(f"\ninterrupted: run the same command again to go on ({out})", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:
        if is_disk_full(exc):
            typer.echo(f"error [disk_full]: no space is left on the device to write {out} "
                       f"(free some space and run the same command again: the documents read so "
                       f"far are kept in {out / '.juesuan'}, and the outputs of earlier runs are "
                       "untouched)", err=True)
            raise typer.Exit(3) from exc  # a fault of this program: say so, and that nothing read is lost
        typer.echo(f"error [internal_error]: the batch stopped on {type(exc).__name__}: {exc} "
                   f"(a fault in juesuan-extract; please report it. The documents read so far "
                   f"are kept in {out / '.juesuan'} and the next run goes on from them; the "
                   f"outputs of earlier runs are untouched)", err=True)
        raise typer.Exit(3) from exc
    _summarise(report)
    raise typer.Exit(report.exit_status)


def _n(count: int, noun: str, plural: str = "") -> str:
    """``_n(1, "copy", "copies")`` → "1 copy"; ``_n(2, "page")`` → "2 pages"."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _summarise(report: BatchReport) -> None:
    err = sys.stderr
    skipped = f", {report.skipped} skipped (see files.csv)" if report.skipped else ""
    copies = f", {_n(report.copies, 'copy', 'copies')}" if report.copies else ""
    states = [f"{n} {what}" for n, what in ((report.failed_documents, "failed"),
                                             (report.partial_documents, "partial")) if n]
    failed = f" ({', '.join(states)})" if states else ""
    print(f"{_n(report.files, 'file')}: {_n(report.documents, 'document')}{failed}, "
          f"{_n(report.pages, 'page')}{copies}{skipped}", file=err)
    if report.extracted:
        rate = report.pages_extracted / report.extract_seconds if report.extract_seconds else 0.0
        print(f"read {report.extracted} now: {_n(report.pages_extracted, 'page')} in "
              f"{report.extract_seconds:.1f} s ({rate:.1f} pages/s); "
              f"{report.reused} from earlier runs", file=err)
    else:
        print(f"nothing to read: the {_n(report.reused, 'document')} come from earlier runs"
              if report.reused != 1 else "nothing to read: the document comes from an earlier run",
              file=err)
    if report.up_to_date:
        print(f"outputs in {report.out_dir} are up to date", file=err)
    for table in report.tables:
        demoted = "".join(f"; {c} holds {v!r}, written as TEXT" for c, v in table.demoted.items())
        print(f"  {table.name}: {_n(table.rows, 'row')}{demoted}", file=err)
    for note in report.notes:
        print(f"note: {note}", file=err)
    if report.pending:
        print(f"{_n(report.pending, 'document')} not read yet: run again to go on", file=err)
    if report.failed_files:
        print(f"{_n(report.failed_files, 'file')} failed: see {report.out_dir / 'errors.csv'}", file=err)
    for path in _shown(report):
        print(shown(path))


def _shown(report: BatchReport) -> list[str]:
    """Output files, with folders of many files (json/, parquet/) named once."""
    shown: list[str] = []
    for path in report.written:
        text = str(path.parent) + os.sep if path.parent != report.out_dir else str(path)
        if text not in shown:
            shown.append(text)
    return shown


def main() -> None:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    app.command(epilog=EPILOG)(batch)
    app()


if __name__ == "__main__":
    main()
