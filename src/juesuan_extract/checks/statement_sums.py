"""Arithmetic inside one statement.

* 科目编码 tree: a 类 equals the sum of its 款, a 款 the sum of its 项;
* 合计 rows: the sum of the 类 rows of their column;
* column groups: a 合计/小计 column equals the sum of its sibling columns
  (本年支出合计 = 基本支出 + 项目支出 + …; 小计 = 购置费 + 运行维护费);
* named rows of the 总表s: 本年收入合计 = Σ numbered items, 总计 = 本年合计 +
  the rows after it, and a row followed by numbered sub-rows = their sum.

A 其中 column or row is a part of the one before it, never an addend of a
total; a column the total leaves out on every line (深圳's 政府采购 beside 合计 |
基本支出 | 项目支出) is a memo, not a part. Rounding is judged in the table's own
unit: two units of the last decimal place the table prints (0.02 万元, 2 元).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from itertools import combinations

from ..model import Check, Statement, StatementValue
from .base import compare, table_tolerance

TOTAL_WORDS = ("合计", "小计", "总计")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")
_PART_OF = re.compile(r"^其中[:：]?")


def run(doc) -> list[Check]:
    checks: list[Check] = []
    for st in doc.statements:
        checks += code_tree(st)
        checks += total_rows(st)
        checks += column_groups(st)
        checks += named_rows(st)
    return checks


def _by_column(st: Statement) -> dict[str, list[StatementValue]]:
    out: dict[str, list[StatementValue]] = defaultdict(list)
    for v in st.values:
        out[v.column].append(v)
    return out


def code_tree(st: Statement) -> list[Check]:
    checks = []
    tolerance = table_tolerance(v.value for v in st.values)
    coded_rows = {v.code for v in st.values if v.code}
    for column, values in _by_column(st).items():
        # a code printed on several lines (30101 split by its 政府经济 class): all of them
        by_code: dict[str, list[StatementValue]] = defaultdict(list)
        for v in values:
            if v.code:
                by_code[v.code].append(v)
        for parent in sorted(c for c in coded_rows if len(c) in (3, 5)):
            # its sub-codes; under a 类, a 项 whose 款 is not printed counts as its own 款
            children = sorted(c for c in coded_rows if c.startswith(parent) and (
                len(c) == len(parent) + 2 or (len(c) == len(parent) + 4 and c[:len(parent) + 2]
                                              not in coded_rows)))
            if not children:
                continue
            parents = by_code.get(parent, [])
            printed = parents[0] if len(parents) == 1 else None
            kids = [k for c in children for k in by_code.get(c, [])]
            if len(parents) > 1 or (printed is None and not kids):
                continue  # a 类 printed on several lines: which of them is the total is unknown
            total = sum((k.value for k in kids), Decimal(0))
            actual = printed.value if printed else Decimal(0)
            pages = tuple(v.page for v in kids) + ((printed.page,) if printed else ())
            name = printed.name if printed else parent
            checks.append(compare(
                "statement.code_tree", f"{st.name} {parent} {name} / {column}", total, actual,
                pages, f"{parent} = Σ of its {len(children)} sub-codes", tolerance,
                basis=tuple(k.box for k in kids) + ((printed.box,) if printed else ()),
            ))
    return checks


def total_rows(st: Statement) -> list[Check]:
    """合计 rows of coded statements against the sum of their 类 rows."""
    if not any(v.code for v in st.values):
        return []
    checks = []
    tolerance = table_tolerance(v.value for v in st.values)
    for column, values in _by_column(st).items():
        top = [v for v in values if len(v.code) == 3]
        for total in (v for v in values if not v.code and "合计" in v.name):
            if not top:
                continue
            expected = sum((v.value for v in top), Decimal(0))
            checks.append(compare(
                "statement.total_row", f"{st.name} {total.name} / {column}", expected,
                total.value, (total.page, *(v.page for v in top)),
                f"{total.name} = Σ of {len(top)} 类 rows", tolerance,
                basis=(total.box, *(v.box for v in top)),
            ))
    return checks


def column_groups(st: Statement) -> list[Check]:
    """In each printed line, a 合计/小计 column equals the sum of its siblings."""
    checks = []
    tolerance = table_tolerance(v.value for v in st.values)
    lines: dict[tuple[int, int], dict[str, StatementValue]] = defaultdict(dict)
    for v in st.values:
        lines[(v.row_seq, v.side)][v.column] = v
    columns_by_side: dict[int, set[str]] = defaultdict(set)
    for v in st.values:
        columns_by_side[v.side].add(v.column)
    order = _column_order(st)
    groups = {(side, column): _sibling_groups(column, columns, order)
              for side, columns in columns_by_side.items() for column in columns}
    groups = {key: _without_memo(parts, key[1], lines, key[0], tolerance)
              for key, parts in groups.items() if parts}
    for (_row, side), cells in sorted(lines.items()):
        for column, printed in cells.items():
            parts = groups.get((side, column))
            if not parts:
                continue
            total = sum((_group_value(p, cells) for p in parts), Decimal(0))
            checks.append(compare(
                "statement.column_sum", f"{st.name} {printed.code} {printed.name} / {column}",
                total, printed.value, tuple(v.page for v in cells.values()),
                f"{column} = " + " + ".join("/".join(x for x in p if x != "\0") for p in parts),
                tolerance, basis=(printed.box, *_group_boxes(parts, cells)),
            ))
    return checks


def _without_memo(parts: list[tuple[str, ...]], column: str,
                  lines: dict[tuple[int, int], dict[str, StatementValue]], side: int,
                  tolerance: Decimal) -> list[tuple[str, ...]]:
    """The groups a total adds up, less the columns that are no part of it: columns
    a total of their kind never counts (a “三公” total and 会议费, 培训费 printed beside
    it), and memo columns: one or two that, left out, make every line printing a
    figure in them add up, where with them none does (深圳's 政府采购)."""
    parts = [p for p in parts if not _never_part(column, p)]
    if len(parts) < 3:
        return parts
    rows = [cells for (_r, s), cells in lines.items() if s == side and column in cells]

    def holds(groups: list[tuple[str, ...]], cells: dict[str, StatementValue]) -> bool:
        total = sum((_group_value(p, cells) for p in groups), Decimal(0))
        return abs(total - cells[column].value) <= tolerance

    for size in (1, 2):
        for memo in combinations(parts, size):
            rest = [p for p in parts if p not in memo]
            tested = [c for c in rows if any(_group_value(m, c) for m in memo)]
            if len(rest) >= 2 and tested and all(holds(rest, c) and not holds(parts, c)
                                                 for c in tested):
                return rest
    return parts


# Columns a total of a kind never counts, whatever stands beside it: (a word of the
# total's name, words of a column that is no part of it).
NEVER_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("三公", ("会议费", "培训费", "机关运行经费")),
)


