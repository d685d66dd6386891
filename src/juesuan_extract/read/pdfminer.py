"""Read one page with pdfminer (through pdfplumber): characters, ruling and
image cover, and whether the page's content is damaged.

Slower than :mod:`juesuan_extract.read.pdfium`, but it reads what pdfium
would read differently (fonts without Unicode maps, damaged fonts) and
reports damage precisely; :func:`juesuan_extract.read.ingest.read_page` chooses.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace
from typing import Any

from ..errors import PageError, describe_error
from ..geometry import Box, Char
from ..model import PageContent
from ..text import fold
from .base import OpenPdf
from .glyphs import printed_glyphs
from .ruling import ruled_tables
from .textcheck import glyph_text

_pdfminer_log = logging.getLogger("pdfminer")


def read_page(doc: OpenPdf, number: int) -> PageContent | PageError:
    """Page ``number`` (1-based) read by pdfminer, or why it cannot be read."""
    from pdfplumber.page import Page

    page = None
    log = DamageLog()
    _pdfminer_log.addHandler(log)
    fonts: Any = doc.pdf.rsrcmgr  # a repair.tolerant_resource_manager
    repaired_before = len(fonts.repaired)
    try:
        page = Page(doc.pdf, doc.pages[number - 1], page_number=number)
        content = _read_page(page, number)
        damage = content_damage(doc.pages[number - 1]) or log.first()
        if len(fonts.repaired) > repaired_before:
            names = ", ".join(sorted(set(fonts.repaired[repaired_before:])))
            doc.warnings.append(f"damaged_font: the font {names} (first used on page {number}) "
                                "is damaged; its text was read from its Unicode map alone, "
                                "so its positions may be off")
        return replace(content, damage=damage) if damage else content
    except Exception as exc:
        return PageError(number, "ingest", f"the page cannot be read ({describe_error(exc)})")
    finally:
        _pdfminer_log.removeHandler(log)
        if page is not None:
            page.close()  # frees pdfminer's layout cache


class DamageLog(logging.Handler):
    """Collects what pdfminer says about data it could only partly decode."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "decompress" in message.lower() or "corrupt" in message.lower():
            self.messages.append(message)

    def first(self) -> str:
        return f"part of its content is damaged ({self.messages[0]})" if self.messages else ""


# An empty page's compressed content stream takes a few bytes; one this long
# that decodes to nothing was damaged.
MIN_DAMAGED_LENGTH = 16


def content_damage(page_obj) -> str:
    """Why the page's content streams could not be decoded ('' when they could)."""
    from pdfminer.pdftypes import resolve1, stream_value

    for ref in page_obj.contents:
        try:
            stream = stream_value(ref)
            data = stream.get_data()
        except Exception as exc:
            return f"its content stream cannot be decoded ({describe_error(exc)})"
        length = resolve1(stream.attrs.get("Length", 0))
        if not data and isinstance(length, int) and length >= MIN_DAMAGED_LENGTH:
            return f"its content stream ({length} bytes) is damaged and decodes to nothing"
    return ""


def _read_page(page, number: int) -> PageContent:
    width, height = float(page.width), float(page.height)
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise ValueError(f"the page size {width} × {height} is not usable")
    chars = [ch for c in page.chars if (ch := _char(c, number)) is not None]
    tables = ruled_tables(number, [e for e in page.edges if not paints_nothing(e)])
    return PageContent(
        number, width, height, tuple(printed_glyphs(chars, width, height)), tables,
        _image_cover(page.images, width * height),
    )


def paints_nothing(edge: dict) -> bool:
    """An edge of a path filled white and not stroked (or stroked white): a cell's
    background or a text box, no rule (as in :mod:`.pdfium`). An edge that says
    nothing of how it is painted is a rule."""
    if edge.get("fill") is None and edge.get("stroke") is None:
        return False
    return (not edge.get("fill") or _paper(edge.get("non_stroking_color"))) and \
        (not edge.get("stroke") or _paper(edge.get("stroking_color")))


def _paper(color) -> bool:
    """White in the colour spaces pdfminer reports: gray 1, RGB (1, 1, 1), CMYK (0, 0, 0, 0)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return False
    if len(color) == 4:
        return max(color) <= 1 - PAPER_SHARE
    return len(color) in (1, 3) and min(color) >= PAPER_SHARE


# How light (0–1) a colour is to be paper: pdfium's 250 of 255.
PAPER_SHARE = 250 / 255


def _char(c: dict, number: int) -> Char | None:
    if not c.get("upright", True) or not c["text"]:
        return None
    text = fold(glyph_text(c["text"]))
    box = (c["x0"], c["top"], c["x1"], c["bottom"], c["size"])
    if not text or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in box):
        return None
    x0, top, x1, bottom, size = (float(v) for v in box)
    return Char(text, Box(number, x0, top, x1, bottom), abs(size))


def _image_cover(images: list[dict], page_area: float) -> float:
    area = 0.0
    for im in images:
        w, h = im.get("width", 0), im.get("height", 0)
        if isinstance(w, (int, float)) and isinstance(h, (int, float)) and w > 0 and h > 0:
            area += float(w) * float(h)
    cover = area / page_area
    return min(cover, 1.0) if math.isfinite(cover) else 0.0


class _PdfminerReader:
    name = "pdfminer"

    def read(self, doc: OpenPdf, number: int) -> PageContent | PageError:
        return read_page(doc, number)


PDFMINER = _PdfminerReader()
