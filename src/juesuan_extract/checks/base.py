"""What every check family shares: the statuses, rounding tolerances and the
two ways to make a check (arithmetic and finding)."""


from __future__ import annotations

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
