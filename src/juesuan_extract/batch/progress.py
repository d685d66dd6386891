"""How far a batch has got: files done, pages per second, time left.

On a terminal one line is redrawn in place and failures are printed above
it; anywhere else (a log file, CI) every finished file gives one plain line.
The time left is estimated from the bytes still to read at the rate so far.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class Progress:
    def __init__(self, files: int, total_bytes: int, stream: TextIO | None = None,
                 live: bool | None = None, clock: Callable[[], float] = time.monotonic):
        self.files = files
        self.total_bytes = max(total_bytes, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.clock = clock
        self.started = clock()
        self.done_files = 0
        self.done_bytes = 0
        self.failed = 0
        self.pages = 0
        self._pages_by_file: dict[str, int] = {}
        self._lock = threading.Lock()
        self._drawn = 0.0
        self._shown = False

    # --- what happened ---

    def page_hook(self, name: str) -> Callable[[int, int], None]:
        """A callback for one file's page events (called from worker threads)."""
        def on_page(done: int, total: int) -> None:
            with self._lock:
                self._set_pages(name, done)
                self._draw()
        return on_page

    def file_done(self, name: str, size: int, status: str, pages: int, seconds: float,
                  error: str = "") -> None:
        with self._lock:
            self._set_pages(name, pages)
            self.done_files += 1
            self.done_bytes += size
            failed = status == "failed"
            self.failed += failed
            if self.live:
                if failed:
                    self._line(f"failed: {error}")
                self._draw(force=True)
            else:
                what = f"failed: {error}" if failed else f"{status}, {pages} pages, {seconds:.1f} s"
                self._line(f"[{self.done_files}/{self.files}] {name}: {what} | {self._rates()}")

    def note(self, text: str) -> None:
        with self._lock:
            self._line(text)

    def close(self) -> None:
        with self._lock:
            if self.live and self._shown:
                self.stream.write("\r\033[K")
                self.stream.flush()
                self._shown = False

    # --- the numbers ---

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        if not self.done_bytes or self.elapsed <= 0:
            return None
        rate = self.done_bytes / self.elapsed
        return max(self.total_bytes - self.done_bytes, 0) / rate

    def _set_pages(self, name: str, pages: int) -> None:
        self.pages += pages - self._pages_by_file.get(name, 0)
        self._pages_by_file[name] = pages

    def _rates(self) -> str:
        text = f"{self.pages_per_second:.1f} pages/s, ETA {clock_text(self.seconds_left)}"
        return text + (f", {self.failed} failed" if self.failed else "")

    # --- drawing ---

    def _line(self, text: str) -> None:
        if self.live and self._shown:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self._shown = False
        if self.live:
            self._draw(force=True)
        self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.live:
            return
        now = self.clock()
        if not force and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        filled = int(BAR_WIDTH * self.done_bytes / self.total_bytes)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.done_files}/{self.files} files, {self._rates()}")
        self.stream.flush()
        self._shown = True
