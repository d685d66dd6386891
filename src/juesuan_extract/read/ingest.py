"""Read a PDF once: every character with its box, and the ruled table grids.

This module opens the file (after :mod:`juesuan_extract.read.filekind` has said it
is a PDF) and hands each page to one of the two page readers,
:mod:`juesuan_extract.read.pdfium` or :mod:`juesuan_extract.read.pdfminer`;
these three are the only modules that talk to the PDF libraries. Coordinates
leave them in the top-left-origin convention of
:mod:`juesuan_extract.geometry`.

pdfminer (through pdfplumber) opens every file: it is slow at reading pages
but says precisely what is wrong with a damaged file, and the errors,
repairs and warnings below are built on what it says. The pages of a file
that opened cleanly are then read by pdfium, several times faster; a file
that needed repair, or a page pdfium cannot read, is read by pdfminer.

Whatever the file holds, it leaves this module either as an open document or
as one of the errors of :mod:`juesuan_extract.errors`; a page the libraries
cannot read comes back as a :class:`~juesuan_extract.errors.PageError`, and
the other pages are still read.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import CorruptPdf, EmptyFile, EncryptedPdf, PageError, TooLarge, describe_error
from ..limits import MB, Limits
from ..model import PageContent
from .base import OpenPdf, PageReader
from .filekind import HEADER_WINDOW, is_cut_off, read_file
from .inflate import StreamTooLarge, page_content_bytes
from .pdfium import PDFIUM
from .pdfminer import PDFMINER
from .repair import repaired_copies, tolerant_resource_manager

# pdfminer reports every oddity of a damaged file as a log warning; without a
# handler Python prints them on stderr. What matters reaches the user as an
# error or a page error instead; an application that configures logging still
# receives them.
_pdfminer_log = logging.getLogger("pdfminer")
_pdfminer_log.addHandler(logging.NullHandler())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- opening ------------------------------------------------------------------

def open_pdf(path: Path, password: str | None = None,
             limits: Limits | None = None) -> OpenPdf:
    """Open the file with pdfplumber, turning every failure into our errors,
    and a file that opened cleanly also with pdfium, which reads its pages.

    A damaged file (cut off, a broken cross-reference table, a page list that
    leads nowhere) is reopened from what is left of it, with a warning.
    """
    limits = limits or Limits()
    data = read_file(path, limits)
    cut_off = is_cut_off(data)
    failure: CorruptPdf | None = None
    try:
        doc: OpenPdf | None = _open_bytes(path, data, password)
    except CorruptPdf as exc:
        doc, failure = None, exc
    if doc is not None and not doc.pages:  # e.g. a cross-reference table pointing astray
        doc.close()
        doc = None
    if doc is None:
        doc = _open_repaired(path, data, password, cut_off, failure)
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        doc.warnings.insert(0, "damaged_header: the file does not start with %PDF-, but "
                            "holds PDF objects and was read as a PDF")
    try:
        _check_pages(doc, limits)
        if not doc.damage:
            doc.pdfium = _open_pdfium(data, doc.password, doc.page_count)
    except BaseException:
        doc.close()
        raise
    return doc


def _open_pdfium(data: bytes, password: str | None, page_count: int):
    """The same bytes opened by pdfium, or None when it sees them otherwise.

    Only a file pdfminer opened without repair comes here; should pdfium still
    disagree about it (it cannot open it, or counts other pages), pdfminer
    reads every page, so the pages are the ones the warnings speak of.
    """
    from .pdfium import open_document

    try:
        pdf = open_document(data, password)
    except Exception:  # pypdfium2.PdfiumError, or a password pdfium reads differently
        return None
    if len(pdf) != page_count:
        pdf.close()
        return None
    return pdf


def _open_bytes(path: Path, data: bytes, password: str | None) -> OpenPdf:
    import pdfplumber  # imported here: start-up of the CLI stays fast

    used = password or ""
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=used)
    except Exception as exc:  # pdfminer raises many unrelated types on bad input
        cause = _cause(exc)
        # A batch gives one password for all its files: one that needs none
        # (an owner password only, or no encryption) opens without it.
        retry = _open_without_password(data) if used and _wrong_password(cause) else None
        if retry is None:
            raise _open_error(path, cause, password) from exc
        pdf, used = retry, ""
    # pdfplumber keeps one resource manager per document; ours survives damaged fonts
    pdf.rsrcmgr = tolerant_resource_manager()
    doc = OpenPdf(str(path), pdf, [], password=used)
    try:
        _collect_pages(doc)
    except BaseException:
        doc.close()
        raise
    return doc


def _wrong_password(cause: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    return isinstance(cause, PDFPasswordIncorrect)


def _open_without_password(data: bytes):  # -> pdfplumber.PDF | None
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), password="")
    except Exception:
        return None


def _collect_pages(doc: OpenPdf) -> None:
    from pdfminer.pdfpage import PDFPage

    try:
        for page in PDFPage.create_pages(doc.pdf.doc):
            doc.pages.append(page)
    except Exception as exc:
        cause = _cause(exc)
        if not doc.pages:
            raise CorruptPdf(doc.path, f"the list of pages cannot be read ({describe_error(cause)})",
                             "the file is damaged; download it again") from exc
        doc.warnings.append(
            f"damaged: the list of pages breaks off after page {len(doc.pages)} "
            f"({describe_error(cause)}); later pages may be missing"
        )


def _open_repaired(path: Path, data: bytes, password: str | None, cut_off: bool,
                   failure: CorruptPdf | None) -> OpenPdf:
    """Reopen a damaged file from what is left of it, or raise why it cannot be."""
    locked: EncryptedPdf | None = None
    for repair in repaired_copies(data):
        try:
            doc = _open_bytes(path, repair.data, password)
        except CorruptPdf:
            continue
        except EncryptedPdf as exc:  # what is left is encrypted: the password may open it
            locked = locked or exc
            continue
        if not doc.pages:
            doc.close()
            continue
        if cut_off:
            doc.damage = (f"the file is cut off: it ends without the %%EOF end marker after "
                          f"{len(data)} bytes")
            doc.warnings.insert(0, f"cut_off: {doc.damage}; {doc.page_count} pages could be "
                                "read and later pages may be missing (download the file again)")
        else:
            why = failure.reason if failure else "its list of pages leads to no page"
            doc.damage = f"the file is damaged ({why})"
            doc.warnings.insert(0, f"repaired: {doc.damage}; {repair.how}")
        return doc
    if locked is not None:
        raise locked
    if cut_off:
        raise CorruptPdf(str(path), f"the file is cut off: it ends after {len(data)} bytes "
                         "without the %%EOF end marker, and no page can be read",
                         "the download did not finish; download it again")
    if failure is not None:
        raise failure
    if _PAGE_OBJECT.search(data):
        raise CorruptPdf(str(path), "the PDF holds pages, but its list of pages leads to none "
                         "of them", "the file is damaged; download it again")
    raise EmptyFile(str(path), "the PDF has no pages",
                    "the file holds no content to read; download it again")


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _check_pages(doc: OpenPdf, limits: Limits) -> None:
    if doc.page_count > limits.max_pages:
        raise TooLarge(doc.path, f"the PDF has {doc.page_count} pages, more than the limit "
                       f"of {limits.max_pages}", "raise the limit with --max-pages, or split "
                       "the file")


def _cause(exc: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's wrapper."""
    inner = exc.args[0] if exc.args else None
    if type(exc).__name__ == "PdfminerException" and isinstance(inner, BaseException):
        return inner
    return exc


