"""Rows of a budget statement (部门预算公开表) → one value per printed number.

Budget tables are read from their cells' positions rather than from grid rows:
producers (Word above all) rule them with many more lines than the table has
rows and columns, so one printed line spans several grid rows, and a label
merged over several lines (收入预算总表's 一般公共预算资金 over 小计 and
公共财政拨款资金) stands beside each of them. So:

* a printed line is the set of cells whose box holds the middle of a number's
  cell (numbers of one line share it; a merged label holds it for each line);
* a number's column is the path of header cells above its middle
  (收入/金额, 支出/功能分类/金额, “三公”经费/公务用车购置及运行维护费/小计);
* header cells over no number are label columns (项目名称, 功能科目编码 …); a
  run of label columns and the value columns after it make one side of the
  table, and a number's name is the labels of its side on its line, joined
  with ``/`` (一般公共预算资金/小计), its 科目编码 apart;
* 政府采购支出预算表 leaves a continuing 大类, 专项 or 物品 blank: a blank label
  left of the first printed one is the one above (see golden/budgets/README.md).

Later pages map their numbers to the first page's columns; a header repeated
there is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import takewhile

from ..geometry import Box, Line
from ..model import Statement, StatementText, StatementValue
from ..page.grid import Grid
from ..page.tokens import Token, touching
from ..text import AMOUNT, split_code
from .budget_titles import BUDGET_STATEMENTS

LEVELS = {3: "类", 5: "款", 7: "项"}
PROCUREMENT = BUDGET_STATEMENTS[12]
_AMOUNT = re.compile(f"^{AMOUNT}$")
_LOOSE_AMOUNT = re.compile(r"-?[\d,]+\.\d+$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CODE_PART = re.compile(r"^\d{2}$")  # 款 or 项 printed in a column of its own
# the header of a column that numbers the rows (序号): references, neither amount nor name
_SERIAL_HEADER = re.compile(r"^(序号|编号|序)$")
# the header of a unit's code (单位编码, 预算单位代码): a label of the row, not a 科目编码
_UNIT_CODE_HEADER = re.compile(r"单位(编码|代码)")
# a 科目编码 header, also clipped by its cell (功能分类科目编), or the 类 | 款 | 项 under it
_CODE_HEADER = re.compile(r"编码|代码|科目编$|^[类款项]$")
# a label column's header (a part of one wrapped onto its own cell: 采购品目大 / 类)
_LABEL_WORDS = re.compile(r"名称|编码|代码|科目|品目|项目|组织形式")
LINE_TOLERANCE = 3.0  # points between the middles of two numbers on one printed line
EDGE = 1.0  # points a cell may reach past the column it belongs to
# an ideograph's width in a header cell: the corpus budgets set headers in 9–10.5 pt
HEADER_EM = 9.0


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str  # whitespace removed
    box: Box
    value: Decimal | None = None
    parts: tuple[Box, ...] = ()  # the cells an amount cut by a ruling line was joined from
    code: bool = False  # printed under a 科目编码 header: a code or a part of one (类 | 款 | 项)
    unit_code: bool = False  # printed under a 单位编码 header: part of the row's name
    # the cell's text as printed pieces: whether two cells' digits touch is told by them
    tokens: tuple[Token, ...] = ()

    @property
    def cx(self) -> float:
        return (self.box.x0 + self.box.x1) / 2

    @property
    def cy(self) -> float:
        return (self.box.top + self.box.bottom) / 2


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A header cell with no header cell under it: one column."""

    cell: _Cell
    value: bool  # a column of numbers (else a label column)
    label_start: float  # where the labels of its side begin
    side_labels: tuple[_Cell, ...]  # the label columns of its side
    printed: bool = True  # the body prints something under it

    @property
    def x0(self) -> float:
        return self.cell.box.x0

    @property
    def x1(self) -> float:
        return self.cell.box.x1


def _cells(grid: Grid) -> list[_Cell]:
    return [_Cell(re.sub(r"\s+", "", c.text), c.box, tokens=c.tokens) for c in grid.cells if c.text.strip()]


