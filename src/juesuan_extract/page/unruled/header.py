"""The header of an unruled table → its cells, as ruling would have drawn them.

statements.py reads a header from its cells: a column's name is the path of
the cells above it, and a group header (本年支出 over 合计 | 基本支出 | 项目支出)
is one wide cell. Without ruling, a group header is a short text centred
over its group, touching only some of the group's columns. Its cell is
rebuilt from three observations:

* it covers the columns its text touches;
* it may widen over a neighbouring column only where that column's own
  header text lies clearly below it (a child), never at its level;
* its text is centred: of the widths allowed, the widest one centred on the
  text is its cell.

Rows: each column's headers are stacked; the boundary between two is
midway between their texts, and the lowest one reaches the body. The result
is a grid of slots with the header cell that owns each slot, from which the
ruling is drawn.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ...geometry import Extent
from ..settings import current as tolerances
from ..tokens import Token


@dataclass(slots=True)
class Fragment(Extent):
    """One header cell's text (several wrapped lines merged)."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    cols: tuple[int, int] = (0, -1)  # first and last column, inclusive


def fragments(tokens: list[Token]) -> list[Fragment]:
    """Merge the wrapped lines of each header cell.

    A wrapped line sits close under the line before it, alone: texts side by
    side under one text are the cells of a group (类 | 款 | 项 under
    功能分类科目编码), however tightly the rows are set."""
    out: list[Fragment] = []
    for t in sorted(tokens, key=lambda t: (t.top, t.x0)):
        for f in out:
            if 0 <= t.top - f.bottom < tolerances().wrap_gap * t.size and _under(t, f) and not any(
                u is not t and abs(u.top - t.top) < tolerances().wrap_gap * t.size and _under(u, f) for u in tokens
            ):
                f.x0, f.x1, f.bottom = min(f.x0, t.x0), max(f.x1, t.x1), max(f.bottom, t.bottom)
                break
        else:
            out.append(Fragment(t.x0, t.x1, t.top, t.bottom, t.size))
    return out


def _under(t: Token, f: Fragment) -> bool:
    return min(f.x1, t.x1) - max(f.x0, t.x0) > 0.5 * min(f.x1 - f.x0, t.x1 - t.x0)


def leaves(frags: list[Fragment]) -> list[Fragment]:
    """Header texts with no other header text below them: the column names."""
    return [f for f in frags if not any(
        g is not f and g.top >= f.bottom and min(f.x1, g.x1) > max(f.x0, g.x0) for g in frags
    )]


def place(frags: list[Fragment], xs: list[float]) -> None:
    """Decide the columns each header cell covers."""
    n = len(xs) - 1
    for f in frags:
        touched = [c for c in range(n)
                   if min(f.x1, xs[c + 1]) - max(f.x0, xs[c]) >= min(tolerances().min_overlap * f.size, (f.x1 - f.x0) / 2)]
        f.cols = (touched[0], touched[-1]) if touched else _nearest(f, xs)
    touched_cols = {id(f): f.cols for f in frags}
    widened = []
    for f in frags:
        lo, hi = f.cols
        while lo > 0 and _free(frags, touched_cols, f, lo - 1):
            lo -= 1
        while hi < n - 1 and _free(frags, touched_cols, f, hi + 1):
            hi += 1
        best = f.cols
        for a in range(lo, f.cols[0] + 1):
            for b in range(f.cols[1], hi + 1):
                centred = abs((xs[a] + xs[b + 1]) / 2 - f.cx) <= tolerances().group_centre_tolerance * f.size
                if centred and b - a > best[1] - best[0]:
                    best = (a, b)
        widened.append(best)
    for f, cols in zip(frags, widened):
        f.cols = cols


def _nearest(f: Fragment, xs: list[float]) -> tuple[int, int]:
    c = min(max(bisect.bisect_right(xs, f.cx) - 1, 0), len(xs) - 2)
    return c, c


def _free(frags: list[Fragment], cols: dict[int, tuple[int, int]], f: Fragment, col: int) -> bool:
    """May ``f`` widen over column ``col``: is every header text there either
    clearly below it (a child) or above it (a group over both)?"""
    return all(
        g.top >= f.bottom + tolerances().child_gap * f.size or g.bottom <= f.top
        for g in frags if g is not f and cols[id(g)][0] <= col <= cols[id(g)][1]
    )


def slots(frags: list[Fragment], n_cols: int, top: float, bottom: float
          ) -> tuple[list[float], list[list[int | None]]]:
    """Row boundaries of the header and the fragment owning each slot (row by
    row, column by column; None in a column without any header text).

    Each slot belongs to the header text nearest to it in its column, so a
    cell reaches half way to the next one, the top one to the top of the
    header and the lowest one down to the body."""
    stacks = [sorted((f for f in frags if f.cols[0] <= c <= f.cols[1]), key=lambda f: f.top)
              for c in range(n_cols)]
    cuts = sorted((a.bottom + b.top) / 2 for stack in stacks for a, b in zip(stack, stack[1:])
                  if b.top >= a.bottom)
    size = max((f.size for f in frags), default=1.0)
    ys = [top] + [y for y in _snap(cuts, tolerances().row_snap * size) if top < y < bottom] + [bottom]
    index = {id(f): i for i, f in enumerate(frags)}
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(len(ys) - 1)]
    for c, stack in enumerate(stacks):
        for r in range(len(ys) - 1):
            near = min(stack, key=lambda f: _distance(f, ys[r], ys[r + 1]), default=None)
            owner[r][c] = None if near is None else index[id(near)]
    return ys, owner


def _distance(f: Fragment, y0: float, y1: float) -> float:
    if f.bottom < y0:
        return y0 - f.bottom
    if f.top > y1:
        return f.top - y1
    return 0.0


def _snap(values: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]
