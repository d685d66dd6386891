from juesuan_extract.geometry import Box, Char
from juesuan_extract.page.lines import chars_to_lines
from juesuan_extract.read.glyphs import drop_fake_bold


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


def test_fake_bold_copies_drawn_after_the_whole_page_are_dropped():
    # some producers draw the page once, then all of it again, offset
    page = [char(c, 10 * i, 0) for i, c in enumerate("部门决算")]
    copies = [char(c.text, c.box.x0 + 0.4, c.box.top - 0.3) for c in page]
    assert [c.text for c in drop_fake_bold(page + copies)] == list("部门决算")
    assert chars_to_lines(drop_fake_bold(copies + page))[0].text == "部门决算"


def test_fake_bold_offset_is_relative_to_the_font_size():
    # 1.5 pt apart is a copy at 10 pt (limit 2 pt) but two glyphs at 5 pt (limit 1 pt)
    assert len(drop_fake_bold([char("决", 0, 0), char("决", 1.5, 0)])) == 1
    assert len(drop_fake_bold([char("决", 0, 0, 5), char("决", 1.5, 0, 5)])) == 2
    # different characters at the same place are both kept
    assert len(drop_fake_bold([char("决", 0, 0), char("算", 0.2, 0)])) == 2


def test_a_page_of_identical_characters_is_deduplicated_in_linear_time():
    # a contents page of dot leaders: 60,000 dots, each drawn twice
    import time

    dots = [char(".", 2.0 * (i % 200), 12.0 * (i // 200)) for i in range(60_000)]
    twins = [char(".", d.box.x0 + 0.3, d.box.top + 0.1) for d in dots]
    start = time.perf_counter()
    kept = drop_fake_bold(dots + twins)
    assert len(kept) == 60_000
    assert time.perf_counter() - start < 5


def test_characters_with_impossible_boxes_do_not_break_deduplication():
    odd = [Char("x", Box(1, float("inf"), 0, float("inf"), 10), 10.0), Char("y", Box(1, 0, 0, 5, 5), 0.0)]
    assert drop_fake_bold(odd) == odd