def _same_column(a: _Cell, b: _Cell) -> bool:
    return abs(a.box.x0 - b.box.x0) <= 2 * EDGE and abs(a.box.x1 - b.box.x1) <= 2 * EDGE


def _fills(cell: _Cell) -> bool:
    """Does the text fill its cell's width, as a line that wrapped does (会议 in a
    narrow column; not 支出 over two columns)?"""
    return len(cell.text) * HEADER_EM >= cell.box.width - 1.5 * HEADER_EM


def join_wrapped_header(cells: list[_Cell]) -> list[_Cell]:
    """Header text wrapped over lines that Word set in cells of their own
    (会议 / 费, 公务用车 / 运行维护 / 费): cells of one column touching one above
    the other are one header."""
    out: list[_Cell] = []
    for c in sorted(cells, key=lambda c: (c.box.page, c.box.top, c.box.x0)):
        above = next((o for o in out if _same_column(o, c) and abs(c.box.top - o.box.bottom) <= EDGE
                      and _fills(o)), None)
        if above is None:
            out.append(c)
            continue
        b = above.box
        out[out.index(above)] = _Cell(above.text + c.text, Box(b.page, b.x0, b.top, b.x1, c.box.bottom))
    return out


def _digits_touch(left: _Cell, right: _Cell) -> bool:
    """Do the printed digits of two neighbouring cells touch, as one number's do?
    Cells merely sharing a border (46.56 | 25) print two numbers."""
    return bool(left.tokens and right.tokens) and touching(left.tokens[-1], right.tokens[0])


def join_split_numbers(cells: list[_Cell]) -> list[_Cell]:
    """An amount that crosses a ruling line Word drew inside its cell (267.8 | 0):
    a number and the digits touching it on its right are one number."""
    out: list[_Cell] = []
    for c in sorted(cells, key=lambda c: (c.box.page, c.box.top, c.box.x0)):
        left = next((o for o in out if abs(o.box.top - c.box.top) <= EDGE
                     and abs(o.box.bottom - c.box.bottom) <= EDGE
                     and 0 <= c.box.x0 - o.box.x1 <= EDGE and o.value is not None
                     and len(c.text) <= 2 and c.text.isdigit() and _digits_touch(o, c)
                     and _AMOUNT.match(o.text + c.text)), None)
        if left is None:
            out.append(c)
            continue
        b, text = left.box, left.text + c.text
        out[out.index(left)] = _Cell(text, Box(b.page, b.x0, b.top, c.box.x1, b.bottom),
                                     Decimal(text.replace(",", "")), (*(left.parts or (b,)), c.box),
                                     tokens=left.tokens + c.tokens)
    return out


def _covers(cell: _Cell, x: float) -> bool:
    return cell.box.x0 - EDGE <= x <= cell.box.x1 + EDGE


def _with_values(cells: list[_Cell], code_headers: list[_Cell]) -> list[_Cell]:
    """Amounts get their value; digits under a 编码 / 代码 header are a code, a part
    of one (类 | 款 | 项: 201 | 26 | 01) or a unit's code (242001): a label, never an amount."""
    out = []
    for c in cells:
        under = [h for h in code_headers if _covers(h, c.cx)]
        if under and c.text.isdigit():
            c = replace(c, code=True, unit_code=any(_UNIT_CODE_HEADER.search(h.text) for h in under))
        elif _AMOUNT.match(c.text):
            c = replace(c, value=Decimal(c.text.replace(",", "")))
        out.append(c)
    return out


# What a column-number row prints beside its numbers: 栏次, or ** over the label columns.
_COLUMN_NUMBER_LABELS = frozenset({"栏次", "**", "*", "-", "—"})


