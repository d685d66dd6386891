"""The limits on time and memory, measured as a user meets them: each command
runs as a process under ``prlimit`` (a data segment the machine grants) or
``timeout`` (a wall clock), and must end by itself, on time, with the error
that says what ran out, never with a crash, a traceback or the machine's
memory.

The inputs are built at test time (fixtures/hostile/generated.py); the cheap
checks of the same limits are in test_hostile_limits.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT
from hostile_inputs import generated

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("prlimit") and shutil.which("timeout")),
                       reason="needs prlimit and timeout (util-linux, coreutils)"),
]

HOSTILE = ROOT / "fixtures" / "hostile"
GB = 1 << 30
# What `timeout` exits with when it had to stop the command (124, or 128 + 9 for SIGKILL).
KILLED_BY_TIMEOUT = 124


def juesuan(*args: object, data: int | None = None, seconds: float = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``juesuan ARGS`` as a process: under ``prlimit --data`` when ``data`` is
    given, stopped by ``timeout`` after ``seconds``."""
    command = ["timeout", "-s", "KILL", str(seconds)]
    if data is not None:
        command += ["prlimit", f"--data={data}"]
    command += [sys.executable, "-m", "juesuan_extract", *map(os.fspath, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                          errors="backslashreplace")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def ended_with(result: subprocess.CompletedProcess, code: str) -> str:
    """The error line of a command that ended by itself with ``code``."""
    assert result.returncode not in (KILLED_BY_TIMEOUT, 128 + 9, -9), "stopped by timeout"
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error [")]
    assert lines and lines[-1].startswith(f"error [{code}] "), result.stderr[-2000:]
    return lines[-1]


# --- time ---------------------------------------------------------------------------------


def test_max_seconds_bounds_a_document_read_by_ocr(tmp_path):
    """50 blank scanned pages, each read by OCR for a second or two: --max-seconds 10
    stops the reading after 10 s, OCR included (it once ran for minutes)."""
    pdf = write(tmp_path, "blank.pdf", generated.blank_scans(50))
    result = juesuan("extract", pdf, "--max-seconds", "10", "--out", tmp_path / "out",
                     seconds=60)
    ended_with(result, "timeout")


def test_batch_timeout_bounds_a_file_read_by_ocr(tmp_path):
    """A batch --timeout 10 ends a 30-page scan on time (each page read by OCR once
    added its own allowance of 120 s)."""
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    write(in_dir, "scan.pdf", generated.blank_scans(30))
    result = juesuan("batch", in_dir, "--out", tmp_path / "out", "--timeout", "10",
                     "--format", "csv", "--jobs", "1", seconds=90)
    assert result.returncode == 1, result.stderr[-2000:]  # the file failed: no text in time
    errors = (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8-sig")
    assert "scan.pdf" in errors and "timeout" in errors


# --- memory -------------------------------------------------------------------------------


def test_a_content_bomb_under_a_memory_limit_is_too_large(tmp_path):
    """1 MB that inflates to 1 GB, read where 1.5 GB may be taken: once a damaged
    file (corrupt), after 8 GB where nothing held it."""
    pdf = write(tmp_path, "bomb.pdf", generated.content_bomb(1024))
    result = juesuan("extract", pdf, "--out", tmp_path / "out", data=3 * GB // 2, seconds=120)
    line = ended_with(result, "too_large")
    assert "inflates to more than 32 MB" in line


def test_a_huge_scan_under_a_memory_limit_is_too_large(tmp_path):
    """One page 14400 pt square, covered by an image: read by OCR it would be 1.6
    billion pixels (6 GB under an 8 GB limit, 14 GB under 16)."""
    pdf = write(tmp_path, "huge.pdf", generated.huge_scan(14400))
    result = juesuan("extract", pdf, "--out", tmp_path / "out", data=2 * GB, seconds=120)
    line = ended_with(result, "too_large")
    assert "too coarse for OCR" in line


def test_memory_run_out_of_is_too_large_not_corrupt(tmp_path):
    """A scan read by OCR where the process may take 600 MB: the engine cannot load,
    and the document is too_large (it was once reported corrupt)."""
    result = juesuan("extract", HOSTILE / "scanned.pdf", "--out", tmp_path / "out",
                     data=600 << 20, seconds=120)
    line = ended_with(result, "too_large")
    assert "--max-memory" in line


def test_max_memory_bounds_a_single_file_command(tmp_path):
    result = juesuan("extract", HOSTILE / "scanned.pdf", "--out", tmp_path / "out",
                     "--max-memory", "300", seconds=120)
    line = ended_with(result, "too_large")
    assert "300 MB" in line


def test_inspect_renders_a_huge_page_within_the_pixel_cap(tmp_path):
    """A text page 14400 pt square, drawn at 2 pixels a point, would be 830 million
    pixels (3.3 GB): the report draws it within 12 million."""
    pdf = write(tmp_path, "huge.pdf", generated.huge_page(14400))
    result = juesuan("inspect", pdf, "--html", tmp_path / "review", data=3 * GB // 2,
                     seconds=180)
    assert result.returncode == 0, result.stderr[-2000:]
    [image] = (tmp_path / "review" / "pages").glob("*.png")
    with Image.open(image) as png:
        assert png.width * png.height <= 12_000_000


def test_a_page_pdfium_aborts_on_is_drawn_with_its_failure(tmp_path):
    """pdfium aborts the process that renders a page it has no memory for: the
    report is still written, the page drawn blank with the reason."""
    from juesuan_extract.inspect.document import inspect_document
    from juesuan_extract.inspect.html_report import write_report
    from juesuan_extract.limits import Limits

    shown = write(tmp_path, "shown.pdf", generated.content_bomb(0, pages=2))
    bomb = write(tmp_path, "bomb.pdf", generated.content_bomb(512, pages=2))
    inspection = inspect_document(shown)  # the report of the one, the pages of the other
    index = write_report(inspection, bomb, tmp_path / "review",
                         limits=Limits(max_memory_mb=128))
    assert "Page 2 of 2" in index.read_text(encoding="utf-8")
    images = sorted((tmp_path / "review" / "pages").glob("*.png"))
    assert len(images) == 2
    with Image.open(images[0]) as first:  # the banner: red across the top
        red, green, blue = first.convert("RGB").getpixel((first.width // 2, 3))
        assert red > 150 and green < 120 and blue < 120
