"""Text normalisation shared by every stage.

One place decides what "the same text" means, so golden files, narrative
sections and table cells all follow the same rules:

* radicals and compatibility ideographs are folded to unified ideographs one
  character at a time (NFKC on whole strings would also turn full-width
  punctuation such as （一） into ASCII, and printed punctuation is kept);
* full-width digits and letters become ASCII, and so do the full-width signs
  of a number (％ always; ． ＋ － next to digits); other full-width punctuation
  is printed punctuation and stays;
* zero-width characters, direction marks, variation selectors and soft
  hyphens are dropped;
* whitespace that touches a CJK character is removed (producers insert it, or
  leave gaps that look like it, between Latin digits and ideographs), and other
  runs of whitespace become one space;
* wrapped lines are joined without a space when either side is CJK.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# CJK Radicals Supplement (U+2E80–U+2EFF) is not covered by NFKC except for two
# code points; fonts without ToUnicode maps often emit these forms for the
# simplified characters below. Mapping after Unicode's EquivalentUnifiedIdeograph.
_RADICALS_SUPPLEMENT = {
    "⺁": "厂", "⺄": "乙", "⺅": "亻", "⺆": "冂", "⺇": "几", "⺉": "刂", "⺌": "小",
    "⺎": "兀", "⺐": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彑", "⺖": "忄", "⺗": "心",
    "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺝": "月", "⺞": "歺", "⺟": "母", "⺠": "民",
    "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺦": "丬", "⺧": "牛", "⺨": "犭",
    "⺩": "王", "⺪": "疋", "⺫": "目", "⺬": "示", "⺭": "礻", "⺮": "竹", "⺯": "糹",
    "⺰": "纟", "⺲": "罒", "⺳": "网", "⺶": "羊", "⺹": "耂", "⺺": "肀", "⺻": "聿",
    "⺼": "肉", "⺽": "臼", "⺾": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西",
    "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶",
    "⻏": "阝", "⻐": "钅", "⻑": "長", "⻓": "长", "⻔": "门", "⻗": "雨", "⻘": "青",
    "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦",
    "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻳": "龟",
}

# Invisible characters: soft hyphen, zero-width space/joiners, direction
# marks, word joiner and invisible operators, BOM, and variation selectors
# (some fonts emit one after an ideograph to pick a glyph variant).
_DROPPED = dict.fromkeys(
    [*map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
               "\u2064\ufeff"),
     *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)
# Full-width signs that belong to a number: "１２．５％" must parse as 12.5%.
# The percent sign is one everywhere; the point, minus and plus only next to
# digits (elsewhere "．" ends an enumerator such as "1．", kept as printed).
_NUMBER_POINT = re.compile(r"(?<=\d)．(?=\d)")
_NUMBER_SIGN = re.compile(r"[－＋](?=\d)")


def fold_char(ch: str) -> str:
    """Return the unified ideograph for a radical or compatibility ideograph."""
    cp = ord(ch)
    if 0x2E80 <= cp <= 0x2EFF:
        return _RADICALS_SUPPLEMENT.get(ch, ch)
    if 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        return unicodedata.normalize("NFKC", ch)
    if 0xFF10 <= cp <= 0xFF19 or 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        # full-width digits and letters: numbers must parse; punctuation stays.
        return chr(cp - 0xFEE0)
    if ch == "\u3000":
        return " "
    if ch == "％":
        return "%"
    return ch


def fold(text: str) -> str:
    """Fold radicals/compatibility forms and full-width digits, and drop
    invisible characters."""
    out = "".join(fold_char(c) for c in text.translate(_DROPPED))
    if "．" in out:
        out = _NUMBER_POINT.sub(".", out)
    if "－" in out or "＋" in out:
        out = _NUMBER_SIGN.sub(lambda m: chr(ord(m.group()) - 0xFEE0), out)
    return out


def is_cjk(ch: str) -> bool:
    """True for ideographs, CJK punctuation and full-width forms."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x2FDF
        or 0x3000 <= cp <= 0x303F
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
        or ch in "“”‘’…—·"
    )