def _column_numbers(cells: list[_Cell]) -> list[_Cell]:
    """The cells of a row that numbers the columns (1 2 3 … or ** ** 1 2 …, under
    the header): references, no amounts. Its numbers count up one by one from 1."""
    rows: dict[tuple[int, int], list[_Cell]] = {}
    for c in cells:
        rows.setdefault((c.box.page, round(c.cy / LINE_TOLERANCE)), []).append(c)
    out: list[_Cell] = []
    for row in rows.values():
        texts = [c.text for c in sorted(row, key=lambda c: c.box.x0)]
        numbers = [int(t) for t in texts if t.isdigit()]
        if len(numbers) >= 3 and numbers == list(range(1, len(numbers) + 1)) and all(
                t.isdigit() or t in _COLUMN_NUMBER_LABELS for t in texts):
            out += row
    return out


def _split_header(cells: list[_Cell]) -> tuple[list[_Cell], list[_Cell]]:
    """Header cells (above the first number) and body cells of one page."""
    values = [c for c in cells if c.value is not None]
    if not values:
        return [], cells
    first_top = min(c.box.top for c in values)
    header = [c for c in cells if c.value is None and c.cy < first_top]
    return header, [c for c in cells if c not in header]


def _leaves(header: list[_Cell], body: list[_Cell]) -> list[_Leaf]:
    """The columns, left to right. A label column prints labels and no number; a
    column that prints nothing (公务用车购置费 left blank) is a column of numbers."""
    leaves = []
    for h in header:
        below = [o for o in header if o is not h and o.box.top >= h.box.bottom - EDGE
                 and min(o.box.x1, h.box.x1) - max(o.box.x0, h.box.x0) > EDGE]
        if not below:
            leaves.append(h)
    leaves.sort(key=lambda c: c.box.x0)
    out: list[_Leaf] = []
    label_start, previous_value = float("-inf"), True
    side: list[_Cell] = []
    for leaf in leaves:
        under = [c for c in body if leaf.box.x0 - EDGE <= c.cx <= leaf.box.x1 + EDGE]
        is_value = not under or any(c.value is not None for c in under)
        if not is_value and previous_value:
            label_start, side = leaf.box.x0, []
        if not is_value:
            side.append(leaf)
        out.append(_Leaf(leaf, is_value, label_start, tuple(side), bool(under)))
        if under:  # a blank column (购买服务的内容, 备注) between labels parts no sides
            previous_value = is_value
    return out


def _lines(body: list[_Cell]) -> list[tuple[float, int, list[_Cell]]]:
    """(middle, page, cells) of every printed line holding a number, top to bottom."""
    middles: list[tuple[int, float]] = []
    for v in sorted((c for c in body if c.value is not None), key=lambda c: (c.box.page, c.cy)):
        if not middles or middles[-1][0] != v.box.page or v.cy - middles[-1][1] > LINE_TOLERANCE:
            middles.append((v.box.page, v.cy))
    out = []
    for page, cy in middles:
        cells = [c for c in body if c.box.page == page and c.box.top - EDGE <= cy <= c.box.bottom + EDGE]
        out.append((cy, page, sorted(cells, key=lambda c: c.box.x0)))
    return out


def _path(v: _Cell, header: list[_Cell], leaf: _Leaf | None, leaves: list[_Leaf]) -> str:
    """The header cells over a number. Word rules a table with more lines than it
    has columns, so a group header's cell (功能分类, 支出用途) need not reach over
    all its columns: a group is known by the label column of its side it stands
    over, and a header over another side's label column is not this side's."""
    labels = [lf.cell for lf in leaves if not lf.value]
    own = leaf.side_labels if leaf else ()
    path = []
    for h in header:
        if any(h is lab for lab in labels):
            continue
        under = [lab for lab in labels if _covers(h, lab.cx)]
        if (_covers(h, v.cx) and all(any(u is o for o in own) for u in under)) or (
                own and _covers(h, own[0].cx) and not _LABEL_WORDS.search(h.text)):
            path.append(h)
    return "/".join(h.text for h in sorted(path, key=lambda h: h.box.top))


def _leaf_for(v: _Cell, leaves: list[_Leaf]) -> _Leaf | None:
    return next((lf for lf in leaves if lf.value and lf.x0 - EDGE <= v.cx <= lf.x1 + EDGE), None)