def _never_part(total: str, group: tuple[str, ...]) -> bool:
    name = "/".join(x for x in group if x != "\0")
    return any(word in total and any(w in name for w in others) for word, others in NEVER_PARTS)


def _group_boxes(parts: list[tuple[str, ...]], cells: dict[str, StatementValue]) -> list:
    out = []
    for group in parts:
        i = group.index("\0")
        head, suffix = "/".join(group[:i]), "/".join(group[i + 1:])
        out += [v.box for c, v in cells.items() if (c == head or c.startswith(head + "/"))
                and c.endswith(suffix)]
    return out


def _is_total(segment: str) -> bool:
    return segment.endswith(TOTAL_WORDS)


def _column_order(st: Statement) -> dict[str, float]:
    """Where each column is printed, left to right (its leftmost value)."""
    out: dict[str, float] = {}
    for v in st.values:
        out[v.column] = min(out.get(v.column, v.box.x0), v.box.x0)
    return out


def _opens_breakdown(column: str, total: str, siblings: list[str], order: dict[str, float]) -> bool:
    """Whether a 其中 column stands right after the total it belongs to (no other
    sibling between them) with a plain column after it: it opens the total's breakdown."""
    if not order:
        return False
    x, t = order.get(column, 0.0), order.get(total, 0.0)
    between = any(t < order.get(o, 0.0) < x for o in siblings if o != column)
    plain_after = any(order.get(o, 0.0) > x and not _PART_OF.match(o.split("/")[-1]) for o in siblings)
    return t < x and not between and plain_after


def _sibling_groups(column: str, columns: set[str],
                    order: dict[str, float] | None = None) -> list[tuple[str, ...]]:
    """The column groups a 合计/小计 column adds up, as path prefixes + suffix."""
    path = column.split("/")
    k = next((i for i, seg in enumerate(path) if _is_total(seg)), None)
    if k is None:
        return []
    parent, suffix = path[:k], path[k + 1:]
    siblings = [o for o in columns if o != column and o.split("/")[:k] == parent
                and len(o.split("/")) > k and not _is_total(o.split("/")[k])]
    groups: list[tuple[str, ...]] = []
    for other in sorted(columns):
        q = other.split("/")
        if other == column or len(q) <= k or q[:k] != parent or _is_total(q[k]) or (
                _PART_OF.match(q[k]) and not _opens_breakdown(other, column, siblings, order or {})):
            continue
        if suffix and q[len(q) - len(suffix):] != suffix:
            continue
        group = (*parent, q[k], "\0", *suffix)  # \0: the group's value, see _group_value
        if group not in groups:
            groups.append(group)
    return groups


