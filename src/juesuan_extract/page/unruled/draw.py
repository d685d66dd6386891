"""Tables printed without (full) ruling → the ruling they would have had.

Statements are also published as three-line tables (rules above and below
the header and under the table, nothing vertical) and as Excel sheets printed
without gridlines. The ruling-based reader sees no table there, only lines of
text. This module finds such tables in a page's loose text and draws their
missing ruling as a :class:`~juesuan_extract.model.RuledTable`, so the grid,
assembly and statement readers work on them unchanged.

A table is found from its body: consecutive lines that print amounts or
subject codes as separate tokens, aligned in columns, with the lines of
wrapped names between them. Above the body, the lines up to the caption
(title, 单位) are its header. Then:

* rows: :mod:`juesuan_extract.page.unruled.rows`;
* columns: :mod:`juesuan_extract.page.unruled.columns`;
* header cells: :mod:`juesuan_extract.page.unruled.header`.

Prose never qualifies: its lines are one token (no cell-sized gaps), and a
line of several tokens counts only when its amounts line up with the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from ...geometry import Box, Char
from ...model import PageContent, RuledTable, Segment
from ...text import is_contents_title
from ..settings import current as tolerances
from ..tokens import TextLine, Token, text_lines
from .columns import column_edges
from .header import fragments, leaves, place, slots
from .rows import ROW_OPENER, body_rows, starts_row

# The caption above a table (title, unit line) and notes under it are not
# part of it.
CAPTION = re.compile(r"(自评表|决算表|明细表|总表|[（(]\d{4}年度?[)）]|单位[:：]|公开\d+表|表\d+)")
LEADER = re.compile(r"[.．…·]{3,}")
# A table of contents set with tab stops instead of dot leaders: a title, then
# entries that end in a page number.
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
NOTE = re.compile(r"^(注|说明|备注|资料来源)[:：]")
# Header cells hold names, not sentences: a line with sentence punctuation,
# or one run of text wider than this share of the body, is prose.
SENTENCE = re.compile(r"[。；！？]|[，,：:].{6,}")


@dataclass(slots=True)
class _Region:
    header: list[TextLine]
    body: list[TextLine]


def synthesize_tables(page: PageContent) -> tuple[RuledTable, ...]:
    """Ruling for the tables of the page that have none, from its loose text."""
    out = []
    for region in _regions(text_lines(unruled_chars(list(page.chars), page.tables))):
        table = _ruling(page.number, region)
        if table is not None:
            out.append(table)
    return tuple(out)


def _is_anchor(line: TextLine) -> bool:
    """A line that prints an amount or code beside other cells (not a
    contents entry: title, dot leaders, page number)."""
    return len(line.tokens) > 1 and bool(line.numbers) and not any(
        LEADER.search(t.text) for t in line.tokens
    )


def _number_spans(lines: list[TextLine]) -> list[tuple[float, float]]:
    return [(t.x0, t.x1) for ln in lines if _is_anchor(ln) for t in ln.tokens if t.numeric]


def _overlaps(t: Token, spans: list[tuple[float, float]]) -> bool:
    return any(min(t.x1, b) > max(t.x0, a) for a, b in spans)


def _aligned(line: TextLine, run: list[TextLine]) -> bool:
    """Do the amounts of ``line`` stand in a column of the run's amounts?"""
    spans = _number_spans(run)
    return not spans or any(_overlaps(t, spans) for t in line.numbers)


def _fits(line: TextLine, run: list[TextLine]) -> bool:
    """Could ``line`` be part of a wrapped name: text only, clear of the
    amount columns, inside the table's width?"""
    if _is_anchor(line) or NOTE.match(line.text.replace(" ", "")):
        return False
    spans = _number_spans(run)
    x0 = min(ln.x0 for ln in run) - tolerances().max_line_gap * line.size
    x1 = max(ln.x1 for ln in run) + tolerances().max_line_gap * line.size
    return all(not t.numeric and not _overlaps(t, spans) and t.x0 >= x0 and t.x1 <= x1 for t in line.tokens)


def _regions(lines: list[TextLine]) -> list[_Region]:
    regions: list[_Region] = []
    i, taken = 0, 0  # lines before ``taken`` belong to an earlier region
    while i < len(lines):
        if not _is_anchor(lines[i]):
            empty = _empty_table(lines, i) if CAPTION.search(lines[i].text.replace(" ", "")) else None
            if empty is not None:
                regions.append(empty)
                i = taken = i + 1 + len(empty.header) + len(empty.body)
                continue
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while j < len(lines):
            line, prev = lines[j], run[-1]
            if line.top - prev.bottom > tolerances().max_line_gap * line.size:
                break
            if not ((_is_anchor(line) and _aligned(line, run)) or _fits(line, run)):
                break
            run.append(line)
            j += 1
        # after the last amounts only the rest of a wrapped name may follow
        last = max(k for k, ln in enumerate(run) if _is_anchor(ln))
        end = last + 1
        while end < len(run) and not starts_row(run[end]):
            end += 1
        run = run[:end]
        if _is_table(run) and not _is_contents(run, lines[:i]):
            header = _header(lines[taken:i], run)
            regions.append(_Region(header, run))
            taken = i + len(run)
        i += len(run)
    return regions


