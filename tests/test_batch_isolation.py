"""One bad file never stops the batch: a crash, a hang, a memory blow-up or a
fault in the extractor costs that file alone, recorded with its reason."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from juesuan_extract.batch.outcome import Task
from juesuan_extract.batch.run import BatchSettings, run_batch
from juesuan_extract.batch.worker import IsolatedWorker, WorkerLimits
from test_batch_helpers import TESTS, read_csv, variant

FAULTY = "test_batch_helpers:faulty_extract"


@pytest.fixture
def workers_see_the_tests(monkeypatch):
    """Worker processes import the faulty extractor from the tests folder."""
    path = os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(TESTS), path) if p))


def fixture_pdf() -> Path:
    return FIXTURES / "changji-kexie-2023-narrow.pdf"  # more than ten pages


def test_crash_hang_memory_and_faults_are_recorded_and_the_rest_goes_on(
        tmp_path, workers_see_the_tests):
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    shutil.copy(fixture_pdf(), in_dir / "good.pdf")
    for name in ("hang", "crash", "balloon", "bug"):
        variant(fixture_pdf(), in_dir / f"fault-{name}.pdf", name)
    limits = WorkerLimits(timeout=8, memory_mb=400, extractor=FAULTY)
    settings = BatchSettings(in_dir, tmp_path / "out", jobs=2, limits=limits)
    log = io.StringIO()
    report = run_batch(settings, stream=log, live=False)
    assert report.exit_status == 1 and report.failed_files == 4
    errors = {row["path"]: row for row in read_csv(tmp_path / "out" / "errors.csv")}
    assert {path: row["error_code"] for path, row in errors.items()} == {
        "fault-hang.pdf": "timeout", "fault-crash.pdf": "worker_crashed",
        "fault-balloon.pdf": "out_of_memory", "fault-bug.pdf": "internal_error",
    }
    assert "SIGSEGV" in errors["fault-crash.pdf"]["error"]
    assert "400 MB" in errors["fault-balloon.pdf"]["error"]
    assert "ValueError: a fault planted by the test" in errors["fault-bug.pdf"]["error"]
    documents = {row["file"]: row for row in read_csv(tmp_path / "out" / "documents.csv")}
    assert documents["good.pdf"]["status"] == "ok" and int(documents["good.pdf"]["pages"]) > 10
    assert documents["fault-hang.pdf"]["error_code"] == "timeout"
    assert "[5/5]" in log.getvalue()


def test_pages_read_by_ocr_do_not_extend_the_time_a_file_may_take(tmp_path,
                                                                   workers_see_the_tests):
    """Three pages read by OCR take 4.5 s in all against a timeout of 3 s: the timeout
    bounds the file whatever reads it (each page once added an allowance of its own),
    and the worker is stopped."""
    slow = tmp_path / "fault-ocr.pdf"
    shutil.copy(fixture_pdf(), slow)
    worker = IsolatedWorker(WorkerLimits(timeout=3, extractor=FAULTY))
    try:
        outcome = worker.extract(Task(str(slow), slow.name, ""))
    finally:
        worker.close()
    assert outcome.status == "failed" and outcome.error_code == "timeout", outcome.error
    assert "longer than 3 s" in outcome.error


def test_the_document_limit_in_a_worker_is_set_by_the_timeout(tmp_path, monkeypatch):
    """A document read in a worker stops by its own limit, a little before the
    worker would be stopped: a scan ends partial, not killed."""
    from juesuan_extract.batch.worker import DOCUMENT_SHARE

    in_dir = tmp_path / "in"
    in_dir.mkdir()
    shutil.copy(fixture_pdf(), in_dir / "a.pdf")
    settings = BatchSettings(in_dir, tmp_path / "out", limits=WorkerLimits(timeout=40))
    seen = []

    class Spy:
        def outcomes(self, tasks, hooks):
            for task in tasks:
                seen.append(task.limits)
            return iter(())

        def close(self, finished=True):
            pass

    import juesuan_extract.batch.run as run

    monkeypatch.setattr(run, "_executor", lambda settings, store: Spy())
    run_batch(settings, stream=io.StringIO(), live=False)
    assert [limits.max_seconds for limits in seen] == [40 * DOCUMENT_SHARE]


def test_workers_are_recycled_after_some_files():
    pdf = fixture_pdf()
    worker = IsolatedWorker(WorkerLimits(recycle_after=2))
    try:
        task = Task(str(pdf), pdf.name, "")
        pids = [worker.extract(task).worker for _ in range(3)]
    finally:
        worker.close()
    assert pids[0] == pids[1] != pids[2]


def test_a_worker_that_died_between_files_is_replaced(workers_see_the_tests):
    pdf = fixture_pdf()
    worker = IsolatedWorker(WorkerLimits(extractor=FAULTY))
    try:
        first = worker.extract(Task(str(pdf), pdf.name, ""))
        assert first.status == "ok" and first.worker > 0, first.error
        os.kill(first.worker, 9)
        second = worker.extract(Task(str(pdf), pdf.name, ""))
    finally:
        worker.close()
    assert first.status == second.status == "ok" and first.worker != second.worker


def test_fail_fast_stops_at_the_first_failure(tmp_path, workers_see_the_tests):
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    (in_dir / "fault-bug.pdf").write_bytes(fixture_pdf().read_bytes() + b"\n%" + b"x" * 10_000)
    for i in range(3):
        variant(fixture_pdf(), in_dir / f"fault-slow-{i}.pdf", str(i))
    settings = BatchSettings(in_dir, tmp_path / "out", jobs=1, fail_fast=True,
                             limits=WorkerLimits(extractor=FAULTY))
    report = run_batch(settings, stream=io.StringIO(), live=False)
    assert report.stopped_early and report.exit_status == 1
    assert report.extracted < 4
    files = {row["path"]: row["status"] for row in read_csv(tmp_path / "out" / "files.csv")}
    assert files["fault-bug.pdf"] == "failed" and "pending" in files.values()