def _labels(v: _Cell, line: list[_Cell], leaf: _Leaf | None, tail: float = float("inf"),
            attributes: tuple[tuple[float, float], ...] = ()) -> list[_Cell]:
    """The labels of a number's line: those of its side left of it, and those printed
    right of the last column of numbers (``tail``: 功能分类科目名称 after 金额), less the
    attribute columns (the same word on every line: 项目支出, 1月-12月)."""
    start = leaf.label_start if leaf else float("-inf")
    return [c for c in line if c.value is None
            and ((c.box.x1 > start + EDGE and c.box.x1 <= v.box.x0 + 2 * EDGE)
                 or (c.cx > tail and not _DESCRIPTION.search(c.text)))
            and not any(x0 - EDGE <= c.cx <= x1 + EDGE for x0, x1 in attributes)]


# A sentence, not a name: a trailing 项目概况 column describes its row, it does not name it.
_DESCRIPTION = re.compile(r"[。；;]|.{40}")


# A label column is an attribute when it prints the same word on at least this many lines
# and on every line: it tells no row from another (项目类别 项目支出, 采购时间 1月-12月).
MIN_ATTRIBUTE_LINES = 3


def _attributes(leaves: list[_Leaf], lines: list[tuple[float, int, list[_Cell]]]) -> tuple[tuple[float, float], ...]:
    out = []
    for lf in leaves:
        if lf.value:
            continue
        texts = [c.text for _, _, line in lines for c in line
                 if c.value is None and lf.x0 - EDGE <= c.cx <= lf.x1 + EDGE]
        if len(texts) >= MIN_ATTRIBUTE_LINES and len(set(texts)) == 1 \
                and len(texts) >= 0.8 * len(lines) and not texts[0].isdigit():
            out.append((lf.x0, lf.x1))
    return tuple(out)


def _one_row_sides(leaves: list[_Leaf], body: list[_Cell],
                   attributes: tuple[tuple[float, float], ...]) -> list[_Leaf]:
    """A run of label columns after numbers that names nothing — codes of another
    classification (部门经济科目 类 | 款), attributes (采购时间) — starts no half of its
    own: the numbers after it are the same row's (政府采购's 数量 … 预算金额)."""
    out: list[_Leaf] = []
    joined: _Leaf | None = None  # the side such a run, and the numbers after it, belong to
    for i, lf in enumerate(leaves):
        if not lf.value and lf.label_start == lf.x0 and out:  # the column starts a side
            run = takewhile(lambda o: not o.value, leaves[i:])
            joined = out[-1] if all(_names_nothing(o, body, attributes) for o in run) else None
        if joined is not None:
            lf = replace(lf, label_start=joined.label_start, side_labels=joined.side_labels)
        out.append(lf)
    return out


def _names_nothing(leaf: _Leaf, body: list[_Cell], attributes: tuple[tuple[float, float], ...]) -> bool:
    under = [c for c in body if leaf.x0 - EDGE <= c.cx <= leaf.x1 + EDGE]
    return any(leaf.x0 == x0 for x0, _ in attributes) or (bool(under) and all(c.code for c in under))


def _subject_code(labels: list[_Cell]) -> tuple[str, list[_Cell]]:
    """A 科目编码 printed over 类 | 款 | 项 cells (the first run of code parts: 208 | 01 |
    09 → 2080109) and the labels less every code part but a unit's code (other
    classifications' 类 | 款 printed beside it are codes, not names)."""
    parts = [c for c in labels if c.code and not c.unit_code]
    code = ""
    if parts and len(parts[0].text) == 3:
        code = parts[0].text
        for c in parts[1:3]:
            if not _CODE_PART.match(c.text):
                break
            code += c.text
    rest = [c for c in labels if not c.code or c.unit_code]
    return (code if _CODE.match(code) else ""), rest


