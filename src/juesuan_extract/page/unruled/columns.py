"""Where the columns of an unruled table are: whitespace "rivers".

The columns are decided on the body: an x-range that no body token covers,
on any row, separates two columns. Header cells are not used for that, since
a header over several columns crosses their rivers; but the lowest header
cells (the column names) say two things the body cannot:

* a column that is empty on every row leaves no trace in the body: it shows
  up as a header sitting inside one wide river, which is then cut on both
  sides of it;
* a boundary lies where the text's alignment puts it: just right of a
  right-aligned column (amounts), just left of a left-aligned one (names),
  and a column name is centred between its column's two boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..settings import current as tolerances
from ..tokens import Token


class Span(Protocol):
    """A column name as placed: a body token or a merged header fragment."""

    @property
    def x0(self) -> float: ...

    @property
    def x1(self) -> float: ...

    @property
    def bottom(self) -> float: ...

    @property
    def cx(self) -> float: ...



@dataclass(slots=True)
class _Column:
    x0: float
    x1: float
    align: str  # left | right | centre
    name: Span | None  # the column name: the lowest header text over it


def column_edges(body: list[Token], leaves: Sequence[Span], size: float) -> list[float]:
    """x of every column boundary, outer edges included, left to right."""
    columns = _columns(body, leaves, size)
    pad = tolerances().edge_pad * size
    cuts = [_boundary(a, b, columns[k + 2] if k + 2 < len(columns) else None, pad)
            for k, (a, b) in enumerate(zip(columns, columns[1:]))]
    first, last = columns[0], columns[-1]
    left = first.x0 - pad
    if first.align != "left" and first.name is not None and cuts:
        left = min(left, 2 * first.name.cx - cuts[0])
    right = last.x1 + pad
    if last.align != "right" and last.name is not None and cuts:
        right = max(right, 2 * last.name.cx - cuts[-1])
    return [left] + cuts + [right]


def _columns(body: list[Token], leaves: Sequence[Span], size: float) -> list[_Column]:
    groups: list[list[Token]] = []
    for t in sorted(body, key=lambda t: t.x0):
        if groups and t.x0 < max(u.x1 for u in groups[-1]) + tolerances().min_river * size:
            groups[-1].append(t)
        else:
            groups.append([t])
    texts = [(min(t.x0 for t in g), max(t.x1 for t in g), g) for g in groups]
    out: list[_Column] = []
    lo = min([texts[0][0]] + [t.x0 for t in leaves]) - 1
    hi = max([texts[-1][1]] + [t.x1 for t in leaves]) + 1
    bounds = [(lo, lo, None)] + texts + [(hi, hi, None)]
    for (_, l1, lg), (r0, r1, rg) in zip(bounds, bounds[1:]):
        for name in _empty_columns(l1, r0, lg, rg, leaves):
            out.append(_Column(name.x0, name.x1, "centre", name))
        if rg is not None:
            out.append(_Column(r0, r1, _alignment(rg, size), _name(r0, r1, leaves)))
    return out


def _empty_columns(g0: float, g1: float, left: list[Token] | None, right: list[Token] | None,
                   leaves: Sequence[Span]) -> list[Span]:
    """Names standing wholly in the river between two columns' text: the
    names of columns empty on every row.

    A column whose text is narrow (0.00 in a wide column) may have its name
    beside its text rather than above it: the name nearest to a column
    without a name of its own is that column's."""
    inside = sorted((t for t in leaves if t.x0 >= g0 and t.x1 <= g1), key=lambda t: t.x0)
    if inside and left is not None and _name(g0 - 1e-6, g0, leaves, left) is None:
        inside = inside[1:]
    if inside and right is not None and _name(g1, g1 + 1e-6, leaves, right) is None:
        inside = inside[:-1]
    merged: list[Span] = []
    for t in inside:  # the wrapped lines of one name
        if merged and t.x0 < merged[-1].x1:
            continue
        merged.append(t)
    return merged


def _name(x0: float, x1: float, leaves: Sequence[Span], tokens: list[Token] | None = None) -> Span | None:
    if tokens is not None:
        x0, x1 = min(t.x0 for t in tokens), max(t.x1 for t in tokens)
    over = [t for t in leaves if min(t.x1, x1) > max(t.x0, x0)]
    return max(over, key=lambda t: t.bottom, default=None)


def _alignment(tokens: list[Token], size: float) -> str:
    def spread(values: list[float]) -> float:
        return max(values) - min(values)

    printed = [t for t in tokens if not t.numeric or t.is_number]
    if not printed:  # placeholders only (—), set centred
        return "centre"
    tokens = printed  # a placeholder is centred even among right-aligned amounts
    if len(tokens) > 1:
        s0, s1 = spread([t.x0 for t in tokens]), spread([t.x1 for t in tokens])
        sc = spread([t.cx for t in tokens])
        if max(s0, s1) > tolerances().aligned * size:
            return "left" if s0 <= min(s1, sc) else "right" if s1 <= sc else "centre"
    numeric = sum(t.numeric for t in tokens) * 2 >= len(tokens)
    return "right" if numeric else "left"


def _boundary(a: _Column, b: _Column, after: _Column | None, pad: float) -> float:
    """Where the boundary between two neighbouring columns lies."""
    lo, hi = a.x1 + min(pad, (b.x0 - a.x1) / 2), b.x0 - min(pad, (b.x0 - a.x1) / 2)
    if a.align == "right" and a.name is not None or a.align == "right" and b.align != "left":
        return lo
    if b.align == "left":
        return hi
    if b.align == "right" and b.name is not None:
        # b's name is centred between this boundary and the one after b
        far = b.x1 + pad if after is None or after.align != "left" else (b.x1 + after.x0) / 2
        return min(max(2 * b.name.cx - far, lo), hi)
    return (lo + hi) / 2
