"""Limits on what one document may cost, and the clock that enforces them.

All limits live in :class:`Limits`; the defaults leave room for the largest
documents met in practice (compilations of a few hundred pages, scans of a few
tens of MB) while stopping a hostile file long before it stops a batch.

=====================  =========  ===========================================
setting                default    measured against
=====================  =========  ===========================================
``max_pages``          1000       a 40-page fixture reads in about 1 s; a
                                  200-page compilation in about 6 s
``max_file_mb``        200        the largest real 决算 PDFs (scanned seals and
                                  signatures) are a few tens of MB
``max_seconds``        300        a whole document, reading and interpreting
``max_page_seconds``   30         the slowest real page (a full-page table)
                                  reads in about 0.2 s
``max_ocr_page_seconds`` 120      a page read from its image (OCR) takes about
                                  3 s on one core; this time does not count
                                  against ``max_seconds`` nor ``max_page_seconds``,
                                  so a long scan is not a timeout
=====================  =========  ===========================================

A page over its limit is recorded as a failed page and the others are still
read; a document over its limit fails with ``timeout``.

Time limits interrupt the PDF libraries with ``SIGALRM`` where they can (the
main thread on POSIX, when no one else has claimed the signal); elsewhere
they are checked between pages only.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

MB = 1 << 20
# How soon a time limit fires again when its exception was swallowed.
RETRY_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class Limits:
    max_pages: int = 1000
    max_file_mb: float = 200.0
    max_seconds: float = 300.0
    max_page_seconds: float = 30.0
    max_ocr_page_seconds: float = 120.0

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_file_mb", "max_seconds", "max_page_seconds",
                     "max_ocr_page_seconds"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")

    @classmethod
    def given(cls, **overrides: float | None) -> Limits:
        """The defaults, with the settings that were given (not None) replaced."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)


class Expired(BaseException):
    """A time limit has passed.

    A ``BaseException`` so that library code catching ``Exception`` around
    its own work cannot swallow it.
    """

    def __init__(self, scope: str, seconds: float):
        self.scope = scope
        self.seconds = seconds
        super().__init__(f"{scope} time limit of {seconds:g} s passed")


@dataclass(frozen=True, slots=True)
class _Deadline:
    at: float
    scope: str
    seconds: float


_local = threading.local()


def _stack() -> list[_Deadline]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def _signals_usable() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None, _on_alarm)


def _passed(now: float) -> _Deadline | None:
    passed = [d for d in _stack() if d.at <= now]
    return min(passed, key=lambda d: d.at) if passed else None


def _arm() -> None:
    stack = _stack()
    if not stack:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = min(d.at for d in stack) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


def _on_alarm(signum: int, frame: object) -> None:
    deadline = _passed(time.monotonic() + 0.001)
    if deadline is None:  # woke early: wait for the nearest deadline again
        _arm()
        return
    # The signal may land in code that ignores exceptions (a garbage-collector
    # callback, a __del__): ring again soon until the exception gets through.
    # Leaving the time_limit block re-arms the timer for what is left.
    signal.setitimer(signal.ITIMER_REAL, RETRY_SECONDS)
    raise Expired(deadline.scope, deadline.seconds)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold time limits back while library objects are opened or closed.

    An exception raised by the alarm inside a library's bookkeeping (pdfium's
    page and document handles) leaves its handles half-registered; blocked
    here, the alarm rings as soon as the block ends.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = block(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def check() -> None:
    """Raise :class:`Expired` when a deadline of this thread has passed."""
    deadline = _passed(time.monotonic())
    if deadline is not None:
        raise Expired(deadline.scope, deadline.seconds)


@contextmanager
def time_limit(seconds: float, scope: str) -> Iterator[None]:
    """Raise :class:`Expired` (with ``scope``) once ``seconds`` have passed.

    Limits nest: an inner page limit runs inside the document's limit, and
    whichever passes first is raised.
    """
    stack = _stack()
    use_signal = _signals_usable()
    installed = use_signal and not stack
    previous = signal.signal(signal.SIGALRM, _on_alarm) if installed else None
    stack.append(_Deadline(time.monotonic() + seconds, scope, seconds))
    if use_signal:
        _arm()
    try:
        yield
    finally:
        stack.pop()
        if use_signal:
            _arm()
            if installed:
                signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


@contextmanager
def own_time(seconds: float, scope: str) -> Iterator[None]:
    """Run the block under a limit of its own, its time set aside from the limits
    around it (they are moved on by as long as it took): a page read by OCR takes
    seconds where a text page takes milliseconds, and must not use up the document's
    time."""
    stack = _stack()
    around = list(stack)
    stack.clear()
    start = time.monotonic()
    try:
        with time_limit(seconds, scope):
            yield
    finally:
        spent = time.monotonic() - start
        stack[:] = [replace(d, at=d.at + spent) for d in around]
        if _signals_usable() and stack:
            _arm()