def _code_and_name(labels: list[_Cell], lei: str = "") -> tuple[str, str]:
    """The 科目编码 and the name of a line's labels. A code printed over 类 | 款 | 项
    columns is its parts joined left to right (201 | 26 | 01 → 2012601); a 款 printed
    alone as two digits (10) is of the 类 above (``lei``: 201 → 20110); other codes
    (a unit's 242001) are part of the name."""
    parts = [c.text for c in labels if c.code and not c.unit_code]
    joined = "".join(parts)
    if parts and _CODE.match(joined) and len(parts[0]) == 3:
        code = joined
        names = [c.text for c in labels if not c.code or c.unit_code]
    elif len(parts) == 1 and _CODE_PART.match(joined) and lei:
        code = lei + joined
        names = [c.text for c in labels if not c.code or c.unit_code]
    else:
        codes = [c.text for c in labels if _CODE.match(c.text) and not c.unit_code]
        code = "".join(codes[:1])
        names = [c.text for c in labels if c.unit_code or not _CODE.match(c.text)]
    name = "/".join(names)
    if not code:  # code and name printed in one cell
        code, name = split_code(name)
    return code, name


class _FillDown:
    """政府采购: a blank label column left of the line's first printed label is
    the label above; the columns from the first printed label on are as printed."""

    def __init__(self, columns: list[_Leaf]):
        self.columns = columns
        self.above = [""] * len(columns)

    def names(self, labels: list[_Cell]) -> list[str]:
        row = [""] * len(self.columns)
        for c in labels:
            i = next((k for k, col in enumerate(self.columns) if col.x0 - EDGE <= c.cx <= col.x1 + EDGE), None)
            if i is None:
                i = max((k for k, col in enumerate(self.columns) if col.x0 <= c.cx), default=0)
            row[i] = "/".join(t for t in (row[i], c.text) if t)
        first = next((k for k, t in enumerate(row) if t), len(row))
        row[:first] = self.above[:first]
        self.above = row
        return [t for t in row if t]


def _loose_cells(line: Line) -> list[_Cell]:
    """A row printed as a line outside the ruling ("会议费110.05") as two cells:
    the label where the line starts, the amount where it ends (widths estimated
    from the font size: an ideograph is one em, a digit half of one)."""
    text = line.text.replace(" ", "")
    m = _LOOSE_AMOUNT.search(text)
    if not m:
        return []
    label, amount = text[: m.start()], m.group(0)
    b = line.box
    label_box = Box(b.page, b.x0, b.top, min(b.x1, b.x0 + len(label) * line.size), b.bottom)
    value_box = Box(b.page, max(b.x0, b.x1 - len(amount) * line.size / 2), b.top, b.x1, b.bottom)
    return [_Cell(label, label_box), _Cell(amount, value_box)]


