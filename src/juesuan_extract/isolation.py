"""One call run in a child process within a memory budget and a time limit.

The PDF libraries and the OCR engine are native code: when an allocation
fails they may abort or crash the process instead of raising ``MemoryError``,
and a call into them cannot be interrupted. So the single-file commands read a
document in a child process (``python -m juesuan_extract.isolation``) that
holds the memory budget (:func:`~.limits.memory_budget`); the parent waits at
most the time given, and when the child dies or overstays it says how
(:class:`ChildFailed`), so the command can report it as ``too_large`` or
``timeout`` instead of dying with it.

The two sides talk over the child's standard input and output in
length-prefixed pickle frames: the parent sends ``(target, args, kwargs,
memory_mb)`` once, the child answers ``("done", result)`` or ``("raised",
text)``. What the child's libraries print goes to standard error.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from typing import IO, Any

from .errors import InternalError, JuesuanError, TimeLimitExceeded, TooLarge
from .limits import memory_budget, no_core_dumps

_LENGTH = struct.Struct(">Q")
# Seconds a reading process may take beyond the document's own time limit: to start,
# and to hand what it read over.
GRACE_SECONDS = 30.0


class ChildFailed(Exception):
    """The child process did not give a result: it died, or overstayed."""

    def __init__(self, reason: str, timed_out: bool = False, died: bool = False,
                 out_of_memory: bool = False):
        self.reason = reason
        self.timed_out = timed_out
        self.died = died  # without a word: a native library ended the process
        self.out_of_memory = out_of_memory
        super().__init__(reason)

    def as_error(self, path: object, memory_mb: float) -> JuesuanError:
        """What reading ``path`` ended in, for the user: out of time, out of memory
        (a native library stops the process when an allocation fails), or a fault."""
        if self.timed_out:
            return TimeLimitExceeded(str(path), f"reading it {self.reason}")
        if self.out_of_memory:
            return TooLarge(str(path), f"reading it needs more memory than the limit of "
                            f"{memory_mb:g} MB", "raise the limit with --max-memory, or split "
                            "the file")
        if self.died:
            return TooLarge(str(path), f"{self.reason}, as the PDF and OCR libraries do when "
                            f"they run out of memory: reading it needs more than the limit of "
                            f"{memory_mb:g} MB", "raise the limit with --max-memory, or split "
                            "the file; if it still happens, the file crashes a PDF library")
        return InternalError(str(path), self.reason)


def write_frame(fh: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_LENGTH.pack(len(data)) + data)
    fh.flush()


def read_frame(fh: IO[bytes]) -> object:
    """The next message; EOFError when the other side has gone."""
    header = _read_exactly(fh, _LENGTH.size)
    return pickle.loads(_read_exactly(fh, _LENGTH.unpack(header)[0]))


def _read_exactly(fh: IO[bytes], size: int) -> bytes:
    # a pipe may give less than asked for: read on until the frame is whole
    chunks, missing = [], size
    while missing:
        chunk = fh.read(missing)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def death(returncode: int | None) -> str:
    """How a child ended: "killed by signal SIGABRT", "exit status 1"."""
    if returncode is not None and returncode < 0:
        try:
            return f"killed by signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def close_pipes(proc: subprocess.Popen) -> None:
    """Close a finished child's pipes, whatever state it left them in."""
    for pipe in (proc.stdin, proc.stdout):
        try:
            if pipe:
                pipe.close()
        except OSError:
            pass


def reap(proc: subprocess.Popen, kill: bool = False) -> int:
    """Wait for a child to end (killed first with ``kill``, or when it has not ended
    within a few seconds of being asked to), close its pipes; its exit status."""
    if kill:
        proc.kill()
    try:
        returncode = proc.wait(timeout=REAP_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        returncode = proc.wait()
    close_pipes(proc)
    return returncode


# How long a child that was told to leave may take before it is killed.
REAP_SECONDS = 5


def dismiss(proc: subprocess.Popen) -> int:
    """Ask a child that serves frames to leave (an empty frame, then end of input)
    and reap it; killed when it cannot be asked."""
    try:
        assert proc.stdin is not None  # started with stdin=PIPE
        write_frame(proc.stdin, None)
        proc.stdin.close()
    except OSError:
        return reap(proc, kill=True)
    return reap(proc)


def _resolve(dotted: str) -> Callable[..., Any]:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def call_isolated(target: str, args: tuple = (), kwargs: dict | None = None, *,
                  memory_mb: float, seconds: float) -> Any:
    """``target(*args, **kwargs)`` ("module:function") in a child process that may
    take ``memory_mb`` MB more than it holds when it starts, for at most
    ``seconds``; its result, or :class:`ChildFailed`."""
    proc = subprocess.Popen([sys.executable, "-m", "juesuan_extract.isolation"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    reply: list[object] = []
    listener = threading.Thread(target=_listen, args=(proc.stdout, reply), daemon=True)
    listener.start()
    try:
        try:
            write_frame(proc.stdin, (target, args, kwargs or {}, memory_mb))
            proc.stdin.close()
        except OSError:
            pass  # the child died at once: its exit status says how
        listener.join(seconds)
        if listener.is_alive():
            proc.kill()
            proc.wait()
            raise ChildFailed(f"it took longer than {seconds:g} s and was stopped", timed_out=True)
        returncode = proc.wait()
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise
    finally:
        proc.stdout.close()
    if not reply:
        raise ChildFailed(f"the process reading it ended without a result ({death(returncode)})",
                          died=True)
    message = reply[0]
    assert isinstance(message, tuple)
    if message[0] == "memory":
        raise ChildFailed("the process reading it ran out of memory", out_of_memory=True)
    if message[0] == "raised":
        last = str(message[1]).strip().splitlines()[-1:] or ["an exception"]
        raise ChildFailed(f"the reading failed on {last[0]}")
    return message[1]


def _listen(source: IO[bytes], reply: list[object]) -> None:
    try:
        reply.append(read_frame(source))
    except Exception:
        pass  # the child is gone without a word


def serve() -> None:
    """The child: read one call, make it within the memory budget, send the result."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the frame
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    no_core_dumps()
    call = read_frame(sys.stdin.buffer)
    assert isinstance(call, tuple)
    target, args, kwargs, memory_mb = call
    with memory_budget(memory_mb):
        try:
            result: tuple = ("done", _resolve(target)(*args, **kwargs))
        except MemoryError:
            result = ("memory", "")
        except BaseException as exc:  # reported by the parent as a fault of this program
            result = ("raised", "".join(traceback.format_exception(exc))[-3000:])
    write_frame(out, result)  # outside the budget: the result is the reading's, not more


if __name__ == "__main__":
    # Import under the package's name, so that results name their classes as the
    # parent knows them (not as __main__).
    from juesuan_extract.isolation import serve as _serve

    _serve()
