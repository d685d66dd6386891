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
``too_large``      over the page or file-size limit (:mod:`.limits`)
``timeout``        reading took longer than the time limit
``internal_error`` a fault in this program: the file should be reported
=================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass


class JuesuanError(Exception):
    code = "error"
    advice = ""

    def __init__(self, path: str, reason: str, advice: str | None = None):
        self.path = path
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
        "its fonts do not say which characters their glyphs are; run OCR on the file, "
        "or ask the publisher for a PDF with searchable text"
    )


class TooLarge(JuesuanError):
    code = "too_large"
    advice = "raise the limit (--max-pages, --max-mb) or split the file"


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
    """The exception's type and message, shortened: "KeyError: '/Root'"."""
    text = str(exc).strip().replace("\n", " ")
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
