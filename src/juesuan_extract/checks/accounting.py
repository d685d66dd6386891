"""Every number printed on a page, accounted for.

A document's datasets are only as good as what they leave out. This module
walks every line and table cell that the page layouts hold and finds each
number printed there (Arabic digits: amounts, percentages, counts, codes,
years …). Each one is

* **captured**: it is in an output row — a statement value, a field of a
  self-evaluation table, or the value or change of a fact read from its
  sentence;
* a **reference** that is not data, for a reason that follows from how it is
  printed: a 科目编码, 行次 or 栏次 cell the statement reader read as such, a
  year (2024年, 〔2024〕), a date, a list or article number (1. （2） 第3条), a
  table number (公开01表), a page number in the contents, a telephone number;
* or **unaccounted**, listed with its page, the line or cell it stands in and
  why it is not captured — so that a gap is seen, never silent.

A number is never called a reference to make the count come out: the rules
below look only at how the number is written and where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..geometry import Box, Line
from ..model import DocumentResult, EvaluationTable, Statement, StatementValue, UnaccountedNumber
from ..narrative.facts import split_sentences
from ..page.grid import Grid
from ..page.layout import PageLayout, TableBlock
from ..text import clean

# A printed number: digits with optional thousands separators, decimals, sign
# and percent sign. Digits glued to Latin letters (A4, GB2312) are names.
# A list number before a year (4.2026年预算单位…) is two numbers, not the decimal 4.2026.
_YEAR = r"(?:19|20)\d{2}\s*年"
NUMBER = re.compile(rf"(?:(?<![A-Za-z0-9.])|(?<=[.．])(?={_YEAR}))"
                    rf"[-+]?\d[\d,]*(?:\.(?!{_YEAR})\d+)?%?(?![A-Za-z])")

# References, by how they are written: each pattern matches a number in its
# surroundings; group "n" is the number itself.
_REFERENCES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("year", r"(?P<n>(?:19|20)\d{2})\s*(?:年|—|-|－|至)"),
        ("year", r"(?:[〔［\[【(（„]|—|-|－|至)\s*(?P<n>(?:19|20)\d{2})\s*(?:[〕］\]】)）‟]|年)"),
        # two years compared in a header (2022比2021)
        ("year", r"(?P<n>(?:19|20)\d{2})\s*[比较]\s*(?:19|20)\d{2}(?!\d)"),
        ("year", r"(?<!\d)(?:19|20)\d{2}\s*[比较]\s*(?P<n>(?:19|20)\d{2})(?!\d)"),
        ("date", r"(?P<n>\d{1,2})\s*(?:月|日)"),
        ("date", r"(?:19|20)\d{2}\s*[-/.．]\s*(?P<n>\d{1,2}\s*[-/.．]\s*\d{1,2})(?!\d)"),  # 2019-01-12
        ("list_number", r"(?:^|[\s：:；;。，,）)])(?P<n>\d{1,2})\s*[.．、](?!\d|(?:19|20)\d{2}\s*年)"),
        ("list_number", r"(?:^|[\s：:；;。，,）)])(?P<n>\d{1,2})\s*[.．、](?=(?:19|20)\d{2}\s*年)"),
        ("list_number", r"[（(]\s*(?P<n>\d{1,2})\s*[）)]"),
        ("list_number", r"第\s*(?P<n>\d+)\s*[条款项号章节页部分批次期届名位]"),
        # 〔2019〕12号, [2013]189号 (and „2019‟7号 where a text layer maps 〔〕 so)
        ("document_number", r"[〕］\]】‟]\s*(?P<n>\d+)\s*号"),
        ("table_number", r"(?:公开|附)?表\s*(?P<n>\d{1,2})(?!\d)"),
        ("table_number", r"(?P<n>\d{1,2})\s*表"),
        ("telephone", r"(?P<n>\d{3,4}-\d{7,8}|1[3-9]\d{9})"),
        # a unit's code before its name (606-湖州市交通运输局)
        ("unit_code", r"^(?P<n>\d{3,9})\s*[-－—]\s*(?=[\u4e00-\u9fff])"),
    )
)
_CONTENTS_PAGE = re.compile(r"(?P<n>\d{1,3})\s*$")


@dataclass(frozen=True, slots=True)
class Accounting:
    printed: int
    captured: int
    references: int
    unaccounted: tuple[UnaccountedNumber, ...]


@dataclass(frozen=True, slots=True)
class PrintedNumber:
    """A number found in a line or cell, with its place in that text."""

    text: str  # as printed
    start: int  # offset in the line or cell text
    end: int


def numbers_in(text: str) -> list[PrintedNumber]:
    return [PrintedNumber(m.group(), m.start(), m.end()) for m in NUMBER.finditer(text)]


def reference_kind(text: str, number: PrintedNumber) -> str:
    """The kind of reference a number is by how it is written, or ''."""
    for kind, pattern in _REFERENCES:
        for m in pattern.finditer(text):
            if m.start("n") <= number.start < m.end("n"):
                return kind
    return ""


def _value(printed: str) -> Decimal | None:
    try:
        return Decimal(printed.replace(",", "").rstrip("%"))
    except InvalidOperation:
        return None


def account(result: DocumentResult, layouts: list[PageLayout], tables: dict[int, TableRead],
            paragraphs: dict[tuple[Box, str], str], toc: set[tuple[Box, str]]) -> Accounting:
    """Account for every number on ``layouts``.

    ``tables`` maps ``id(grid)`` to what was read from the table the grid
    belongs to; ``paragraphs`` maps a narrative line (box, text) to the text of
    the paragraph it stands in; ``toc`` holds the contents lines.
    """
    facts = _fact_numbers(result)
    loose = _values_by_page(result)
    printed = captured = references = 0
    unaccounted: list[UnaccountedNumber] = []
    for page in layouts:
        for where, text, verdict in _verdicts(page, tables, paragraphs, toc, facts,
                                              loose.get(page.number, [])):
            printed += 1
            if verdict == "captured":
                captured += 1
            elif verdict.startswith("reference"):
                references += 1
            else:
                unaccounted.append(UnaccountedNumber(page.number, text, where[0], where[1], verdict))
    return Accounting(printed, captured, references, tuple(unaccounted))


@dataclass(frozen=True, slots=True)
class TableRead:
    """What one assembled table yielded: the reader's output, or neither for a
    table of no known kind."""

    kind: str  # evaluation | statement | other
    statement: Statement | None = None
    evaluation: EvaluationTable | None = None


def _verdicts(page: PageLayout, tables: dict[int, TableRead],
              paragraphs: dict[tuple[Box, str], str], toc: set[tuple[Box, str]],
              facts: dict[str, set[Decimal]],
              values: list[StatementValue]) -> Iterator[tuple[tuple[Box, str], str, str]]:
    for block in page.blocks:
        if isinstance(block, TableBlock):
            yield from _table_verdicts(block, tables.get(id(block.grid)))
        else:
            yield from _line_verdicts(block, paragraphs, toc, facts, values)


def _values_by_page(result: DocumentResult) -> dict[int, list[StatementValue]]:
    out: dict[int, list[StatementValue]] = {}
    for statement in result.statements:
        for value in statement.values:
            out.setdefault(value.page, []).append(value)
    return out


def _line_verdicts(line: Line, paragraphs: dict[tuple[Box, str], str],
                   toc: set[tuple[Box, str]], facts: dict[str, set[Decimal]],
                   values: list[StatementValue]) -> Iterator[tuple[tuple[Box, str], str, str]]:
    key = (line.box, line.text)
    # a table row that a page break printed as a line outside the ruling, read
    # by the statement reader (会议费110.05)
    in_line = {v.value for v in values if line.box.contains_point(v.box.cx, v.box.cy)}
    for number in numbers_in(line.text):
        kind = reference_kind(line.text, number)
        if not kind and key in paragraphs:  # a year wrapped before its 年, say
            kind = _reference_in_paragraph(paragraphs[key], line.text, number)
        if kind:
            verdict = f"reference: {kind}"
        elif _value(number.text) in in_line:
            verdict = "captured"
        elif key in toc and _CONTENTS_PAGE.search(line.text) and \
                number.end == len(line.text.rstrip()):
            verdict = "reference: contents page number"
        elif key in paragraphs and _in_fact(paragraphs[key], line.text, number, facts):
            verdict = "captured"
        elif key in paragraphs:
            verdict = "no fact covers this number"
        else:
            verdict = "in a caption or note that no table field holds"
        yield key, number.text, verdict


def _in_paragraph(paragraph: str, line: str, number: PrintedNumber) -> tuple[str, PrintedNumber] | None:
    """The paragraph's text (whitespace removed) and the number's place in it."""
    squashed = _squash(paragraph)
    at = squashed.find(_squash(line))
    if at < 0:
        return None
    start = at + len(_squash(line[:number.start]))
    return squashed, PrintedNumber(number.text, start, start + len(number.text))


def _reference_in_paragraph(paragraph: str, line: str, number: PrintedNumber) -> str:
    found = _in_paragraph(paragraph, line, number)
    return reference_kind(*found) if found is not None else ""


def _in_fact(paragraph: str, line: str, number: PrintedNumber,
             facts: dict[str, set[Decimal]]) -> bool:
    """Whether a fact read from the number's sentence holds its value."""
    value = _value(number.text)
    found = _in_paragraph(paragraph, line, number)
    if value is None or found is None:
        return False
    squashed, placed = found
    for start, sentence in split_sentences(squashed):
        if start <= placed.start < start + len(sentence):
            return abs(value) in facts.get(sentence, set())
    return False


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", clean(text))


