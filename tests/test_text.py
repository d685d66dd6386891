import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juesuan_extract.text import (
    clean,
    fold,
    fold_char,
    is_contents_title,
    join_lines,
    parse_decimal,
    parse_percent,
)


def test_kangxi_and_supplement_radicals_fold_to_unified_ideographs():
    # ⾦ U+2FA6 (Kangxi), ⻋ U+2ECB and ⻓ U+2ED3 (Radicals Supplement), 﨑 compat
    assert fold("\u2fa6\u2ecb\u2ed3") == "金车长"
    assert fold("\uf900") == "豈"


def test_printed_punctuation_is_kept():
    assert clean("（一） 收入：“三公”经费，100%") == "（一）收入：“三公”经费，100%"


def test_full_width_digits_become_ascii():
    assert clean("２０２３年") == "2023年"


def test_invisible_characters_are_dropped():
    assert clean("财\u200b政\u00ad拨款\ufeff") == "财政拨款"


def test_spaces_next_to_cjk_go_and_latin_spaces_stay():
    assert clean("2023 年度 收入 619.53 万元") == "2023年度收入619.53万元"
    assert clean("Word  2016   and PDF") == "Word 2016 and PDF"
    assert clean("奖补科普先进组织和个人数量（个 ）") == "奖补科普先进组织和个人数量（个）"


def test_join_lines_knows_cjk():
    assert join_lines(["偏差原", "因分析", "及改进措施"]) == "偏差原因分析及改进措施"
    assert join_lines(["the annual", "budget"]) == "the annual budget"
    assert join_lines(["共14.5326", "万元"]) == "共14.5326万元"
    assert join_lines(["共14.53", "26万元"]) == "共14.5326万元"  # a number broken by the wrap
    assert join_lines(["Word", "2016"]) == "Word 2016"


def test_numbers():
    assert parse_decimal("1,234.50") == Decimal("1234.50")
    assert parse_decimal("92 分") == Decimal("92")
    assert parse_decimal("—") is None
    assert parse_decimal("-") is None
    assert parse_decimal("") is None
    assert parse_decimal("提升") is None
    assert parse_percent("92.29%") == Decimal("92.29")
    assert parse_decimal("-3.5") == Decimal("-3.5")


cjk_text = st.text(
    alphabet=st.sampled_from(list("财政拨款收入支出决算，。（）“”0123456789.%ab ")), max_size=60
)
wrapped_text = st.text(
    alphabet=st.sampled_from(list("财政拨款收入支出决算，。（）“”0123456789.%")), max_size=60
)


@given(cjk_text)
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@given(wrapped_text, st.lists(st.integers(min_value=1, max_value=8), max_size=10))
def test_joining_is_the_same_wherever_cjk_lines_wrap(text, widths):
    lines, pos = [], 0
    for w in widths:
        lines.append(text[pos : pos + w])
        pos += w
    lines.append(text[pos:])
    assert join_lines(lines) == text


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_amounts_round_trip(value):
    assert parse_decimal(f"{value:,.2f}") == value


# --- normalisation of what fonts and producers emit ------------------------------------


def test_every_kangxi_radical_folds_to_a_unified_ideograph():
    for cp in range(0x2F00, 0x2FD6):
        folded = fold_char(chr(cp))
        assert 0x4E00 <= ord(folded) <= 0x9FFF, f"U+{cp:04X} -> {folded!r}"
        assert unicodedata.name(chr(cp)).startswith("KANGXI RADICAL")


def test_every_compatibility_ideograph_folds_to_its_unified_form():
    for cp in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        ch = chr(cp)
        if unicodedata.category(ch) != "Lo":
            continue
        folded = fold_char(ch)
        assert folded == unicodedata.normalize("NFKC", ch)
        assert unicodedata.category(folded) == "Lo" and len(folded) == 1


def test_radicals_that_print_common_characters():
    # what fonts without their own Unicode map emit for 金 一 长 门 年 不
    assert clean("\u2fa6\u2f00\u2ed3\u2ed4\uf98e\uf967") == "金一长门年不"


def test_full_width_signs_of_numbers_become_ascii():
    assert clean("１２．５％") == "12.5%"
    assert clean("－３．２万元") == "-3.2万元"
    assert clean("＋５") == "+5"
    assert parse_decimal("９２．２９％") == Decimal("92.29")


def test_full_width_punctuation_that_is_not_part_of_a_number_is_kept():
    assert clean("1．收入：（一）“三公”；——") == "1．收入：（一）“三公”；——"
    assert clean("－") == "－"  # a placeholder stays as printed
    assert parse_decimal("－") is None


def test_soft_hyphens_zero_width_and_direction_marks_are_dropped():
    assert clean("pro\u00adgramme") == "programme"
    assert clean("财\u200b政\u200c拨\u200d款\u2060收\ufeff入") == "财政拨款收入"
    assert clean("\u200e决算\u200f") == "决算"


def test_variation_selectors_after_ideographs_are_dropped():
    assert clean("葛\U000E0100洪\ufe00") == "葛洪"


def test_ideographic_and_no_break_spaces():
    assert clean("收入\u3000合计") == "收入合计"
    assert clean("Word\u00a02016") == "Word 2016"


invisible = st.sampled_from(["\u00ad", "\u200b", "\u200d", "\ufeff", "\ufe0f", "\u2060"])
folded_forms = st.sampled_from(list("\u2fa6\u2f00\u2ed3\uf98e１２３％．－财政拨款收入（一）0123456789"))


@given(st.lists(st.tuples(folded_forms, st.lists(invisible, max_size=2)), max_size=40))
def test_invisible_characters_never_change_the_text(pieces):
    plain = "".join(ch for ch, _ in pieces)
    noisy = "".join(ch + "".join(extra) for ch, extra in pieces)
    assert clean(noisy) == clean(plain)


@given(st.text(alphabet=folded_forms, max_size=40))
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert clean(clean(text)) == clean(text)


@pytest.mark.parametrize("text,expected", [
    ("目录", True), ("目  录", True), ("目次", True), (" 目 录 ", True),
    ("目录表", False), ("一、目录", False), ("项目", False),
])
def test_contents_title(text, expected):
    assert is_contents_title(text) is expected