def _empty_table(lines: list[TextLine], caption: int) -> _Region | None:
    """A table without a single amount under a caption: a header of several
    columns, then rows that open with a total (合计) and print nothing else,
    as an empty statement is printed."""
    block: list[TextLine] = []
    prev = lines[caption]
    for line in lines[caption + 1:]:
        text = line.text.replace(" ", "")
        if (line.top - prev.bottom > tolerances().max_line_gap * line.size or _is_anchor(line) or NOTE.match(text)
                or CAPTION.search(text) or SENTENCE.search(text)):
            break
        block.append(line)
        prev = line
    first = next((k for k, ln in enumerate(block) if len(ln.tokens) == 1 and ROW_OPENER.match(ln.text)), None)
    if first is None or first == 0 or max(len(ln.tokens) for ln in block[:first]) < tolerances().min_amounts_alone:
        return None
    body = block[first:]
    if not all(len(ln.tokens) == 1 and ROW_OPENER.match(ln.text) for ln in body):
        return None
    return _Region(block[:first], body)


def _is_table(run: list[TextLine]) -> bool:
    """Enough aligned amounts: a one-line body with several of them (a 三公
    table), else lines of them, two columns at least or three lines."""
    anchors = [ln for ln in run if _is_anchor(ln)]
    if len(anchors) == 1:
        return len(anchors[0].numbers) >= tolerances().min_amounts_alone
    return len(anchors) >= 3 or any(len(ln.numbers) > 1 for ln in anchors)


def _is_contents(run: list[TextLine], above: list[TextLine]) -> bool:
    """Entries that each end in one page number: a table of contents, which
    lists titles, not amounts. Under a 目录 title, or when the numbers run
    as page numbers do (never falling, repeating or jumping), unlike a 行次
    column, which counts its lines one by one."""
    anchors = [ln for ln in run if _is_anchor(ln)]
    if not all(len(ln.numbers) == 1 and ln.numbers[0] is ln.tokens[-1]
               and PAGE_NUMBER.match(ln.tokens[-1].text) for ln in anchors):
        return False
    if any(is_contents_title(ln.text) for ln in above):
        return True
    pages = [int(ln.tokens[-1].text) for ln in anchors]
    return pages == sorted(pages) and any(b != a + 1 for a, b in zip(pages, pages[1:]))


def _header(before: list[TextLine], run: list[TextLine]) -> list[TextLine]:
    """The lines above the body up to the caption, a wide gap or the edge of
    the table's width."""
    width = max(ln.x1 for ln in run) - min(ln.x0 for ln in run)
    header: list[TextLine] = []
    below = run[0]
    for line in reversed(before):
        size = line.size
        text = line.text.replace(" ", "")
        if (below.top - line.bottom > tolerances().max_line_gap * size or CAPTION.search(text) or NOTE.match(text)
                or _is_prose(line, width) or len(header) >= tolerances().max_header_lines):
            break
        header.insert(0, line)
        below = line
    return header


def _is_prose(line: TextLine, width: float) -> bool:
    """A sentence, not header cells: one run of text across most of the
    table, or text with sentence punctuation."""
    text = line.text
    return bool(SENTENCE.search(text)) or (len(line.tokens) == 1 and line.x1 - line.x0 > tolerances().prose_width * width)


def _ruling(page: int, region: _Region) -> RuledTable | None:
    header = region.header
    # lines just above the body that could top a centred first row's name
    above: list[TextLine] = []
    for line in reversed(header):
        if len(line.tokens) != 1 or not _fits(line, region.body):
            break
        above.insert(0, line)
    rows, taken = body_rows(above, region.body)
    if taken:
        header = header[:len(header) - taken]
    body_tokens = [t for row in rows for ln in row for t in ln.tokens]
    size = median(t.size for t in body_tokens)
    frags = fragments([t for ln in header for t in ln.tokens])
    xs = column_edges(body_tokens, leaves(frags), size)
    if len(xs) < 3:
        return None
    first_top = min(ln.top for ln in rows[0])
    if header:
        top = min(ln.top for ln in header) - tolerances().ruling_pad * size
        split = (max(ln.bottom for ln in header) + first_top) / 2
    else:
        top = split = first_top - tolerances().ruling_pad * size
    place(frags, xs)
    ys, owner = slots(frags, len(xs) - 1, top, split) if header else ([top], [])
    row_ys = [split]
    for a, b in zip(rows, rows[1:]):
        row_ys.append((max(ln.bottom for ln in a) + min(ln.top for ln in b)) / 2)
    row_ys.append(max(ln.bottom for ln in rows[-1]) + tolerances().ruling_pad * size)
    horizontal, vertical = _header_segments(xs, ys, owner)
    for y in row_ys:
        horizontal.append(Segment(y, xs[0], xs[-1]))
    for row, y0, y1 in zip(rows, row_ys, row_ys[1:]):
        tokens = [t for ln in row for t in ln.tokens]
        for x in xs:
            if not any(t.x0 < x < t.x1 for t in tokens):  # a label across columns
                vertical.append(Segment(x, y0, y1))
    box = Box(page, xs[0], top, xs[-1], row_ys[-1])
    return RuledTable(box, tuple(horizontal), tuple(vertical), inferred=True)


def _header_segments(xs: list[float], ys: list[float], owner: list[list[int | None]]
                     ) -> tuple[list[Segment], list[Segment]]:
    """Borders between header slots owned by different cells."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def apart(a: int | None, b: int | None) -> bool:
        return a is None or b is None or a != b

    for r in range(n_rows + 1):
        for c in range(n_cols):
            if r in (0, n_rows) or apart(owner[r - 1][c], owner[r][c]):
                horizontal.append(Segment(ys[r], xs[c], xs[c + 1]))
    for r in range(n_rows):
        for k in range(n_cols + 1):
            if k in (0, n_cols) or apart(owner[r][k - 1], owner[r][k]):
                vertical.append(Segment(xs[k], ys[r], ys[r + 1]))
    return horizontal, vertical


def unruled_chars(chars: list[Char], tables: tuple[RuledTable, ...]) -> list[Char]:
    """The characters outside every table's outline."""
    return [c for c in chars if not any(t.box.contains_point(c.box.cx, c.box.cy, 1.0) for t in tables)]