def _fact_numbers(result: DocumentResult) -> dict[str, set[Decimal]]:
    """Each fact sentence (whitespace removed) → the numbers its facts hold."""
    out: dict[str, set[Decimal]] = {}
    for fact in result.facts:
        held = out.setdefault(_squash(fact.sentence), set())
        # a change is stored signed (减少 → negative); it is printed without a sign
        held.update(abs(v) for v in (fact.value, fact.change_amount, fact.change_pct)
                    if v is not None)
    return out


def _table_verdicts(block: TableBlock,
                    read: TableRead | None) -> Iterator[tuple[tuple[Box, str], str, str]]:
    title = _squash(_title_of(read))
    for line in block.caption:
        held = bool(title) and _squash(line.text) in title  # a number of the title output
        for number in numbers_in(line.text):
            kind = reference_kind(line.text, number)
            yield (line.box, line.text), number.text, \
                f"reference: {kind}" if kind else "captured" if held else "in a table caption"
    owned = _cell_owners(block.grid, read)
    serial = _serial_number_cells(block.grid)
    for cell in block.grid.cells:
        for number in numbers_in(cell.text):
            verdict = owned(cell.box, cell.text, number)
            if not verdict.startswith(("captured", "reference")) and cell.box in serial:
                verdict = "reference: list_number"
            yield (cell.box, cell.text), number.text, verdict


