"""Table fragments on consecutive pages → one sequence of rows.

Three separate, idempotent steps, each with its own test:

* :func:`fragment_rows` spreads a merged cell over every grid row it spans,
  so a row always sees its 一级指标 even when the label is printed once, and
  gives a merged cell cut by the page break the label its other part prints;
* :func:`drop_repeated_headers` removes header rows that a producer repeats at
  the top of each new page;
* :func:`fill_down` carries hierarchical labels (一级/二级指标) over rows that
  leave them blank because their merged cell started on an earlier page.

Rows split by a page break are joined by the table interpreter, which knows
which fields every complete row must have (see ``evaluation.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geometry import Box
from ..page.grid import Grid
from .settings import current as tolerances


def is_label(text: str, word: str) -> bool:
    return word in text and len(text) <= len(word) + tolerances().max_label_extra


@dataclass(frozen=True, slots=True)
class RowCell:
    text: str
    box: Box
    spanned: bool  # copy of a merged cell that started in an earlier row


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[RowCell, ...]
    fragment: int  # 0 for the first page of the table, 1 for the next, …
    first_in_fragment: bool

    @property
    def page(self) -> int:
        return self.cells[0].box.page

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)

    def has(self, *words: str) -> bool:
        """True when every word appears in some cell of the row."""
        return all(any(w in c.text for c in self.cells) for w in words)

    def has_label(self, *words: str) -> bool:
        """True when every word is the gist of a short cell of its own (a header
        or label, not a sentence that happens to mention the word)."""
        return all(any(is_label(c.text, w) for c in self.cells) for w in words)


def fragment_rows(grids: list[Grid], cut_labels: bool = False) -> list[TableRow]:
    """The rows of a table's grids, page after page; ``cut_labels``: a merged
    label cut by a page break has its text in both parts (self-evaluation and
    target tables, whose reader joins a row split by the break itself)."""
    rows: list[TableRow] = []
    continued = _cut_labels(grids) if cut_labels else {}
    for index, grid in enumerate(grids):
        first = True
        for r in range(grid.n_rows):
            covering = grid.row(r)
            if not covering:
                continue
            cells = tuple(
                RowCell(continued.get(cell.box, cell.text), cell.box, spanned)
                for cell, spanned in sorted(covering, key=lambda x: x[0].box.x0)
            )
            rows.append(TableRow(cells, index, first))
            first = False
    return rows


# How far (points) a cell's edge may lie from its page's cut of the table.
CUT_SLACK = 2.0


def _cut_labels(grids: list[Grid]) -> dict[Box, str]:
    """A merged label cell that a page break cuts prints its text once, in the
    middle of the whole: the part left blank at the foot of one page is the same
    cell as the part printed at the head of the next. Each such blank part gets
    the text of the part under the same column, where the page's cut left both
    parts open (a cell closed at the cut ends there, and a repeated header is
    ruled; a row split in two is the interpreter's to join). Pages are taken last
    to first, so a label printed two pages on reaches back over both."""
    out: dict[Box, str] = {}
    for a, b in reversed(list(zip(grids, grids[1:]))):
        if b.page != a.page + 1:
            continue
        heads = [c for c in b.cells if "top" in c.cut and abs(c.box.top - b.box.top) <= CUT_SLACK
                 and out.get(c.box, c.text).strip()]
        for cell in a.cells:
            if cell.text.strip() or "bottom" not in cell.cut \
                    or abs(cell.box.bottom - a.box.bottom) > CUT_SLACK:
                continue
            head = next((h for h in heads if abs(h.box.x0 - cell.box.x0) <= CUT_SLACK
                         and abs(h.box.x1 - cell.box.x1) <= CUT_SLACK), None)
            if head is not None:
                out[cell.box] = out.get(head.box, head.text)
    return out


def drop_repeated_headers(rows: list[TableRow]) -> list[TableRow]:
    """Drop rows at the top of a continuation page that repeat an earlier row."""
    seen: set[tuple[str, ...]] = set()
    kept: list[TableRow] = []
    leading = False
    for row in rows:
        if row.first_in_fragment:
            leading = row.fragment > 0
        if leading and any(row.texts) and row.texts in seen:
            continue
        leading = False
        seen.add(row.texts)
        kept.append(row)
    # the row after a dropped header is now the first of its fragment
    out: list[TableRow] = []
    for i, row in enumerate(kept):
        starts = i == 0 or kept[i - 1].fragment != row.fragment
        out.append(TableRow(row.cells, row.fragment, starts))
    return out


def fill_down(values: list[list[str]], depth: int) -> list[list[str]]:
    """Carry the first ``depth`` hierarchical labels down over blank cells.

    A blank label inherits the one above; a different upper label resets the
    ones below it, so a new 一级指标 never inherits an old 二级指标 (the same
    label printed again, as a merged cell split by a page break is, does not).
    """
    out: list[list[str]] = []
    above = [""] * depth
    for row in values:
        row = list(row)
        for level in range(depth):
            if row[level] and row[level] != above[level]:
                above[level] = row[level]
                above[level + 1 :] = [""] * (depth - level - 1)
            else:
                row[level] = above[level]
        out.append(row)
    return out
