"""Rows of a standard statement (部门决算报表) → one value per printed number.

The header is found from the table's structure, not from a template: the
label-column headers (项目, 科目名称, 类/款/项 …) span the whole header band, so
the body starts below them; each number column's name is the path of header
cells above it (公务用车购置及运行维护费/小计/决算数). A table with two halves
side by side (收入 | 支出, 人员经费 | 公用经费) is read half by half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..geometry import Box, union_all
from ..model import Statement, StatementValue
from ..page.grid import Grid
from ..text import join_lines, parse_decimal, split_code
from .stitching import RowCell, TableRow, fragment_rows

CODE_HEADERS = frozenset({"类", "款", "项", "科目编码", "功能分类科目编码", "经济分类科目编码",
                          "功能分类", "经济分类", "编码", "功能分类科目", "经济分类科目"})
NAME_HEADERS = frozenset({"项目", "项目名称", "科目名称", "科目", "支出功能分类科目"})
LABEL_HEADERS = CODE_HEADERS | NAME_HEADERS
# The national template numbers lines and columns: a 行次 column beside the
# names (1, 2, 3 … down the rows) and a 栏次 row under the header (1, 2, 3 …
# across the amount columns). Both are references, not amounts.
LINE_NUMBER_HEADERS = frozenset({"行次", "行号"})
COLUMN_NUMBER_LABEL = "栏次"
# Halves of a two-sided statement that prints no header over each half.
SIDE_NAMES = {"一般公共预算财政拨款基本支出决算表": ("人员经费", "公用经费")}
LEVELS = {3: "类", 5: "款", 7: "项"}
# Row labels that open a printed line of their own, never a wrapped remainder.
_ROW_OPENER = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|"
                         r"合计|总计|小计|本年|年初|年末|使用|结余)")


@dataclass(frozen=True, slots=True)
class Column:
    role: str  # code | name | line (行次) | value
    side: int
    x0: float
    x1: float
    path: str = ""


def _label(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _own(row: TableRow) -> list[RowCell]:
    return [c for c in row.cells if not c.spanned]


def _top(row: TableRow) -> float:
    return min((c.box.top for c in _own(row)), default=row.cells[0].box.top)


def _has_number(row: TableRow) -> bool:
    return any(parse_decimal(c.text) is not None for c in _own(row))


def _is_column_numbers(row: TableRow) -> bool:
    """The row that numbers the columns under the header: labelled 栏次, or,
    where the table has no label column (the 三公 table), whole numbers
    counting up one by one (amounts print with decimals)."""
    texts = [_label(c.text) for c in _own(row) if c.text.strip()]
    if any(t == COLUMN_NUMBER_LABEL for t in texts):
        return True
    if len(texts) < 2 or not all(t.isdigit() for t in texts):
        return False
    numbers = [int(t) for t in texts]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def header_row_count(rows: list[TableRow]) -> int:
    """How many rows at the top of the first page are header.

    The label-column headers (项目, 科目名称, 类 …) reach down to the last header
    row; without them (the 三公 table) the header is every row above the
    first one that prints a number, or every row with text when none does.
    A 栏次 row under the header belongs to it.
    """
    count = _header_rows(rows)
    while count < len(rows) and _is_column_numbers(rows[count]):
        count += 1
    return count


def _header_rows(rows: list[TableRow]) -> int:
    anchor_bottom = max(
        (c.box.bottom for row in rows[:10] for c in _own(row) if _label(c.text) in LABEL_HEADERS),
        default=None,
    )
    first_number = next((i for i, row in enumerate(rows)
                         if _has_number(row) and not _is_column_numbers(row)), len(rows))
    if anchor_bottom is not None:
        # a line printing numbers is body even where the 类/款/项 labels share it
        return min(first_number, sum(1 for row in rows if _top(row) < anchor_bottom - 1))
    if first_number < len(rows):
        # every row above the first amounts, blank spacer rows included
        return first_number
    count = 0  # an empty statement: the header ends at its first blank row
    for row in rows:
        if not any(c.text for c in _own(row)):
            break
        count += 1
    return count


def read_columns(grid: Grid, header: list[TableRow], first_body: TableRow | None,
                 statement: str, body: list[TableRow] | None = None) -> list[Column]:
    """Logical columns of the table with their role, half and header path. A
    column whose header names no role is a label column when its body prints
    words, not numbers (项目(按功能分类) over 一、一般公共服务支出 …)."""
    xs = grid.col_edges
    # the 栏次 row numbers the columns: no part of their names
    named = [row for row in header if not _is_column_numbers(row) and any(c.text for c in _own(row))]
    header_cells = [c for i, row in enumerate(named)
                    for c in (_merge_repeated(_own(row)) if i < len(named) - 1 else _own(row))]
    slots: list[tuple[float, float, tuple[RowCell, ...]]] = []
    for x0, x1 in zip(xs, xs[1:]):
        mid = (x0 + x1) / 2
        covering = tuple(c for c in header_cells if c.box.x0 <= mid <= c.box.x1 and c.text)
        if slots and covering and covering == slots[-1][2]:
            slots[-1] = (slots[-1][0], x1, covering)  # one header above both: one column
        else:
            slots.append((x0, x1, covering))
    roles = [_role(covering, _body_texts(body or [], x0, x1)) for x0, x1, covering in slots]
    sides, side = [], 0
    for i, role in enumerate(roles):
        if i and role != "value" and roles[i - 1] == "value":
            side += 1
        sides.append(side)
    value_x = [(x0, x1) for (x0, x1, _), r in zip(slots, roles) if r == "value"]
    if not value_x:
        return [Column(r, s, x0, x1) for (x0, x1, _), r, s in zip(slots, roles, sides)]
    lo, hi = min(x for x, _ in value_x), max(x for _, x in value_x)
    side_span = {s: (min(x0 for (x0, _, _), t in zip(slots, sides) if t == s),
                     max(x1 for (_, x1, _), t in zip(slots, sides) if t == s)) for s in set(sides)}
    late = _late_subheaders(first_body)
    columns: list[Column] = []
    side_labels: dict[int, str] = {}
    for (x0, x1, covering), role, s in zip(slots, roles, sides):
        if role != "value":
            columns.append(Column(role, s, x0, x1))
            continue
        parts = []
        for cell in covering:
            text = _label(cell.text)
            spans_all = cell.box.x0 <= lo + 1 and cell.box.x1 >= hi - 1
            spans_side = len(side_span) > 1 and cell.box.x0 <= side_span[s][0] + 1 \
                and cell.box.x1 >= side_span[s][1] - 1
            if spans_side:
                side_labels[s] = text
            elif text not in LABEL_HEADERS and (not spans_all or cell is covering[-1]):
                # a heading over every amount column is a group's, unless it
                # names the only column there is
                parts.append(text)
        parts += [t for cx, t in late if x0 <= cx <= x1]
        columns.append(Column(role, s, x0, x1, "/".join(parts)))
    return _prefix_sides(columns, side_labels, statement)


def _merge_repeated(cells: list[RowCell]) -> list[RowCell]:
    """A group header printed again in each of its columns (本年支出 | 本年支出 |
    本年支出) instead of once in a merged cell is that merged cell. Only rows
    above the last header row are merged: the leaf row names one column each."""
    out: list[RowCell] = []
    for cell in sorted(cells, key=lambda c: c.box.x0):
        prev = out[-1] if out else None
        if prev is not None and cell.text and _label(cell.text) == _label(prev.text) \
                and cell.box.x0 - prev.box.x1 < 2 and abs(cell.box.top - prev.box.top) < 2:
            out[-1] = RowCell(prev.text, union_all([prev.box, cell.box]), False)
        else:
            out.append(cell)
    return out


# A qualifier after a header word: 项目(按功能分类), 科目名称（经济分类）.
_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]$")


def _role(covering: tuple[RowCell, ...], texts: list[str] | None = None) -> str:
    leaf = _QUALIFIER.sub("", _label(covering[-1].text)) if covering else ""
    if leaf in CODE_HEADERS:
        return "code"
    if leaf in NAME_HEADERS:
        return "name"
    if leaf in LINE_NUMBER_HEADERS:
        return "line"
    if texts and sum(1 for t in texts if parse_decimal(t) is None and not _is_placeholder(t)) \
            > len(texts) / 2:
        return "name"  # words under it, not numbers: whatever its header says, it labels rows
    return "value"


def _body_texts(body: list[TableRow], x0: float, x1: float) -> list[str]:
    """The texts the body prints in the column between x0 and x1."""
    return [_label(c.text) for row in body for c in _own(row)
            if c.text.strip() and x0 - 1 <= c.box.cx <= x1 + 1]


def _late_subheaders(row: TableRow | None) -> list[tuple[float, str]]:
    """Header labels printed in the first body row (a 合计 row sharing its
    line with the sub-headers 合计/基本支出/项目支出 of a column group)."""
    if row is None:
        return []
    own = _own(row)
    return [(c.box.cx, _label(c.text)) for c in own[1:]
            if c.text and parse_decimal(c.text) is None and not _is_placeholder(c.text)]


def _is_placeholder(text: str) -> bool:
    return _label(text) in {"-", "—", "——", "－", "/"}


def _prefix_sides(columns: list[Column], labels: dict[int, str], statement: str) -> list[Column]:
    """Prefix the half's name where the same column name appears in two halves."""
    by_side: dict[int, set[str]] = {}
    for c in columns:
        if c.role == "value":
            by_side.setdefault(c.side, set()).add(c.path)
    if len(by_side) < 2:
        return columns
    seen: dict[str, int] = {}
    for paths in by_side.values():
        for p in paths:
            seen[p] = seen.get(p, 0) + 1
    fallback = SIDE_NAMES.get(statement, ())
    out = []
    for c in columns:
        if c.role == "value" and seen[c.path] > 1:
            side = labels.get(c.side) or (fallback[c.side] if c.side < len(fallback) else f"第{c.side + 1}栏")
            c = Column(c.role, c.side, c.x0, c.x1, f"{side}/{c.path}" if c.path else side)
        out.append(c)
    return out


