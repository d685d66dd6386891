"""Tables of many documents as CSV files, one SQLite database, one workbook
and Parquet files.

Rows come in as CSV cells (the text records.cell_value gives each value) and
are staged as plain UTF-8 CSV; the SQLite database, the workbook
(:mod:`.excel`) and the Parquet files are then made from those same cells, so
every format holds the same content. The CSV files are the staged ones moved
into place (``bom=False``), or written from them with a BOM and with text
that Excel would take for a formula guarded (:func:`~.excel.excel_cell`). Nothing is
held in memory but one chunk of one table, and nothing appears in the output
folder until every format is complete: then each file is moved into place
whole, one after the other (:class:`~.staging.StagedFiles`).

Column types are declared here, by column name, never guessed from the data:

* ``INTEGER``: counts, sequence numbers, levels, page numbers, and
  ``fiscal_year`` (a year is compared and sorted as a number and never has a
  leading zero);
* ``REAL``: amounts, weights, scores and rates. CSV keeps the digits as
  printed (``10.00``); SQLite and Parquet hold the number, as the JSON does;
* ``TEXT``: everything else, and any column not listed: above all codes
  (科目编码 ``2010301``, 类/款/项 ``01``), ``doc_id`` and ``sha256``, where a
  leading zero matters.

A ``table.column`` key overrides a plain column name for one table. Should a
column declared numeric hold a cell that is not a number, the column is
written as TEXT in SQLite and Parquet for that build, and the report says so.
Empty numeric cells are NULL; empty text cells stay empty strings.

Across documents (:mod:`.across`): ``documents.same_as`` is set once every
document is staged, and the database gets the tables ``units`` (its key
``unit_id``) and ``series``, built from the documents and summary tables.

SQLite extras, for ``datasette OUT_DIR/juesuan.db``: ``documents.doc_id`` is
the primary key and every other table's ``doc_id`` a foreign key to it (with
an index); the columns in :data:`~.search.FULL_TEXT` get an FTS5 table
``<table>_fts`` whose index holds every word of the folded text, down to one
character (:mod:`.search`: Chinese has no spaces between words, so every run
of up to twelve characters of a clause is indexed as a word).
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from .across import across_tables, mark_documents
from .comparison import add_comparison_view
from .csvfile import CsvRows, csv_rows
from .excel import Sheet, excel_row, write_workbook
from .search import FULL_TEXT, TOKENIZER, search_tokens
from .staging import StagedFiles
from .summary import FIGURES, figure_columns

TEXT, INTEGER, REAL = "TEXT", "INTEGER", "REAL"

COLUMN_TYPES: dict[str, str] = {
    # counts, sequence numbers, levels, page numbers
    "pages": INTEGER,
    "bytes": INTEGER,
    "seq": INTEGER,
    "table_seq": INTEGER,
    "row_seq": INTEGER,
    "level": INTEGER,
    "page": INTEGER,
    "page_start": INTEGER,
    "page_end": INTEGER,
    "statement_seq": INTEGER,
    "statements.value_count": INTEGER,  # how many values the statement holds
    "statements.number": INTEGER,  # a budget statement's printed 公开NN表 number
    "fiscal_year": INTEGER,
    "facts.mention": INTEGER,
    "facts.section_seq": INTEGER,
    "summary.statements": INTEGER,  # how many statements the document prints
    "summary.statement_values": INTEGER,
    "summary.failed_checks": INTEGER,
    "summary.unaccounted": INTEGER,
    "numbers_printed": INTEGER,
    "numbers_captured": INTEGER,
    "numbers_unaccounted": INTEGER,
    # amounts, weights, scores, rates
    "budget_initial": REAL,
    "budget_full_year": REAL,
    "budget_fiscal": REAL,
    "budget_other": REAL,
    "executed": REAL,
    "executed_fiscal": REAL,
    "executed_other": REAL,
    "weight": REAL,
    "execution_rate": REAL,
    "score": REAL,
    "total_score": REAL,
    "total_weight": REAL,
    "funds_weight": REAL,
    "funds_execution_rate": REAL,
    "funds_score": REAL,
    "statement_rows.value": REAL,
    "statement_rows.value_wan": REAL,
    "facts.value": REAL,
    "change_amount": REAL,
    "change_pct": REAL,
    "checks.expected": REAL,
    "checks.actual": REAL,
    "checks.difference": REAL,
    # the summary's figures: amounts, counts (车辆数, 实有人数) and the pages they were read on
    **{f"summary.{name}": INTEGER if name.endswith("_page") or f.count else REAL
       for f in FIGURES for name in figure_columns(f)},
    # the database's tables across documents (across.py)
    "units.documents": INTEGER,
    "series.value": REAL,
    # text although the same name is numeric elsewhere
    "statement_rows.level": TEXT,  # 类 / 款 / 项
    "checks.pages": TEXT,  # '11;12'
    "units.level": TEXT,  # 省级, 市级 …
}

PARENT, KEY = "documents", "doc_id"
# Tables with a key of their own beside doc_id: the units of the database.
PRIMARY_KEYS = {"units": "unit_id"}
TABLE_FORMATS = ("csv", "sqlite", "parquet", "xlsx")
DB_NAME = "juesuan.db"
XLSX_NAME = "juesuan.xlsx"
PARQUET_DIR = "parquet"
CHUNK_ROWS = 50_000


def column_type(table: str, column: str) -> str:
    return COLUMN_TYPES.get(f"{table}.{column}", COLUMN_TYPES.get(column, TEXT))


def _to_int(cell: str) -> int | None:
    return None if cell == "" else int(cell)


def _to_real(cell: str) -> float | None:
    if cell == "":
        return None
    number = Decimal(cell)
    if not number.is_finite():
        raise ValueError(cell)
    return float(number)


_CONVERT: dict[str, Callable[[str], object]] = {INTEGER: _to_int, REAL: _to_real, TEXT: str}


def output_paths(out_dir: Path, tables: Iterable[str], formats: Iterable[str]) -> list[Path]:
    """Where the table formats in ``formats`` put their files."""
    paths: list[Path] = []
    formats = set(formats)
    names = list(tables)
    if "parquet" in formats:
        paths += [out_dir / PARQUET_DIR / f"{t}.parquet" for t in names]
    if "sqlite" in formats:
        paths.append(out_dir / DB_NAME)
    if "xlsx" in formats:
        paths.append(out_dir / XLSX_NAME)
    if "csv" in formats:
        paths += [out_dir / f"{t}.csv" for t in names]
    return paths


@dataclass(slots=True)
class TableReport:
    name: str
    columns: tuple[str, ...]
    types: list[str]
    rows: int = 0
    demoted: dict[str, str] = field(default_factory=dict)  # column → a cell that is no number


@dataclass(slots=True)
class _Staged:
    report: TableReport
    path: Path
    fh: TextIO
    writer: CsvRows
    checks: list[tuple[int, Callable[[str], object]]]  # numeric columns still to check


class DatasetWriter:
    """Stage rows table by table, then write every format and move it into place.

    Use as a context manager: leaving it by an exception leaves the output
    folder as it was.
    """

    def __init__(self, out_dir: Path, tmp_dir: Path, tables: Mapping[str, Sequence[str]],
                 formats: Iterable[str], bom: bool = True):
        self.out_dir = out_dir
        self.tmp_dir = tmp_dir
        self.formats = [f for f in TABLE_FORMATS if f in set(formats)]
        self.bom = bom
        self.encoding = "utf-8"  # of the staged files; the CSV for Excel is written from them
        self._tables: dict[str, _Staged] = {}
        for name, columns in tables.items():
            self._tables[name] = self._stage(name, tuple(columns))

    def _stage(self, name: str, columns: tuple[str, ...]) -> _Staged:
        path = self.tmp_dir / f"{name}.staged.csv"
        fh = path.open("w", encoding=self.encoding, newline="")
        writer = csv_rows(fh)
        writer.writerow(columns)
        types = [column_type(name, c) for c in columns]
        checks = [(i, _CONVERT[t]) for i, t in enumerate(types) if t != TEXT]
        return _Staged(TableReport(name, columns, types), path, fh, writer, checks)

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        for staged in self._tables.values():
            staged.fh.close()
            staged.path.unlink(missing_ok=True)

    def add(self, table: str, rows: Iterable[Sequence[str]]) -> None:
        staged = self._tables[table]
        for row in rows:
            for check in list(staged.checks):
                index, convert = check
                try:
                    convert(row[index])
                except (ValueError, ArithmeticError):
                    staged.report.demoted[staged.report.columns[index]] = row[index]
                    staged.report.types[index] = TEXT
                    staged.checks.remove(check)
            staged.writer.writerow(row)
            staged.report.rows += 1

    def finish(self) -> list[TableReport]:
        """Write every requested format aside, then move them all into place."""
        for staged in self._tables.values():
            staged.fh.close()
        if PARENT in self._tables:  # documents that repeat another: known once all are in
            self._rewrite(self._tables[PARENT], mark_documents)
        self._stage_across()
        with StagedFiles(self.tmp_dir) as outputs:
            if "parquet" in self.formats:
                for staged in self._tables.values():
                    target = self.out_dir / PARQUET_DIR / f"{staged.report.name}.parquet"
                    _write_parquet(outputs.new(target), staged.report,
                                   _read_rows(staged.path, self.encoding))
            if "sqlite" in self.formats:
                _write_sqlite(outputs.new(self.out_dir / DB_NAME),
                              [(s.report, s.path) for s in self._tables.values()], self.encoding)
            if "xlsx" in self.formats:
                write_workbook(outputs.new(self.out_dir / XLSX_NAME), [
                    Sheet(s.report.name, s.report.columns, [t != TEXT for t in s.report.types],
                          _read_rows(s.path, self.encoding)) for s in self._tables.values()
                ], self.tmp_dir)
            if "csv" in self.formats:
                for staged in self._tables.values():
                    target = outputs.new(self.out_dir / f"{staged.report.name}.csv")
                    if self.bom:
                        _write_excel_csv(target, staged.report.columns,
                                         _read_rows(staged.path, self.encoding))
                    else:  # byte for byte what was staged
                        staged.path.replace(target)
            outputs.commit()
        return [s.report for s in self._tables.values()]


    def _stage_across(self) -> None:
        """units and series, from the documents and summary tables once all are in:
        tables like the others, in every format."""
        sources = {name: (staged.report.columns, list(_read_rows(staged.path, self.encoding)))
                   for name, staged in self._tables.items() if name in ("documents", "summary")}
        for name, (columns, rows) in across_tables(sources).items():
            self._tables[name] = self._stage(name, columns)
            self.add(name, rows)
            self._tables[name].fh.close()

    def _rewrite(self, staged: _Staged, change: Callable[[Sequence[str], list[list[str]]],
                                                        list[list[str]]]) -> None:
        rows = change(staged.report.columns, list(_read_rows(staged.path, self.encoding)))
        with staged.path.open("w", encoding=self.encoding, newline="") as fh:
            writer = csv_rows(fh)
            writer.writerow(staged.report.columns)
            writer.writerows(rows)


# The csv module refuses fields over 128 KB by default; a page printing a
# quarter of a million characters makes a section that long. The limit is a
# C long, 32 bits on Windows.
MAX_FIELD = 2**31 - 1


def _read_rows(path: Path, encoding: str) -> Iterable[list[str]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        yield from reader


def _write_excel_csv(path: Path, columns: Sequence[str], rows: Iterable[list[str]]) -> None:
    """The CSV for Excel: a BOM, and no text cell that Excel would take for a formula."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv_rows(fh)
        writer.writerow(columns)
        writer.writerows(map(excel_row, rows))


