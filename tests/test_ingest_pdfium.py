"""The pdfium page reader against the pdfminer (pdfplumber) one.

The goldens were made with pdfminer's boxes; pdfium reads the pages now, so
every page of the fixture PDFs (and of the shared corpus, when present) must
come out of both readers alike: the same characters, boxes within a small
tolerance, the same ruled tables with their segments.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, ROOT, require_shared
from juesuan_extract.errors import PageError
from juesuan_extract.model import PageContent
from juesuan_extract.read.ingest import open_pdf, read_page
from juesuan_extract.read.pdfminer import read_page as read_with_pdfminer

HOSTILE = ROOT / "fixtures" / "hostile"
STATEMENTS = ROOT / "fixtures" / "statements"
# Points. pdfium's coordinates are single precision: 1e-4 would do for
# positions; the right edge of a glyph whose ink overhangs its advance, last
# in its text object, is known only up to the ink (about 1 pt in the fixtures).
POSITION_TOLERANCE = 0.05
RIGHT_EDGE_TOLERANCE = 1.5
RULING_TOLERANCE = 0.01

FILES = sorted(FIXTURES.glob("*.pdf")) + sorted(STATEMENTS.glob("*.pdf")) + [
    HOSTILE / "twin-rotated.pdf", HOSTILE / "twin-fake-bold.pdf", HOSTILE / "twin-kangxi.pdf",
]


def _both(path: Path) -> list[tuple[PageContent, PageContent]]:
    doc = open_pdf(path)
    try:
        assert doc.pdfium is not None, f"{path.name}: pdfium did not open a clean file"
        pairs = []
        for number in range(1, doc.page_count + 1):
            reference, fast = read_with_pdfminer(doc, number), read_page(doc, number)
            assert not isinstance(reference, PageError), reference
            assert not isinstance(fast, PageError), fast
            pairs.append((reference, fast))
        return pairs
    finally:
        doc.close()


def _in_reading_order(page: PageContent) -> list:
    # pdfium may list the characters of a page in another order than pdfminer
    return sorted((c for c in page.chars if not c.text.isspace()),
                  key=lambda c: (round(c.box.top, 1), round(c.box.x0, 1), c.text))


def compare_pages(reference: PageContent, fast: PageContent) -> list[str]:
    """What differs between the two readings of one page ([] when nothing)."""
    page = reference.number
    problems: list[str] = []
    if abs(reference.width - fast.width) > POSITION_TOLERANCE or \
            abs(reference.height - fast.height) > POSITION_TOLERANCE:
        problems.append(f"page {page}: size {reference.width}×{reference.height} "
                        f"!= {fast.width}×{fast.height}")
    ref_text = Counter(c.text for c in reference.chars if not c.text.isspace())
    fast_text = Counter(c.text for c in fast.chars if not c.text.isspace())
    if ref_text != fast_text:
        problems.append(f"page {page}: characters differ: only pdfminer "
                        f"{dict(ref_text - fast_text)}, only pdfium {dict(fast_text - ref_text)}")
        return problems
    for a, b in zip(_in_reading_order(reference), _in_reading_order(fast), strict=True):
        gaps = (abs(a.box.x0 - b.box.x0), abs(a.box.top - b.box.top),
                abs(a.box.bottom - b.box.bottom), abs(a.size - b.size))
        if a.text != b.text or max(gaps) > POSITION_TOLERANCE or \
                abs(a.box.x1 - b.box.x1) > RIGHT_EDGE_TOLERANCE:
            problems.append(f"page {page}: {a.text!r} at {a.box.as_list()} size {a.size:.2f} "
                            f"read by pdfium as {b.text!r} at {b.box.as_list()} size {b.size:.2f}")
            break
    if len(reference.tables) != len(fast.tables):
        problems.append(f"page {page}: {len(reference.tables)} ruled tables != {len(fast.tables)}")
        return problems
    for t, u in zip(reference.tables, fast.tables, strict=True):
        corners = zip(t.box.as_list(), u.box.as_list(), strict=True)
        if any(abs(p - q) > RULING_TOLERANCE for p, q in corners):
            problems.append(f"page {page}: table at {t.box.as_list()} != {u.box.as_list()}")
        for kind in ("horizontal", "vertical"):
            ours = sorted(getattr(t, kind), key=lambda s: (s.at, s.start))
            theirs = sorted(getattr(u, kind), key=lambda s: (s.at, s.start))
            if len(ours) != len(theirs) or any(
                max(abs(s.at - z.at), abs(s.start - z.start), abs(s.end - z.end))
                > RULING_TOLERANCE for s, z in zip(ours, theirs, strict=True)
            ):
                problems.append(f"page {page}: {kind} ruling of the table at "
                                f"{t.box.as_list()} differs")
    if abs(reference.image_cover - fast.image_cover) > 0.01:
        problems.append(f"page {page}: image cover {reference.image_cover:.3f} "
                        f"!= {fast.image_cover:.3f}")
    return problems


def _check(path: Path) -> None:
    problems = [p for ref, fast in _both(path) for p in compare_pages(ref, fast)]
    assert not problems, f"{path.name}:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pdfium_reads_fixture_pages_as_pdfminer_does(path):
    _check(path)


@pytest.mark.slow  # every page of the corpus 决算, read twice
def test_pdfium_reads_corpus_pages_as_pdfminer_does():
    files = sorted(require_shared(CORPUS).glob("*.pdf"))
    if not files:
        pytest.skip(f"{CORPUS} holds no PDF")
    for path in files:
        _check(path)


# --- the comparison can fail, and the fallbacks are taken ---------------------------


def test_the_comparison_sees_a_moved_character_a_lost_one_and_a_lost_rule():
    from dataclasses import replace

    from juesuan_extract.geometry import Box

    reference, fast = next((r, f) for r, f in _both(FILES[0]) if r.tables)
    assert compare_pages(reference, fast) == []
    first = fast.chars[0]
    b = first.box
    moved = replace(first, box=Box(b.page, b.x0, b.top + 1, b.x1, b.bottom + 1))
    assert compare_pages(reference, replace(fast, chars=(moved, *fast.chars[1:])))
    assert compare_pages(reference, replace(fast, chars=fast.chars[1:]))
    table = fast.tables[0]
    thinner = replace(table, horizontal=table.horizontal[1:])
    assert compare_pages(reference, replace(fast, tables=(thinner, *fast.tables[1:])))


def test_a_file_that_needed_repair_is_read_by_pdfminer():
    doc = open_pdf(HOSTILE / "cut-off-at-end.pdf")
    try:
        assert doc.damage and doc.pdfium is None
        assert not isinstance(read_page(doc, 1), PageError)
    finally:
        doc.close()


def test_pages_in_fonts_without_unicode_are_read_by_pdfminer(monkeypatch):
    import juesuan_extract.read.pdfium as pdfium_page

    doc = open_pdf(HOSTILE / "one-misencoded-page.pdf")
    calls: list[int] = []
    real = pdfium_page.read_page

    def spy(pdf, number, descents=None):
        calls.append(number)
        return real(pdf, number, descents)

    monkeypatch.setattr(pdfium_page, "read_page", spy)
    try:
        assert doc.pdfium is not None
        page = read_page(doc, 2)
        assert not isinstance(page, PageError)
        assert any(c.text == "\ufffd" for c in page.chars)  # pdfminer's (cid:N), counted
        assert 2 not in calls
    finally:
        doc.close()


def test_a_page_pdfium_cannot_read_is_read_by_pdfminer(monkeypatch):
    import juesuan_extract.read.pdfium as pdfium_page

    def broken(pdf, number, descents=None):
        raise RuntimeError("pdfium failed")

    doc = open_pdf(FILES[0])
    monkeypatch.setattr(pdfium_page, "read_page", broken)
    try:
        page = read_page(doc, 1)
        assert not isinstance(page, PageError) and page.chars
    finally:
        doc.close()


def test_a_damaged_content_stream_is_still_noticed():
    doc = open_pdf(HOSTILE / "one-damaged-page.pdf")
    try:
        page = read_page(doc, 3)
        assert isinstance(page, PageError) or "content stream" in page.damage
    finally:
        doc.close()
