"""Every output number is one printed number at its box.

The reverse of :mod:`.accounting`: accounting finds every number printed on
the pages and asks which output holds it; this module takes every number the
outputs hold — statement values, the numbers of self-evaluation rows, the
figures of narrative facts — and asks whether the page prints it, once, where
the output says:

* the box of a table value holds exactly one printed number (a token of
  :mod:`..page.tokens`: characters without a cell-wide gap between them), and
  it is the value, with the same digits — not two neighbouring cells glued
  into a number the page never prints, not a number taken from the cell beside;
* a fact's figures are printed in its sentence.

A value that fails is kept, with its ``doubt`` saying what was printed and
what was made of it, and a ``reading.*`` check fails (verdict ``doubtful``),
naming the page and the box: the value is never passed off as read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from ..geometry import Box, Line
from ..model import Check, DocumentResult
from ..page.layout import PageLayout, TableBlock
from ..page.tokens import Token, touching
from .base import finding

DOUBTFUL = "doubtful"
# A printed number inside a token: digits with separators, a point and a sign.
_NUMBER = re.compile(r"(?<![0-9.,])[-+－]?\d[\d,]*(?:\.\d+)?%?")
# A sentence that states a figure is nil, in words: its fact is 0 with no 0 printed.
_NIL = re.compile(r"无|没有|未(发生|安排)")
# One amount as printed: thousands grouped by threes (or not at all), one point at most.
# A number wrapped over the lines of its cell joins into one such; two numbers seldom do.
_WELL_FORMED = re.compile(r"^[-+－]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
# A piece ending in two decimals is a whole amount: what follows it is another number
# (46.56 | 25 glued), not the rest of it.
_WHOLE_CENTS = re.compile(r"\.\d{2,}%?$")
# A box's contents are found by the centres of its tokens; ruling may clip a cell by this much.
SLACK = 1.0


class PrintedPieces:
    """The tokens printed on each page, in and around table cells, and the
    narrative lines (for values read from a line outside the ruling)."""

    def __init__(self, layouts: list[PageLayout]):
        self._tokens: dict[int, list[Token]] = {}
        self._lines: dict[int, list[Line]] = {}
        for page in layouts:
            seen: set[tuple[float, float, float, float, str]] = set()
            tokens = self._tokens.setdefault(page.number, [])
            for block in page.blocks:
                if isinstance(block, TableBlock):
                    for cell in block.grid.cells:
                        for t in cell.tokens:
                            key = (t.x0, t.top, t.x1, t.bottom, t.text)
                            if key not in seen:  # a merged cell is listed once per grid
                                seen.add(key)
                                tokens.append(t)
                else:
                    self._lines.setdefault(page.number, []).append(block)

    def numbers_at(self, box: Box) -> list[str] | None:
        """The numbers printed in ``box`` as printed, top to bottom and left to
        right; None when no token at all stands there (a line outside the ruling)."""
        inside = [t for t in self._tokens.get(box.page, ())
                  if box.contains_point(t.cx, t.cy, SLACK)]
        if not inside:
            lines = [ln for ln in self._lines.get(box.page, ())
                     if ln.box.contains_point(box.cx, box.cy, SLACK)]
            if not lines:
                return None
            return [m.group() for ln in lines for m in _NUMBER.finditer(ln.text.replace(" ", ""))]
        inside.sort(key=lambda t: (round(t.top), t.x0))
        pieces: list[tuple[Token, str]] = []
        for t in inside:  # a number cut by a rule of its own is one printed piece
            if pieces and touching(pieces[-1][0], t):
                pieces[-1] = (t, pieces[-1][1] + t.text)
            else:
                pieces.append((t, t.text))
        return [m.group() for _, text in pieces for m in _NUMBER.finditer(text.replace(" ", ""))]


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("－", "-").rstrip("%"))
    except InvalidOperation:
        return None


def problem(printed: list[str] | None, value: Decimal, as_read: str = "") -> str:
    """Why ``value`` is not the one number printed at its box ('' when it is)."""
    if printed is None:
        return ""  # no text layer token stands there (a line read outside the ruling is checked by its line)
    made = as_read or format(value, "f")
    if not printed:
        return f"no number is printed at its box; read as {made}"
    if len(printed) > 1:
        joined = "".join(printed)
        if _WELL_FORMED.match(joined) and _decimal(joined) == value and \
                not any(_WHOLE_CENTS.search(p) for p in printed[:-1]):
            return ""  # one number wrapped over two lines of its cell (1234 / 5.60, 144,177.8 / 8)
        return f"{len(printed)} numbers are printed at its box ({', '.join(printed)}); read as {made}"
    if _decimal(printed[0]) != value:
        return f"{printed[0]} is printed at its box; read as {made}"
    return ""


def read_back(doc: DocumentResult, layouts: list[PageLayout]) -> list[Check]:
    """``reading.*`` checks: one per value that is not one printed number at its box
    (the value's ``doubt`` is set), and one per fact figure its sentence does not print."""
    pieces = PrintedPieces(layouts)
    checks: list[Check] = []
    for st in doc.statements:
        for i, v in enumerate(st.values):
            why = problem(pieces.numbers_at(v.box), v.value, v.printed)
            if not why:
                continue
            st.values[i] = replace(v, doubt=why)
            subject = " ".join(p for p in (v.code, v.name) if p) or "—"
            checks.append(_doubt("reading.statement_value", f"{st.name} {subject} / {v.column}",
                                 v.box, why, format(v.value, "f")))
    for t in doc.evaluation_tables:
        scope = f"自评表 {t.table_seq} {t.project_name or t.competent_dept}".strip()
        for f in t.funds:
            for name, box in f.boxes.items():
                value = getattr(f, name, None)
                if not isinstance(value, Decimal):
                    continue
                why = problem(pieces.numbers_at(box), value)
                if why:
                    f.doubt = "; ".join(x for x in (f.doubt, f"{name}: {why}") if x)
                    checks.append(_doubt("reading.evaluation_value", f"{scope} {f.source} / {name}",
                                         box, why, format(value, "f")))
        for ind in t.indicators:
            for name in ("weight", "score"):
                value = getattr(ind, name)
                found = ind.boxes.get(name, [])
                if value is None or len(found) != 1:
                    continue
                why = problem(pieces.numbers_at(found[0]), value)
                if why:
                    ind.doubt = "; ".join(x for x in (ind.doubt, f"{name}: {why}") if x)
                    checks.append(_doubt("reading.evaluation_value",
                                         f"{scope} {ind.level3 or ind.content} / {name}", found[0],
                                         why, format(value, "f")))
        for name in ("total_score", "total_weight"):
            value = getattr(t, name)
            found = t.boxes.get(name, [])
            if value is not None and len(found) == 1:
                why = problem(pieces.numbers_at(found[0]), value)
                if why:
                    checks.append(_doubt("reading.evaluation_value", f"{scope} 总分 / {name}",
                                         found[0], why, format(value, "f")))
    checks += _facts(doc)
    return checks


def _doubt(check_id: str, scope: str, box: Box, why: str, made: str) -> Check:
    where = " ".join(f"{x:.0f}" for x in box.as_list())
    return finding(check_id, scope, False, (box.page,), f"{why} (p.{box.page}, box {where})",
                   actual=made, basis=(box,), verdict=DOUBTFUL)


def _facts(doc: DocumentResult) -> list[Check]:
    """A fact's value, change and rate are numbers its sentence prints."""
    checks = []
    for fact in doc.facts:
        printed = {d for m in _NUMBER.finditer(fact.sentence.replace(" ", ""))
                   if (d := _decimal(m.group())) is not None}
        printed |= {abs(d) for d in printed}
        nil = bool(_NIL.search(fact.sentence))  # 无“三公”经费支出: a stated zero
        for name in ("value", "change_amount", "change_pct"):
            figure = getattr(fact, name)
            if figure is None or abs(figure) in printed or (figure == 0 and nil):
                continue
            checks.append(finding(
                "reading.fact", f"{fact.fact}{'（' + fact.qualifier + '）' if fact.qualifier else ''} / "
                f"{name}", False, (fact.page,),
                f"{format(figure, 'f')} is not printed in its sentence “{fact.sentence[:60]}”",
                actual=format(figure, "f"), verdict=DOUBTFUL))
    return checks
