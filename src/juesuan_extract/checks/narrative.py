"""The narrative against itself: shares (占x%), growth rates (增长x%),
completion and difference rates (完成x% / 差异率x%) recomputed from the amounts
they refer to, and direction words (增加/减少, 大于/小于/等于/持平) against
the numbers they describe.

Read straight from the section text, clause by clause, so a sentence's own
figures are compared with each other; the page is that of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from ..model import Check
from .base import compare, excerpt, finding, percent_tolerance

NUM = r"(\d[\d,]*(?:\.\d+)?)"
_SENTENCE = re.compile(r"[^。\n]+[。\n]?")
# "财政拨款收入560.79万元，占98.77%" / "…万元，占政府采购支出总额的100.00%"
_SHARE = re.compile(NUM + r"万元[，,]?占(?:([^0-9，,。；%]{2,20}?)的?)?" + NUM + "%")
# "22.81万元，比上年增加4.89万元，增长27.29%"
_GROWTH = re.compile(
    NUM + r"万元[，,]?(?:比|较|与)(?:上年|上一年|(?:19|20)\d{2}年度?)(?:决算数?)?(?:相比)?[，,]?"
    r"(增加|减少|增长|下降)" + NUM + r"万元[，,]?(增长|下降|增加|减少)" + NUM + "%")
# "年初预算为2993.92万元，(全年预算为…万元，)支出决算为2940.05万元，完成年初预算的98.20%"
_BUDGET = re.compile(
    r"(?:年初预算(?:数)?为?" + NUM + r"万元[，,]?)?(?:全年预算(?:数)?为?" + NUM + r"万元[，,]?)?"
    r"(?:支出)?决算(?:数)?为?" + NUM + r"万元(?:[，,]?完成(年初|全年)?预算(?:数)?的" + NUM + "%)?"
    r"(?:[，,]?(?:预决算)?差异率" + NUM + "%)?")
_VERDICT = re.compile(r"决算数?(大于|小于|等于|高于|低于|基本持平|持平|与[^，。]{0,6}持平)(年初|全年)?预算数?")
_LEAD_TOTAL = re.compile(NUM + "万元")


def _dec(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def run(doc) -> list[Check]:
    checks: list[Check] = []
    for section in doc.sections:
        text = section.text
        named = _named_amounts(doc)
        before = ""  # the sentence before: its total may be what this one breaks down
        for m in _SENTENCE.finditer(text):
            sentence, page = m.group(), section.page_at(m.start())
            checks += _shares(sentence, page, named, before)
            checks += _growth(sentence, page)
            before = sentence
        if not doc.doc_kind.endswith("预算"):  # 决算 against 预算: a final account's only
            checks += _budgets(section)
    return checks


def _named_amounts(doc) -> dict[str, Decimal]:
    """Amounts the narrative names (本年支出合计571.79万元), for 占…的x% bases."""
    found: dict[str, Decimal] = {}
    for s in doc.sections:
        for m in re.finditer(r"([\u4e00-\u9fff“”]{2,16}?)(?:为|是|共计)?" + NUM + "万元", s.text):
            found.setdefault(m.group(1), _dec(m.group(2)) or Decimal(0))
    return found


def _base_for(name: str, named: dict[str, Decimal]) -> tuple[Decimal | None, bool]:
    """The amount the narrative names ``name`` by, and whether the names are the same."""
    if name in named:
        return named[name], True
    for key, value in named.items():
        if key.endswith(name) or name.endswith(key):
            return value, False
    return None, False


# A colon that opens a breakdown of the total before it (其中：, 主要用于以下方面：),
# not one that opens a reason (主要原因是：).
_BREAKDOWN = re.compile(r"(?:其中|以下方面|以下几个方面|如下|包括|分别为|构成为?|主要用于)[^，,。；;：:]{0,4}[：:]")


def _share_base(sentence: str, at: int, before: str) -> Decimal | None:
    """The total a share without a named base is taken of: the amount that the
    breakdown before it opens on (本年收入567.79万元，其中：…占98.77%); the
    previous sentence's total when this sentence opens with 其中： or is the
    list that the previous sentence's closing colon opens (…支出1286.54万元，
    主要用于以下方面：). Never merely the sentence's first amount, which may be
    the first item; None when no breakdown says which total."""
    opens = [m for m in _BREAKDOWN.finditer(sentence, 0, at)]
    if opens:
        amounts = _LEAD_TOTAL.findall(sentence, 0, opens[-1].start())
        if amounts:
            return _dec(amounts[-1])
        if opens[-1].start() == len(sentence) - len(sentence.lstrip()):  # 其中： opens it
            first = _LEAD_TOTAL.search(before)
            return _dec(first.group(1)) if first else None
        return None
    ending = _BREAKDOWN.search(before.rstrip()[-12:])
    if ending and before.rstrip().endswith(ending.group()):
        amounts = _LEAD_TOTAL.findall(before)
        return _dec(amounts[-1]) if amounts else None
    return None


def _shares(sentence: str, page: int, named: dict[str, Decimal],
            before: str = "") -> list[Check]:
    """A share checked against the total it is of: the one it names, or the one its
    sentence breaks down. Where the text names no total, any amount stated just before
    that gives the printed share may be it; where it names one loosely (本年支出预算
    for 2026年支出预算), the total is a guess, and a failure is doubtful."""
    checks = []
    for m in _SHARE.finditer(sentence):
        amount, base_name, pct = _dec(m.group(1)), m.group(2), _dec(m.group(3))
        if base_name:
            base, exact = _base_for(base_name, named)
        else:
            base, exact = _share_base(sentence, m.start(), before), True
        if base is None or not base or amount is None or pct is None:
            continue
        tolerance = percent_tolerance(pct)
        if (not base_name or not exact) and abs(amount / base * 100 - pct) > tolerance:
            # another amount stated before may be the total it is of
            base = next((b for b in _amounts_before(sentence, m.start(), before)
                         if b and abs(amount / b * 100 - pct) <= tolerance), base)
        expected = (amount / base * 100).quantize(Decimal("0.01"))
        check = compare("narrative.percent", f"share “{_quote(sentence, m)}”", expected, pct,
                        (page,), f"{amount} / {base} = {expected}%", tolerance=tolerance)
        checks.append(check if exact or check.status != "fail" else replace(
            check, verdict="doubtful",
            message=check.message + " (the total it is of is not named: a guess)"))
    return checks


def _amounts_before(sentence: str, at: int, before: str) -> list[Decimal]:
    """Amounts stated before a share, nearest first, then the sentence before's."""
    here = [d for x in reversed(_LEAD_TOTAL.findall(sentence, 0, at)) if (d := _dec(x))]
    return here + [d for x in _LEAD_TOTAL.findall(before) if (d := _dec(x))]


