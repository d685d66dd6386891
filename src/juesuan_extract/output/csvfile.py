"""CSV rows that every reader splits back into the rows written.

The csv module quotes a cell holding the delimiter, the quote character or a
character of the line terminator; with ``\\n`` line ends (the data contract's)
a carriage return stays bare, and readers (the csv module, Excel, pandas) end
the row there. A row with a carriage return in any cell is therefore written
with every cell quoted; other rows are quoted as needed, as before.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

LINE_END = "\n"


class CsvRows:
    """``writerow``/``writerows`` like a ``csv.writer``, safe for any text."""

    def __init__(self, fh: TextIO):
        self._minimal = csv.writer(fh, lineterminator=LINE_END)
        self._quoted = csv.writer(fh, lineterminator=LINE_END, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Sequence[Any]) -> None:
        if any(isinstance(cell, str) and "\r" in cell for cell in row):
            self._quoted.writerow(row)
        else:
            self._minimal.writerow(row)

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_rows(fh: TextIO) -> CsvRows:
    return CsvRows(fh)
