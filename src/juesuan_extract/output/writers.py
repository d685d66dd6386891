"""Write a document's records as CSV files or as one JSON document."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from ..geometry import Box
from ..model import DocumentResult
from .records import COLUMNS, TABLES, cell_value, to_records


def write_csv_table(rows: list[dict], table: str, fh: TextIO) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(COLUMNS[table])
    for row in rows:
        writer.writerow([cell_value(row.get(col)) for col in COLUMNS[table]])


def _atomic_write(path: Path, text: str, encoding: str) -> None:
    """Write via a temporary file in the same folder, so a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(doc: DocumentResult, out_dir: Path, encoding: str = "utf-8") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    records = to_records(doc)
    paths = []
    for table in TABLES:
        buf = io.StringIO()
        write_csv_table(records[table], table, buf)
        path = out_dir / f"{table}.csv"
        _atomic_write(path, buf.getvalue(), encoding)
        paths.append(path)
    return paths


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # JSON numbers; the CSV keeps the printed digits
    if isinstance(value, Box):
        return {"page": value.page, "bbox": value.as_list()}
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(doc: DocumentResult) -> str:
    """The whole result with provenance: pages and cell boxes ([x0, top, x1, bottom],
    points from the page's top-left corner)."""
    body = asdict(doc)
    body["doc_id"] = doc.doc_id
    for statement in body["statements"]:
        del statement["references"]  # boxes of 科目编码/行次/栏次 cells: bookkeeping, not data
    return json.dumps(body, ensure_ascii=False, indent=1, default=_json_default)


def write_json(doc: DocumentResult, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{Path(doc.file).stem}.json"
    _atomic_write(path, to_json(doc), "utf-8")
    return path
