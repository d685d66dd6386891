"""Shared by the batch tests: the mixed input folder, reading every output
format into one comparable form, and an extractor that misbehaves on cue.

Workers import this module by name (``test_batch_helpers:faulty_extract``),
so it imports nothing from the tests but the standard library and the package.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

from juesuan_extract.output.excel import excel_cell

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = ROOT / "fixtures" / "pdfs"
SHARED = Path(os.environ.get("JUESUAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "final_accounts"

BAD_FILES = {"bad.pdf": "not_a_pdf", "empty.pdf": "empty", "cut.pdf": "corrupt"}


def make_mixed_folder(folder: Path) -> Path:
    """Fixtures, corpus PDFs (when present), copies under other names, a PDF
    without a .pdf name, a non-PDF, an empty file, a truncated PDF, a text file
    and a hidden file."""
    (folder / "sub").mkdir(parents=True)
    fixtures = sorted(FIXTURES.glob("*.pdf"))
    for pdf in fixtures:
        shutil.copy(pdf, folder / pdf.name)
    for pdf in sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []:
        shutil.copy(pdf, folder / "sub" / pdf.name)
    shutil.copy(fixtures[0], folder / "sub" / "renamed copy.pdf")
    shutil.copy(fixtures[1], folder / "sub" / "getfile.do")  # a PDF by content only
    (folder / "bad.pdf").write_text("<html><body>404 Not Found</body></html>")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "cut.pdf").write_bytes(fixtures[0].read_bytes()[:3000])
    (folder / "notes.txt").write_text("not a PDF, skipped")
    (folder / ".hidden.pdf").write_bytes(fixtures[0].read_bytes())
    return folder


def variant(pdf: Path, target: Path, tag: str) -> Path:
    """A copy with other bytes (a comment after %%EOF): another content, same document."""
    target.write_bytes(pdf.read_bytes() + f"\n% {tag}\n".encode())
    return target


# --- reading outputs ---


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def sqlite_rows(db: Path, table: str) -> list[dict[str, object]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
    finally:
        con.close()


def parquet_rows(path: Path) -> list[dict[str, object]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def same_cell(csv_cell: str, value: object) -> bool:
    """Whether a SQLite or Parquet value holds what the CSV cell says."""
    if value is None:
        return csv_cell == ""
    if isinstance(value, float):
        return csv_cell != "" and Decimal(csv_cell) == Decimal(repr(value))
    # the CSV with a BOM is for Excel: a text that Excel would take for a formula has an apostrophe
    return csv_cell in (str(value), excel_cell(str(value)))


def snapshot(out: Path) -> dict[str, object]:
    """Every output file in a comparable form: bytes of CSV and JSON, the rows
    of SQLite (with declared types) and Parquet (with its schema)."""
    import pyarrow.parquet as pq

    found: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(".juesuan") or path.is_dir():
            continue
        if path.suffix in (".csv", ".json"):
            found[rel] = path.read_bytes()
        elif path.suffix == ".parquet":
            table = pq.read_table(path)
            found[rel] = (str(table.schema), table.to_pylist())
        elif path.suffix == ".db":
            con = sqlite3.connect(path)
            found[rel] = list(con.iterdump())
            con.close()
        else:
            found[rel] = path.read_bytes()
    return found


def extracted_count(output: str) -> int:
    """How many documents a run read, from its summary."""
    for line in output.splitlines():
        if line.startswith("read ") and " now:" in line:
            return int(line.split()[1])
    return 0


# --- an extractor that misbehaves on cue (runs in the worker process) ---


def faulty_extract(path: Path, password: str | None = None, on_page=None, ocr: str = "auto",
                   limits=None):
    from juesuan_extract.pipeline import extract

    name = path.name  # fault-<kind>…: what to do
    if name.startswith("fault-hang"):
        time.sleep(3600)
    if name.startswith("fault-crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("fault-balloon"):
        blocks = []
        while True:
            blocks.append(b"\1" * (32 << 20))
            time.sleep(0.01)
    if name.startswith("fault-bug"):
        raise ValueError("a fault planted by the test")
    if name.startswith("fault-slow"):
        time.sleep(0.5)
    if name.startswith("fault-ocr"):  # three pages read by OCR, each said at once, slowly
        for page in (1, 2, 3):
            on_page(page, 3, True)
            time.sleep(1.5)
    return extract(path, password=password, on_page=on_page, ocr=ocr, limits=limits)


def json_document(out: Path, doc_id: str) -> dict:
    return json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))
