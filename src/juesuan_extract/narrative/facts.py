"""Narrative sections → facts: every figure the 决算 narrative states about a
known quantity (收入总计, “三公”经费, 公务用车保有量 …), with its change
against the previous year or the budget, the stated reason, the page and the
sentence it comes from.

Reading goes part → sentence → clause:

* only the 概况 / 机构设置 parts and the 决算情况说明 part are read, never
  名词解释 or a table of contents;
* a section's text is split into sentences after every 。 and at paragraph
  breaks;
* in a sentence, the text after 主要原因是 / 原因是 is a reason, up to the
  sentence's end or a ；that opens another fact; the list after 包括： /
  主要用于 is a description; neither is read for figures;
* what is left is read clause by clause: a number with a unit is a value, and
  the text since the previous delimiter or number is its label. A label names
  the fact through a phrasing from ``VOCABULARY``; or it says which figure of
  the fact under discussion it is (年初预算数, 决算数, 占…, 价值); or it names
  something outside the vocabulary, and the value is skipped;
* 增加/减少/增长/下降 amounts, 持平 and reasons belong to the fact of their
  clause; a sentence that gives only a change (与上年相比，增加…) or only a
  reason (主要原因：…) speaks of the fact the text was discussing.

Every pattern is compiled once, when the module is imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Fact, Section
from .vocabulary import (
    BUDGET,
    NONE_STATED,
    VOCABULARY,
    FactSpec,
)

# Units of one kind state the same fact (万元 or 元).
_UNIT_KIND = {"万元": "money", "元": "money", "亿元": "money", "名": "人"}

# --- compiled patterns -----------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_VALUE = re.compile(
    rf"(?<![\d.])({_NUMBER})\s*"
    r"(万\s*元|亿\s*元|元|人次|人|名|辆|批次|个(?!百分点)|台[（(]套[）)]|平方米|㎡|%|％|分(?!钟))")
# 3580.05万 / 元: a unit wrapped onto the next line is still the number's unit. The
# line break is replaced by a space of the same length, so that offsets (pages) hold.
_WRAPPED_UNIT = re.compile(r"(?<=\d[万亿])\n(?=元)")
_JOINED_UNIT = re.compile(r"(?<=\d[万亿]) (?=元)")
_SPACE = re.compile(r"\s")
_CHANGE = re.compile(
    rf"(增加|增长|上升|提高|增幅为?|增长率为?|减少|下降|降低|降幅为?)了?\s*({_NUMBER})\s*"
    r"(万元|亿元|元|%|％|个百分点|人次|人|辆|个|批次)?")
_LEVEL = re.compile(r"(?:基本持平|持平|无变化|没有变化)(?!的)")
_REASON = re.compile(
    r"主要原因(?:是|为|在于)?[：:]?|原因(?:是|为|在于|主要是)[：:]?|主要(?:是)?(?:由于|因为)")
_DESCRIPTION = re.compile(
    r"(?:主要)?包括[：:]|主要用于[：:]?|开支内容(?:包括|主要是|为)?[：:]?|主要是[：:]")
# Clause delimiters; a comma between digits is a thousands separator.
_DELIMITER = re.compile(r"[，；;：:、（）()]|(?<!\d),|,(?!\d{3}(?!\d))")
_CLAUSE_END = re.compile(r"[，；;。]|(?<!\d),|,(?!\d{3}(?!\d))")  # not 632,065.7
_SEMICOLON = re.compile(r"[；;]")
_LEADING_WORDS = re.compile(r"^(?:其中|另外|此外|同时)[：:，,]?")
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
# What a label may hold besides a cue and still speak of the fact under
# discussion ("全年预算数为", "价值", "涉及预算金额").
_FILLER = re.compile(
    r"\d+年度?|\d+月|\d+日|截至|截止|其中|分别|合计|共计|总计|共有|共|计|均|约|为|是|"
    r"达到|达|了|的|与|和|及|比|较|相比|同比|上一?年度?|本年度?|当年|全年|年初|年末|"
    r"年度|预决算|预算|决算|执行率|完成率|执行|实际|完成|差异率|偏差率|金额|总额|数|价值|原值|"
    r"支出|涉及|"
    r"参加|安排|我单位|本单位|本部门|以合同签订为准|[^\u4e00-\u9fff]")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
# 公务接待费（款）支出16万元: a line of the functional classification named like a fact
# (js-zhengxie-2017-yusuan p. 12), not the fact
_SUBJECT_LEVEL = re.compile(r"[（(][类款项][）)]")
_NONE_STATED = tuple((name, re.compile(rx)) for name, rx in NONE_STATED)
_SPECS = {spec.name: spec for spec in VOCABULARY}
_SENTENCE = re.compile(r"[^。\n]*。|[^。\n]+|\n")
_ANY_BUDGET_CUE = re.compile("|".join(rx for _, rx in BUDGET))

_DIRECTIONS = {
    "增加": "增加", "增长": "增加", "上升": "增加", "提高": "增加", "增幅": "增加",
    "增长率": "增加", "减少": "减少", "下降": "减少", "降低": "减少", "降幅": "减少",
}
_PERCENT_QUALIFIERS = {"差异率", "完成率"}
_PRINTED_UNITS = {"％": "%", "台(套)": "台（套）", "㎡": "平方米"}

# A 第X部分 heading decides whether its sections are read.
_SKIP_PART = re.compile(r"名词解释|术语解释|目录|决算表|报表|附表|附件")
_SKIP_SECTION = re.compile(r"名词解释|术语解释|^目录")
_CONTENTS_LINE = re.compile(r"(?:[.·…]{2,}|\s)\s*\d{1,3}\s*$")


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One fact a phrasing may name."""
    spec: FactSpec
    qualifier: str | None  # fixed by the phrasing
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    shares: tuple[tuple[re.Pattern[str], str], ...]


