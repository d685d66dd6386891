"""Limits that hold on every path: a stream inflates within its cap, a page is
rendered within a pixel count, OCR within its share of the document's time, a
file is refused by its size before it is hashed; what runs out is said.

The inputs are built at test time (fixtures/hostile/generated.py). The limits
measured under ``prlimit`` and ``timeout`` are in test_hostile_slow.py.
"""

from __future__ import annotations

import errno
import io
import math
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from hostile_inputs import generated
from juesuan_extract.cli import app
from juesuan_extract.errors import PageError
from juesuan_extract.limits import Limits
from juesuan_extract.model import PageContent
from juesuan_extract.pipeline import extract

HOSTILE = ROOT / "fixtures" / "hostile"
runner = CliRunner()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the caps, as pure functions ---------------------------------------------------------


def test_a_page_is_rendered_within_the_pixel_cap():
    from juesuan_extract.limits import render_scale

    assert render_scale(595, 842, 2.0, 12_000_000) == 2.0  # A4 at 144 dpi: 2 M pixels
    scale = render_scale(14400, 14400, 2.0, 12_000_000)
    assert math.ceil(14400 * scale) ** 2 <= 12_000_000 and scale > 0.2
    thin = render_scale(14400, 3, 2.0, 10_000)  # whole pixels across a thin page
    assert math.ceil(14400 * thin) * math.ceil(3 * thin) <= 10_000
    assert render_scale(0, 842, 2.0, 100) == 2.0  # no area: nothing to cap


def test_ocr_reads_a_big_page_at_a_lower_resolution_or_not_at_all():
    from juesuan_extract.limits import MIN_OCR_DPI, ocr_dpi

    assert ocr_dpi(595, 842, 200, 12_000_000) == 200  # A4: 3.9 M pixels
    a2 = ocr_dpi(1191, 1684, 200, 12_000_000)  # 15.5 M pixels at 200 dpi
    assert a2 is not None and MIN_OCR_DPI <= a2 < 200
    assert (1191 * a2 / 72) * (1684 * a2 / 72) <= 12_000_000
    assert ocr_dpi(14400, 14400, 200, 12_000_000) is None  # 17 dpi: too coarse to read


def test_limits_are_checked():
    with pytest.raises(ValueError):
        Limits(ocr_share=1.5)
    with pytest.raises(ValueError):
        Limits(max_page_pixels=0)
    assert Limits(max_seconds=100, ocr_share=0.5).ocr_seconds == 50


# --- streams ----------------------------------------------------------------------------


def test_a_content_stream_bomb_costs_its_page_only(tmp_path):
    """64 MB of blanks deflated to 64 KB: the page is refused before any reader
    inflates it whole, and the other page is read."""
    doc = extract(write(tmp_path, "bomb.pdf", generated.content_bomb(64, pages=2)))
    assert doc.status == "partial", doc.error
    assert [(e.page, e.stage) for e in doc.page_errors] == [(1, "size")]
    assert "inflates to more than 32 MB" in doc.page_errors[0].message
    assert any(s.page_start == 2 for s in doc.sections)


def test_a_document_whose_only_page_is_a_bomb_is_too_large(tmp_path):
    doc = extract(write(tmp_path, "bomb.pdf", generated.content_bomb(40)))
    assert doc.status == "failed" and doc.error_code == "too_large", doc.error
    assert "inflates to more than 32 MB" in doc.error


def test_the_stream_cap_holds_for_every_stream_pdfminer_decodes():
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    from juesuan_extract.read.inflate import StreamTooLarge, capped

    packed = zlib.compress(b" " * (3 << 20))
    with capped(1 << 20):
        with pytest.raises(StreamTooLarge):
            PDFStream({"Filter": LITERALS_FLATE_DECODE[0]}, packed).get_data()
        small = PDFStream({"Filter": LITERALS_FLATE_DECODE[0]}, zlib.compress(b"q Q"))
        assert small.get_data() == b"q Q"
    # a stream cut short still fails as zlib says, so that pdfminer's own repair runs
    with capped(1 << 20):
        cut = PDFStream({"Filter": LITERALS_FLATE_DECODE[0]}, zlib.compress(b"BT ET" * 100)[:-6])
        assert cut.get_data().startswith(b"BT ET")


# --- OCR: pixels and time -----------------------------------------------------------------


def test_a_scan_too_large_for_the_pixel_cap_is_refused_unread(tmp_path):
    """A 1 KB file with one page 14400 pt square: at 200 dpi, 1.6 billion pixels."""
    doc = extract(write(tmp_path, "huge.pdf", generated.huge_scan(14400)))
    assert doc.status == "failed" and doc.error_code == "too_large", doc.error
    assert "14400 × 14400 pt" in doc.error and "too coarse for OCR" in doc.error


def test_a_big_scanned_page_is_read_at_a_lower_resolution():
    from juesuan_extract.limits import MIN_OCR_DPI
    from juesuan_extract.read.budget import OcrPass

    ocr_pass = OcrPass(Limits(), until=float("inf"))
    a4 = ocr_pass._reader(PageContent(1, 595, 842, (), ()))
    a2 = ocr_pass._reader(PageContent(2, 1191, 1684, (), ()))
    assert a4.settings.dpi == 200 and MIN_OCR_DPI <= a2.settings.dpi < 200
    refused = ocr_pass._reader(PageContent(3, 14400, 14400, (), ()))
    assert isinstance(refused, PageError) and refused.stage == "size"


