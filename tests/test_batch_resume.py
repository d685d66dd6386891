"""A batch killed at any moment leaves every earlier output whole, and running
it again gives exactly what an uninterrupted run gives."""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from juesuan_extract.batch.run import BatchSettings, run_batch
from juesuan_extract.batch.state import StateStore
from juesuan_extract.output import datasets
from test_batch_helpers import extracted_count, make_mixed_folder, read_csv, snapshot, variant

COMMAND = [sys.executable, "-m", "juesuan_extract.batch.cli"]


def batch(in_dir: Path, out: Path, *options: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, str(in_dir), "--out", str(out), "--no-progress", *options],
                          capture_output=True, text=True, timeout=600, **kwargs)


def results_in(out: Path) -> list[int]:
    """Worker process ids of the results saved so far (none while the state is not there)."""
    db = out / ".juesuan" / "state.db"
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return [state.worker for state in _outcomes(con)]
        finally:
            con.close()
    except sqlite3.Error:
        return []


def _outcomes(con: sqlite3.Connection):
    import json
    import zlib

    from juesuan_extract.batch.outcome import DocumentOutcome

    for (payload,) in con.execute("SELECT payload FROM results"):
        yield DocumentOutcome(**json.loads(zlib.decompress(payload)))


def gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_a_killed_run_resumes_to_exactly_the_outputs_of_an_uninterrupted_run(tmp_path):
    in_dir = make_mixed_folder(tmp_path / "in")
    reference = batch(in_dir, tmp_path / "reference", "--jobs", "2")
    assert reference.returncode == 1, reference.stderr  # the bad files
    documents = len(read_csv(tmp_path / "reference" / "documents.csv"))
    out = tmp_path / "out"
    run = subprocess.Popen([*COMMAND, str(in_dir), "--out", str(out), "--jobs", "1",
                            "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(results_in(out)) < 2 and time.monotonic() < deadline:
        assert run.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    workers = {pid for pid in results_in(out) if pid > 0}
    saved = len(results_in(out))
    assert 2 <= saved < documents
    assert all(gone(pid) for pid in workers), "workers outlived the killed batch"
    for path in out.rglob("*"):  # nothing half-written outside the state folder
        if path.is_file() and ".juesuan" not in path.parts:
            assert path.parent.name == "json" and path.stat().st_size > 0
    again = batch(in_dir, out, "--jobs", "2")
    assert again.returncode == 1, again.stderr
    assert extracted_count(again.stderr) == documents - saved
    assert snapshot(out) == snapshot(tmp_path / "reference")


def test_a_build_stopped_half_way_leaves_the_previous_outputs(tmp_path, monkeypatch):
    a, b = sorted(FIXTURES.glob("*.pdf"))[:2]
    in_dir, out = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    shutil.copy(a, in_dir / "a.pdf")
    settings = BatchSettings(in_dir, out, jobs=2)
    run_batch(settings, stream=io.StringIO())
    before = snapshot(out)
    shutil.copy(b, in_dir / "b.pdf")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as if the run were stopped while writing the database

    with monkeypatch.context() as patch:
        patch.setattr(datasets, "_write_sqlite", killed)
        with pytest.raises(KeyboardInterrupt):
            run_batch(settings, stream=io.StringIO())
    after = snapshot(out)
    assert {k: v for k, v in after.items() if not k.startswith("json/")} == {
        k: v for k, v in before.items() if not k.startswith("json/")}
    assert after["json/" + next(k for k in before if k.startswith("json/"))[5:]]
    report = run_batch(settings, stream=io.StringIO())
    assert report.extracted == 0 and not report.up_to_date
    fresh = tmp_path / "fresh"
    run_batch(BatchSettings(in_dir, fresh, jobs=2), stream=io.StringIO())
    assert snapshot(out) == snapshot(fresh)


def test_a_changed_file_is_read_again(tmp_path):
    a = sorted(FIXTURES.glob("*.pdf"))[0]
    in_dir, out = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    shutil.copy(a, in_dir / "a.pdf")
    settings = BatchSettings(in_dir, out)
    assert run_batch(settings, stream=io.StringIO()).extracted == 1
    variant(a, in_dir / "a.pdf", "edited")
    report = run_batch(settings, stream=io.StringIO())
    assert report.extracted == 1 and report.documents == 1
    with StateStore(out).open() as store:
        assert len(store.known_results()) == 2  # the old content is kept, should it come back
