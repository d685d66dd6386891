"""A cap on what a stream of the PDF may inflate to.

A compressed stream inflates up to a thousand times (Flate) or more (LZW): a
4 MB content stream of blanks becomes 4 GB, which pdfminer would hold whole
and pdfium would parse (and abort on, once memory runs out). Two guards:

* pdfminer's Flate and LZW decoding is routed, once, through decoders that
  stop at the cap (``pdfminer.pdftypes`` is given them in place of ``zlib`` and
  ``lzwdecode``): past it they raise :class:`StreamTooLarge`, a
  ``BaseException`` so that no library code catching ``Exception`` can turn it
  into a damaged page;
* :func:`page_content_bytes` measures a page's content streams (and the forms
  they draw) under that cap before any reader, pdfium included, loads the
  page; :func:`juesuan_extract.read.ingest.read_page` refuses a page over it.

The cap is set for the reading of one document (:func:`capped`) and holds in
the thread that reads it.
"""

from __future__ import annotations

import threading
import zlib as _zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from ..limits import MB, Limits

# Form XObjects nest; deeper than this is a malicious file, not a layout.
MAX_FORM_DEPTH = 12


class StreamTooLarge(BaseException):
    """A stream inflates to more than the cap."""

    def __init__(self, cap: int):
        self.cap = cap
        super().__init__(f"a stream inflates to more than {cap / MB:g} MB, the limit for one "
                         "stream (max_stream_mb)")


_state = threading.local()


def current_cap() -> int:
    return getattr(_state, "cap", Limits().max_stream_bytes)


@contextmanager
def capped(limit: int) -> Iterator[None]:
    """Streams decoded by pdfminer in this thread inflate to at most ``limit`` bytes."""
    _install()
    before = getattr(_state, "cap", None)
    _state.cap = limit
    try:
        yield
    finally:
        if before is None:
            del _state.cap
        else:
            _state.cap = before


# --- the decoders pdfminer uses, bounded ----------------------------------------


class _CappedInflater:
    """``zlib.decompressobj()`` that stops at the cap."""

    def __init__(self, *args: Any) -> None:
        self._inner = _zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        cap = current_cap()
        room = cap + 1 - self._out
        if max_length:
            room = min(room, max_length)
        out = self._inner.decompress(data, room)
        self._out += len(out)
        if self._out > cap:
            raise StreamTooLarge(cap)
        return out

    def flush(self, *args: Any) -> bytes:
        return self._inner.flush(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CappedZlib:
    """What pdfminer sees as ``zlib``: the module, with inflating bounded."""

    error = _zlib.error

    @staticmethod
    def decompress(data: bytes, wbits: int = _zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
        inflater = _CappedInflater(wbits)
        out = inflater.decompress(data)
        if not inflater.eof:  # as zlib.decompress says of a stream cut short
            raise _zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    decompressobj = _CappedInflater

    def __getattr__(self, name: str) -> Any:
        return getattr(_zlib, name)


def _capped_lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    cap, size, parts = current_cap(), 0, []
    for piece in LZWDecoder(BytesIO(data)).run():
        size += len(piece)
        if size > cap:
            raise StreamTooLarge(cap)
        parts.append(piece)
    return b"".join(parts)


_installed = threading.Lock()


def _install() -> None:
    """Route pdfminer's Flate and LZW decoding through the capped decoders (once)."""
    from pdfminer import pdftypes

    with _installed:
        if not isinstance(pdftypes.zlib, _CappedZlib):
            pdftypes.zlib = _CappedZlib()  # type: ignore[assignment]
            pdftypes.lzwdecode = _capped_lzw


# --- a page's content, measured before it is read --------------------------------


def page_content_bytes(page_obj: Any) -> int:
    """How many bytes the page's content streams and the forms they draw inflate
    to, each form counted once. Raises :class:`StreamTooLarge` as soon as the
    total passes the cap; a stream that cannot be decoded counts as empty (the
    readers say what is damaged)."""
    cap = current_cap()
    total = 0
    seen: set[int] = set()

    def add(size: int) -> None:
        nonlocal total
        total += size
        if total > cap:
            raise StreamTooLarge(cap)

    for ref in _as_list(getattr(page_obj, "contents", None)):
        add(_size_of(_resolved(ref), keep=True))
    _forms(_resolved(getattr(page_obj, "resources", None)), 0, seen, add)
    return total


def _forms(resources: Any, depth: int, seen: set[int], add: Any) -> None:
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    if depth > MAX_FORM_DEPTH or not isinstance(resources, dict):
        return
    xobjects = _resolved(resources.get("XObject"))
    if not isinstance(xobjects, dict):
        return
    for ref in xobjects.values():
        key = getattr(ref, "objid", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        form = _resolved(ref)
        if not isinstance(form, PDFStream) or resolve1(form.get("Subtype")) is not LIT("Form"):
            continue
        add(_size_of(form, keep=False))
        _forms(_resolved(form.get("Resources")), depth + 1, seen, add)


def _resolved(obj: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    try:
        return resolve1(obj)
    except Exception:  # a reference into damage: nothing to measure
        return None


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _size_of(stream: Any, keep: bool) -> int:
    """The inflated size of ``stream``; ``keep``: decode it in place, as the readers
    will (a page's content), else on a copy that is dropped at once (a form)."""
    from pdfminer.pdftypes import PDFStream

    if not isinstance(stream, PDFStream):
        return 0
    if not keep and stream.data is None and stream.rawdata is not None:
        copy = PDFStream(stream.attrs, stream.rawdata, stream.decipher)
        copy.set_objid(stream.objid or 0, stream.genno or 0)
        stream = copy
    try:
        return len(stream.get_data())
    except MemoryError:
        raise
    except Exception:
        return 0
