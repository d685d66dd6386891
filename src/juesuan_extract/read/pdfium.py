"""Read one page with pdfium: characters, ruling edges and image cover.

pdfium reads a page's characters several times faster than pdfminer's
content-stream interpreter, which took three quarters of the extraction time.
Everything leaves this module in the form pdfplumber gives, so the stages
after ingest cannot tell the readers apart:

* a character's box is pdfminer's: from the origin along the advance, and
  from the font's descent to one font size above it (pdfium's own boxes are
  the glyph's ink, which makes lines of mixed glyphs ragged);
* the ruling goes through pdfplumber's own table algorithm
  (:func:`pdfplumber.table.merge_edges` and the functions after it), fed with
  the edges pdfminer would have found in the same paths;
* coordinates are pdfplumber's: origin at the top-left of the page as shown
  (after ``/Rotate``), points.

pdfium is not thread-safe: one document is read in one thread.
"""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import replace
from functools import lru_cache

from ..geometry import Box, Char
from ..limits import uninterrupted
from ..model import PageContent
from ..text import fold
from .base import OpenPdf
from .fonts import page_fonts
from .glyphs import printed_glyphs
from .pdfminer import DamageLog, content_damage
from .ruling import TABLE_SETTINGS, ruled_tables
from .textcheck import REPLACEMENT, glyph_text

_pdfminer_log = logging.getLogger("pdfminer")

# Page object types (fpdf_edit.h) and path segment types.
_TEXT, _PATH, _IMAGE, _SHADING, _FORM = 1, 2, 3, 4, 5
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
# Form XObjects nest; deeper than this is a malicious file, not a layout.
MAX_FORM_DEPTH = 12


def open_document(data: bytes, password: str | None):  # -> pypdfium2.PdfDocument
    """The document opened by pdfium (raises pypdfium2.PdfiumError when it cannot be)."""
    import pypdfium2  # imported here: start-up of the CLI stays fast

    return pypdfium2.PdfDocument(data, password=password or None)


def read_page(pdf, number: int, descents: dict[str, float] | None = None) -> PageContent:
    """Page ``number`` (1-based) of a pypdfium2 document.

    ``descents`` gives the descent of fonts by base font name as pdfminer
    reads it (per unit of font size, negative); other fonts keep pdfium's.
    """
    import pypdfium2.raw as raw

    with uninterrupted():
        page = pdf[number - 1]
    try:
        frame = _Frame.of(raw, page.raw)
        textpage = raw.FPDFText_LoadPage(page.raw)
        if not textpage:
            raise ValueError("pdfium cannot read the page's text")
        try:
            chars = _chars(raw, textpage, frame, number, descents or {})
        finally:
            raw.FPDFText_ClosePage(textpage)
        edges, image_area = _graphics(raw, page.raw, frame)
    finally:
        with uninterrupted():
            page.close()
    tables = ruled_tables(number, edges)
    cover = image_area / (frame.width * frame.height)
    return PageContent(number, frame.width, frame.height, tuple(printed_glyphs(chars, frame.width, frame.height)), tables,
                       min(cover, 1.0) if math.isfinite(cover) else 0.0)


