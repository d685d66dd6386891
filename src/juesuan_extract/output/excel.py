"""Tables for Excel: a workbook (``--format xlsx``) and CSV cells that stay text.

The workbook (XlsxWriter) has a sheet per table, the summary first, and a
``columns`` sheet describing every column (:mod:`.contract`). Each column's
header is its ASCII name, with its Chinese name (:func:`.contract.label`) in
a note on the header cell, shown when the pointer rests on it; the columns
sheet gives both side by side. Numeric columns (by declared
type, :mod:`.datasets`) are written as numbers; everything else — codes such
as ``01``, doc_id, text — as text, never as a formula, a number or a link,
whatever it looks like (``=5个`` stays the text ``=5个``). The header row is
frozen and filtered, and columns are as wide as their first rows need. A
table longer than a sheet allows (1 048 576 rows) goes on into ``name_2``….
A text longer than Excel keeps in a cell (32 767 characters) is cut there.

CSV has no types: Excel, opening a CSV file, reads a cell that starts with
``=``, ``+``, ``-`` or ``@`` as a formula. :func:`excel_cell` makes such a text
cell start with an apostrophe (``'=5个``), as the CSV written for Excel (the
one with a BOM) does; numbers (``-56.95``) are left alone. The plain UTF-8
CSV (``--no-bom``) is for programs and holds every cell exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .contract import TABLES as TABLE_DESCRIPTIONS
from .contract import describe, label

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

FIRST = "summary"  # the sheet the workbook opens on
MAX_ROWS = 1_048_576  # per sheet, the header included
MAX_TEXT = 32_767
MAX_WIDTH = 60
SAMPLE_ROWS = 200


def excel_cell(cell: str) -> str:
    """A CSV cell as Excel must read it: a text that would be a formula gets a
    leading apostrophe; numbers and other text are unchanged."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def excel_row(row: Sequence[str]) -> list[str]:
    return [excel_cell(cell) for cell in row]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A table to write: its columns, which of them are numbers, and its rows
    as CSV cells (an iterable read once)."""

    name: str
    columns: Sequence[str]
    numeric: Sequence[bool]
    rows: Iterable[Sequence[str]]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_workbook(path: Path, sheets: Iterable[Sheet], tmp_dir: Path | None = None) -> None:
    import xlsxwriter

    options: dict[str, object] = {
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "constant_memory": True,  # rows go to disk as they are written
    }
    if tmp_dir is not None:
        options["tmpdir"] = str(tmp_dir)
    book = xlsxwriter.Workbook(str(path), options)
    # a fixed date, so that the same tables give the same bytes
    book.set_properties({"created": datetime(2000, 1, 1, tzinfo=UTC)})
    try:
        header = book.add_format({"bold": True, "bg_color": "#EEEEEE", "bottom": 1})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        described: list[tuple[str, str, str, str, str]] = []
        # the figures asked for first open the workbook (a stable sort: the rest keep their order)
        for sheet in sorted(sheets, key=lambda s: s.name != FIRST):
            described += [(sheet.name, c, label(sheet.name, c), "number" if n else "text",
                           describe(sheet.name, c)) for c, n in zip(sheet.columns, sheet.numeric)]
            _write_sheet(book, sheet, header)
        _write_columns_sheet(book, described, header, wrap)
    finally:
        book.close()


def _write_sheet(book, sheet: Sheet, header) -> None:
    rows = iter(sheet.rows)
    sample = [row for _, row in zip(range(SAMPLE_ROWS), rows)]
    widths = [_width(c) + 4 for c in sheet.columns]
    for row in sample:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], min(_width(cell[:MAX_WIDTH * 2]) + 2, MAX_WIDTH))
    part, written = 1, MAX_ROWS  # start a sheet on the first row
    ws = None
    for row in _chain(sample, rows):
        if written == MAX_ROWS:
            ws = book.add_worksheet(sheet.name if part == 1 else f"{sheet.name}_{part}")
            _start(ws, sheet, widths, header)
            part, written = part + 1, 1
        assert ws is not None
        for col, (cell, numeric) in enumerate(zip(row, sheet.numeric)):
            if cell == "":
                continue
            number = _float(cell) if numeric else None
            if number is not None:
                ws.write_number(written, col, number)
            else:
                ws.write_string(written, col, cell[:MAX_TEXT])
        written += 1
    if ws is None:  # no rows: the header alone
        _start(book.add_worksheet(sheet.name), sheet, widths, header)


def _float(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:  # a column declared numeric holding text: written as text
        return None


def _chain(first: list[Sequence[str]], rest: Iterable[Sequence[str]]) -> Iterable[Sequence[str]]:
    yield from first
    yield from rest


def _start(ws, sheet: Sheet, widths: list[int], header) -> None:
    for col, (name, width) in enumerate(zip(sheet.columns, widths)):
        ws.set_column(col, col, width)
        ws.write_string(0, col, name, header)
        chinese = label(sheet.name, name)
        if chinese:
            ws.write_comment(0, col, chinese, {"x_scale": 0.8, "y_scale": 0.4})
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, 0, max(len(sheet.columns) - 1, 0))


def _write_columns_sheet(book, described: list[tuple[str, str, str, str, str]], header,
                         wrap) -> None:
    ws = book.add_worksheet("columns")
    for col, (name, width) in enumerate((("table", 22), ("column", 26), ("label", 22), ("type", 8),
                                         ("description", 90))):
        ws.set_column(col, col, width)
        ws.write_string(0, col, name, header)
    ws.freeze_panes(1, 0)
    row = 1
    for table in dict.fromkeys(t for t, *_ in described):
        ws.write_string(row, 0, table)
        ws.write_string(row, 4, TABLE_DESCRIPTIONS.get(table, ""), wrap)
        row += 1
        for t, *cells in described:
            if t == table:
                for col, cell in enumerate((t, *cells)):
                    ws.write_string(row, col, cell, wrap if col == 4 else None)
                row += 1
