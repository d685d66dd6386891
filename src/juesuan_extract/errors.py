"""The errors a document can end in.

Each has a stable ``code`` (written to documents.csv and errors.csv) and a
message that names the file and says what the user can do.
"""

from __future__ import annotations


class JuesuanError(Exception):
    code = "error"
    advice = ""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text} ({self.advice})" if self.advice else text


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
    advice = "the pages are images (a scan); run OCR on the file first"
