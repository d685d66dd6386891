"""The types every part of the pipeline shares: what a page reader gives for a
page, and what a document yields.

Each stage fills its own slot of :class:`DocumentResult` (sections, tables,
facts, checks); the types live here rather than in the module that happens to
create them, so that later parts (checks, outputs, inspect) can name them
without importing the stage. Coordinates are those of :mod:`.geometry`: PDF
points, origin at the top-left of the page as shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .errors import PageError
from .geometry import Box, Char

# --- page content: what a page reader gives --------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling segment: ``at`` is its x (vertical) or y (horizontal) position,
    ``start``/``end`` its extent along the other axis."""

    at: float
    start: float
    end: float
    # False for a border the page's cut left undrawn, closed by the reader (a merged
    # cell cut by a page break: see read.ruling.cut_cell_borders)
    drawn: bool = True


@dataclass(frozen=True, slots=True)
class RuledTable:
    """One ruled region on one page: its outline and the ruling inside it.

    ``inferred`` when the page prints no such ruling and it was drawn from
    the text's alignment (:mod:`juesuan_extract.page.unruled.draw`): users are told, as
    such a grid deserves a closer look.
    """

    box: Box
    horizontal: tuple[Segment, ...]
    vertical: tuple[Segment, ...]
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    tables: tuple[RuledTable, ...]
    image_cover: float = 0.0  # share of the page area under images (0–1)
    damage: str = ""  # why part of the page could not be decoded ('' when intact)
    reader: str = ""  # which page reader read it: pdfium, pdfminer or ocr
    # the recogniser's probability of each character, parallel to chars (OCR only)
    confidence: tuple[float, ...] = ()


# --- what a document yields -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    seq: int
    level: int
    heading: str
    text: str
    page_start: int
    page_end: int
    # (offset into text, page): text from that offset on is printed on that
    # page, until the next mark. The first mark is at offset 0.
    page_marks: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int:
        """The page on which ``text[offset]`` is printed."""
        page = self.page_start
        for start, number in self.page_marks:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True, slots=True)
class Fact:
    fact: str
    qualifier: str
    value: Decimal | None  # None when the sentence states only a change or 持平
    unit: str  # of the value; of the change amount when there is no value
    change_amount: Decimal | None
    change_pct: Decimal | None
    direction: str  # 增加 | 减少 | 持平 | ''
    reason: str
    page: int  # where the sentence starts
    sentence: str
    section_seq: int


@dataclass(frozen=True, slots=True)
class StatementValue:
    row_seq: int
    code: str
    level: str
    name: str
    column: str
    value: Decimal
    page: int
    box: Box
    side: int = 0  # half of a two-sided statement: 0 left, 1 right
    # the lowest probability the OCR recogniser gave a character of the value
    # (None when the page was read from its text layer)
    confidence: float | None = None
    printed: str = ""  # the number as printed in its cell (separators kept)
    # why the value is in doubt ('' when it was read as one printed number at its box)
    doubt: str = ""


@dataclass(frozen=True, slots=True)
class StatementText:
    """A text cell of a statement's row that is neither an amount nor the row's
    label: what a project table prints beside its amounts (项目概述, 绩效目标 …)."""

    row_seq: int
    name: str  # the row's label, as its values carry it
    column: str  # the header path over the cell
    text: str
    page: int
    box: Box


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    """A column of numbers as the header of a statement's first page names it."""

    path: str
    x0: float
    x1: float
    side: int = 0


# The name of a table of no known kind: read as printed, listed, never dropped.
UNCLASSIFIED = ""


@dataclass(slots=True)
class Statement:
    seq: int
    name: str  # canonical; UNCLASSIFIED for a table of no known kind
    title: str  # as printed
    unit: str
    page_start: int
    page_end: int
    note: str = ""
    values: list[StatementValue] = field(default_factory=list)
    caption: str = ""  # every line above the table: general heading, title, unit
    # "printed" when the page draws the table's ruling, "inferred" when it was
    # drawn from the text's alignment (a table printed without full ruling),
    # "mixed" when the statement's pages differ
    ruling: str = "printed"
    number: int | None = None  # a budget statement's printed 公开NN表 number
    # cells read as references, not amounts: (box, kind) with kind code (科目编码),
    # line (行次) or column (栏次) — for accounting for every printed number
    references: list[tuple[Box, str]] = field(default_factory=list)
    # text cells of its rows beside the amounts (项目概述, 绩效目标 …)
    texts: list[StatementText] = field(default_factory=list)
    # the columns of numbers its header names (for the structure checks)
    columns: list[HeaderColumn] = field(default_factory=list)
    # number cells of the body that no header column holds, and other reasons the
    # reading of the table as a whole is in doubt
    doubts: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.values