def _growth(sentence: str, page: int) -> list[Check]:
    checks = []
    for m in _GROWTH.finditer(sentence):
        value, verb, change, verb2, pct = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        v, a, p = _dec(value), _dec(change), _dec(pct)
        if v is None or a is None or p is None:
            continue
        up = verb in ("增加", "增长")
        if up != (verb2 in ("增加", "增长")):
            checks.append(finding("narrative.direction", f"“{_quote(sentence, m)}”", False, (page,),
                                  f"{verb} and {verb2} contradict each other"))
            continue
        prior = v - a if up else v + a
        if prior <= 0:
            continue  # from nothing: the rate is conventional (100%)
        expected = (a / prior * 100).quantize(Decimal("0.01"))
        checks.append(compare("narrative.percent", f"growth “{_quote(sentence, m)}”", expected, p,
                              (page,), f"{a} / ({v} {'-' if up else '+'} {a}) = {expected}%",
                              tolerance=percent_tolerance(p)))
    return checks


def _budgets(section) -> list[Check]:
    """Completion and difference rates, and the verdict (决算数大于预算数) that
    follows a budget comparison in the same paragraph."""
    checks = []
    for para_start, para in _paragraphs(section.text):
        last: tuple[Decimal | None, Decimal | None, Decimal] | None = None
        for m in _BUDGET.finditer(para):
            initial, full, actual = _dec(m.group(1)), _dec(m.group(2)), _dec(m.group(3))
            if actual is None or (initial is None and full is None):
                continue
            page = section.page_at(para_start + m.start())
            last = (initial, full, actual)
            which, rate, diff_rate = m.group(4), _dec(m.group(5)), _dec(m.group(6))
            budget = (initial if which == "年初" else full if which == "全年" else full or initial)
            if rate is not None and budget:
                expected = (actual / budget * 100).quantize(Decimal("0.01"))
                subject = _subject(para, m.start())
                checks.append(compare("narrative.percent",
                                      f"{subject} completion “{excerpt(m.group(), 0, 0, after=60)}”".lstrip(),
                                      expected, rate, (page,), f"{actual} / {budget} = {expected}%",
                                      tolerance=percent_tolerance(rate)))
            if diff_rate is not None and budget:
                expected = ((actual - budget) / budget * 100).quantize(Decimal("0.01"))
                checks.append(compare("narrative.percent",
                                      f"{_subject(para, m.start())} difference rate "
                                      f"“{excerpt(m.group(), 0, 0, after=60)}”".lstrip(),
                                      expected, diff_rate, (page,),
                                      f"({actual} - {budget}) / {budget} = {expected}%",
                                      tolerance=percent_tolerance(diff_rate)))
            verdict = _VERDICT.search(para, m.end(), m.end() + 80)
            if verdict:
                checks.append(_verdict(verdict, last, section.page_at(para_start + verdict.start()),
                                       _subject(para, m.start())))
    return checks


def _verdict(m: re.Match[str], figures, page: int, subject: str = "") -> Check:
    initial, full, actual = figures
    word, which = m.group(1), m.group(2)
    budget = initial if which == "年初" else full if which == "全年" else (full or initial)
    said = {"大于": 1, "高于": 1, "小于": -1, "低于": -1}.get(word, 0)
    if budget is None:
        return finding("narrative.direction", f"{subject} “{m.group()}”".lstrip(), True, (page,),
                       "no budget printed")
    real = (actual > budget) - (actual < budget)
    ok = said == real or (word == "基本持平" and abs(actual - budget) <= abs(budget) / 100)
    return finding("narrative.direction", f"{subject} “{m.group()}”".lstrip(), ok, (page,),
                   f"决算 {actual} vs 预算 {budget}: the text says {word}",
                   expected={1: "大于", -1: "小于", 0: "等于"}[real], actual=word)


def _paragraphs(text: str):
    pos = 0
    for para in text.split("\n"):
        yield pos, para
        pos += len(para) + 1


def _quote(sentence: str, m: re.Match[str], width: int = 16) -> str:
    return excerpt(sentence, m.start(), m.end(), before=width)


# A 科目 named in the narrative: 行政运行（项）, 一般公共服务支出（类）.
_SUBJECT = re.compile(r"([\u4e00-\u9fff“”]{2,30}?)[（(](类|款|项)[）)]")


def _subject(para: str, at: int) -> str:
    """The 科目 that the paragraph last names before ``at`` ('' when none)."""
    named = [m for m in _SUBJECT.finditer(para, 0, at)]
    if not named:
        return ""
    m = named[-1]
    name = re.sub(r"^(?:[其中]|\d+[.．、]|[（(]\d+[）)])+", "", m.group(1))
    return f"{name}（{m.group(2)}）"
