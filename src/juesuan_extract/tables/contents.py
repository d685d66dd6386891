"""Contents tables: a ruled list of the statements a document prints (表1 收支总表 …
是否空表), never a statement itself.

Budgets print their 目录 of 公开报表 as a table of its own; its rows name statement
after statement and print no amount. Read as a statement, its titles would cut it
into pieces and its numbers (表1, 表2, page numbers) pass for amounts.
"""

from __future__ import annotations

import re

from ..page.grid import Grid
from .budget_titles import match_budget_statement
from .titles import match_statement

# A contents table names at least this many statements, one a row.
MIN_TITLES = 3
_DECIMAL = re.compile(r"\d\.\d")


def is_contents_grid(grid: Grid) -> bool:
    """Whether a grid lists statements by title, a row each, and prints no amount."""
    titled = 0
    for r in range(grid.n_rows):
        cells = [c for c, spanned in grid.row(r) if not spanned and c.text.strip()]
        if any(_DECIMAL.search(c.text) for c in cells):
            return False
        text = re.sub(r"\s+", "", "".join(c.text for c in cells))
        if text and (match_budget_statement(text) or match_statement(text)):
            titled += 1
    return titled >= MIN_TITLES
