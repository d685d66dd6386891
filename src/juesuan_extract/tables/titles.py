"""The standard statements (部门决算报表) and the titles that name them: the nine
of the national template, and the four of the 高等学校 template (three of them
the national ones, and its own 财政拨款支出决算表)."""

from __future__ import annotations

import re

# Canonical names, in the order the national template prints them.
STATEMENTS: tuple[str, ...] = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
    # the 高等学校 template's fourth statement (all 财政拨款, not only 一般公共预算)
    "财政拨款支出决算表",
)
# The statements each template prints: a document prints its template's, no more.
NATIONAL = STATEMENTS[:9]
HIGHER_EDUCATION = (STATEMENTS[0], STATEMENTS[1], STATEMENTS[2], STATEMENTS[9])

# Title patterns → canonical name. Checked in order, most specific first, on the
# title with whitespace removed and quotes unified to “”. A general heading such
# as "XX局2024年度部门决算表" matches none of them.
_TITLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        # 表4：高等学校财政拨款支出决算表 (西南大学); elsewhere a table beside the nine
        (r"高等学校财政拨款支出决算表", STATEMENTS[9]),
        (r"国有资本经营预算财政拨款(收入)?(支出)?决算表", STATEMENTS[8]),
        (r"政府性基金预算财政拨款(收入)?(支出)?决算表", STATEMENTS[7]),
        (r"“三公”经费支出决算表|三公经费支出决算表", STATEMENTS[6]),
        (r"一般公共预算财政拨款基本支出决算(明细)?表", STATEMENTS[5]),
        # not 一般公共预算财政拨款项目支出决算表, a further table some provinces print
        (r"一般公共预算财政拨款支出决算(明细)?表", STATEMENTS[4]),
        (r"财政拨款收(入)?支(出)?决算总表", STATEMENTS[3]),
        (r"^(部门|单位)?收(入)?支(出)?决算总表|[^政拨款]收(入)?支(出)?决算总表", STATEMENTS[0]),
        # 收入决算表 and 支出决算表 alone, or after a unit's name and year: not a
        # qualified table (项目支出, 基本支出, 财政拨款支出 …) outside the nine
        (r"(?<!拨款|经费|资金|预算)收入决算表", STATEMENTS[1]),
        (r"(?<!项目|基本|拨款|收入|经费|资金|预算)支出决算表", STATEMENTS[2]),
    )
)
_QUOTES = str.maketrans({'"': "“", "＂": "“", "「": "“", "」": "”", "『": "“", "』": "”"})


def normal_title(title: str) -> str:
    """A title with whitespace removed and quotes unified to “”."""
    text = re.sub(r"\s+", "", title).translate(_QUOTES)
    # a pair of identical opening quotes around 三公 ("三公") → “三公”
    return re.sub(r"“三公“", "“三公”", text)


def match_statement(title: str) -> str | None:
    """The canonical statement a title line names, or None."""
    text = normal_title(title)
    for pattern, name in _TITLE_PATTERNS:
        if pattern.search(text):
            return name
    return None
