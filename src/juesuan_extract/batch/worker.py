"""Extract one document in a separate worker process, so that a file which
crashes, hangs or eats memory costs only its own result.

The parent side (:class:`IsolatedWorker`) starts ``python -m
juesuan_extract.batch.worker`` and talks to it over its standard input and
output in length-prefixed pickle frames:

    parent → worker   a :class:`Task`, or ``None`` to stop
    worker → parent   ``("taken",)`` when it starts on the task,
                      ``("page", done, total, read_by_ocr)`` while reading,
                      ``("done", DocumentOutcome)`` when finished

The parent watches the worker while it reads a file: past ``timeout`` seconds,
whatever reads the file (text, OCR, repair), or past ``memory_mb`` of resident
memory, the worker is killed and the file is recorded as ``timeout`` or
``out_of_memory``; a worker that dies on its own is recorded as
``worker_crashed``. The document's own time limit is set a little shorter
(``document_seconds``), so that a long scan ends on its own as ``partial``,
its pages not read by OCR in time named as page errors, before the worker
would be stopped. A worker is replaced after ``recycle_after``
files so that slow leaks in the PDF libraries cannot accumulate.

Workers are plain subprocesses, not ``multiprocessing`` children: they can be
started from daemonic processes (Dask workers) and on every platform.
"""

from __future__ import annotations

import importlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..isolation import death, dismiss, read_frame, reap, write_frame
from .outcome import (
    MB,
    DocumentOutcome,
    Task,
    code_fingerprint,
    failed_outcome,
    outcome_from_document,
)

DEFAULT_EXTRACTOR = "juesuan_extract.pipeline:extract"

# Error codes of failures that happen around the extractor rather than in it.
TIMEOUT = "timeout"
OUT_OF_MEMORY = "out_of_memory"
WORKER_CRASHED = "worker_crashed"
INTERNAL_ERROR = "internal_error"

# How often the parent looks at a busy worker's clock and memory (seconds).
POLL_SECONDS = 0.2

PageHook = Callable[[int, int], None]