def _title_of(read: TableRead | None) -> str:
    """The title the table's output row holds ('' for a table not read)."""
    if read is None:
        return ""
    if read.evaluation is not None:
        return read.evaluation.title
    return read.statement.title if read.statement is not None else ""


# Headers of a column that numbers the rows (序号 1, 2, 3 …).
_SERIAL_HEADERS = frozenset({"序号", "编号", "序", "行次", "行号", "栏次"})


# A first column counting up one by one over this many rows numbers them, headed or not
# (the rest of a 序号 column on the page after its header).
MIN_SERIAL_ROWS = 3


def _serial_number_cells(grid: Grid) -> set[Box]:
    """Boxes of whole-number cells in a column headed 序号 (or alike), and of a
    first column whose cells count up one by one (4, 5, 6 …)."""
    heads = [c for c in grid.cells if _squash(c.text) in _SERIAL_HEADERS]
    out: set[Box] = set()
    for head in heads:
        for cell in grid.cells:
            if cell.row > head.row and cell.col == head.col and _squash(cell.text).isdigit():
                out.add(cell.box)
    first = sorted((c for c in grid.cells if c.col == 0 and c.text.strip()), key=lambda c: c.row)
    numbers = [int(t) for c in first if (t := _squash(c.text)).isdigit()]
    if len(numbers) == len(first) >= MIN_SERIAL_ROWS and \
            numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        out.update(c.box for c in first)
    return out


# What became of a number in a cell: (cell box, cell text, number) → verdict.
Owner = Callable[[Box, str, PrintedNumber], str]


def _cell_owners(grid: Grid, read: TableRead | None) -> Owner:
    """A function telling, for a number in a cell, what became of it."""
    if read is None or (read.statement is None and read.evaluation is None):
        def unread(box: Box, text: str, number: PrintedNumber) -> str:
            kind = reference_kind(text, number)
            return f"reference: {kind}" if kind else "in a table that is not read"
        return unread
    if read.statement is not None:
        return _statement_owner(read.statement)
    assert read.evaluation is not None
    return _evaluation_owner(read.evaluation)


def _statement_owner(statement: Statement) -> Owner:
    values = {v.box for v in statement.values} | {t.box for t in statement.texts}
    refs = dict(statement.references)
    codes = {v.code for v in statement.values if v.code}

    def owner(box: Box, text: str, number: PrintedNumber) -> str:
        if box in values or refs.get(box) == "value":
            return "captured"
        if box in refs:
            return f"reference: {refs[box]}"
        if number.text in codes or any(c.startswith(number.text) and len(number.text) >= 3
                                       for c in codes):
            return "reference: code"
        kind = reference_kind(text, number)
        return f"reference: {kind}" if kind else "not read as a statement value"
    return owner


def _evaluation_owner(table: EvaluationTable) -> Owner:
    boxes: set[Box] = {b for found in table.boxes.values() for b in found}
    texts: list[str] = [table.project_name, table.competent_dept, table.implementing_unit,
                        table.goal_expected, table.goal_actual, table.title]
    for row in table.funds:
        boxes.update(row.boxes.values())
        texts.append(row.source)
    for ind in table.indicators:
        for found in ind.boxes.values():
            boxes.update(found)
        texts += [ind.level1, ind.level2, ind.level3, ind.target, ind.basis, ind.actual,
                  ind.deviation_reason]
    held = _squash("\u0000".join(texts))

    def owner(box: Box, text: str, number: PrintedNumber) -> str:
        cell = _squash(text)
        # a cell that is the number alone is captured only by its own box; a
        # number inside text is captured with the text of the field that holds it
        if box in boxes or (cell != number.text and cell in held):
            return "captured"
        kind = reference_kind(text, number)
        return f"reference: {kind}" if kind else "not in any field of the self-evaluation table"
    return owner