_ENCRYPTION_FILTER = re.compile(r"'Filter': /'([^']+)'")


def _open_error(path: Path, cause: BaseException, password: str | None) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    where = str(path)
    if isinstance(cause, PDFPasswordIncorrect):
        if password:
            return EncryptedPdf(where, "the PDF is encrypted and the password given with "
                                "--password is wrong", "check the password")
        return EncryptedPdf(where, "the PDF is encrypted with a password",
                            "pass the password with --password")
    if isinstance(cause, PDFEncryptionError):
        method = _ENCRYPTION_FILTER.search(str(cause))
        what = f"the {method.group(1)} method" if method else "a method"
        return EncryptedPdf(where, f"the PDF is encrypted with {what}, which cannot be read "
                            "here", "open it with the software it was made for and save an "
                            "unprotected copy, then try again")
    return CorruptPdf(where, f"the PDF structure cannot be parsed ({describe_error(cause)})",
                      "the file is damaged; download it again, or repair it with a PDF tool "
                      "(e.g. qpdf) and try again")


# --- reading pages ------------------------------------------------------------

# pdfium first, for speed; pdfminer for the pages pdfium would read differently.
READERS: tuple[PageReader, ...] = (PDFIUM, PDFMINER)



def read_pages(doc: OpenPdf) -> Iterator[PageContent | PageError]:
    """Every page in order, read or with the reason it cannot be."""
    for number in range(1, doc.page_count + 1):
        yield read_page(doc, number)


def read_page(doc: OpenPdf, number: int,
              readers: tuple[PageReader, ...] = READERS) -> PageContent | PageError:
    """Read page ``number`` (1-based) with the first reader that takes it, or
    say why it cannot be read.

    A page whose content streams inflate past the stream cap is refused before
    any reader loads it (:mod:`.inflate`).
    """
    try:
        page_content_bytes(doc.pages[number - 1])
        for reader in readers:
            content = reader.read(doc, number)
            if isinstance(content, PageError) and content.message.endswith("(MemoryError)"):
                # a reader turns every exception into a page error: running out of memory
                # is the document's failure (too_large), not a damaged page
                raise MemoryError(f"page {number}: {content.message}")
            if isinstance(content, PageContent) and not content.reader:
                return replace(content, reader=reader.name)
            if content is not None:
                return content
    except StreamTooLarge as exc:
        return PageError(number, "size", f"its content inflates to more than {exc.cap / MB:g} MB, "
                         "the limit for a page (max_stream_mb): the page is left out")
    return PageError(number, "ingest", "no page reader could read the page")