_SPACE_RUN = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    """Drop whitespace next to CJK characters; collapse the rest to one space."""
    out: list[str] = []
    for match_start, piece in _split_keep_spaces(text):
        if not piece.isspace():
            out.append(piece)
            continue
        before = text[match_start - 1] if match_start > 0 else ""
        after_idx = match_start + len(piece)
        after = text[after_idx] if after_idx < len(text) else ""
        if before and after and not is_cjk(before) and not is_cjk(after):
            out.append(" ")
    return "".join(out)


def _split_keep_spaces(text: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        if m.start() > pos:
            pieces.append((pos, text[pos : m.start()]))
        pieces.append((m.start(), m.group()))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, text[pos:]))
    return pieces


def clean(text: str) -> str:
    """The normal form of a piece of printed text (one line or one cell)."""
    return squash_spaces(fold(text))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph or cell.

    Lines meet without a space when either side is CJK, or when a number was
    broken by the wrap ("14.53" + "26"); a Latin word meets the next with one
    space, since Latin text only wraps at spaces.
    """
    out = ""
    for line in (clean(x) for x in lines):
        if not line:
            continue
        a, b = (out[-1], line[0]) if out else ("", "")
        if a and not is_cjk(a) and not is_cjk(b) and (_is_latin_letter(a) or _is_latin_letter(b)):
            out += " "
        out += line
    return out


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# --- numbers -----------------------------------------------------------------

_PLACEHOLDERS = {"", "-", "—", "——", "–", "/", "－", "无", "—%", "-%"}
# An amount as printed: digits, thousands separators each followed by three digits
# (the first group may be longer: Excel exports print 120258,600 for 120,258,600),
# decimals. Every reader recognises an amount by this one pattern.
AMOUNT = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
_AMOUNT_ONLY = re.compile(f"^{AMOUNT}$")


def is_amount(text: str) -> bool:
    """Whether a cell's text (whitespace removed) is one amount, separators and all."""
    return bool(_AMOUNT_ONLY.match(text))
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def parse_decimal(text: str) -> Decimal | None:
    """Parse a printed amount; placeholders and non-numbers give None.

    Thousands separators and a trailing unit word (分, 万元, %) are accepted so
    that "1,234.50", "92分" and "92.29%" all parse.
    """
    s = clean(text).replace(",", "").replace("，", "")
    s = re.sub(r"(分|万元|元|%|％)$", "", s).strip()
    if s in _PLACEHOLDERS or not _NUMBER.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None


# A 科目编码 printed in the name's cell: 201 一般公共服务支出, [201]一般公共服务支出.
_CODE_AND_NAME = re.compile(r"^[\[【［]?(\d{3}(?:\d{2}){0,2})[\]】］]?\s*([^\d\s/].*)$")


def split_code(label: str) -> tuple[str, str]:
    """(code, name) of a row label that prints its 科目编码 before the name; ('', label)
    when it prints none."""
    m = _CODE_AND_NAME.match(label)
    return (m.group(1), m.group(2)) if m else ("", label)


def parse_percent(text: str) -> Decimal | None:
    """"92.29%" → Decimal("92.29"); placeholders → None."""
    return parse_decimal(text)


# The title of a table of contents, letter-spaced or not.
_CONTENTS_TITLE = re.compile(r"^目\s*[录次]$")


def is_contents_title(text: str) -> bool:
    return bool(_CONTENTS_TITLE.match(text.strip()))


# --- headings ------------------------------------------------------------------

# Headings are titles, not sentences: the numbering that opens a heading, by
# outline level (第一部分, 一、, （一）, 1., （1）).
MAX_HEADING_CHARS = 60

HEADING_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^第[一二三四五六七八九十百零〇]+部分")),
    (2, re.compile(r"^[一二三四五六七八九十百零〇]+[、.．]")),
    (3, re.compile(r"^[（(][一二三四五六七八九十百零〇]+[）)]")),
    (4, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (5, re.compile(r"^[（(]\d{1,2}[）)]")),
)


def heading_level(text: str) -> int | None:
    """The outline level of a paragraph, or None when it is body text."""
    if len(text) > MAX_HEADING_CHARS or "。" in text:
        return None
    for level, pattern in HEADING_LEVELS:
        if pattern.match(text):
            return level
    return None
