"""Limits on what one document may cost, and the clock that enforces them.

All limits live in :class:`Limits`; the defaults leave room for the largest
documents met in practice (compilations of a few hundred pages, scans of a few
tens of MB, pages of A3 and A2) while stopping a hostile file long before it
stops a batch or the machine.

========================  ========  ============================================
setting                   default   what it bounds, measured against
========================  ========  ============================================
``max_pages``             1000      pages of a PDF; a 40-page fixture reads in
                                    about 1 s, a 200-page compilation in about 6 s
``max_file_mb``           200       the file's size, checked before it is read or
                                    hashed; real 决算 PDFs are a few tens of MB
``max_seconds``           300       the wall time of a whole document, whatever
                                    reads it: opening and repair, every page (text
                                    or OCR), interpreting what was read
``ocr_share``             0.8       pages read by OCR stop once this share of
                                    ``max_seconds`` has passed; the pages left are
                                    page errors, and the rest of the time is kept
                                    for interpreting what was read
``max_page_seconds``      30        a page read from its text layer; the slowest
                                    real page reads in about 0.2 s
``max_ocr_page_seconds``  120       a page read from its image; about 3 s on one
                                    core at A4, 12 s at the pixel cap
``max_page_pixels``       12 M      a page rendered (for OCR, or by inspect): a
                                    larger page is rendered at a lower resolution;
                                    A4 at 200 dpi is 3.9 M, A2 15.5 M. OCR takes
                                    about 370 MB and 100 bytes a pixel: 1.6 GB at
                                    the cap
``max_stream_mb``         32        what one stream of the PDF may inflate to, and
                                    a page's content streams together; the largest
                                    page content met is 0.25 MB, a CJK font file a
                                    few MB
``max_memory_mb``         2048      memory the single-file commands may take to
                                    read a document (``--max-memory``; a batch
                                    bounds its workers by ``--memory-limit``)
========================  ========  ============================================

A page over its limit is recorded as a failed page and the others are still
read; a document over its limit fails with ``timeout`` or ``too_large``.

Time limits interrupt the PDF libraries with ``SIGALRM`` where they can (the
main thread on POSIX, when no one else has claimed the signal); elsewhere
they are checked between pages only. Native code (a page rendered, a page read
by OCR) is not interrupted: the pixel and stream caps keep each such call short.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
    ocr_share: float = 0.8
    max_page_pixels: int = 12_000_000
    max_stream_mb: float = 32.0
    max_memory_mb: float = 2048.0

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_file_mb", "max_seconds", "max_page_seconds",
                     "max_ocr_page_seconds", "ocr_share", "max_page_pixels", "max_stream_mb",
                     "max_memory_mb"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")
        if self.ocr_share > 1:
            raise ValueError(f"ocr_share is a share of max_seconds, at most 1, not {self.ocr_share!r}")

    @classmethod
    def given(cls, **overrides: float | None) -> Limits:
        """The defaults, with the settings that were given (not None) replaced."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def max_stream_bytes(self) -> int:
        return int(self.max_stream_mb * MB)

    @property
    def ocr_seconds(self) -> float:
        """How long after a document's start pages may still be read by OCR."""
        return self.max_seconds * self.ocr_share


# The options of the commands that set a limit, with their help: one text per
# limit, shared by extract, check and inspect.
OPTION_HELP: dict[str, str] = {
    "max_pages": "Refuse a PDF with more pages than this (default 1000).",
    "max_file_mb": "Refuse a file larger than this many MB, before reading it (default 200).",
    "max_seconds": "Give up on a document after this many seconds, whatever reads it: text, "
                   "OCR (which stops at 0.8 of it, leaving the pages not read as page errors), "
                   "repair (default 300).",
    "max_memory_mb": "MB of memory reading the document may take; past it the document "
                     "fails with too_large (default 2048).",
}


# --- pixels -------------------------------------------------------------------

# Below this resolution OCR misses small table text (bench/bench_ocr.py: at 100 dpi
# 5.6–6.3 pt characters are still read, 2 % of them lost); a page that fits the pixel
# cap only below it is not read by OCR.
MIN_OCR_DPI = 100


def render_scale(width_pt: float, height_pt: float, scale: float, max_pixels: int) -> float:
    """Pixels per point to render a page of ``width_pt`` × ``height_pt`` points at:
    ``scale``, or less so that the image holds at most ``max_pixels`` pixels."""
    area = width_pt * height_pt
    if not (math.isfinite(area) and area > 0):
        return scale
    chosen = min(scale, math.sqrt(max_pixels / area))
    # a renderer rounds each side up to whole pixels
    while chosen > 0 and math.ceil(width_pt * chosen) * math.ceil(height_pt * chosen) > max_pixels:
        chosen *= 0.99
    return chosen


def ocr_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int,
            min_dpi: int = MIN_OCR_DPI) -> int | None:
    """The resolution (dots per inch) to read a page by OCR at: ``dpi``, or lower
    for a page that would exceed ``max_pixels``; None when it fits only below
    ``min_dpi``, too coarse to read."""
    capped = math.floor(render_scale(width_pt, height_pt, dpi / 72, max_pixels) * 72)
    chosen = min(dpi, capped)
    return chosen if chosen >= min_dpi else None


# --- memory -------------------------------------------------------------------


def _data_bytes() -> int | None:
    """The data segment this process holds now (Linux), or None."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def no_core_dumps() -> None:
    """A process that a library may abort (pdfium, out of memory) leaves no core
    file of its memory behind: gigabytes, in the folder it ran in."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


@contextmanager
def memory_budget(mb: float) -> Iterator[bool]:
    """Let the block take at most ``mb`` MB of memory more than the process
    holds when it starts: past it an allocation fails (``MemoryError`` in
    Python, and in the libraries that report it), and the document ends in
    ``too_large`` instead of the machine running out of memory.

    Set as the soft limit of the data segment (``RLIMIT_DATA``, which counts
    what the heap, Python's arenas and the libraries map writable) and put back
    as it was afterwards. Yields whether the budget could be set: it needs
    Linux's accounting of the data segment.
    """
    try:
        import resource
    except ImportError:  # Windows
        yield False
        return
    held = _data_bytes()
    if held is None or not hasattr(resource, "RLIMIT_DATA"):
        yield False
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    budget = held + int(mb * MB)
    if hard != resource.RLIM_INFINITY:
        budget = min(budget, hard)
    if soft != resource.RLIM_INFINITY:
        budget = min(budget, soft)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (budget, hard))
    except (ValueError, OSError):
        yield False
        return
    try:
        yield True
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


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
