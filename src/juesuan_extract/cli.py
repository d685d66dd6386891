"""Command line: a thin layer that parses options, calls the library once and
turns failures into one line that names the file and what to do."""

from __future__ import annotations

import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .limits import OPTION_HELP
from .names import shown
from .output.records import TABLES
from .read.base import DEFAULT_OCR

app = typer.Typer(
    help=(
        "Turn 部门决算 (final accounts) and 部门预算 (budget) PDFs into clean datasets.\n\n"
        "Example:  juesuan extract report.pdf --format csv --out out/"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


# One choice per output table of the data contract.
Table = Enum("Table", {name: name for name in TABLES}, type=str)  # type: ignore[misc]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"juesuan-extract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Print the version and exit.")
    ] = False,
) -> None:
    pass


PdfArg = Annotated[
    Path,
    typer.Argument(exists=True, dir_okay=False, readable=True, help="The PDF file to read."),
]
PasswordOpt = Annotated[
    str | None, typer.Option("--password", help="Password of an encrypted PDF.")
]


class Ocr(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


MaxPagesOpt = Annotated[int | None, typer.Option("--max-pages", min=1,
                                                 help=OPTION_HELP["max_pages"])]
MaxMbOpt = Annotated[float | None, typer.Option("--max-mb", min=0.001,
                                                help=OPTION_HELP["max_file_mb"])]
MaxSecondsOpt = Annotated[float | None, typer.Option("--max-seconds", min=0.001,
                                                     help=OPTION_HELP["max_seconds"])]
MaxMemoryOpt = Annotated[float | None, typer.Option("--max-memory", min=64,
                                                    help=OPTION_HELP["max_memory_mb"])]


def read_limits(max_pages: int | None, max_mb: float | None, max_seconds: float | None,
                max_memory: float | None):  # -> Limits
    from .limits import Limits

    return Limits.given(max_pages=max_pages, max_file_mb=max_mb, max_seconds=max_seconds,
                        max_memory_mb=max_memory)


def read_one(pdf: Path, password: str | None, limits, ocr: str,
             target: str = "juesuan_extract.pipeline:extract"):  # -> DocumentResult
    """The document read by ``target`` (``extract``'s signature) within the limits,
    in a process of its own that holds the memory budget (:mod:`.isolation`): a
    PDF or OCR library that runs out of memory costs the reading, which fails
    with ``too_large``, not the command."""
    from .isolation import GRACE_SECONDS, ChildFailed, call_isolated
    from .model import DocumentResult

    try:
        return call_isolated(target, (pdf,), {"password": password, "limits": limits, "ocr": ocr},
                             memory_mb=limits.max_memory_mb,
                             seconds=limits.max_seconds + GRACE_SECONDS)
    except ChildFailed as exc:
        error = exc.as_error(pdf, limits.max_memory_mb)
        return DocumentResult(file=shown(pdf), status="failed", error_code=error.code,
                              error=error.message)


def fail_on_output(exc: OSError, where: Path) -> typer.Exit:
    """Say why an output could not be written (a full disk, a folder not writable)."""
    from .errors import output_error

    error = output_error(exc.filename or where, exc)
    typer.echo(f"error [{error.code}] {error.message}", err=True)
    return typer.Exit(1)


DEFAULT_MODE = Ocr(DEFAULT_OCR)
OcrOpt = Annotated[Ocr, typer.Option(
    "--ocr", help="Read pages from their images: auto (the default: pages without a text "
    "layer, about 3 s a page), always (every page), never (a scan is the error "
    "no_text_layer). Values read so carry a confidence, and unsure ones are flagged by an "
    "ocr.low_confidence check naming the cell.")]


EXTRACT_HELP = f"""Extract metadata, narrative, 绩效自评表 and the nine statements from one PDF.

Writes one CSV file per table of the data contract ({", ".join(TABLES)}),
or one workbook with a sheet per table (--format xlsx), or one JSON file that
also holds page numbers and cell boxes. Exit status: 0 when the document was
read, 1 when it failed, 2 for a usage error.
"""


@app.command(
    help=EXTRACT_HELP,
    epilog=(
        "Examples:\n\n"
        "  juesuan extract report.pdf                      # CSV files in ./report/\n\n"
        "  juesuan extract report.pdf --format xlsx --out out/   # out/report.xlsx\n\n"
        "  juesuan extract report.pdf --format json --out out/\n\n"
        "  juesuan extract report.pdf --table evaluation_indicators > ind.csv\n\n"
        "  juesuan extract report.pdf --table summary --format json"
    )
)
def extract(
    pdf: PdfArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.csv,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", file_okay=False,
                     help="Output folder (default: a folder named after the PDF)."),
    ] = None,
    table: Annotated[
        Table | None,
        typer.Option("--table", "-t",
                     help="Write only this table to standard output (for piping): CSV, or "
                          "JSON rows with --format json."),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom/--no-bom",
                           help="Start CSV files with a UTF-8 BOM so Excel opens them correctly.")
    ] = False,
    password: PasswordOpt = None,
    ocr: OcrOpt = DEFAULT_MODE,
    max_pages: MaxPagesOpt = None,
    max_mb: MaxMbOpt = None,
    max_seconds: MaxSecondsOpt = None,
    max_memory: MaxMemoryOpt = None,
) -> None:
    from .names import output_stem
    from .output.records import to_records
    from .output.writers import json_table, write_csv, write_csv_table, write_json, write_xlsx

    if table is not None and fmt is Format.xlsx:
        raise typer.BadParameter("--table writes CSV or JSON to standard output; for a "
                                 "workbook leave out --table", param_hint="'--format'")
    limits = read_limits(max_pages, max_mb, max_seconds, max_memory)
    doc = read_one(pdf, password, limits, ocr.value)
    if doc.status == "failed":
        typer.echo(f"error [{doc.error_code}] {doc.error}", err=True)
        raise typer.Exit(1)
    for warning in doc.warnings:
        typer.echo(f"warning: {shown(pdf)}: {warning}", err=True)
    if table is not None:
        rows = to_records(doc)[table.value]
        if fmt is Format.json:  # numbers as numbers, codes as text
            typer.echo(json_table(rows, table.value))
        else:
            if bom:
                sys.stdout.write("\ufeff")
            write_csv_table(rows, table.value, sys.stdout, for_excel=bom)
        return
    stem = output_stem(pdf)  # readable, bounded, never "..", one per name
    out_dir = out if out is not None else Path(stem)
    try:
        if fmt is Format.json:
            paths = [write_json(doc, out_dir, stem)]
        elif fmt is Format.xlsx:
            paths = [write_xlsx(doc, out_dir, stem)]
        else:
            paths = write_csv(doc, out_dir, "utf-8-sig" if bom else "utf-8")
    except OSError as exc:
        raise fail_on_output(exc, out_dir) from exc
    typer.echo(f"{shown(pdf)}: {extract_summary(doc)}", err=True)
    for path in paths:
        typer.echo(shown(path))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def extract_summary(doc) -> str:
    """What was read, in one line: pages, sections, statements, tables, facts, checks."""
    values = sum(len(s.values) for s in doc.statements)
    failed = sum(1 for c in doc.checks if c.status == "fail")
    return (f"{_n(doc.pages, 'page')}, {_n(len(doc.sections), 'section')}, "
            f"{_n(len(doc.statements), 'statement')} ({_n(values, 'value')}), "
            f"{_n(len(doc.evaluation_tables), 'self-evaluation table')}, "
            f"{_n(len(doc.facts), 'fact')}, {_n(failed, 'failed check')}; "
            f"{doc.numbers_printed} numbers printed, {doc.numbers_unaccounted} unaccounted")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  juesuan check report.pdf                # failures and rounding differences\n\n"
        "  juesuan check report.pdf --all          # every check, passes included\n\n"
        "  juesuan check report.pdf --csv > checks.csv"
    )
)
def check(
    pdf: PdfArg,
    show_all: Annotated[bool, typer.Option("--all", help="List passing checks too.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Write the checks as CSV to standard output.")] = False,
    password: PasswordOpt = None,
    ocr: OcrOpt = DEFAULT_MODE,
    max_pages: MaxPagesOpt = None,
    max_mb: MaxMbOpt = None,
    max_seconds: MaxSecondsOpt = None,
    max_memory: MaxMemoryOpt = None,
) -> None:
    """Report where a document contradicts itself (勾稽): sums within and across
    statements, narrative against statements, completeness, hygiene, and the
    self-evaluation tables.

    Differences of a cent or two from summing rounded amounts are reported as
    `rounding`, apart from real failures. A failed check is `inconsistent` (the
    document contradicts itself as read) or `doubtful` (the reading is in doubt:
    compare the value with the page). Exit status: 0 when no check fails; 1 when
    an inconsistency is found, 4 when only doubtful readings are, 5 when both;
    3 when the document cannot be read.
    """
    from .checks.report import exit_status, render
    from .output.records import to_records
    from .output.writers import write_csv_table

    doc = read_one(pdf, password, read_limits(max_pages, max_mb, max_seconds, max_memory),
                   ocr.value)
    if doc.status == "failed":
        typer.echo(f"error [{doc.error_code}] {doc.error}", err=True)
        raise typer.Exit(3)
    if as_csv:
        write_csv_table(to_records(doc)["checks"], "checks", sys.stdout)
    else:
        show = ("fail", "rounding", "not_applicable", "pass") if show_all else ("fail", "rounding")
        typer.echo(render(doc, show), nl=False)
    status = exit_status(doc.checks)
    if status:
        raise typer.Exit(status)


# The batch and inspect commands live in modules of their own; registering them
# here keeps `juesuan --help` listing every command.
from .batch.cli import EPILOG as BATCH_EPILOG  # noqa: E402
from .batch.cli import batch  # noqa: E402
from .inspect import cli as inspect_cli  # noqa: E402

app.command(epilog=BATCH_EPILOG)(batch)
app.command(epilog=inspect_cli.EPILOG)(inspect_cli.inspect)


def main() -> None:
    app()
