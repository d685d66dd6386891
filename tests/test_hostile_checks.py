"""The pure helpers behind the hostile-input handling: glyph mapping, text
quality, page lists, what a non-PDF file is, limits and the clock."""

from __future__ import annotations

import threading
import time

import pdfplumber
import pytest

from conftest import CORPUS, SEED_VARIANTS
from juesuan_extract.limits import Expired, Limits, check, time_limit
from juesuan_extract.read.filekind import describe_non_pdf
from juesuan_extract.read.survey import page_list
from juesuan_extract.read.textcheck import assess, glyph_text
from juesuan_extract.text import fold


def test_glyphs_without_unicode_become_replacement_characters():
    assert glyph_text("(cid:123)") == "\ufffd"
    assert glyph_text("\ue012") == "\ufffd"  # private use
    assert glyph_text("\x03") == "\ufffd"  # a control character
    assert glyph_text("\uf0b7") == "•"  # Word's Symbol-font bullet
    assert glyph_text("决") == "决" and glyph_text("ﬁ") == "ﬁ"


def test_real_text_passes():
    text = "2023年度收入总计619.53万元，其中：本年收入合计567.79万元，使用非财政拨款结余0.00万元。"
    assert assess([text]).problem() is None
    assert assess(["第 3 页"]).problem() is None  # too short to judge


def test_unmapped_glyphs_make_text_unusable():
    problem = assess(["\ufffd" * 30 + "2023年度"]).problem()
    assert problem and "no Unicode mapping" in problem


def test_rare_ideographs_read_as_misencoded():
    text = "2023年度收入总计619.53万元，其中本年收入合计567.79万元，使用非财政拨款结余万元。"
    shifted = "".join(chr(ord(c) + 1) if "\u4e00" <= c <= "\u9fa4" else c for c in text)
    assert assess([text * 2]).problem() is None
    problem = assess([shifted * 2]).problem()
    assert problem and "乱码" in problem


def test_text_decoded_in_the_wrong_code_page_reads_as_misencoded():
    mojibake = "2023年度部门决算".encode("gbk").decode("latin-1") * 3
    problem = assess([mojibake]).problem()
    assert problem and "accented Latin" in problem


@pytest.mark.parametrize("pdf", SEED_VARIANTS + [  # the corpus 决算 in the slow suite
    pytest.param(p, marks=pytest.mark.slow) for p in sorted(CORPUS.glob("*.pdf"))],
    ids=lambda p: p.stem)
def test_every_real_page_passes(pdf):
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            quality = assess(fold(glyph_text(c["text"])) for c in page.chars)
            assert quality.problem() is None, f"page {page.page_number}"


def test_page_lists():
    assert page_list([4]) == "page 4"
    assert page_list([3, 1, 2, 7, 9, 10]) == "pages 1–3, 7, 9–10"


@pytest.mark.parametrize("head, what", [
    (b"<!DOCTYPE html><html>", "an HTML page"),
    (b"\xef\xbb\xbf  <html lang='zh'>", "an HTML page"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff\xe0", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b'{"code": 403, "msg": "forbidden"}', "a JSON response from a server"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    ("决算报告".encode(), "a text file"),
])
def test_what_a_file_that_is_not_a_pdf_is(head, what):
    assert describe_non_pdf(head, head)[0] == what


def test_limits_are_validated_and_overridden():
    assert Limits().max_pages == 1000
    assert Limits.given(max_pages=5, max_seconds=None) == Limits(max_pages=5)
    with pytest.raises(ValueError, match="max_pages"):
        Limits(max_pages=0)


def busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_time_limit_interrupts_busy_code():
    start = time.monotonic()
    with pytest.raises(Expired) as caught:
        with time_limit(0.2, "page"):
            busy(5)
    assert caught.value.scope == "page" and time.monotonic() - start < 2


def test_the_outer_limit_wins_when_it_passes_first():
    with pytest.raises(Expired) as caught:
        with time_limit(0.2, "document"):
            with time_limit(5, "page"):
                busy(5)
    assert caught.value.scope == "document"


def test_an_inner_limit_that_passed_leaves_the_outer_running():
    with time_limit(5, "document"):
        with pytest.raises(Expired):
            with time_limit(0.1, "page"):
                busy(5)
        busy(0.2)  # the document's limit has not passed
    busy(0.3)  # and nothing fires once both are gone


def test_off_the_main_thread_limits_are_checked_between_steps():
    seen: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.1, "document"):
                busy(0.3)
                check()
        except Expired as exc:
            seen.append(exc.scope)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == ["document"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_time_limit_swallowed_by_a_garbage_collector_callback_fires_again():
    import gc

    def slow_callback(phase, info):  # exceptions raised in here are ignored
        busy(0.3)

    gc.callbacks.append(slow_callback)
    try:
        with pytest.raises(Expired):
            with time_limit(0.1, "page"):
                gc.collect()  # the alarm rings inside the callback
                busy(5)
    finally:
        gc.callbacks.remove(slow_callback)


def test_a_time_limit_waits_for_an_uninterrupted_block_to_end():
    from juesuan_extract.limits import uninterrupted

    reached = []
    with pytest.raises(Expired):
        with time_limit(0.1, "page"):
            with uninterrupted():
                busy(0.3)  # the alarm rings in here, held back
                reached.append("end of block")
            busy(5)
    assert reached == ["end of block"]