@pytest.mark.slow  # OCR
def test_no_ocr_advice_after_ocr_has_run(tmp_path):
    """Blank scans read by OCR give no text: the message says OCR found none,
    not to run again with --ocr auto."""
    doc = extract(write(tmp_path, "blank.pdf", generated.blank_scans(2)))
    assert doc.error_code == "no_text_layer", doc.error
    assert "OCR found no text" in doc.error and "--ocr auto" not in doc.error
    never = extract(write(tmp_path, "blank.pdf", generated.blank_scans(2)), ocr="never")
    assert "--ocr auto" in never.error  # OCR did not run: the advice is to run it


@pytest.mark.slow  # OCR
def test_pages_over_their_own_time_limit_advise_no_longer_document_limit():
    doc = extract(HOSTILE / "scanned.pdf", limits=Limits(max_ocr_page_seconds=0.05))
    assert doc.error_code == "timeout" and "longer than the limit of 0.05 s" in doc.error
    assert "time limit of its own" in doc.error and "--max-seconds" not in doc.error


# --- sizes and memory ---------------------------------------------------------------------


def test_the_size_limit_is_checked_before_the_file_is_hashed(tmp_path, monkeypatch):
    import juesuan_extract.pipeline as pipeline

    hashed = []
    monkeypatch.setattr(pipeline, "sha256_of", lambda path: hashed.append(path) or "")
    doc = extract(HOSTILE / "twin-clean.pdf", limits=Limits(max_file_mb=0.1))
    assert doc.error_code == "too_large" and hashed == []


def test_memory_run_out_of_while_reading_is_too_large(monkeypatch):
    """A MemoryError anywhere in reading, even where a page reader would take it
    for a damaged page, makes the document too_large."""
    import juesuan_extract.read.pdfium as pdfium

    def no_memory(doc, number):
        raise MemoryError

    monkeypatch.setattr(pdfium, "read_or_decline", no_memory)
    doc = extract(HOSTILE / "twin-clean.pdf")
    assert doc.error_code == "too_large" and "--max-memory" in doc.error, doc.error


def test_the_memory_budget_is_set_and_put_back():
    from juesuan_extract.limits import memory_budget

    resource = pytest.importorskip("resource")
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with memory_budget(64) as held:
        if not held:
            pytest.skip("the data segment cannot be limited here")
        with pytest.raises(MemoryError):
            bytearray(256 << 20)
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    assert len(bytearray(256 << 20)) == 256 << 20


def test_a_reading_process_that_dies_is_reported_as_too_large(tmp_path):
    """The commands read in a child process: one that a library ends (as pdfium
    does when it runs out of memory) costs the reading, not the command."""
    from juesuan_extract.isolation import ChildFailed, call_isolated

    with pytest.raises(ChildFailed) as failed:
        call_isolated("os:abort", memory_mb=512, seconds=60)
    error = failed.value.as_error(tmp_path / "a.pdf", 512)
    assert error.code == "too_large" and "SIGABRT" in error.message
    with pytest.raises(ChildFailed) as late:
        call_isolated("time:sleep", (30,), memory_mb=512, seconds=1)
    assert late.value.as_error("a.pdf", 512).code == "timeout"
    assert call_isolated("math:hypot", (3, 4), memory_mb=512, seconds=60) == 5.0


# --- what is said -------------------------------------------------------------------------


def test_a_full_disk_is_said_so(tmp_path, monkeypatch):
    import juesuan_extract.output.writers as writers

    def full(path, data, encoding="utf-8"):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(writers, "_atomic_write", full)
    result = runner.invoke(app, ["extract", str(HOSTILE / "twin-clean.pdf"), "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error [disk_full] ") and "no space is left" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_full_disk_stops_the_batch_with_its_reason(tmp_path, monkeypatch):
    from juesuan_extract.output import datasets

    in_dir = tmp_path / "in"
    in_dir.mkdir()
    (in_dir / "a.pdf").write_bytes((HOSTILE / "twin-clean.pdf").read_bytes())

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(datasets, "_write_sqlite", full)
    result = runner.invoke(app, ["batch", str(in_dir), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "error [disk_full]" in result.stderr and "internal_error" not in result.stderr


def test_error_messages_hold_no_control_characters():
    from juesuan_extract.errors import describe_error

    text = describe_error(ValueError("/Ro\rot\x1b[2J"))
    assert "\r" not in text and "\x1b" not in text and text.endswith("ot\\x1b[2J")


def test_csv_rows_survive_carriage_returns_tabs_and_quotes():
    import csv

    from juesuan_extract.output.records import COLUMNS
    from juesuan_extract.output.writers import write_csv_table

    cells = ["a\rb", "c\nd", "e\tf", 'g"h', "i\r\nj", "plain"]
    rows = [{column: cells[i % len(cells)] for i, column in enumerate(COLUMNS["documents"])}]
    buffer = io.StringIO()
    write_csv_table(rows * 2, "documents", buffer)
    read = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert len(read) == 3 and read[1] == [rows[0][c] for c in COLUMNS["documents"]]
