from juesuan_extract.geometry import Box, Char
from juesuan_extract.lines import chars_to_lines, drop_fake_bold


def char(text, x, top, size=10.0):
    return Char(text, Box(1, x, top, x + size * (1 if text > "\u2e80" else 0.5), top + size), size)


def test_digits_off_the_cjk_baseline_stay_on_their_line():
    # Latin digits raised 2.5pt in a 10pt CJK line, next line 14pt below.
    chars = [char("收", 0, 100), char("入", 10, 100), char("2", 20, 97.5), char("0", 25, 97.5),
             char("万", 30, 100), char("元", 0, 114)]
    lines = chars_to_lines(chars)
    assert [ln.text for ln in lines] == ["收入20万", "元"]


def test_gap_between_words_becomes_a_space_and_cjk_drops_it():
    chars = [char("a", 0, 0), char("b", 20, 0), char("中", 40, 0), char("文", 60, 0)]
    assert chars_to_lines(chars)[0].text == "a b中文"


def test_fake_bold_twins_are_dropped():
    chars = [char("决", 0, 0), char("决", 0.3, 0.2), char("算", 10, 0), char("算", 10.3, 0.2)]
    assert [c.text for c in drop_fake_bold(chars)] == ["决", "算"]
    # the same character printed twice side by side is kept
    assert len(drop_fake_bold([char("决", 0, 0), char("决", 10, 0)])) == 2


def test_lead_width_covers_the_first_unbreakable_piece():
    # "567.79万" : the number is one piece; "（组" : an opening bracket stays
    # with the character after it; "辆、" : a comma stays with the one before.
    number = chars_to_lines([char(c, 5 * i, 0) for i, c in enumerate("567.79")] + [char("万", 30, 0)])[0]
    assert number.lead_width == 30
    bracket = chars_to_lines([char("（", 0, 0), char("组", 10, 0), char("织", 20, 0)])[0]
    assert bracket.lead_width == 20
    comma = chars_to_lines([char("辆", 0, 0), char("、", 10, 0), char("机", 20, 0)])[0]
    assert comma.lead_width == 20
