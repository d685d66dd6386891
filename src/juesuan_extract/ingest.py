"""Read a PDF once: every character with its box, and the ruled table grids.

This is the only module that talks to the PDF libraries. Coordinates leave it
in the top-left-origin convention of :mod:`juesuan_extract.geometry`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorruptPdf, EmptyFile, EncryptedPdf, NotAPdf
from .geometry import Box, Char
from .lines import drop_fake_bold
from .text import fold

# Ruling: both directions from drawn lines and the edges of thin filled
# rectangles (Word and LibreOffice draw borders either way); pdfplumber merges
# collinear pieces within these tolerances (points).
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling segment: ``at`` is its x (vertical) or y (horizontal) position,
    ``start``/``end`` its extent along the other axis."""

    at: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class RuledTable:
    """One ruled region on one page: its outline and the ruling inside it."""

    box: Box
    horizontal: tuple[Segment, ...]
    vertical: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    tables: tuple[RuledTable, ...]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_header(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        raise EmptyFile(str(path), "the file is empty")
    if b"%PDF-" not in head:
        raise NotAPdf(str(path), "the file does not start with a PDF header")


def open_pdf(path: Path, password: str | None = None):  # -> pdfplumber.PDF
    """Open the file with pdfplumber, turning library failures into our errors."""
    import pdfplumber  # imported here: start-up of the CLI stays fast
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    _check_header(path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = pdf.pages  # forces the page tree to be read
    except PDFPasswordIncorrect as exc:
        raise EncryptedPdf(str(path), "the PDF is encrypted with a password") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on bad input
        raise CorruptPdf(str(path), f"the PDF cannot be parsed ({type(exc).__name__})") from exc
    return pdf


def read_pages(pdf) -> Iterator[PageContent]:
    """Yield each page's characters and ruled tables, reading the page once."""
    for index, page in enumerate(pdf.pages, start=1):
        try:
            yield _read_page(page, index)
        finally:
            page.close()  # frees pdfminer's layout cache between pages


def _read_page(page, number: int) -> PageContent:
    from pdfplumber.table import TableFinder

    chars = [
        Char(fold(c["text"]), Box(number, c["x0"], c["top"], c["x1"], c["bottom"]), c["size"])
        for c in page.chars
        if c.get("upright", True) and c["text"]
    ]
    finder = TableFinder(page, TABLE_SETTINGS)  # snaps and joins the ruling once
    tables = tuple(
        _ruled_table(number, t.bbox, finder.edges) for t in finder.tables if len(t.cells) >= 2
    )
    return PageContent(
        number, float(page.width), float(page.height), tuple(drop_fake_bold(chars)), tables
    )


def _ruled_table(number: int, bbox: tuple[float, ...], edges: list[dict]) -> RuledTable:
    x0, top, x1, bottom = bbox
    slack = TABLE_SETTINGS["snap_tolerance"]
    horizontal = tuple(
        Segment(e["top"], e["x0"], e["x1"]) for e in edges
        if e["orientation"] == "h" and top - slack <= e["top"] <= bottom + slack
        and e["x1"] > x0 and e["x0"] < x1
    )
    vertical = tuple(
        Segment(e["x0"], e["top"], e["bottom"]) for e in edges
        if e["orientation"] == "v" and x0 - slack <= e["x0"] <= x1 + slack
        and e["bottom"] > top and e["top"] < bottom
    )
    return RuledTable(Box(number, x0, top, x1, bottom), horizontal, vertical)
