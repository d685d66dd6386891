"""Lines of an unruled table body → its rows.

A row starts with a line that prints a code or an amount, or a label that
always opens a row of its own (合计, 一、…, （一）…). Any other line holds
only part of a name, wrapped in its cell, and belongs to a neighbouring row.
Which one depends on the cell's vertical alignment, read from the page:

* top-aligned (Word's default): the amounts sit on the first line of the
  name, so a wrapped line belongs to the row above it;
* centred (the usual choice for statements, Word and Excel alike): the
  amounts sit in the middle of the name, so a row has as many wrapped lines
  above its amounts as below them.

Both readings are tried; the one whose rows are set apart by wider gaps
than the lines inside them wins, centring on a tie (rows set without
padding look the same either way, and centring is what statements use).
"""

from __future__ import annotations

import re

from ..settings import current as tolerances
from ..tokens import TextLine

# Labels that open a row of their own, never a wrapped remainder (the same
# openers statements.py knows).
ROW_OPENER = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|"
                        r"合计|总计|小计|本年|年初|年末|使用|结余)")


def starts_row(line: TextLine) -> bool:
    return bool(line.numbers) or len(line.tokens) > 1 or bool(
        ROW_OPENER.match(line.tokens[0].text.replace(" ", ""))
    )


def body_rows(above: list[TextLine], body: list[TextLine]) -> tuple[list[list[TextLine]], int]:
    """Rows of the body, top to bottom, and how many of the lines ``above``
    the first row (wrapped-name candidates, bottom-most last) the first row
    takes.

    ``body`` starts with a line that starts a row; ``above`` are lines just
    above it that could be the top of a centred first row's name.
    """
    top = _top_aligned(body)
    centred = _centred(above, body)
    if centred is None:
        return top, 0
    rows, taken = centred
    if taken == 0 and all(len(a) == len(b) for a, b in zip(rows, top)):
        return top, 0
    return (rows, taken) if _separation(rows) >= _separation(top) - 0.1 * _size(body) else (top, 0)


def _size(lines: list[TextLine]) -> float:
    return max(ln.size for ln in lines)


def _top_aligned(body: list[TextLine]) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for line in body:
        if starts_row(line) or not rows:
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def _centred(above: list[TextLine], body: list[TextLine]) -> tuple[list[list[TextLine]], int] | None:
    """Assign wrapped lines bottom-up so each row is centred on its starting
    line; None when the lines do not allow it."""
    starts = [i for i, ln in enumerate(body) if starts_row(ln)]
    if not starts or starts[0] != 0:
        return None
    lines = list(above) + list(body)
    offset = len(above)
    rows: list[list[TextLine]] = []
    end = len(lines)  # first line already assigned to a row below
    for k in range(len(starts) - 1, -1, -1):
        start = offset + starts[k]
        below = lines[start + 1:end]
        floor = offset + starts[k - 1] + 1 if k else 0  # lines above that are free
        first = start - len(below)
        if first < floor:
            return None
        block = lines[first:end]
        middle = (block[0].cy + block[-1].cy) / 2
        if abs(middle - lines[start].cy) > tolerances().row_centre_tolerance * lines[start].size:
            return None
        rows.insert(0, block)
        end = first
    taken = offset - end
    return rows, taken


def _separation(rows: list[list[TextLine]]) -> float:
    """Narrowest gap between rows minus the widest gap inside a row."""
    inside = [b.top - a.bottom for row in rows for a, b in zip(row, row[1:])]
    between = [b[0].top - a[-1].bottom for a, b in zip(rows, rows[1:])]
    if not between:
        return 0.0
    return min(between) - max(inside, default=min(between))
