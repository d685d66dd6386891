"""Narrative lines → paragraphs → numbered sections.

Paragraph breaks follow how Chinese documents are set: a paragraph's first
line is indented (or centred), and its last line stops short of the right
margin by more than the next line's first word needs (ragged-right text wraps
early before long numbers, so "short" is measured against that word). Headings are paragraphs that open with an enumerator (第一部分, 一、,
（一）, 1.) and read as a title rather than a sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..geometry import Line
from ..model import Section
from ..text import MAX_HEADING_CHARS, heading_level, join_lines
from .settings import current as tolerances


@dataclass(frozen=True, slots=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    @property
    def pages(self) -> tuple[int, int]:
        return self.lines[0].box.page, self.lines[-1].box.page


@dataclass(frozen=True, slots=True)
class PageMargins:
    left: float
    right: float


def text_margins(pages: dict[int, tuple[float, list[Line]]]) -> dict[int, PageMargins]:
    """The body text's left edge (most common x0) and right edge, per page.

    Measured over all pages of the same width, since one page may hold only
    indented headings and short paragraphs and so show no body edge itself.
    """
    groups: dict[int, list[Line]] = {}
    for width, lines in pages.values():
        groups.setdefault(round(width), []).extend(lines)
    edges: dict[int, PageMargins] = {}
    for width, lines in groups.items():
        # the leftmost edge that many lines share: where paragraphs are short,
        # indented first lines may be as common as the body's edge itself
        counts = Counter(round(ln.box.x0) for ln in lines)
        most = counts.most_common(1)[0][1]
        common = min(x for x, n in counts.items() if n >= tolerances().margin_share * most)
        body = [ln for ln in lines if round(ln.box.x0) == common]
        # the usual right end of a full line, not the furthest one: CJK
        # punctuation may hang past it
        right = Counter(round(ln.box.x1) for ln in body).most_common(1)[0][0]
        edges[width] = PageMargins(min(ln.box.x0 for ln in body), float(right))
    return {number: edges[round(width)] for number, (width, _) in pages.items()}


def lines_to_paragraphs(
    runs: list[list[Line]], margins: dict[int, PageMargins]
) -> list[Paragraph]:
    """Split runs of consecutive narrative lines (a table ends a run) into paragraphs."""
    paragraphs: list[Paragraph] = []
    for run in runs:
        current: list[Line] = []
        for line in run:
            if current and _opens_paragraph(current, line, margins):
                paragraphs.append(Paragraph(tuple(current)))
                current = []
            current.append(line)
        if current:
            paragraphs.append(Paragraph(tuple(current)))
    return paragraphs


def _opens_paragraph(current: list[Line], line: Line, margins: dict[int, PageMargins]) -> bool:
    prev = current[-1]
    here = margins[line.box.page]
    there = margins[prev.box.page]
    indented = line.box.x0 - here.left > tolerances().indent * line.size
    room = there.right - prev.box.x1
    prev_short = room > line.lead_width + tolerances().short_line_slack * prev.size
    if indented and not prev_short and _wraps_centred(current, line, here):
        return False
    if _wraps_heading(current, line, here, prev_short):
        return False
    return indented or prev_short


def _wraps_centred(current: list[Line], line: Line, margins: PageMargins) -> bool:
    """A centred title too long for one line fills its first line from margin
    to margin (no first-line indent) and centres the rest (…部门决算情况 / 说明)."""
    first = current[0]
    centre = (margins.left + margins.right) / 2
    return (
        len(current) == 1
        and first.box.page == line.box.page
        and abs(first.size - line.size) < 0.5
        and first.box.x0 - margins.left < tolerances().indent * first.size
        and abs(line.box.cx - centre) < 0.5 * line.size
    )


_SENTENCE_END = ("。", "；", ";", "：", ":", "！", "？")


def _wraps_heading(current: list[Line], line: Line, margins: PageMargins,
                   prev_short: bool) -> bool:
    """The last word of a numbered heading, wrapped onto a line of its own.

    A heading (第三部分 …, 四、…, （一）…) is a title, not a sentence: when its
    line ends without sentence punctuation and the next line is a short tail
    set as the heading is set — centred under a centred heading, or at the
    heading's own left edge after a line the heading filled — the tail is
    the heading's, whatever the heading's indent (…决算情况 / 说明).
    """
    first = current[0]
    if len(current) != 1 or first.box.page != line.box.page or abs(first.size - line.size) >= 0.5:
        return False
    tail = line.text.replace(" ", "")
    if (heading_level(first.text) is None or first.text.rstrip().endswith(_SENTENCE_END)
            or heading_level(tail) is not None or "。" in tail
            or len(tail) > tolerances().heading_tail_chars
            or len(first.text.replace(" ", "") + tail) > MAX_HEADING_CHARS):
        return False
    centre = (margins.left + margins.right) / 2
    size = line.size
    centred = abs(first.box.cx - centre) < 0.5 * size and abs(line.box.cx - centre) < 0.5 * size
    same_edge = abs(line.box.x0 - first.box.x0) < 0.5 * size and not prev_short
    return centred or same_edge


def paragraphs_to_sections(
    paragraphs: list[Paragraph],
) -> tuple[list[Paragraph], list[Section]]:
    """Return the preamble (paragraphs before the first heading) and the sections."""
    preamble: list[Paragraph] = []
    sections: list[Section] = []
    heading: Paragraph | None = None
    level = 0
    body: list[Paragraph] = []

    def close() -> None:
        if heading is None:
            return
        parts = [heading, *body]
        text, marks = _text_with_pages(body)
        sections.append(
            Section(
                len(sections) + 1,
                level,
                heading.text,
                text,
                parts[0].pages[0],
                parts[-1].pages[1],
                marks or ((0, heading.pages[1]),),
            )
        )

    for para in paragraphs:
        found = heading_level(para.text)
        if found is None:
            (body if heading is not None else preamble).append(para)
            continue
        close()
        heading, level, body = para, found, []
    close()
    return preamble, sections


def _text_with_pages(paragraphs: list[Paragraph]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Paragraph texts joined by newlines, with the offsets where pages change."""
    text = ""
    marks: list[tuple[int, int]] = []
    for para in paragraphs:
        if text:
            text += "\n"
        lines = [ln.text for ln in para.lines]
        for k, line in enumerate(para.lines):
            if not marks or marks[-1][1] != line.box.page:
                marks.append((len(text) + len(join_lines(lines[:k])), line.box.page))
        text += para.text
    return text, tuple(marks)