def _compile_vocabulary() -> tuple[tuple[re.Pattern[str], tuple[_Candidate, ...]], ...]:
    """One pattern per distinct phrasing, with every fact it may name."""
    by_phrasing: dict[str, list[_Candidate]] = {}
    for spec in VOCABULARY:
        cues = tuple((q, re.compile(rx)) for q, rx in spec.cues)
        shares = tuple((re.compile(rx), q) for rx, q in spec.shares)
        for phrasing in spec.phrasings:
            rx, qualifier = (phrasing, None) if isinstance(phrasing, str) else phrasing
            by_phrasing.setdefault(rx, []).append(_Candidate(spec, qualifier, cues, shares))
    return tuple((re.compile(rx), tuple(c)) for rx, c in by_phrasing.items())


_PHRASINGS = _compile_vocabulary()


# --- text ------------------------------------------------------------------------

def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence: split after every 。 and at line breaks.

    A 。 inside brackets ends a sentence too: a sentence runs from just after
    the previous 。 through its own.
    """
    out: list[tuple[int, str]] = []
    start = 0
    for piece in _SENTENCE.findall(text):
        if piece.strip():
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start += len(piece)
    return out


def parse_number(text: str) -> Decimal:
    """A printed number without its thousands separators: "1,234.50" → 1234.50."""
    return Decimal(text.replace(",", ""))


def parse_change(verb: str, number: str) -> tuple[str, Decimal]:
    """(direction, signed amount) of a printed change: ("下降", "0.25") → ("减少", -0.25)."""
    direction = _DIRECTIONS[verb.rstrip("为")]
    amount = parse_number(number)
    return direction, -amount if direction == "减少" else amount


def direction_of(text: str) -> str:
    """The direction a comparison states: 增长/增加 → 增加, 下降/减少 → 减少, 持平 → 持平."""
    if m := _CHANGE.search(text):
        return _DIRECTIONS[m.group(1).rstrip("为")]
    return "持平" if _LEVEL.search(text) else ""


def _unit_kind(unit: str) -> str:
    return _UNIT_KIND.get(unit, unit)


def _unit(printed: str | None) -> str:
    printed = _SPACE.sub("", printed or "")
    return _PRINTED_UNITS.get(printed, printed)


# --- scope --------------------------------------------------------------------------

def narrative_sections(sections: list[Section]) -> list[Section]:
    """The narrative's sections, without 名词解释, contents or the tables' part.

    Parts are left out by what they are (名词解释, 目录, 决算表 …), never read
    only when their heading is worded as usual: a 情况说明 part headed
    "2024年度收支情况", or a document without 第X部分 headings, is read.
    """
    read: list[Section] = []
    part_read = True  # a document without 第X部分 headings is read throughout
    skip_below: int | None = None
    for s in sections:
        if skip_below is not None and s.level > skip_below:
            continue
        skip_below = None
        if s.level == 1:
            part_read = not _SKIP_PART.search(s.heading)
        elif _SKIP_SECTION.search(s.heading):
            skip_below = s.level
            continue
        if part_read and not _looks_like_contents(s.text):
            read.append(s)
    return read


def _looks_like_contents(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return len(lines) >= 3 and sum(bool(_CONTENTS_LINE.search(ln)) for ln in lines) > len(lines) / 2


# --- mentions ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mention:
    """A phrasing found in the text, with every fact it may name."""
    start: int
    end: int
    candidates: tuple[_Candidate, ...]
    captured: str  # a qualifier printed in the text ('' when none)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.spec.name for c in self.candidates)


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Phrasings of the vocabulary in text[start:end]; the longest wins where they overlap."""
    end = len(text) if end is None else end
    found: list[Mention] = []
    for pattern, candidates in _PHRASINGS:
        for m in pattern.finditer(text, start, end):
            if m.end() > m.start() and not _SUBJECT_LEVEL.match(text, m.end()):
                groups = m.groupdict()
                captured = "/".join(g for g in (groups.get(k) for k in ("q", "q2", "q3")) if g)
                found.append(Mention(m.start(), m.end(), candidates, captured))
    found.sort(key=lambda f: (f.start, f.start - f.end))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


