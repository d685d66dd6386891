from decimal import Decimal

from hypothesis import given, strategies as st

from juesuan_extract.text import clean, fold, join_lines, parse_decimal, parse_percent


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
