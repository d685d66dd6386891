"""What every check family shares: the statuses, rounding tolerances and the
two ways to make a check (arithmetic and finding)."""


from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..geometry import Box
from ..model import Check

# Sums of amounts printed to the cent may be off by this much through rounding.
ROUNDING = Decimal("0.02")
# Percentages printed to two decimals, recomputed from rounded amounts.
PERCENT_ROUNDING = Decimal("0.06")


def compare(check_id: str, scope: str, expected: Decimal, actual: Decimal,
            pages: tuple[int, ...], message: str = "",
            tolerance: Decimal = ROUNDING, basis: tuple[Box, ...] = ()) -> Check:
    """A check of one recomputed figure against the printed one. ``basis``: the
    boxes of the printed values it rests on (a failure is in doubt when any of
    them was misread; see :mod:`.verdicts`)."""
    diff = actual - expected
    status = "pass" if diff == 0 else "rounding" if abs(diff) <= tolerance else "fail"
    return Check(check_id, scope, status, _fmt(expected), _fmt(actual), _fmt(diff),
                 tuple(sorted(set(pages))), message, basis=basis)


def finding(check_id: str, scope: str, ok: bool, pages: tuple[int, ...], message: str,
            expected: str = "", actual: str = "", basis: tuple[Box, ...] = (),
            verdict: str = "") -> Check:
    """A check that is not arithmetic (presence, wording): pass or fail.
    ``verdict`` names a failure's kind where the check itself knows it (a
    misread is ``doubtful`` whatever its basis)."""
    ok_or_not = "pass" if ok else "fail"
    return Check(check_id, scope, ok_or_not, expected, actual, "", tuple(sorted(set(pages))),
                 message, verdict="" if ok else verdict, basis=basis)


def percent_tolerance(printed: Decimal) -> Decimal:
    """Rounding of a percentage in its printed precision: 0.06 points for one printed
    to two decimals (recomputed from rounded amounts), a unit of the last place for one
    printed coarser, rounded or cut (下降95% for 95.79%)."""
    exponent = printed.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return max(PERCENT_ROUNDING, Decimal(1).scaleb(-decimals))


def table_tolerance(values) -> Decimal:
    """Rounding in a table's own unit: two units of the last decimal place most of
    its amounts print (0.02 in a table printed to the cent, 2 in one printed in
    whole 元). A sum of rounded figures drifts by about that much."""
    places = Counter(-v.as_tuple().exponent for v in values
                     if isinstance(v.as_tuple().exponent, int) and v.as_tuple().exponent <= 0)
    if not places:
        return ROUNDING
    decimals = places.most_common(1)[0][0]
    return Decimal(2).scaleb(-decimals)


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