def read_budget_statement(seq: int, name: str, title: str, unit: str, grids: list[Grid],
                          number: int | None = None, loose: tuple[Line, ...] = ()) -> Statement:
    """A budget statement's values from its grids (the caption rows cut off) and
    the rows a page break left outside the ruling (``loose``)."""
    statement = Statement(seq, name, title, unit, grids[0].page, grids[-1].page, number=number)
    first = _without_column_numbers(_cells(grids[0]), statement)
    code_headers = [c for c in first if _CODE_HEADER.search(c.text)]
    serial = [c for c in first if _SERIAL_HEADER.match(c.text)]
    header, body = _split_header(join_split_numbers(_with_values(first, code_headers)))
    statement.doubts += _header_across_borders(header)
    header = join_wrapped_header(header)
    header_texts = {h.text for h in header}
    body = _without_serials(body, serial, statement)
    for grid in grids[1:]:
        cells = _with_values(_cells(grid) + [c for ln in loose if ln.box.page == grid.page
                                             for c in _loose_cells(ln)], code_headers)
        cells = _without_serials(cells, serial, statement)
        top, rest = _split_header(join_split_numbers(_without_column_numbers(cells, statement)))
        # a repeated header goes; other text above the first number is a wrapped remainder
        body += [c for c in top if c.text not in header_texts] + rest
    if not header and not name:  # a table of no known kind and no header: nothing names its columns
        return statement
    leaves = _leaves(header, body)
    fill = _FillDown([lf for lf in leaves if not lf.value]) if name == PROCUREMENT else None
    body = _without_counting_columns(body, leaves, statement)
    lines = _lines(body)
    attributes = _attributes(leaves, lines)
    # codes printed on lines without an amount (a 项 left blank) are codes all the same
    statement.references += [(c.box, "code") for c in body if c.code]
    statement.references += [(c.box, "label") for _, _, line in lines for c in line
                             if c.value is None and re.search(r"\d", c.text)
                             and any(x0 - EDGE <= c.cx <= x1 + EDGE for x0, x1 in attributes)]
    leaves = _one_row_sides(leaves, body, attributes)
    tail = max((lf.x1 for lf in leaves if lf.value and lf.printed), default=float("inf"))
    # halves side by side (收入 | 支出): each label run starts one, numbered from the left
    halves = sorted({lf.label_start for lf in leaves if lf.value})
    lei = ""  # the last 类 code printed: a 款 printed as two digits is of it
    sides: list[_Leaf | None] = []  # each value's column, in order
    described: set[Box] = set()  # text cells already given to a row (a cell over several lines)
    for row_seq, (_, page, line) in enumerate(lines, start=1):
        named: list[tuple[str, list[_Cell]]] = []  # each value's name and labels
        for v in (c for c in line if c.value is not None):
            leaf = _leaf_for(v, leaves)
            labels = _labels(v, line, leaf, tail, attributes)
            if fill is not None:
                code, rest = _subject_code(labels)
                label = "/".join(fill.names(rest))
            else:
                code, label = _code_and_name(labels, lei)
                lei = code[:3] if len(code) >= 3 else lei
            assert v.value is not None
            # a number cut by a rule: its first cell holds the value, the rest are its parts
            statement.references += [(part, "value" if i == 0 else "part")
                                     for i, part in enumerate(v.parts)]
            statement.references += [(c.box, "label") for c in labels if re.search(r"\d", c.text)]
            statement.values.append(StatementValue(
                row_seq, code, LEVELS.get(len(code), ""), label, _path(v, header, leaf, leaves), v.value,
                page, v.box, halves.index(leaf.label_start) if leaf else 0, printed=v.text,
            ))
            sides.append(leaf)
            named.append((label, labels))
        statement.texts += _row_texts(row_seq, [c for c in line if c.cx > tail], named, header,
                                      attributes, described)
    statement.texts += _carried_texts(body, lines, statement.texts, tail, described)
    statement.texts.sort(key=lambda t: (t.row_seq, t.page, t.box.top))
    _name_sides(statement, sides)
    return statement


def _carried_texts(body: list[_Cell], lines: list[tuple[float, int, list[_Cell]]],
                   texts: list[StatementText], tail: float, described: set[Box]) -> list[StatementText]:
    """The rest of a row's text that the page break carried to the top of the next
    page, on no line of numbers: the row's above it, in the same column."""
    on_lines = {c.box for _, _, line in lines for c in line}
    out = []
    for c in body:
        if c.value is not None or c.code or c.cx <= tail or c.box in described or c.box in on_lines:
            continue
        above = [t for t in texts if (t.page, t.box.top) < (c.box.page, c.box.top)
                 and t.box.x0 - EDGE <= c.cx <= t.box.x1 + EDGE]
        if above and c.box.page == above[-1].page + 1:
            out.append(replace(above[-1], text=c.text, page=c.box.page, box=c.box))
            described.add(c.box)
    return out


def _row_texts(row_seq: int, line: list[_Cell], named: list[tuple[str, list[_Cell]]],
               header: list[_Cell], attributes: tuple[tuple[float, float], ...],
               described: set[Box]) -> list[StatementText]:
    """The text cells of a line of numbers, after its last column of numbers, that
    name none of them: a project's description or goal printed beside its amounts
    (项目概述, 绩效目标), kept with the row (its name: its first value's) rather
    than lost. ``described`` holds the cells given to a row already: a cell beside
    several lines goes to the first."""
    used = {c.box for _, labels in named for c in labels}
    out = []
    for c in line:
        if c.value is not None or c.code or c.box in used or c.box in described \
                or any(x0 - EDGE <= c.cx <= x1 + EDGE for x0, x1 in attributes):
            continue
        described.add(c.box)
        column = "/".join(h.text for h in sorted(header, key=lambda h: h.box.top) if _covers(h, c.cx))
        out.append(StatementText(row_seq, named[0][0] if named else "", column, c.text,
                                 c.box.page, c.box))
    return out


