"""Pages read by OCR within the document's limits: its time, and a pixel count.

A page read from its image takes seconds where a text page takes milliseconds,
and memory in proportion to its pixels. Both are bounded here, around the OCR
reader (:mod:`.ocr`):

* time: OCR pages are read until ``Limits.ocr_share`` of the document's time
  has passed, each within ``max_ocr_page_seconds``; the pages left then are
  page errors (stage ``time``), so that a long scan ends ``partial`` with the
  rest of its time kept for interpreting what was read;
* pixels: a page larger than ``max_page_pixels`` at the reader's resolution is
  read at a lower one (:func:`~..limits.ocr_dpi`), or, when even the lowest
  that OCR reads would not do, refused as a page error (stage ``size``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import PageError, describe_error
from ..limits import MIN_OCR_DPI, Expired, Limits, ocr_dpi, time_limit
from ..model import PageContent
from .base import OpenPdf

# Words in what native libraries (OpenCV, ONNX Runtime) say when an allocation fails.
_OUT_OF_MEMORY = ("out of memory", "insufficient memory", "failed to allocate", "bad_alloc",
                  "cannot allocate")


@dataclass(slots=True)
class OcrPass:
    """The pages of one document read by OCR, with what is left of its time for them."""

    limits: Limits
    until: float  # time.monotonic() after which no page is read by OCR
    ran_out: bool = False
    _readers: dict[int, Any] = field(default_factory=dict)  # by resolution

    @classmethod
    def starting(cls, limits: Limits, started: float) -> OcrPass:
        """For a document whose reading started at ``started`` (time.monotonic())."""
        return cls(limits, started + limits.ocr_seconds)

    def read(self, doc: OpenPdf, page: PageContent) -> PageContent | PageError:
        """``page`` read from its image; what the text reader gave when OCR reads
        nothing of it; a PageError when it cannot be read in time or at all."""
        number = page.number
        left = self.until - time.monotonic()
        if self.ran_out or left <= 0:
            self.ran_out = True
            return PageError(number, "time", self._ran_out())
        reader = self._reader(page)
        if isinstance(reader, PageError):
            return reader
        try:
            with time_limit(left, "ocr"), time_limit(self.limits.max_ocr_page_seconds, "page"):
                return reader.read(doc, number) or page
        except Expired as exc:
            if exc.scope == "ocr":
                self.ran_out = True
                return PageError(number, "time", self._ran_out())
            if exc.scope == "page":
                return PageError(number, "time", "reading the page by OCR took longer than the "
                                 f"limit of {exc.seconds:g} s")
            raise
        except MemoryError:
            raise
        except Exception as exc:
            if any(words in str(exc).lower() for words in _OUT_OF_MEMORY):
                raise MemoryError(describe_error(exc)) from exc
            return PageError(number, "ocr", f"the page cannot be read by OCR ({describe_error(exc)})")

    def _reader(self, page: PageContent) -> Any:
        """The OCR reader for this page's size, or why there is none."""
        from .ocr import OcrReader  # numpy, OpenCV, ONNX: only for scans

        base = OcrReader().settings
        pixels = self.limits.max_page_pixels
        dpi = ocr_dpi(page.width, page.height, base.dpi, pixels)
        if dpi is None:
            return PageError(page.number, "size", f"the page is {page.width:.0f} × "
                             f"{page.height:.0f} pt: within the limit of {pixels / 1e6:g} million "
                             f"pixels it would be read at less than {MIN_OCR_DPI} dpi, too coarse "
                             "for OCR")
        if dpi not in self._readers:
            self._readers[dpi] = OcrReader(base if dpi == base.dpi else replace(base, dpi=dpi))
        return self._readers[dpi]

    def _ran_out(self) -> str:
        limits = self.limits
        return (f"not read by OCR: the time for OCR ({limits.ocr_seconds:g} s, "
                f"{limits.ocr_share:g} of the document's limit of {limits.max_seconds:g} s) "
                "ran out")
