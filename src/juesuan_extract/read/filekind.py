"""What a file is, from its bytes: a PDF worth parsing, or something else,
and what to tell the user then (an HTML error page, an image, an OFD or
Office document, an archive, an unfinished download).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..errors import EmptyFile, NotAPdf, TooLarge
from ..limits import Limits

# The header may follow some bytes of junk (the PDF reference allows 1024).
HEADER_WINDOW = 1024
# A complete file ends with %%EOF, give or take a line end or a few bytes of
# padding added by a server.
EOF_WINDOW = 1024


_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "a PNG image", "image"),
    (b"\xff\xd8\xff", "a JPEG image", "image"),
    (b"GIF8", "a GIF image", "image"),
    (b"II*\x00", "a TIFF image", "image"),
    (b"MM\x00*", "a TIFF image", "image"),
    (b"BM", "a BMP image", "image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc, .xls)", "office"),
    (b"{\\rtf", "an RTF document", "office"),
    (b"Rar!", "a RAR archive", "archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "archive"),
    (b"\x1f\x8b", "a gzip archive", "archive"),
)
_ADVICE = {
    "html": "the download saved a web page (often an error or login page) instead of the "
            "PDF; open the address in a browser and download the PDF itself",
    "image": "it is a picture of the pages: convert it to PDF and run OCR on it",
    "office": "convert it to PDF, or read the original document directly",
    "ofd": "OFD is the Chinese fixed-layout format; convert it to PDF first",
    "archive": "unpack it first; the PDF may be inside",
    "other": "check that the file really is a PDF; download it again",
}
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--|<script|<meta)", re.I)


def describe_non_pdf(head: bytes, data: bytes) -> tuple[str, str]:
    """What a file that is not a PDF seems to be, and which advice fits."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML.match(head) or b"<html" in head.lower():
        return "an HTML page", "html"
    for magic, what, kind in _SIGNATURES:
        if head.startswith(magic):
            return what, kind
    if head.startswith(b"PK\x03\x04"):
        return _describe_zip(data)
    if head.lstrip().startswith(b"<?xml"):
        return "an XML file", "other"
    if head.lstrip()[:1] in (b"{", b"["):
        return "a JSON response from a server", "html"
    try:
        head.decode("utf-8")
        return "a text file", "other"
    except UnicodeDecodeError:
        return "an unknown binary file", "other"


def _describe_zip(data: bytes) -> tuple[str, str]:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a ZIP archive", "archive"
    if any(n.upper().endswith("OFD.XML") for n in names):
        return "an OFD document", "ofd"
    if any(n.startswith("word/") for n in names):
        return "a Word document (.docx)", "office"
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)", "office"
    return "a ZIP archive", "archive"


def check_size(path: Path, limits: Limits) -> int:
    """The file's size, once it is known not to be over the limit: checked from
    the file system alone, before a byte is read or hashed."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise TooLarge(str(path), f"the file is {size / (1 << 20):.1f} MB, more than the "
                       f"limit of {limits.max_file_mb:g} MB", "raise the limit with --max-mb, "
                       "or split the file")
    return size


def read_file(path: Path, limits: Limits) -> bytes:
    """The file's bytes, once they are known to be worth parsing as a PDF."""
    size = check_size(path, limits)
    if size == 0:
        raise EmptyFile(str(path), "the file is empty (0 bytes)")
    data = path.read_bytes()
    head = data[:HEADER_WINDOW]
    if b"%PDF-" in head or has_pdf_objects(data):
        return data
    if not data.strip(b"\x00 \t\r\n\f"):
        raise EmptyFile(str(path), f"the file holds {size} bytes but no content (only zero "
                        "bytes or blanks): the download did not finish")
    what, kind = describe_non_pdf(head, data)
    raise NotAPdf(str(path), f"the file is {what}, not a PDF (it has no %PDF- header)",
                  _ADVICE[kind])


_OBJECT = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")


def has_pdf_objects(data: bytes) -> bool:
    """A PDF whose header is damaged still holds numbered objects."""
    return bool(_OBJECT.search(data, 0, 1 << 16)) and b"endobj" in data


def is_cut_off(data: bytes) -> bool:
    return b"%%EOF" not in data[-EOF_WINDOW:]
