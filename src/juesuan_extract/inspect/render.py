"""Page images rendered in a child process, within the document's limits.

pdfium aborts the whole process when it runs out of memory, and renders a page
as large as the page says it is: a page under a kilobyte can ask for gigabytes.
So pages are rendered by a child process (``python -m
juesuan_extract.inspect.render``), which holds the memory budget
(``Limits.max_memory_mb``), renders at most ``Limits.max_page_pixels`` pixels
(a larger page at a lower scale, :func:`~..limits.render_scale`), and has
``Limits.max_page_seconds`` for each page and ``Limits.max_seconds`` for all of
them. A page it cannot render (the child died, ran out of time, or pdfium
refused) raises :class:`RenderFailed` with the reason, and the next page gets
a fresh child.

The two sides talk over the child's standard input and output in
length-prefixed pickle frames:

    parent → child   ("open", file bytes path, password, max pixels)
                     ("render", page number, scale)
                     None: stop
    child → parent   ("opened", page count) | ("image", width, height, RGB bytes)
                     | ("error", reason)
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from ..isolation import death, dismiss, read_frame, reap, write_frame
from ..limits import Limits, memory_budget, no_core_dumps, render_scale


class RenderFailed(Exception):
    """A page could not be rendered; the message says why."""


# --- the child ---------------------------------------------------------------------


def _render(pdf: Any, number: int, scale: float, max_pixels: int) -> tuple:
    page = pdf[number - 1]
    try:
        page.set_cropbox(*page.get_mediabox())
        width, height = page.get_size()
        bitmap = page.render(scale=render_scale(width, height, scale, max_pixels),
                             may_draw_forms=True)
        image = bitmap.to_pil().convert("RGB")
        return ("image", image.width, image.height, image.tobytes())
    finally:
        page.close()


def serve(memory_mb: float) -> None:
    """The child's loop: open a document, render the pages asked for."""
    import pypdfium2 as pdfium

    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what a library prints goes to stderr, not into the frames
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    no_core_dumps()
    source = sys.stdin.buffer
    pdf = None
    max_pixels = Limits().max_page_pixels
    with memory_budget(memory_mb):
        while (request := read_frame(source)) is not None:
            assert isinstance(request, tuple)
            try:
                if request[0] == "open":
                    _, path, password, max_pixels = request
                    with open(path, "rb") as fh:
                        pdf = pdfium.PdfDocument(fh.read(), password=password or None)
                    write_frame(out, ("opened", len(pdf)))
                else:
                    _, number, scale = request
                    write_frame(out, _render(pdf, number, scale, max_pixels))
            except MemoryError:
                write_frame(out, ("error", "rendering it needs more memory than the limit of "
                                      f"{memory_mb:g} MB"))
            except Exception as exc:  # pdfium refuses the page: say so, go on
                write_frame(out, ("error", f"{type(exc).__name__}: {exc}"))


# --- the parent --------------------------------------------------------------------


class IsolatedRenderer:
    """Renders the pages of one PDF in a child process, one page at a time."""

    def __init__(self, path: Path, password: str | None = None, limits: Limits | None = None):
        self.path = os.fsencode(path)
        self.password = password
        self.limits = limits or Limits()
        self.deadline = time.monotonic() + self.limits.max_seconds
        self._proc: subprocess.Popen | None = None
        self._inbox: queue.Queue = queue.Queue()

    def render(self, number: int, scale: float) -> tuple[int, int, bytes]:
        """Width, height and RGB bytes of page ``number`` at ``scale`` (or less, to
        stay within the pixel cap); :class:`RenderFailed` when it cannot be had."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise RenderFailed(f"not rendered: the time limit of {self.limits.max_seconds:g} s "
                               "for the document ran out")
        seconds = min(left, self.limits.max_page_seconds)
        self._start(seconds)
        reply = self._ask(("render", number, scale), seconds)
        if reply[0] == "image":
            return reply[1], reply[2], reply[3]
        raise RenderFailed(f"pdfium cannot render it ({reply[1]})")

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            dismiss(proc)

    def _start(self, seconds: float) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        self._reap()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "juesuan_extract.inspect.render", str(self.limits.max_memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self._inbox = queue.Queue()
        threading.Thread(target=self._listen, args=(self._proc.stdout, self._inbox),
                         daemon=True).start()
        reply = self._ask(("open", self.path, self.password, self.limits.max_page_pixels), seconds)
        if reply[0] != "opened":
            self._reap()
            raise RenderFailed(f"pdfium cannot open the file ({reply[1]})")

    @staticmethod
    def _listen(source: IO[bytes], inbox: queue.Queue) -> None:
        try:
            while True:
                inbox.put(read_frame(source))
        except Exception:
            inbox.put(None)  # the child is gone

    def _ask(self, request: tuple, seconds: float) -> tuple:
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        try:
            write_frame(proc.stdin, request)
            reply = self._inbox.get(timeout=seconds)
        except queue.Empty:
            self._reap(kill=True)
            raise RenderFailed(f"not rendered: rendering took longer than {seconds:g} s") from None
        except OSError:
            reply = None
        if reply is None:
            code = self._reap()
            raise RenderFailed(f"the PDF library stopped while rendering it ({death(code)})")
        assert isinstance(reply, tuple)
        return reply

    def _reap(self, kill: bool = False) -> int | None:
        proc, self._proc = self._proc, None
        return None if proc is None else reap(proc, kill)


if __name__ == "__main__":
    from juesuan_extract.inspect.render import serve as _serve

    _serve(float(sys.argv[1]))