# --- sentences ------------------------------------------------------------------------

@dataclass(slots=True)
class _Row:
    spec: FactSpec
    qualifier: str
    value: Decimal | None
    unit: str
    mention: Mention
    share: bool = False
    change_amount: Decimal | None = None
    change_pct: Decimal | None = None
    direction: str = ""
    reason: str = ""

    @property
    def compares(self) -> bool:
        return not self.share and (bool(self.direction) or self.qualifier in _PERCENT_QUALIFIERS)


@dataclass(slots=True)
class _Reader:
    """What one section's reading carries from sentence to sentence."""
    topic: Mention | None = None  # the fact the text is speaking of
    previous: list[_Row] = field(default_factory=list)  # rows of the last sentence


@dataclass(frozen=True, slots=True)
class _Event:
    start: int
    end: int
    kind: str  # mention | reason | change | level | value | delimiter
    match: re.Match[str] | None = None
    mention: Mention | None = None
    reason: str = ""


_ORDER = {"mention": 0, "reason": 1, "change": 2, "level": 2, "value": 2, "delimiter": 3}


def extract_facts(sections: list[Section]) -> list[Fact]:
    """Every fact stated in the narrative parts, in document order."""
    facts: list[Fact] = []
    for section in narrative_sections(sections):
        heading = find_mentions(section.heading)
        reader = _Reader(topic=heading[-1] if heading else None)
        # every sentence is read before any row is frozen: a reason in the next
        # sentence (…增长 100%。主要原因：…。) still reaches the rows before it
        text = _WRAPPED_UNIT.sub(" ", section.text)
        read = [(offset, sentence, _read_sentence(sentence, reader))
                for offset, sentence in split_sentences(text)]
        for offset, sentence, rows in read:
            page = section.page_at(offset)
            rows += _none_stated(sentence, rows)
            sentence = _JOINED_UNIT.sub("", sentence)
            facts.extend(
                Fact(r.spec.name, r.qualifier, r.value, r.unit, r.change_amount, r.change_pct,
                     r.direction, r.reason, page, sentence, section.seq)
                for r in rows)
    return facts


