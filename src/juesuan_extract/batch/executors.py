"""Where the files are read: worker processes on this machine, or a Dask cluster.

Both run :class:`~.outcome.Task` s through the same isolated worker
processes (one per thread here, one per Dask thread there), so a file gives
the same outcome wherever it is read. Tasks are submitted in a bounded
window (twice the number of threads) and outcomes taken as they complete,
so memory stays flat however many files there are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_local
from pathlib import Path
from typing import Any, Protocol

from .outcome import DocumentOutcome, Task, failed_outcome
from .worker import (
    WORKER_CRASHED,
    PageHook,
    WorkerLimits,
    WorkerSet,
    extract_in_worker,
)

PageHooks = Callable[[str], PageHook | None]
CONNECT_SECONDS = 30.0  # to reach a Dask scheduler


class BatchError(Exception):
    """The batch cannot go on; the message says what to do."""


class Executor(Protocol):
    def outcomes(self, tasks: Iterable[Task], page_hooks: PageHooks
                 ) -> Iterator[tuple[Task, DocumentOutcome]]: ...

    def close(self, finished: bool = True) -> None: ...


def windowed(submit: Callable[[Task], Any], wait_first: Callable[[list[Any]], Iterable[Any]],
             tasks: Iterable[Task], window: int,
             on_error: Callable[[Task, BaseException], DocumentOutcome],
             ) -> Iterator[tuple[Task, DocumentOutcome]]:
    """Keep ``window`` tasks submitted; yield each outcome as it completes."""
    pending: dict[Any, Task] = {}
    source = iter(tasks)

    def refill() -> None:
        while len(pending) < window and (task := next(source, None)) is not None:
            pending[submit(task)] = task

    refill()
    try:
        while pending:
            for future in sorted(wait_first(list(pending)), key=lambda f: pending[f].name):
                task = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:
                    outcome = on_error(task, exc)
                yield task, outcome
            refill()
    finally:
        for future in pending:
            future.cancel()


class LocalExecutor:
    """``jobs`` threads, each driving its own worker process."""

    def __init__(self, jobs: int, limits: WorkerLimits, log: Path | None = None):
        self.jobs = jobs
        self.workers = WorkerSet(limits, log)
        self.pool = ThreadPoolExecutor(jobs, thread_name_prefix="juesuan-batch")

    def outcomes(self, tasks: Iterable[Task], page_hooks: PageHooks
                 ) -> Iterator[tuple[Task, DocumentOutcome]]:
        def submit(task: Task) -> Future:
            return self.pool.submit(self.workers.extract, task, page_hooks(task.name))

        def wait_first(futures: list[Future]) -> Iterable[Future]:
            return wait_local(futures, return_when=FIRST_COMPLETED).done

        return windowed(submit, wait_first, tasks, 2 * self.jobs, _raise)

    def close(self, finished: bool = True) -> None:
        self.workers.close(kill=not finished)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.workers.close(kill=True)


def _raise(task: Task, exc: BaseException) -> DocumentOutcome:
    raise BatchError(f"the worker processes cannot run ({type(exc).__name__}: {exc})") from exc


class ClusterExecutor:
    """Tasks submitted to a Dask distributed scheduler.

    Every worker must have juesuan-extract installed and see the input files
    at the same paths as this machine (a shared file system).
    """

    def __init__(self, address: str, limits: WorkerLimits):
        try:
            from distributed import Client
        except ImportError as exc:
            raise BatchError("--cluster needs Dask: pip install 'juesuan-extract[cluster]'") from exc
        self.limits = limits
        self.run_id = uuid.uuid4().hex[:8]
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {address} ({exc}); "
                             "check the address and that the scheduler is running") from exc

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def outcomes(self, tasks: Iterable[Task], page_hooks: PageHooks
                 ) -> Iterator[tuple[Task, DocumentOutcome]]:
        from distributed import as_completed

        completed = as_completed(loop=self.client.loop)

        def submit(task: Task) -> Any:
            key = f"juesuan-extract-{self.run_id}-{task.sha256[:16]}"
            future = self.client.submit(extract_in_worker, task, self.limits, key=key, pure=False)
            completed.add(future)
            return future

        def wait_first(futures: list[Any]) -> Iterable[Any]:
            return completed.next_batch(block=True)

        return windowed(submit, wait_first, tasks, 2 * self.threads(), _cluster_failure)

    def close(self, finished: bool = True) -> None:
        self.client.close()


def _cluster_failure(task: Task, exc: BaseException) -> DocumentOutcome:
    """A Dask worker that died while holding the task costs the file; anything
    else means the cluster cannot run the extraction at all."""
    if type(exc).__name__ == "KilledWorker":
        return failed_outcome(task, WORKER_CRASHED, f"the Dask worker died while reading it ({exc})",
                              "run again with --retry-failed once the cluster is healthy")
    raise BatchError(f"the cluster cannot run the extraction ({type(exc).__name__}: {exc}); "
                     "is juesuan-extract installed on every worker?") from exc
