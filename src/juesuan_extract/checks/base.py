"""What every check family shares: the statuses, rounding tolerances and the
two ways to make a check (arithmetic and finding)."""


from __future__ import annotations

import re
from decimal import Decimal

from ..model import Check

# Sums of amounts printed to the cent may be off by this much through rounding.
ROUNDING = Decimal("0.02")
# Percentages printed to two decimals, recomputed from rounded amounts.
PERCENT_ROUNDING = Decimal("0.06")


def compare(check_id: str, scope: str, expected: Decimal, actual: Decimal,
            pages: tuple[int, ...], message: str = "",
            tolerance: Decimal = ROUNDING) -> Check:
    """A check of one recomputed figure against the printed one."""
    diff = actual - expected
    status = "pass" if diff == 0 else "rounding" if abs(diff) <= tolerance else "fail"
    return Check(check_id, scope, status, _fmt(expected), _fmt(actual), _fmt(diff),
                 tuple(sorted(set(pages))), message)


def finding(check_id: str, scope: str, ok: bool, pages: tuple[int, ...], message: str,
            expected: str = "", actual: str = "") -> Check:
    """A check that is not arithmetic (presence, wording): pass or fail."""
    return Check(check_id, scope, "pass" if ok else "fail", expected, actual, "",
                 tuple(sorted(set(pages))), message)


def _fmt(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral() else value, "f")


# Where an excerpt may start or stop: after a clause's punctuation, never
# inside a number or a Latin word.
_CLAUSE_BREAK = "，,。；;：:、！？（）()“”\n "


def excerpt(text: str, start: int, end: int, before: int = 16, after: int = 0) -> str:
    """``text[start:end]`` with up to ``before``/``after`` characters around it,
    cut where a clause starts or ends (or at least between words and numbers),
    so that no number or word is shown in part: “2023年度相比” never “023年度相比”.
    """
    lo = max(0, start - before)
    breaks = [i for i in range(lo, start) if text[i] in _CLAUSE_BREAK]
    if breaks:
        lo = breaks[0] + 1
    while 0 < lo and _in_token(text, lo):
        lo -= 1  # take the whole number or word the cut would split
    hi = min(len(text), end + after)
    if hi > end:  # end the excerpt with its clause when that is near
        stop = next((i for i in range(hi, min(len(text), hi + 6)) if text[i] in _CLAUSE_BREAK), None)
        hi = stop if stop is not None else hi
    while start < hi < len(text) and _in_token(text, hi):
        hi += 1  # finish the number or word the cut would split
    return text[lo:hi].strip()


_TOKEN_START = re.compile(r"[0-9A-Za-z%]|[.,](?=[0-9])")


def _in_token(text: str, at: int) -> bool:
    """Whether ``at`` falls inside a number or Latin word (between two of its characters)."""
    return bool(_TOKEN_START.match(text, at)) and bool(re.match(r"[0-9A-Za-z.,%]", text[at - 1]))