_PLACEHOLDER = re.compile(r"[XＸ]{2}")  # a template's 上海市XX局 states nothing


def _none_stated(sentence: str, rows: list[_Row]) -> list[_Row]:
    """Rows of 0 for the facts the sentence says are nil (无“三公”经费财政拨款支出),
    unless it states them with a value; reasons (主要原因：当年度无…) say nothing."""
    if _PLACEHOLDER.search(sentence):
        return []
    text = sentence
    for start, end, _ in _reasons(sentence):
        text = text[:start] + " " * (end - start) + text[end:]
    out: list[_Row] = []
    for name, pattern in _NONE_STATED:
        m = pattern.search(text)
        if m is None or any(r.spec.name == name and r.value is not None for r in rows + out):
            continue
        spec = _SPECS[name]
        qualifier = "全年预算" if "预算" in m.group() else spec.qualifier
        out.append(_Row(spec, qualifier, Decimal(0), spec.unit,
                        Mention(m.start(), m.end(), (), "")))
    return out


# A sentence that opens with a 科目 of its own — 1.小学教育（2050202），… or 行政运行（项）… —
# is a line of a breakdown: what the text spoke of before is not what it states.
_SUBJECT_LINE = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）])?\s*[\u4e00-\u9fff、]{2,30}"
                           r"[（(](?:\d{3,7}|类|款|项)[)）]")


def _read_sentence(sentence: str, reader: _Reader) -> list[_Row]:
    rows: list[_Row] = []
    orphans: list[str] = []  # reasons before any row of this sentence
    if _SUBJECT_LINE.match(sentence):
        reader.topic = None
    events = _events(sentence)
    label_start, named = 0, None
    for ev in events:
        if ev.kind == "delimiter":
            label_start, named = ev.end, None
        elif ev.kind == "mention":
            if not _is_share(sentence[label_start:ev.start]):
                reader.topic = named = ev.mention
        elif ev.kind == "value":
            assert ev.match is not None
            value, unit = parse_number(ev.match.group(1)), _unit(ev.match.group(2))
            row = _value_row(sentence[label_start:ev.start], named, sentence[:ev.start],
                             value, unit, reader)
            if row is not None:
                rows.append(row)
            label_start, named = ev.end, None
        elif ev.kind in ("change", "level"):
            assert ev.match is not None
            _apply_change(ev.match, ev.kind == "level", named, reader, rows)
            label_start, named = ev.end, None
        elif ev.kind == "reason":
            target = _reason_target(rows)
            if target is None:
                orphans.append(ev.reason)
            elif not target.reason:
                target.reason = ev.reason
    if orphans and not rows and not any(ev.kind == "value" for ev in events):
        # a sentence that is only a reason explains the sentence before it; a
        # reason after figures that were not read belongs to those figures
        mentioned = any(ev.kind == "mention" for ev in events)
        target = _reason_target(_rows_about(reader.previous, reader.topic if mentioned else None))
        if target is not None and not target.reason:
            target.reason = orphans[0]
        return rows
    reader.previous = rows
    return rows


def _events(sentence: str) -> list[_Event]:
    """The sentence's reasons, and the mentions, values, changes and delimiters
    of the rest, in reading order."""
    events: list[_Event] = []
    pos = 0
    for start, end, reason in _reasons(sentence):
        events += _statement_events(sentence, pos, start)
        events.append(_Event(start, end, "reason", reason=reason))
        pos = end
    events += _statement_events(sentence, pos, len(sentence))
    return sorted(events, key=lambda ev: (ev.start, _ORDER[ev.kind]))