@dataclass(slots=True)
class FundsRow:
    seq: int
    source: str
    budget_initial: Decimal | None
    budget_full_year: Decimal | None
    executed: Decimal | None
    weight: Decimal | None
    execution_rate: Decimal | None
    score: Decimal | None
    page: int
    boxes: dict[str, Box]
    # read by OCR: the lowest probability the recogniser gave a digit or mark of the row
    confidence: float | None = None
    # a task row of a 部门整体 table: its 主要内容 and 完成情况
    content: str = ""
    status: str = ""
    # 全年预算数 and 全年执行数 printed as 总额 | 财政拨款 | 其他资金: the parts
    budget_fiscal: Decimal | None = None
    budget_other: Decimal | None = None
    executed_fiscal: Decimal | None = None
    executed_other: Decimal | None = None
    is_total: bool = False  # the block's total row (金额合计), not a source or task
    doubt: str = ""


@dataclass(slots=True)
class Indicator:
    seq: int
    level1: str
    level2: str
    level3: str
    target: str
    basis: str
    weight: Decimal | None
    actual: str
    score: Decimal | None
    deviation_reason: str
    page_start: int
    page_end: int
    boxes: dict[str, list[Box]]
    # read by OCR: the lowest probability the recogniser gave a digit or mark of the row
    # (分值, 得分 and the numbers in 年度指标值 and 实际完成值)
    confidence: float | None = None
    content: str = ""  # 指标内容, where the table prints such a column
    doubt: str = ""


@dataclass(slots=True)
class EvaluationTable:
    table_seq: int
    table_kind: str  # overall | project
    title: str
    project_name: str = ""
    competent_dept: str = ""
    implementing_unit: str = ""
    goal_expected: str = ""
    goal_actual: str = ""
    total_score: Decimal | None = None
    total_weight: Decimal | None = None  # the 总分 row's 分值 (100 where printed)
    # 分值/执行率/得分 printed once in a cell merged over several funds rows:
    # the block's, not its first row's (None when each row prints its own)
    funds_weight: Decimal | None = None
    funds_execution_rate: Decimal | None = None
    funds_score: Decimal | None = None
    page_start: int = 0
    page_end: int = 0
    funds: list[FundsRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # boxes of the cells the header fields, goals and total score were read from
    boxes: dict[str, list[Box]] = field(default_factory=dict)
    # why the reading of the table as a whole is in doubt (numbers printed in it
    # that no field holds …)
    doubts: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Check:
    check_id: str  # the kind of check, e.g. statement.code_tree
    scope: str  # what was checked, e.g. 收入决算表 201 一般公共服务支出 / 本年收入合计
    status: str  # pass | fail | rounding | not_applicable
    expected: str
    actual: str
    difference: str
    pages: tuple[int, ...]
    message: str
    # for a failed check: ``inconsistent`` when the document contradicts itself as
    # read, ``doubtful`` when the reading is in doubt (see :mod:`.checks.verdicts`)
    verdict: str = ""
    # the boxes of the printed values the check rests on
    basis: tuple[Box, ...] = ()


@dataclass(frozen=True, slots=True)
class UnaccountedNumber:
    """A number printed on a page that no output row holds and that is no
    reference (code, year, list number …): a gap to look at."""

    page: int
    text: str  # as printed
    box: Box  # the line or table cell it stands in
    line: str  # that line's or cell's text
    reason: str  # why it is not captured, as far as known


@dataclass(slots=True)
class DocumentResult:
    file: str
    sha256: str = ""
    pages: int = 0
    title: str = ""
    unit_name: str = ""
    fiscal_year: int | None = None
    doc_kind: str = ""
    status: str = "ok"  # ok | partial (some pages failed: page_errors) | failed
    error_code: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    page_errors: list[PageError] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    evaluation_tables: list[EvaluationTable] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)  # 目录 entries as printed
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    # every number printed on the pages: captured in an output row, a reference
    # (code, year, list number …), or unaccounted (listed)
    ocr_pages: list[int] = field(default_factory=list)  # pages read from their images
    numbers_printed: int = 0
    numbers_captured: int = 0
    unaccounted: list[UnaccountedNumber] = field(default_factory=list)

    @property
    def numbers_unaccounted(self) -> int:
        return len(self.unaccounted)

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]
