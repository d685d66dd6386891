"""What a page reader is, and the open document it reads from.

A page reader turns one page into :class:`~juesuan_extract.model.PageContent`
(characters with boxes, ruled regions, image cover, damage). Readers are
tried in order by :func:`juesuan_extract.read.ingest.read_page`; one that
would read a page differently from how it is meant (fonts it cannot map, say)
declines it and the next one reads it. Adding a way of reading (OCR) is one
more reader; nothing after ``read/`` changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import PageError
from ..limits import uninterrupted
from ..model import PageContent

# When pages are read from their images (OCR): "auto" reads the pages without a usable
# text layer (scans, the scanned pages of a mixed file), "always" every page, "never"
# none (a scan is then the error no_text_layer). bench/ocr_golden.py measures what
# "auto" gets right on scanned copies of documents with golden files.
OCR_MODES = ("auto", "always", "never")
DEFAULT_OCR = "auto"

if TYPE_CHECKING:
    from pdfplumber.pdf import PDF


@dataclass(slots=True)
class OpenPdf:
    """An open document: the pdfplumber object and its pages, not yet read."""

    path: str
    pdf: PDF
    pages: list  # pdfminer PDFPage, in page order
    warnings: list[str] = field(default_factory=list)
    damage: str = ""  # how the file is damaged, when it had to be reopened from what is left
    pdfium: object | None = None  # pypdfium2.PdfDocument reading the pages, when it can
    password: str = ""  # the password that opened it ('' when it needs none)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def close(self) -> None:
        if self.pdfium is not None:
            with uninterrupted():
                self.pdfium.close()  # type: ignore[attr-defined]
            self.pdfium = None
        self.pdf.stream.close()


class PageReader(Protocol):
    name: str

    def read(self, doc: OpenPdf, number: int) -> PageContent | PageError | None:
        """Page ``number`` (1-based); a PageError when it cannot be read at all;
        None to leave it to the next reader."""
        ...
