"""Facts of a budget (部门预算): every figure in it is a budget figure.

The vocabulary was written for the 决算 narrative, where a plain amount is the
year's 决算 and a 预算 cue marks the budget set against it. In a budget every
amount is the year's budget and a change is against the previous year's budget
(与上年相比 / 比上年预算): so the qualifiers that speak of final accounts (决算,
and 全年预算 / 年初预算 / the plain amount, which here are the budget itself)
become 预算; breakdowns (a 类 name), shares (占比) and counts keep theirs.

The budget's own total sentence — "…年度收入、支出预算总计 X 万元，与上年相比收、
支预算总计各增加 Y 万元，增长 Z%" — is read here, as the vocabulary's phrasings
of 收入支出总计 do not allow 预算 inside them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..model import Fact, Section
from .facts import narrative_sections

BUDGET = "预算"
MONEY_UNITS = frozenset({"万元", "元", "亿元"})
# qualifiers that, in a budget, name the budget figure itself
_AS_BUDGET = frozenset({"", "决算", "全年预算", "年初预算", "全年执行"})

_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_TOTAL = re.compile(
    r"收入、?支出预算总计\s*" + _NUMBER + r"\s*万元[，,]?"
    r"(?:(?:与上年相比|比上年(?:预算)?)[，,]?收、?支(?:预算)?总计各?(增加|减少)\s*" + _NUMBER
    + r"\s*万元(?:[，,]?(?:增长|下降|降幅|减少)\s*" + _NUMBER + r"\s*[%％])?)?")
_SENTENCE_END = re.compile(r"[。\n]")


def is_budget(doc_kind: str) -> bool:
    return doc_kind.endswith(BUDGET)


def as_budget_facts(facts: list[Fact]) -> list[Fact]:
    """A budget's facts with the qualifier 预算 wherever the 决算 reading would say
    决算 or leave the amount plain; no qualifier keeps the word 决算."""
    out = []
    for f in facts:
        qualifier = f.qualifier
        if qualifier in _AS_BUDGET and (f.unit in MONEY_UNITS or qualifier):
            qualifier = BUDGET
        out.append(replace(f, qualifier=qualifier.replace("决算", BUDGET)))
    return out


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def budget_total_facts(sections: list[Section]) -> list[Fact]:
    """收入支出总计 (预算) from the budget's total sentence, with its change."""
    facts = []
    for s in narrative_sections(sections):
        for m in _TOTAL.finditer(s.text):
            start = max((e.end() for e in _SENTENCE_END.finditer(s.text, 0, m.start())), default=0)
            end = _SENTENCE_END.search(s.text, m.end())
            sentence = s.text[start: end.end() if end else len(s.text)].strip()
            sign = -1 if m.group(2) == "减少" else 1
            change, pct = _decimal(m.group(3)), _decimal(m.group(4))
            facts.append(Fact(
                "收入支出总计", BUDGET, _decimal(m.group(1)), "万元",
                None if change is None else sign * change, None if pct is None else sign * pct,
                m.group(2) or "", "", s.page_at(m.start()), sentence, s.seq,
            ))
    return facts