def _chunks(rows: Iterable[list[str]], size: int) -> Iterable[list[list[str]]]:
    chunk: list[list[str]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- Parquet ---


def _write_parquet(path: Path, report: TableReport, rows: Iterable[list[str]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {TEXT: pa.string(), INTEGER: pa.int64(), REAL: pa.float64()}
    schema = pa.schema([pa.field(c, arrow[t]) for c, t in zip(report.columns, report.types)],
                       metadata=_pandas_metadata(report))
    converters = [_CONVERT[t] for t in report.types]
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        wrote = False
        for chunk in _chunks(rows, CHUNK_ROWS):
            columns = [
                pa.array([convert(row[i]) for row in chunk], type=schema.field(i).type)
                for i, convert in enumerate(converters)
            ]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            wrote = True
        if not wrote:
            writer.write_table(schema.empty_table())


def _pandas_metadata(report: TableReport) -> dict[bytes, bytes]:
    """Parquet metadata telling pandas to read INTEGER columns as nullable
    ``Int64`` (not float64 when a cell is empty) and TEXT as strings."""
    import pandas as pd
    import pyarrow as pa

    dtypes = {TEXT: "string", INTEGER: "Int64", REAL: "float64"}
    empty = pd.DataFrame({c: pd.Series([], dtype=dtypes[t])
                          for c, t in zip(report.columns, report.types)})
    metadata = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return {b"pandas": metadata[b"pandas"]}


# --- SQLite ---


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(report: TableReport, with_parent: bool) -> list[str]:
    columns = []
    for column, kind in zip(report.columns, report.types):
        spec = f"{_quote(column)} {kind}"
        if (column == KEY and report.name == PARENT) or PRIMARY_KEYS.get(report.name) == column:
            spec += " PRIMARY KEY"
        elif column == KEY and with_parent:
            spec += f" REFERENCES {_quote(PARENT)}({_quote(KEY)})"
        columns.append(spec)
    statements = [f"CREATE TABLE {_quote(report.name)} (\n  " + ",\n  ".join(columns) + "\n)"]
    if KEY in report.columns and report.name != PARENT:
        index = _quote(f"{report.name}_{KEY}")
        statements.append(f"CREATE INDEX {index} ON {_quote(report.name)}({_quote(KEY)})")
    return statements


def _write_sqlite(path: Path, tables: list[tuple[TableReport, Path]], encoding: str) -> None:
    names = {report.name for report, _ in tables}
    with_parent = PARENT in names and any(r.name == PARENT and KEY in r.columns for r, _ in tables)
    ordered = sorted(tables, key=lambda t: t[0].name != PARENT)  # the parent first
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=OFF")  # a temporary file, moved into place when done
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA foreign_keys=ON")
        for report, staged in ordered:
            for statement in _create_table(report, with_parent):
                con.execute(statement)
            _insert(con, report, _read_rows(staged, encoding), with_parent)
        available = {r.name: r.columns for r, _ in tables}
        for table, columns in FULL_TEXT.items():
            present = [r for r, _ in tables if r.name == table]
            if present and all(c in present[0].columns for c in columns):
                _add_full_text(con, table, columns)
        add_comparison_view(con, available)
        con.commit()
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"rows without their document: {problems[:5]}")
    finally:
        con.close()


def _insert(con: sqlite3.Connection, report: TableReport, rows: Iterable[list[str]],
            with_parent: bool) -> None:
    converters = list(map(_CONVERT.__getitem__, report.types))
    if with_parent and report.name != PARENT and KEY in report.columns:
        key = report.columns.index(KEY)
        converters[key] = lambda cell: cell or None  # no document: NULL, not ''
    marks = ", ".join("?" * len(report.columns))
    sql = f"INSERT INTO {_quote(report.name)} VALUES ({marks})"
    for chunk in _chunks(rows, CHUNK_ROWS):
        con.executemany(sql, ([f(cell) for f, cell in zip(converters, row)] for row in chunk))


def _add_full_text(con: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    """An FTS5 table over ``table`` (``content=``, so datasette offers a search
    box on the table's page) whose index holds every word of the columns, down
    to one character (:func:`~.search.search_tokens`). A ``'rebuild'`` command
    would index the text as stored: build the database again instead."""
    name = f"{table}_fts"
    listed = ", ".join(_quote(c) for c in columns)
    con.execute(f"CREATE VIRTUAL TABLE {_quote(name)} USING fts5({listed}, "
                f"content=\"{table}\", tokenize=\"{TOKENIZER}\")")
    con.create_function("search_tokens", 1, search_tokens, deterministic=True)
    words = ", ".join(f"search_tokens({_quote(c)})" for c in columns)
    con.execute(f"INSERT INTO {_quote(name)}(rowid, {listed}) "
                f"SELECT rowid, {words} FROM {_quote(table)}")
