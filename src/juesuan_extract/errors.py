"""The errors a document can end in, and the record of a page that failed.

Each error has a stable ``code`` (written to documents.csv) and a message that
names the file, says what is wrong and what the user can do:

=================  ==========================================================
code               when
=================  ==========================================================
``unreadable``     the file cannot be opened (missing, no permission, a folder)
``not_a_pdf``      the file is something else (an HTML page, an image, OFD…)
``empty``          the file has no content, or the PDF has no pages
``corrupt``        the file is cut off or damaged beyond reading
``encrypted``      a password is needed, was wrong, or the method is unknown
``no_text_layer``  no page has text: a scan
``unusable_text``  the text layer is garbage (unmapped or misencoded glyphs)
``too_large``      over a limit of :mod:`.limits`: pages, file size, or the
                   memory reading it needs (``--max-memory``)
``timeout``        reading took longer than the time limit
``internal_error`` a fault in this program: the file should be reported
=================  ==========================================================

Writing the outputs can fail too (:class:`OutputError`): ``disk_full`` when the
device has no space left, ``unwritable`` for any other reason the system gives.

Every message names the file by its readable form (:func:`.names.shown`), so a
name with control characters or in another encoding cannot break a line of
output or a terminal.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from .names import shown


class JuesuanError(Exception):
    code = "error"
    advice = ""

    def __init__(self, path: str, reason: str, advice: str | None = None):
        self.path = shown(path)
        self.reason = reason
        if advice is not None:
            self.advice = advice
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text} ({self.advice})" if self.advice else text


class FileUnreadable(JuesuanError):
    code = "unreadable"
    advice = "check that the file exists and that you may read it"


class NotAPdf(JuesuanError):
    code = "not_a_pdf"
    advice = "check that the file really is a PDF, not an HTML page or an image"


class EmptyFile(JuesuanError):
    code = "empty"
    advice = "the file has no content; download it again"


class CorruptPdf(JuesuanError):
    code = "corrupt"
    advice = "the file may be cut off or damaged; download it again"


class EncryptedPdf(JuesuanError):
    code = "encrypted"
    advice = "pass the password with --password"


class NoTextLayer(JuesuanError):
    code = "no_text_layer"
    advice = ("the pages are images (a scan): run again with --ocr auto to read them by OCR "
              "(about 2 s a page; values carry a confidence and unsure ones are flagged)")


class UnusableText(JuesuanError):
    code = "unusable_text"
    advice = (
        "its fonts do not say which characters their glyphs are; run OCR on the file "
        "(--ocr always reads every page from its image), "
        "or ask the publisher for a PDF with searchable text"
    )


class TooLarge(JuesuanError):
    code = "too_large"
    advice = "raise the limit (--max-pages, --max-mb, --max-memory) or split the file"


class TimeLimitExceeded(JuesuanError):
    code = "timeout"
    advice = "raise the limit with --max-seconds, or split the file"


class InternalError(JuesuanError):
    code = "internal_error"
    advice = "this is a fault in juesuan-extract; please report it with the file"


#: Every code a failed document can carry.
ERROR_CODES = tuple(
    cls.code for cls in (FileUnreadable, NotAPdf, EmptyFile, CorruptPdf, EncryptedPdf, NoTextLayer,
                         UnusableText, TooLarge, TimeLimitExceeded, InternalError)
)


class OutputError(JuesuanError):
    """An output could not be written; ``path`` names the output."""

    code = "unwritable"
    advice = "check that the output folder exists and that you may write to it"


class DiskFull(OutputError):
    code = "disk_full"
    advice = "free some space, or write elsewhere (--out)"


# errno values that mean the device or the user's quota is full
_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def output_error(path: object, exc: BaseException) -> OutputError:
    """The error to report for ``exc``, raised while writing ``path``."""
    if is_disk_full(exc):
        return DiskFull(str(path), "no space is left on the device to write it")
    return OutputError(str(path), f"it cannot be written ({describe_error(exc)})")


def is_disk_full(exc: BaseException) -> bool:
    """An OSError saying the device is full, or SQLite saying so."""
    if isinstance(exc, OSError):
        return exc.errno in _FULL
    return type(exc).__name__ == "OperationalError" and "disk is full" in str(exc)


@dataclass(frozen=True, slots=True)
class PageError:
    """One page that could not be read; the other pages are still extracted.

    ``stage`` names where it failed: ``ingest`` (the PDF libraries could not
    read the page), ``layout`` (its characters could not be laid out),
    ``text`` (its text layer is unusable) or ``time`` (over the page time limit).
    """

    page: int
    stage: str
    message: str

    def __str__(self) -> str:
        return f"page {self.page} ({self.stage}): {self.message}"


def describe_error(exc: BaseException) -> str:
    """The exception's type and message, shortened, on one line and without
    control characters (a library may quote bytes of the file): "KeyError: '/Root'"."""
    inner = exc.args[0] if exc.args else None
    if type(exc).__name__ == "PdfminerException" and isinstance(inner, BaseException):
        exc = inner  # pdfplumber's wrapper around what pdfminer raised
    text = shown(" ".join(str(exc).split()))
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