def _group_value(group: tuple[str, ...], cells: dict[str, StatementValue]) -> Decimal:
    """A column group's figure: its own 小计/合计 column if printed, its single
    column, or else the sum of its leaf columns."""
    i = group.index("\0")
    head, suffix = list(group[:i]), list(group[i + 1:])
    own = "/".join(head + suffix)
    if own in cells:
        return cells[own].value
    subtotal = [c for c in cells if c.startswith("/".join(head) + "/")
                and _is_total(c.split("/")[len(head)]) and c.endswith("/".join(suffix))]
    if subtotal:
        return cells[subtotal[0]].value
    leaves = [c for c in cells if c.startswith("/".join(head) + "/") and c.endswith("/".join(suffix))
              and not _PART_OF.match(c.split("/")[len(head)])]  # 其中：… is within another leaf
    return sum((cells[c].value for c in leaves), Decimal(0))


def named_rows(st: Statement) -> list[Check]:
    """Totals among the named rows of a 总表 (rows without 科目编码)."""
    if any(v.code for v in st.values):
        return []
    checks = []
    tolerance = table_tolerance(v.value for v in st.values)
    for column in _by_column(st):
        rows: dict[int, StatementValue] = {}
        for v in st.values:
            if v.column == column:
                rows[v.row_seq] = v
        names = _row_names(st, column)
        checks += _named_totals(st, column, names, rows, tolerance)
    return checks


def _row_names(st: Statement, column: str) -> list[tuple[int, str]]:
    """Every printed line of the column's half, with its label (from any value
    of that half on the line; lines without values are unknown and count 0)."""
    side = next(v.side for v in st.values if v.column == column)
    seen: dict[int, str] = {}
    for v in st.values:
        if v.side == side:
            seen.setdefault(v.row_seq, v.name)
    return sorted(seen.items())


def _named_totals(st: Statement, column: str, names: list[tuple[int, str]],
                  rows: dict[int, StatementValue], tolerance: Decimal) -> list[Check]:
    def val(seq: int) -> Decimal:
        return rows[seq].value if seq in rows else Decimal(0)

    def used(*seqs: int) -> tuple:
        return tuple(rows[s].box for s in seqs if s in rows)

    checks = []
    subtotal = next(((s, n) for s, n in names if n.startswith("本年") and n.endswith("合计")), None)
    grand = next(((s, n) for s, n in names if n == "总计"), None)
    if subtotal and subtotal[0] in rows:
        items = [s for s, n in names if s < subtotal[0] and _NUMBERED.match(n)]
        if items:
            checks.append(compare(
                "statement.named_total", f"{st.name} {subtotal[1]} / {column}",
                sum((val(s) for s in items), Decimal(0)), val(subtotal[0]),
                (rows[subtotal[0]].page,), f"{subtotal[1]} = Σ of {len(items)} numbered rows",
                tolerance, basis=used(subtotal[0], *items)))
    if subtotal and grand and grand[0] in rows:
        between = [(s, n) for s, n in names if subtotal[0] < s < grand[0] and not _NUMBERED.match(n)]
        expected = val(subtotal[0]) + sum((val(s) for s, _ in between), Decimal(0))
        checks.append(compare(
            "statement.named_total", f"{st.name} 总计 / {column}", expected, val(grand[0]),
            (rows[grand[0]].page,),
            "总计 = " + " + ".join([subtotal[1]] + [n for _, n in between]), tolerance,
            basis=used(grand[0], subtotal[0], *(s for s, _ in between))))
    for i, (s, n) in enumerate(names):
        if _NUMBERED.match(n) or s not in rows or subtotal is None or s <= subtotal[0]:
            continue
        subs = []
        for s2, n2 in names[i + 1:]:
            if not _NUMBERED.match(n2):
                break
            subs.append(s2)
        if subs:
            checks.append(compare(
                "statement.named_total", f"{st.name} {n} / {column}",
                sum((val(x) for x in subs), Decimal(0)), val(s), (rows[s].page,),
                f"{n} = Σ of its {len(subs)} numbered sub-rows", tolerance, basis=used(s, *subs)))
    return checks