class _Frame:
    """From PDF user space to pdfplumber's coordinates of the page as shown.

    The formulas are pdfminer's page matrix for each ``/Rotate`` followed by
    pdfplumber's flip and MediaBox shift, multiplied out, so that pages with
    an odd MediaBox land exactly where pdfplumber puts them.
    """

    __slots__ = ("a", "b", "c", "d", "e", "f", "width", "height")

    def __init__(self, matrix: tuple[float, ...], width: float, height: float) -> None:
        self.a, self.b, self.c, self.d, self.e, self.f = matrix
        self.width, self.height = width, height

    @classmethod
    def of(cls, raw, page) -> _Frame:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
            box = raw.FPDF_GetPageBoundingBox  # MediaBox inherited from the page tree
            rect = raw.FS_RECTF()
            if not box(page, rect):
                raise ValueError("the page has no size")
            left.value, bottom.value, right.value, top.value = (
                rect.left, rect.bottom, rect.right, rect.top)
        x0, x1 = sorted((float(left.value), float(right.value)))
        y0, y1 = sorted((float(bottom.value), float(top.value)))
        rotation = raw.FPDFPage_GetRotation(page) % 4  # in quarter turns
        if rotation == 1:
            frame = cls((0, 1, 1, 0, 0, -2 * x0), y1 - y0, x1 - x0)
        elif rotation == 2:
            frame = cls((-1, 0, 0, 1, x0 + x1, -2 * y0), x1 - x0, y1 - y0)
        elif rotation == 3:
            frame = cls((0, -1, -1, 0, y0 + y1, x1 - x0), y1 - y0, x1 - x0)
        else:
            frame = cls((1, 0, 0, -1, 0, y1 - y0), x1 - x0, y1 - y0)
        w, h = frame.width, frame.height
        if not (math.isfinite(w) and math.isfinite(h) and w > 0 and h > 0):
            raise ValueError(f"the page size {w} × {h} is not usable")
        return frame

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def vector(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y, self.b * x + self.d * y


# --- characters ---------------------------------------------------------------


class _Run:
    """What the characters of one text object share."""

    __slots__ = ("size", "along_x", "forward", "advance", "up", "upright", "descent")

    def __init__(self, raw, textpage, index: int, obj, frame: _Frame,
                 descents: dict[str, float]) -> None:
        m = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(textpage, index, m)
        self.size = float(raw.FPDFText_GetFontSize(textpage, index))
        # The advance in user space (y up): along x or y, forward or back.
        self.along_x = abs(m.a) >= abs(m.b)
        self.forward = (m.a if self.along_x else m.b) > 0
        # Directions of the advance and of "up" on the page as shown, per font unit.
        self.advance = frame.vector(m.a, m.b)
        up = frame.vector(m.c, m.d)
        self.up = (up[0] * self.size, up[1] * self.size)
        # pdfminer's test (a·d > 0, b·c ≤ 0) in its y-up space, where y is our -top.
        ax, ay = self.advance
        ux, uy = up
        self.upright = ax * -uy > 0 and -ay * ux <= 0
        self.descent = _descent(raw, raw.FPDFTextObj_GetFont(obj), descents)


def _descent(raw, font, descents: dict[str, float]) -> float:
    if not font:
        return 0.0
    if descents:
        size = raw.FPDFFont_GetBaseFontName(font, None, 0)
        if size > 1:
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFFont_GetBaseFontName(font, buffer, size)
            name = buffer.value.decode("utf-8", "replace")
            if name in descents:
                return descents[name]
    descent = ctypes.c_float()
    return descent.value if raw.FPDFFont_GetDescent(font, 1.0, descent) else 0.0


def _chars(raw, textpage, frame: _Frame, number: int,
           descents: dict[str, float]) -> list[Char]:
    count = raw.FPDFText_CountChars(textpage)
    runs: dict[int, _Run] = {}
    loose = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_object, get_unicode = raw.FPDFText_GetTextObject, raw.FPDFText_GetUnicode
    get_origin, get_loose = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
    unmapped = raw.FPDFText_HasUnicodeMapError
    # (text, origin x, origin y, reach of the loose box along the advance, run,
    # text object, index) of each drawn glyph
    glyphs: list[tuple[str, float, float, float, _Run, int, int]] = []
    for i in range(count):
        obj = get_object(textpage, i)
        if not obj:  # a space or line break pdfium made up: pdfminer has none
            continue
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        run = runs.get(key)
        if run is None:
            run = runs[key] = _Run(raw, textpage, i, obj, frame, descents)
        if not run.upright:
            continue
        code = get_unicode(textpage, i)
        text = REPLACEMENT if unmapped(textpage, i) == 1 else _char_text(code)
        get_origin(textpage, i, ox, oy)
        get_loose(textpage, i, loose)
        # The loose box runs along the advance from the origin, but pdfium
        # widens it to the glyph's ink where that sticks out.
        if run.along_x:
            reach = (loose.right if run.forward else loose.left) - ox.value
        else:
            reach = (loose.top if run.forward else loose.bottom) - oy.value
        glyphs.append((text, ox.value, oy.value, reach, run, key, i))
    chars: list[Char] = []
    for k, (text, x, y, reach, run, key, i) in enumerate(glyphs):
        if k + 1 < len(glyphs) and glyphs[k + 1][5] == key:
            nx, ny = glyphs[k + 1][1], glyphs[k + 1][2]
            step = nx - x if run.along_x else ny - y
            if 0 < abs(step) < abs(reach) and (step > 0) == (reach > 0) \
                    and _ink_reaches(raw, textpage, i, x, y, reach, run):
                reach = step  # the next glyph's origin bounds the advance better than the ink
        char = _box(text, x, y, reach, run, frame, number)
        if char is not None:
            chars.append(char)
    return chars


def _ink_reaches(raw, textpage, index: int, x: float, y: float, reach: float,
                 run: _Run) -> bool:
    """Whether the loose box ends where the glyph's ink does (it was widened)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not raw.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
        return False
    if run.along_x:
        ink = (right.value if run.forward else left.value) - x
    else:
        ink = (top.value if run.forward else bottom.value) - y
    return abs(ink - reach) < 0.01


@lru_cache(maxsize=1 << 14)
def _char_text(code: int) -> str:
    try:
        return fold(glyph_text(chr(code)))
    except (ValueError, OverflowError):
        return REPLACEMENT


def _box(text: str, x: float, y: float, reach: float, run: _Run, frame: _Frame,
         number: int) -> Char | None:
    if not text:
        return None
    # pdfminer's box: along the advance from the origin, across from the
    # descent to one font size above it.
    px, py = frame.point(x, y)
    ax, ay = run.advance
    scale = abs(reach) / max(abs(ax), abs(ay)) if max(abs(ax), abs(ay)) > 0 else 0.0
    ex, ey = ax * scale, ay * scale
    ux, uy = run.up
    dx0, dy0 = px + ux * run.descent, py + uy * run.descent
    dx1, dy1 = dx0 + ux, dy0 + uy
    xs = (dx0, dx0 + ex, dx1, dx1 + ex)
    ys = (dy0, dy0 + ey, dy1, dy1 + ey)
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    size = bottom - top if abs(ax) >= abs(ay) else x1 - x0
    if not all(math.isfinite(v) for v in (x0, x1, top, bottom, size)):
        return None
    return Char(text, Box(number, x0, top, x1, bottom), abs(size))


# --- ruling and images --------------------------------------------------------


def _graphics(raw, page, frame: _Frame) -> tuple[list[dict], float]:
    """pdfplumber-style edges of every painted path, and the area under images."""
    edges: list[dict] = []
    area = [0.0]
    count = raw.FPDFPage_CountObjects(page)
    for i in range(count):
        _walk(raw, raw.FPDFPage_GetObject(page, i), None, frame, edges, area, 0)
    return edges, area[0]


def _walk(raw, obj, outer: tuple[float, ...] | None, frame: _Frame, edges: list[dict],
          area: list[float], depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == _PATH:
        _path_edges(raw, obj, outer, frame, edges)
    elif kind == _IMAGE:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            corners = [(left.value, bottom.value), (right.value, top.value)]
            if outer is not None:
                corners = [_apply(outer, x, y) for x, y in corners]
            w, h = abs(corners[1][0] - corners[0][0]), abs(corners[1][1] - corners[0][1])
            if w > 0 and h > 0:
                area[0] += w * h
    elif kind == _FORM and depth < MAX_FORM_DEPTH:
        m = _matrix(raw, obj)
        inner = m if outer is None else _multiply(m, outer)
        for k in range(raw.FPDFFormObj_CountObjects(obj)):
            child = raw.FPDFFormObj_GetObject(obj, k)
            if child:
                _walk(raw, child, inner, frame, edges, area, depth + 1)


def _matrix(raw, obj) -> tuple[float, ...]:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m1: tuple[float, ...], m0: tuple[float, ...]) -> tuple[float, ...]:
    """m1 then m0 (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_edges(raw, obj, outer: tuple[float, ...] | None, frame: _Frame,
                edges: list[dict]) -> None:
    """The edges pdfminer and pdfplumber would make of one path.

    pdfminer splits a path at each move; a subpath of one straight segment is
    a line (pdfplumber calls it horizontal only when exactly level, vertical
    otherwise), any other gives an edge per pair of consecutive points,
    control points included, of which only level and plumb ones count.
    A rectangle gives the same four edges either way.
    """
    count = raw.FPDFPath_CountSegments(obj)
    if count <= 1 or _paints_nothing(raw, obj):
        return
    m = _matrix(raw, obj)
    if outer is not None:
        m = _multiply(m, outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpath: list[tuple[float, float]] = []
    shape: list[int] = []
    for i in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == _MOVETO:
            _subpath_edges(subpath, shape, frame, edges)
            subpath, shape = [], []
        ux, uy = _apply(m, x.value, y.value)
        subpath.append(frame.point(ux, uy))
        shape.append(kind)
        if raw.FPDFPathSegment_GetClose(segment) and subpath:
            subpath.append(subpath[0])
            shape.append(-1)
    _subpath_edges(subpath, shape, frame, edges)


# A colour channel this light (of 255) is paper: a path painted so draws no rule.
PAPER = 250


def _paints_nothing(raw, obj) -> bool:
    """A path filled white and not stroked (or stroked white): a cell's background
    or a text box, which some producers draw around every line of a cell — no
    border between the lines, though its edges fall where a rule would."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False

    def blank(get) -> bool:
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if not get(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
            return False
        return a.value == 0 or min(r.value, g.value, b.value) >= PAPER

    return (not fill.value or blank(raw.FPDFPageObj_GetFillColor)) and \
        (not stroke.value or blank(raw.FPDFPageObj_GetStrokeColor))


def _subpath_edges(points: list[tuple[float, float]], shape: list[int], frame: _Frame,
                   edges: list[dict]) -> None:
    if len(points) < 2 or shape[0] != _MOVETO:
        return
    single = len(shape) == 2 or (len(shape) == 3 and shape[2] == -1)
    if single and shape[1] == _LINETO:
        (xa, ya), (xb, yb) = points[0], points[1]
        edges.append(_edge("line", xa, ya, xb, yb, "h" if ya == yb else "v"))
        return
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        if xa == xb:
            edges.append(_edge("curve_edge", xa, ya, xb, yb, "v"))
        elif ya == yb:
            edges.append(_edge("curve_edge", xa, ya, xb, yb, "h"))


def _edge(kind: str, xa: float, ya: float, xb: float, yb: float, orientation: str) -> dict:
    x0, x1 = min(xa, xb), max(xa, xb)
    top, bottom = min(ya, yb), max(ya, yb)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation}


__all__ = ["PDFIUM", "TABLE_SETTINGS", "open_document", "read_page"]


def read_or_decline(doc: OpenPdf, number: int) -> PageContent | None:
    """The page read by pdfium, or None to read it with pdfminer instead.

    pdfium reads what it can of a damaged content stream without a word, so
    the stream is still decoded here (no interpretation: that is the slow
    part) to say whether the page is damaged.
    """
    fonts = page_fonts(doc.pages[number - 1])
    if fonts.needs_pdfminer:
        return None
    log = DamageLog()
    _pdfminer_log.addHandler(log)
    try:
        damage = content_damage(doc.pages[number - 1]) or log.first()
        content = read_page(doc.pdfium, number, fonts.descents)
    except Exception:
        return None
    finally:
        _pdfminer_log.removeHandler(log)
    if any(c.text == REPLACEMENT for c in content.chars):
        # Glyphs without Unicode are counted and judged on what pdfminer
        # makes of them, as on every other page of such documents.
        return None
    return replace(content, damage=damage) if damage else content


class _PdfiumReader:
    name = "pdfium"

    def read(self, doc: OpenPdf, number: int) -> PageContent | None:
        return read_or_decline(doc, number) if doc.pdfium is not None else None


PDFIUM = _PdfiumReader()