def _reasons(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each reason: from its cue to the sentence's end or
    to a ；that opens another fact."""
    spans: list[tuple[int, int, str]] = []
    body_end = len(sentence) - 1 if sentence.endswith("。") else len(sentence)
    pos = 0
    while (m := _REASON.search(sentence, pos, body_end)) is not None:
        end = next((sep.start() for sep in _SEMICOLON.finditer(sentence, m.end(), body_end)
                    if _opens_fact(sentence, sep.end(), body_end)), body_end)
        text = sentence[m.end():end].strip().lstrip("：:").strip().rstrip("；;，,")
        spans.append((m.start(), end, text))
        pos = max(end, m.end())
    return spans


def _opens_fact(sentence: str, start: int, end: int) -> bool:
    """Whether the clause at ``start`` states another fact (其中… / 公务用车…4.04 万元)."""
    if _LEADING_WORDS.match(sentence[start:end]):
        return True
    stop = _CLAUSE_END.search(sentence, start, end)
    clause = sentence[start:stop.start() if stop else end]
    return bool(find_mentions(clause)) and any(
        p.search(clause) for p in (_VALUE, _CHANGE, _LEVEL))


def _statement_events(sentence: str, start: int, end: int) -> list[_Event]:
    """Mentions, changes, values and delimiters of sentence[start:end], leaving
    out descriptions (包括：办公费、… up to the next ；)."""
    events: list[_Event] = []
    pos = start
    while (m := _DESCRIPTION.search(sentence, pos, end)) is not None:
        stop = _SEMICOLON.search(sentence, m.end(), end)
        span_end = stop.start() if stop else end
        # 主要用于以下方面：一般公共服务支出（类）264.87 万元 introduces figures
        if not _VALUE.search(sentence, m.end(), span_end):
            events += _clause_events(sentence, pos, m.start())
            pos = span_end
        else:
            events += _clause_events(sentence, pos, m.end())
            pos = m.end()
    return events + _clause_events(sentence, pos, end)


def _clause_events(sentence: str, start: int, end: int) -> list[_Event]:
    if end <= start:
        return []
    mentions = find_mentions(sentence, start, end)
    taken = [(m.start, m.end) for m in mentions]
    events = [_Event(m.start, m.end, "mention", mention=m) for m in mentions]
    for pattern, kind in ((_CHANGE, "change"), (_LEVEL, "level"), (_VALUE, "value"),
                          (_DELIMITER, "delimiter")):
        for m in pattern.finditer(sentence, start, end):
            if kind == "level" and _in_brackets(sentence, m.start()):
                continue  # （如持平作持平表述）: a note on how to write, not a comparison
            if not any(m.start() < b and a < m.end() for a, b in taken):
                events.append(_Event(m.start(), m.end(), kind, match=m))
                if kind != "delimiter":
                    taken.append((m.start(), m.end()))
    events.append(_Event(end, end, "delimiter"))  # a reason or description ends the clause
    return events


def _in_brackets(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


# --- values and changes --------------------------------------------------------------

def _words(label: str) -> str:
    """A label without its enumerator (1.) and a leading 其中."""
    return _LEADING_WORDS.sub("", _ENUMERATOR.sub("", label)).strip()


def _is_share(label: str) -> bool:
    """占 x% / 占本年支出合计的 x%: names after 占 are the base, not the fact."""
    return _words(label).startswith("占")


def _value_row(label: str, named: Mention | None, before: str, value: Decimal, unit: str,
               reader: _Reader) -> _Row | None:
    """The row a value states, or None when its label names nothing known."""
    words = _words(label)
    if named is not None:
        return _figure_row(named, before[named.end:], value, unit, relative=False)
    if words.startswith("占"):
        return _share_row(words[1:], reader.topic, value, unit)
    if _IDEOGRAPH.search(_FILLER.sub("", words)):
        reader.topic = None  # something outside the vocabulary is being stated
        return None
    if reader.topic is None:
        return None
    return _figure_row(reader.topic, words, value, unit, relative=True)


def _figure_row(mention: Mention, words: str, value: Decimal, unit: str,
                relative: bool) -> _Row | None:
    """The row for a value whose label names ``mention`` (or, when ``relative``,
    speaks of it without naming it); ``words`` are the label's after the name."""
    for cand in mention.candidates:
        cue = _cue(cand, words, relative)
        if cue is None:
            continue
        percent = cue in _PERCENT_QUALIFIERS
        if percent != (unit == "%"):
            continue
        if not percent and _unit_kind(unit) != _unit_kind(cand.spec.unit):
            continue
        if mention.captured and cue:
            continue  # the budget of one 项 line is not part of the contract
        qualifier = mention.captured or (
            cand.qualifier if cand.qualifier is not None else cue or cand.spec.qualifier)
        return _Row(cand.spec, qualifier, value, unit, mention)
    return None


def _cue(cand: _Candidate, words: str, relative: bool) -> str | None:
    """The qualifier the label's words give for this fact ('' for the plain
    amount), or None when they name a figure the fact has not: the budget of a
    head count, or a bare 决算数 beside the budget of a fact without budgets."""
    for qualifier, pattern in cand.cues:
        if pattern.search(words):
            return qualifier
    if not cand.cues and (_ANY_BUDGET_CUE.search(words) or relative and "决算" in words):
        return None
    return ""


def _share_row(words: str, topic: Mention | None, value: Decimal, unit: str) -> _Row | None:
    if topic is None or unit != "%":
        return None
    for cand in topic.candidates:
        for pattern, template in cand.shares:
            if pattern.search(words):
                qualifier = template.format(q=topic.captured.split("/")[0])
                return _Row(cand.spec, qualifier, value, unit, topic, share=True)
    return None


def _apply_change(m: re.Match[str], level: bool, named: Mention | None, reader: _Reader,
                  rows: list[_Row]) -> None:
    """Give a stated change (or 持平) to the row of its clause, or open a row for it."""
    topic = named or reader.topic
    if topic is None:
        return
    pct = not level and _unit(m.group(3)) in ("%", "个百分点")
    current = next((r for r in reversed(rows) if not r.share), None)
    if (named is not None or current is None or current.mention is not topic
            or (current.change_pct if pct else current.change_amount) is not None
            or (level and current.direction)):
        cand = _change_candidate(topic, "" if level or pct else _unit(m.group(3)))
        if cand is None:
            return
        qualifier = topic.captured or (
            cand.qualifier if cand.qualifier is not None else cand.spec.qualifier)
        current = _Row(cand.spec, qualifier, None, "", topic)
        rows.append(current)
    if level:
        current.direction = "持平"
        return
    direction, amount = parse_change(m.group(1), m.group(2))
    current.direction = current.direction or direction
    if pct:
        current.change_pct = amount
        return
    current.change_amount = amount
    if current.value is None:  # a row without a value takes its change's unit
        current.unit = _unit(m.group(3)) or current.spec.unit


def _change_candidate(topic: Mention, unit: str) -> _Candidate | None:
    if not unit:
        return topic.candidates[0]
    return next((c for c in topic.candidates if _unit_kind(c.spec.unit) == _unit_kind(unit)), None)


def _reason_target(rows: list[_Row]) -> _Row | None:
    """A reason explains the last comparison before it, else the last row."""
    return next((r for r in reversed(rows) if r.compares), rows[-1] if rows else None)


def _rows_about(rows: list[_Row], topic: Mention | None) -> list[_Row]:
    if topic is None:
        return rows
    return [r for r in rows if r.spec.name in topic.names]
