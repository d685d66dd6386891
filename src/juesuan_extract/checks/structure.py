"""Structure checks on every statement: is the table read as it is built?

Arithmetic can only tell a misread when the misread breaks a sum; these
checks look at the shape of what was read instead:

* **one number per row and column**: a printed line yields at most one value
  under each header column — two mean two printed columns were read as one
  (a header column lost, cells glued);
* **one row per cell**: no cell is read twice;
* **one kind per column**: a column of amounts printed with decimals does not
  also hold whole numbers shaped like 科目编码 (201, 20101, 2010101): a code
  read as an amount;
* **everything printed is read**: the numbers printed in the table's body that
  no value holds and that are no reference (see :mod:`.accounting`), and body
  rows that repeat no header of the table's own, are noted by the readers and
  the pipeline in ``Statement.doubts``.

A statement that fails is ``doubtful``: each failure is a ``structure.*``
check naming the reason, and every arithmetic check resting on its values is
doubtful too (:mod:`.verdicts`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import Check, Statement, StatementValue
from .base import finding

DOUBTFUL = "doubtful"
# A 科目编码 as a whole number: 3, 5 or 7 digits starting as the classifications do
# (功能分类 201–234, 经济分类 301–313, 501–599).
_CODE_LIKE = re.compile(r"^(2[0-3]\d|3[01]\d|5\d\d)(\d{2}){0,2}$")
# A column is one of amounts printed with decimals when at least this share of it is.
MOSTLY = 0.8


def run(doc) -> list[Check]:
    checks: list[Check] = []
    for st in doc.statements:
        found = _twice_in_a_row(st) + _cells_read_twice(st) + _codes_among_amounts(st)
        for check_id, message, values in found:
            st.doubts.append(message)
            checks.append(finding(check_id, st.name, False, tuple(v.page for v in values) or
                                  (st.page_start,), message, basis=tuple(v.box for v in values),
                                  verdict=DOUBTFUL))
        noted = [d for d in st.doubts if d not in {m for _, m, _ in found}]
        for message in noted:
            checks.append(finding("structure.unread", st.name, False, _pages(message, st), message,
                                  verdict=DOUBTFUL))
    return checks


Found = list[tuple[str, str, list[StatementValue]]]


def _pages(message: str, st: Statement) -> tuple[int, ...]:
    pages = tuple(int(p) for p in re.findall(r"p\.(\d+)", message))
    return pages or (st.page_start,)


def _twice_in_a_row(st: Statement) -> Found:
    cells: dict[tuple[int, int, str], list[StatementValue]] = defaultdict(list)
    for v in st.values:
        cells[(v.row_seq, v.side, v.column)].append(v)
    out: Found = []
    for (_row, _side, column), values in cells.items():
        if len({v.box for v in values}) > 1:
            subject = " ".join(p for p in (values[0].code, values[0].name) if p) or "a line"
            printed = ", ".join(v.printed or format(v.value, "f") for v in values)
            out.append(("structure.column", f"{subject} (p.{values[0].page}) prints {len(values)} "
                        f"numbers under one header column {column or '—'} ({printed}): two printed "
                        "columns read as one", values))
    return out


def _cells_read_twice(st: Statement) -> Found:
    by_box: dict[object, list[StatementValue]] = defaultdict(list)
    for v in st.values:
        by_box[v.box].append(v)
    return [("structure.row", f"the cell holding {vs[0].printed or vs[0].value} (p.{vs[0].page}) "
             f"is read {len(vs)} times", vs) for vs in by_box.values() if len(vs) > 1]


def _codes_among_amounts(st: Statement) -> Found:
    by_column: dict[str, list[StatementValue]] = defaultdict(list)
    for v in st.values:
        by_column[v.column].append(v)
    out: Found = []
    # the table prints its amounts with separators or decimals: a code prints neither
    styled = sum(1 for v in st.values if re.search(r"[.,]", v.printed or format(v.value, "f")))
    for column, values in by_column.items():
        texts = [(v, v.printed or format(v.value, "f")) for v in values]
        coded = [v for v, t in texts if _CODE_LIKE.match(t)]  # no separator, no decimals
        if len(coded) >= 2 and len(coded) >= MOSTLY * len(texts) and styled >= MOSTLY * (
                len(st.values) - len(values)) and styled:
            shown = ", ".join(v.printed or format(v.value, "f") for v in coded[:5])
            out.append(("structure.kind", f"column {column or '—'} holds whole numbers shaped like "
                        f"科目编码 ({shown}): a column of codes read as amounts", coded))
            continue
        decimals = Counter("." in t for _, t in texts)
        if decimals[True] < MOSTLY * len(texts):
            continue
        odd = [v for v, t in texts if _CODE_LIKE.match(t)]
        if odd:
            shown = ", ".join(v.printed or format(v.value, "f") for v in odd[:5])
            out.append(("structure.kind", f"column {column or '—'} prints amounts with decimals, and "
                        f"{len(odd)} whole numbers shaped like 科目编码 ({shown}): codes read as "
                        "amounts", odd))
    return out
