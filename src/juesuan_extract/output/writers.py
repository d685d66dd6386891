"""Write a document's records as CSV files or as one JSON document."""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from ..geometry import Box
from ..model import DocumentResult
from ..names import output_stem
from .csvfile import csv_rows
from .datasets import INTEGER, REAL, TEXT, column_type
from .excel import Sheet, excel_row, write_workbook
from .records import COLUMNS, TABLES, cell_value, to_records
from .staging import FILE_MODE


def write_csv_table(rows: list[dict], table: str, fh: TextIO, for_excel: bool = False) -> None:
    """``rows`` as CSV; ``for_excel``: no text cell that Excel would take for a
    formula (:func:`~.excel.excel_cell`)."""
    writer = csv_rows(fh)
    writer.writerow(COLUMNS[table])
    for row in rows:
        cells = [cell_value(row.get(col)) for col in COLUMNS[table]]
        writer.writerow(excel_row(cells) if for_excel else cells)


def _atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write via a temporary file in the same folder, so a reader never sees half a file;
    the file gets the mode of an ordinary new file (0644 under the usual umask)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode(encoding) if isinstance(data, str) else data)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(doc: DocumentResult, out_dir: Path, encoding: str = "utf-8") -> list[Path]:
    """One CSV file per table; with ``utf-8-sig`` (a BOM, for Excel) text cells
    that Excel would take for formulas start with an apostrophe."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = to_records(doc)
    paths = []
    for table in TABLES:
        buf = io.StringIO()
        write_csv_table(records[table], table, buf, for_excel=encoding == "utf-8-sig")
        path = out_dir / f"{table}.csv"
        _atomic_write(path, buf.getvalue(), encoding)
        paths.append(path)
    return paths


def write_xlsx(doc: DocumentResult, out_dir: Path, stem: str | None = None) -> Path:
    """One workbook, a sheet per table (:mod:`.excel`), named ``stem`` (by
    default the document's :func:`~..names.output_stem`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = to_records(doc)
    path = out_dir / f"{stem or output_stem(doc.file)}.xlsx"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write_workbook(Path(tmp), [
            Sheet(table, COLUMNS[table], [column_type(table, c) != TEXT for c in COLUMNS[table]],
                  [[cell_value(r.get(c)) for c in COLUMNS[table]] for r in records[table]])
            for table in TABLES
        ])
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # JSON numbers; the CSV keeps the printed digits
    if isinstance(value, Box):
        return {"page": value.page, "bbox": value.as_list()}
    raise TypeError(f"cannot serialise {type(value).__name__}")


def number(text: str) -> Decimal | None:
    """``text`` as a number, or None when it is none (大于, a note)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def to_json(doc: DocumentResult) -> str:
    """The whole result with provenance: pages and cell boxes ([x0, top, x1, bottom],
    points from the page's top-left corner). Numbers are JSON numbers: a check's
    expected, actual and difference too, where they are numbers (大于 stays text)."""
    body = asdict(doc)
    body["doc_id"] = doc.doc_id
    for statement in body["statements"]:
        del statement["references"]  # boxes of 科目编码/行次/栏次 cells: bookkeeping, not data
    for check in body["checks"]:
        for key in ("expected", "actual", "difference"):
            value = number(check[key])
            check[key] = check[key] if value is None else value
    return json.dumps(body, ensure_ascii=False, indent=1, default=_json_default)


def json_cell(table: str, column: str, value: object) -> object:
    """A record's value as a JSON row holds it: numbers of numeric columns as
    numbers (null when empty), everything else as the CSV's text."""
    kind = column_type(table, column)
    if kind in (INTEGER, REAL) and value is not None and value != "":
        as_number = number(cell_value(value))
        if as_number is not None:
            return int(as_number) if kind == INTEGER else float(as_number)
    elif kind in (INTEGER, REAL):
        return None
    return cell_value(value)


def json_table(rows: list[dict], table: str) -> str:
    """``rows`` of ``table`` as a JSON array of objects, numbers as numbers
    (what ``extract --table T --format json`` writes)."""
    return json.dumps([{c: json_cell(table, c, r.get(c)) for c in COLUMNS[table]} for r in rows],
                      ensure_ascii=False, indent=1)


def write_json(doc: DocumentResult, out_dir: Path, stem: str | None = None) -> Path:
    """One JSON document, named as :func:`write_xlsx` names the workbook."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem or output_stem(doc.file)}.json"
    _atomic_write(path, to_json(doc), "utf-8")
    return path