@dataclass(slots=True)
class _Half:
    code: str = ""
    name: str = ""
    values: list[tuple[str, Decimal, Box, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    page: int
    continues_page: bool  # first body line of a later page
    halves: dict[int, _Half]


def _read_line(row: TableRow, columns: list[Column],
               references: list[tuple[Box, str]]) -> dict[int, _Half]:
    halves: dict[int, _Half] = {}
    parts: dict[int, list[tuple[str, RowCell]]] = {}
    for cell in _own(row):
        for col in columns:
            if col.x0 - 1 <= cell.box.cx <= col.x1 + 1:
                parts.setdefault(col.side, []).append((col.role, cell))
                half = halves.setdefault(col.side, _Half())
                if col.role == "value":
                    value = parse_decimal(cell.text)
                    if value is not None:
                        half.values.append((col.path, value, cell.box, _label(cell.text)))
                elif col.role in ("code", "line") and cell.text.strip().isdigit():
                    references.append((cell.box, col.role))
                break
    for side, cells in parts.items():
        half = halves[side]
        # 类/款/项 labels may share the first body line (the 合计 line)
        cells = [(role, c) for role, c in cells if _label(c.text) not in LABEL_HEADERS]
        codes = [c.text for role, c in cells if role == "code"]
        names = [c.text for role, c in cells if role == "name"]
        digits = [t for t in codes if t.isdigit()]
        names = [t for t in codes if t and not t.isdigit()] + names  # 合计 spanning code columns
        half.code = "".join(digits)
        half.name = join_lines([t for t in names if t]).replace(" ", "")
        if not half.code:  # code and name printed in one cell
            half.code, half.name = split_code(half.name)
    return halves


def _is_remainder(line: _Line) -> bool:
    """A wrapped name's last part that the page break carried to the next page."""
    return all(not h.code and not h.values for h in line.halves.values()) and any(
        h.name and not _ROW_OPENER.match(h.name) for h in line.halves.values()
    )


def read_statement(seq: int, name: str, title: str, unit: str, grids: list[Grid],
                   rows: list[TableRow] | None = None) -> Statement:
    """A statement's values from its grids (``rows``: their rows, when the
    caller has them already from :func:`~.stitching.fragment_rows`)."""
    statement = Statement(seq, name, title, unit, grids[0].page, grids[-1].page)
    rows = fragment_rows(grids) if rows is None else rows
    first = [r for r in rows if r.fragment == 0]
    n_header = header_row_count(first)
    statement.references += [(c.box, "column") for row in first[:n_header]
                             if _is_column_numbers(row) for c in _own(row) if c.text.strip()]
    first_body = first[n_header] if n_header < len(first) else None
    columns = read_columns(grids[0], first[:n_header], first_body, name, first[n_header:])
    lines: list[_Line] = []
    body_started: set[int] = set()
    header_texts = {_row_text(row) for row in first[:n_header]}
    for row in rows[n_header:]:
        if row.fragment > 0 and row.fragment not in body_started and (
                _is_repeated_header(row) or (_row_text(row) in header_texts and not _has_number(row))):
            if _is_column_numbers(row):
                statement.references += [(c.box, "column") for c in _own(row) if c.text.strip()]
            continue
        halves = _read_line(row, columns, statement.references)
        continues = row.fragment > 0 and row.fragment not in body_started
        body_started.add(row.fragment)
        line = _Line(row.page, continues, halves)
        if lines and line.continues_page and _is_remainder(line):
            for side, half in line.halves.items():
                prev = lines[-1].halves.setdefault(side, _Half())
                prev.name += half.name
            continue
        lines.append(line)
    _emit(statement, lines)
    return statement


def _row_text(row: TableRow) -> str:
    return "|".join(_label(c.text) for c in _own(row) if c.text.strip())


def _is_repeated_header(row: TableRow) -> bool:
    return _is_column_numbers(row) or (
        not _has_number(row) and any(_label(c.text) in LABEL_HEADERS for c in _own(row)))


def _emit(statement: Statement, lines: list[_Line]) -> None:
    seq = 0
    for line in lines:
        if not any(h.code or h.name or h.values for h in line.halves.values()):
            continue
        seq += 1
        for side in sorted(line.halves):
            half = line.halves[side]
            for column, value, box, printed in half.values:
                statement.values.append(StatementValue(
                    seq, half.code, LEVELS.get(len(half.code), ""), half.name, column, value,
                    box.page, box, side, printed=printed,
                ))