def _one_string(left: Token, right: Token) -> bool:
    """Two header pieces set as one string over a border: glyph after glyph, no gap."""
    same_line = min(left.bottom, right.bottom) - max(left.top, right.top) > 0.5 * left.size
    return same_line and abs(right.x0 - left.x1) <= 0.1 * min(left.size, right.size)


def _header_across_borders(header: list[_Cell]) -> list[str]:
    """Header text printed across a cell's border (a name too long for its cell, set
    over the next one: 公务用车购置及运行维护 | 费会议费): which column a word names is in
    doubt, and so is every path read from it."""
    crossing = []
    for a in header:
        for b in header:
            if a is not b and a.tokens and b.tokens and abs(b.box.x0 - a.box.x1) <= EDGE \
                    and any(_one_string(t, u) for t in a.tokens for u in b.tokens):
                crossing.append(f"{a.text}|{b.text}")
    if not crossing:
        return []
    page = header[0].box.page
    return [f"header text runs across cell borders on p.{page} ({'; '.join(crossing[:3])}): the "
            "columns' names may be read wrong"]


# A column of whole numbers counting up one by one, line by line, numbers the rows.
MIN_COUNTED = 3


def _without_counting_columns(body: list[_Cell], leaves: list[_Leaf],
                              statement: Statement) -> list[_Cell]:
    """The body less a column that numbers its rows (1, 2, 3 … under no 序号 header, or
    4 … 15 on a table's next page): references, no amounts."""
    drop: list[_Cell] = []
    for leaf in (lf for lf in leaves if lf.value):
        under = sorted((c for c in body if c.value is not None
                        and leaf.x0 - EDGE <= c.cx <= leaf.x1 + EDGE), key=lambda c: (c.box.page, c.cy))
        numbers = [int(c.text) for c in under if c.text.isdigit()]
        if len(numbers) >= MIN_COUNTED and len(numbers) == len(under) \
                and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            drop += under
    statement.references += [(c.box, "line") for c in drop]
    return [c for c in body if not any(c is d for d in drop)]


def _without_serials(cells: list[_Cell], serial: list[_Cell], statement: Statement) -> list[_Cell]:
    """The cells less the row numbers printed under a 序号 header (kept as references)."""
    numbered = [c for c in cells if c.text.isdigit() and any(_covers(h, c.cx) for h in serial)
                and c.box.top >= min(h.box.bottom for h in serial) - EDGE]
    statement.references += [(c.box, "line") for c in numbered]
    return [c for c in cells if not any(c is n for n in numbered)]


def _without_column_numbers(cells: list[_Cell], statement: Statement) -> list[_Cell]:
    """The cells less a column-number row's (kept as references)."""
    numbered = _column_numbers(cells)
    statement.references += [(c.box, "column") for c in numbered if c.text.isdigit()]
    return [c for c in cells if not any(c is n for n in numbered)]


def _name_sides(statement: Statement, leaves: list[_Leaf | None]) -> None:
    """Halves side by side that print the same columns (三 支出 halves, each
    预算数): each value's path names its half by the half's label header
    (支出/支出功能分类科目（按大类）/预算数), as a reader of the page tells them apart."""
    sides: dict[str, set[float]] = {}
    for v, leaf in zip(statement.values, leaves):
        if leaf is not None:
            sides.setdefault(v.column, set()).add(leaf.label_start)
    shared = {path for path, starts in sides.items() if len(starts) > 1}
    if not shared:
        return
    for i, (v, leaf) in enumerate(zip(statement.values, leaves)):
        if v.column in shared and leaf is not None and leaf.side_labels:
            head, _, last = v.column.rpartition("/")
            label = leaf.side_labels[0].text
            statement.values[i] = replace(v, column="/".join(p for p in (head, label, last) if p))