# The share of a file's timeout its document may take by its own limits: the rest is
# left for the worker to send its outcome (the records of a large document) in time.
DOCUMENT_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    timeout: float = 300.0  # seconds for one file, whatever reads it
    memory_mb: float = 2048.0  # resident memory of one worker
    recycle_after: int = 50  # files before a worker is replaced
    extractor: str = DEFAULT_EXTRACTOR  # "module:function" with extract()'s signature

    def __post_init__(self) -> None:
        for name in ("timeout", "memory_mb", "recycle_after"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")

    @property
    def document_seconds(self) -> float:
        """The document's own time limit (``Limits.max_seconds``) in a worker."""
        return self.timeout * DOCUMENT_SHARE


# --- the worker process ---


def _resolve(dotted: str) -> Callable[..., Any]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def _extract_one(task: Task, extractor: Callable[..., Any], send: Callable[[object], None]
                 ) -> DocumentOutcome:
    started = time.perf_counter()
    try:
        doc = extractor(Path(task.path), password=task.password, ocr=task.ocr, limits=task.limits,
                        on_page=lambda done, total, ocr: send(("page", done, total, ocr)))
        return outcome_from_document(doc, task, time.perf_counter() - started)
    except MemoryError:
        return failed_outcome(task, OUT_OF_MEMORY, "reading the file ran out of memory",
                              "split the file, or give the workers more memory",
                              time.perf_counter() - started)
    except Exception as exc:  # a fault in the extractor must not stop the worker
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = (f"the extractor failed with {type(exc).__name__}: {exc} "
                  f"(at {Path(where.filename).name}:{where.lineno})")
        return failed_outcome(task, INTERNAL_ERROR, reason,
                              "this is a fault in juesuan-extract; please report it with the file",
                              time.perf_counter() - started)


def _read_tasks(source: IO[bytes], tasks: queue.Queue) -> None:
    """Feed tasks to the main thread; when the parent goes away, go too."""
    try:
        while True:
            task = read_frame(source)
            tasks.put(task)
            if task is None:
                return
    except (EOFError, OSError, pickle.UnpicklingError):
        os._exit(0)  # the parent is gone: nobody wants what is being read


def serve(extractor_name: str = DEFAULT_EXTRACTOR) -> None:
    """The worker's main loop: read tasks until told to stop."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the frames
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    extractor = _resolve(extractor_name)
    code_fingerprint()  # of the code loaded now, before any file is read
    lock = threading.Lock()

    def send(message: object) -> None:
        with lock:
            write_frame(out, message)

    tasks: queue.Queue = queue.Queue()
    threading.Thread(target=_read_tasks, args=(sys.stdin.buffer, tasks), daemon=True).start()
    while (task := tasks.get()) is not None:
        send(("taken",))
        outcome = _extract_one(task, extractor, send)
        send(("done", outcome))
        if outcome.error_code == OUT_OF_MEMORY:
            return  # the heap may be in any state: start afresh


# --- the parent side ---


def resident_mb(pid: int) -> float | None:
    """Resident memory of a process, or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil
    except ImportError:
        return None
    try:
        return psutil.Process(pid).memory_info().rss / MB
    except psutil.Error:
        return None


class _Gone:
    """Put in the inbox when the worker's output closes."""


class IsolatedWorker:
    """One worker process at a time, used by one thread."""

    def __init__(self, limits: WorkerLimits, log: Path | None = None):
        self.limits = limits
        self.log = log
        self._proc: subprocess.Popen | None = None
        self._inbox: queue.Queue = queue.Queue()
        self._files = 0
        self._stopped = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def extract(self, task: Task, on_page: PageHook | None = None) -> DocumentOutcome:
        """Read one file in the worker; every failure comes back as an outcome."""
        for _ in range(3):  # a worker that died while idle is replaced, not blamed
            if self._stopped:
                raise RuntimeError("the batch is stopping")
            self._start()
            try:
                assert self._proc is not None and self._proc.stdin is not None
                write_frame(self._proc.stdin, task)
            except OSError:
                self._reap()
                continue
            outcome = self._wait(task, on_page)
            if outcome is not None:
                return outcome
        return failed_outcome(task, WORKER_CRASHED, "worker processes die before they can "
                              "start reading the file", "see the workers' log")

    def close(self, kill: bool = False) -> None:
        """Let the worker go; ``kill`` also stops it mid-file, and for good."""
        self._stopped = self._stopped or kill
        self._end(kill)

    def _end(self, kill: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and kill:
            reap(proc, kill=True)
        elif proc is not None:
            dismiss(proc)

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._reap()
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        stderr = open(self.log, "ab") if self.log else None
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "juesuan_extract.batch.worker", self.limits.extractor],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env,
            )
        finally:
            if stderr:
                stderr.close()
        self._inbox = queue.Queue()
        self._files = 0
        threading.Thread(target=self._listen, args=(self._proc.stdout, self._inbox),
                         daemon=True).start()

    @staticmethod
    def _listen(source: IO[bytes], inbox: queue.Queue) -> None:
        try:
            while True:
                inbox.put(read_frame(source))
        except Exception:  # closed, or a frame that cannot be read: the worker is lost
            inbox.put(_Gone)

    def _wait(self, task: Task, on_page: PageHook | None) -> DocumentOutcome | None:
        """The outcome; None when the worker died before it took the task."""
        pid = self.pid
        taken = False
        started = time.monotonic()
        deadline = started + self.limits.timeout
        next_look = started
        while True:
            try:
                message = self._inbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                message = None
            now = time.monotonic()
            if message is _Gone:
                returncode = self._reap()
                if not taken:
                    return None
                return failed_outcome(
                    task, WORKER_CRASHED, f"the worker process died ({death(returncode)})",
                    "the file may be damaged in a way that crashes the PDF libraries",
                    now - started)
            if isinstance(message, tuple) and message[0] == "taken":
                taken = True
            if isinstance(message, tuple) and message[0] == "done":
                return self._finished(message[1])
            if isinstance(message, tuple) and message[0] == "page":
                if on_page:
                    on_page(message[1], message[2])
            if now >= deadline:
                self._end(kill=True)
                return failed_outcome(
                    task, TIMEOUT, f"reading took longer than {deadline - started:g} s; "
                    "the worker was stopped", "raise --timeout, or split the file",
                    now - started)
            if now >= next_look:
                next_look = now + POLL_SECONDS
                rss = (resident_mb(pid) if pid else None) or 0.0
                if rss > self.limits.memory_mb:
                    self._end(kill=True)
                    return failed_outcome(
                        task, OUT_OF_MEMORY,
                        f"the worker used {rss:.0f} MB, over the limit of "
                        f"{self.limits.memory_mb:g} MB, and was stopped",
                        "raise --memory-limit, or split the file", now - started)

    def _finished(self, outcome: DocumentOutcome) -> DocumentOutcome:
        self._files += 1
        if outcome.error_code == OUT_OF_MEMORY:
            self._reap()  # the worker leaves after a MemoryError
        elif self._files >= self.limits.recycle_after:
            self._end(kill=False)
        return outcome

    def _reap(self) -> int | None:
        proc, self._proc = self._proc, None
        return None if proc is None else reap(proc)


class WorkerSet:
    """One :class:`IsolatedWorker` per calling thread, closed together."""

    def __init__(self, limits: WorkerLimits, log: Path | None = None):
        self.limits = limits
        self.log = log
        self._local = threading.local()
        self._all: list[IsolatedWorker] = []
        self._lock = threading.Lock()

    def extract(self, task: Task, on_page: PageHook | None = None) -> DocumentOutcome:
        worker = getattr(self._local, "worker", None)
        if worker is None:
            worker = self._local.worker = IsolatedWorker(self.limits, self.log)
            with self._lock:
                self._all.append(worker)
        return worker.extract(task, on_page)

    def close(self, kill: bool = False) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.close(kill=kill)


_SETS: dict[WorkerLimits, WorkerSet] = {}
_SETS_LOCK = threading.Lock()


def extract_in_worker(task: Task, limits: WorkerLimits) -> DocumentOutcome:
    """Run on a Dask worker: the same isolation as a local batch, one worker
    process per Dask thread, kept between tasks."""
    with _SETS_LOCK:
        workers = _SETS.setdefault(limits, WorkerSet(limits))
    return workers.extract(task)


if __name__ == "__main__":
    # Import under the package's name, so that pickled outcomes name their
    # classes as the parent knows them (not as __main__).
    from juesuan_extract.batch.worker import serve as _serve

    _serve(*sys.argv[1:2])
