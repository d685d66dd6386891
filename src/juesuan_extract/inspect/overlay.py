"""A page image with the layout drawn on it, and a legend.

Pages are rendered by pypdfium2 over the whole media box, the area whose
top-left corner is the origin of every box (see :mod:`..geometry`), so a box
in points maps to pixels by one scale per axis. They are rendered in a child
process within the document's limits (:mod:`.render`): a page that cannot be
rendered is drawn blank with the reason, and the other pages are drawn as
usual. Drawing uses Pillow; the legend is a panel to the right of the page,
listing only what the page holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PIL import Image, ImageDraw, ImageFont

from ..geometry import Box
from ..limits import Limits, render_scale
from .document import Inspection
from .marks import Mark, page_marks
from .render import IsolatedRenderer, RenderFailed

# Pixels per point of the rendered page: 2 is 144 dpi, sharp enough to read
# 6-point table text.
DEFAULT_SCALE = 2.0
# Legend text size, in points of the page (so it scales with the image).
LEGEND_POINTS = 6.5

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Style:
    label: str  # legend text
    outline: RGBA | None
    fill: RGBA | None = None
    width: float = 1.0  # in points
    dashed: bool = False
    hatched: bool = False
    pad: float = 0.0  # points outside the box, so the outline leaves the glyphs legible


STYLES: dict[str, Style] = {
    "line": Style("narrative line", (150, 150, 150, 150), None, 0.5, pad=1.5),
    "toc": Style("table of contents entry", (120, 60, 170, 220), (120, 60, 170, 30), 0.8, pad=1.5),
    "note": Style("statement note", (20, 140, 60, 220), (20, 140, 60, 25), 0.8, dashed=True, pad=1.5),
    "furniture": Style("page furniture (set aside)", (210, 40, 40, 230), (210, 40, 40, 25), 0.8, dashed=True, pad=1.5),
    "caption": Style("table caption", (30, 90, 200, 230), None, 0.8, dashed=True, pad=1.5),
    "cell": Style("cell", (70, 70, 90, 200), None, 0.5),
    "merged": Style("merged cell (rows x cols)", (200, 0, 160, 210), None, 1.0),
    "repeated-header": Style("repeated header row (dropped)", (110, 110, 110, 230), (110, 110, 110, 60),
                             1.0, hatched=True),
    "rejoined-row": Style("row split by a page break (rejoined)", (0, 170, 190, 255), None, 2.2),
    "table:evaluation": Style("table region: evaluation", (30, 90, 200, 255), None, 2.0),
    "table:statement": Style("table region: statement", (20, 140, 60, 255), None, 2.0),
    "table:other": Style("table region: unclassified", (230, 110, 0, 255), None, 2.0),
    "heading": Style("section heading", (200, 120, 0, 255), (255, 210, 0, 70), 1.2, pad=1.5),
    "unsure": Style("read by OCR with low confidence (check against the page)", (230, 0, 0, 255),
                    (255, 0, 0, 45), 1.6, pad=1.0),
}
# One tint per field a cell can be read into; the same name is the same field
# in funds rows and indicator rows (weight, score).
FIELD_COLOURS: dict[str, tuple[int, int, int]] = {
    "value": (40, 170, 80),
    "code": (150, 110, 210),
    "name": (240, 190, 60),
    "source": (150, 150, 150),
    "budget_initial": (70, 130, 230),
    "budget_full_year": (20, 80, 180),
    "executed": (0, 170, 170),
    "execution_rate": (140, 90, 220),
    "weight": (240, 150, 30),
    "score": (220, 40, 40),
    "level1": (170, 120, 60),
    "level2": (200, 160, 90),
    "level3": (230, 200, 120),
    "target": (60, 160, 230),
    "basis": (120, 200, 200),
    "actual": (60, 190, 90),
    "deviation_reason": (230, 100, 170),
    "project_name": (160, 100, 200),
    "competent_dept": (120, 140, 200),
    "implementing_unit": (100, 170, 220),
    "goal_expected": (180, 210, 60),
    "goal_actual": (110, 190, 60),
}
FIELD_ALPHA = 80
_OTHER_FIELD = (128, 128, 128)


def style_of(kind: str) -> Style:
    if kind.startswith("field:"):
        name = kind.removeprefix("field:")
        rgb = FIELD_COLOURS.get(name, _OTHER_FIELD)
        return Style(f"field: {name}", None, (*rgb, FIELD_ALPHA))
    return STYLES[kind]


# The size of a page whose size is not known (it was not read): A4, in points.
A4 = (595.0, 842.0)


class PageImages:
    """Renders pages of one PDF; open once, render many pages. Each page is
    rendered within ``limits`` (:mod:`.render`): at most its pixel count, in
    its time, within the memory budget."""

    def __init__(self, path: Path, password: str | None = None, limits: Limits | None = None):
        self.limits = limits or Limits()
        self._renderer = IsolatedRenderer(path, password, self.limits)

    def render(self, number: int, scale: float = DEFAULT_SCALE) -> Image.Image:
        """Page ``number`` as an RGB image; :class:`~.render.RenderFailed` when it
        cannot be rendered."""
        width, height, pixels = self._renderer.render(number, scale)
        return Image.frombytes("RGB", (width, height), pixels)

    def blank(self, size_pt: tuple[float, float], scale: float) -> Image.Image:
        """A white page of ``size_pt`` points, at ``scale`` within the pixel cap."""
        w, h = size_pt
        scale = render_scale(w, h, scale, self.limits.max_page_pixels)
        return Image.new("RGB", (max(1, round(w * scale)), max(1, round(h * scale))), "white")

    def close(self) -> None:
        self._renderer.close()

    def __enter__(self) -> PageImages:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: float) -> tuple[Font, int]:
    """Pillow's own font at ``size`` pixels (at least 8), and that size; a
    Pillow built without FreeType gives its fixed bitmap font."""
    px = max(8, round(size))
    return ImageFont.load_default(size=px), px


@dataclass(frozen=True, slots=True)
class _Canvas:
    draw: ImageDraw.ImageDraw
    sx: float  # pixels per point, across
    sy: float  # pixels per point, down

    def rect(self, box: Box) -> tuple[float, float, float, float]:
        return (box.x0 * self.sx, box.top * self.sy, box.x1 * self.sx, box.bottom * self.sy)


def overlay_page(inspection: Inspection, images: PageImages, number: int,
                 scale: float = DEFAULT_SCALE, legend: bool = True) -> Image.Image:
    """Page ``number`` rendered with every mark drawn on it (and the legend); a
    page that cannot be rendered is drawn blank, with the reason."""
    layout = inspection.layouts.get(number)
    size = (layout.width, layout.height) if layout else A4
    refused = [e for e in inspection.result.page_errors if e.page == number and e.stage == "size"]
    failure = ""
    try:
        if refused:  # the extractor left it out as too large: pdfium is not given it
            raise RenderFailed(f"not rendered: {refused[0].message}")
        rendered = images.render(number, scale)
    except RenderFailed as exc:
        rendered, failure = images.blank(size, scale), f"page not rendered: {exc}"
    base = rendered.convert("RGBA")
    sx = base.width / size[0]
    sy = base.height / size[1]
    marks = page_marks(inspection, number)
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    canvas = _Canvas(ImageDraw.Draw(layer), sx, sy)
    for mark in marks:
        _draw_mark(canvas, layer, mark)
    _draw_tags(canvas, marks, scale, base.width)
    if layout is None or failure:
        text = "; ".join(t for t in (failure, _not_read(inspection, number) if layout is None
                                     else "") if t)
        _banner(canvas, base.width, sx, text)
    page = Image.alpha_composite(base, layer).convert("RGB")
    if not legend:
        return page
    return _with_legend(page, marks, scale, _legend_title(inspection, number))


def _not_read(inspection: Inspection, number: int) -> str:
    errors = [f"{e.stage}: {e.message}" for e in inspection.result.page_errors if e.page == number]
    return "page not read: " + ("; ".join(errors) or inspection.result.error or "no layout")


def _draw_mark(canvas: _Canvas, layer: Image.Image, mark: Mark) -> None:
    style = style_of(mark.kind)
    x0, y0, x1, y1 = canvas.rect(mark.box)
    if x1 < x0 or y1 < y0:
        return
    if style.pad:
        x0, y0 = x0 - style.pad * canvas.sx, y0 - style.pad * canvas.sy
        x1, y1 = x1 + style.pad * canvas.sx, y1 + style.pad * canvas.sy
    width = max(1, round(style.width * canvas.sx))
    if style.fill:
        canvas.draw.rectangle((x0, y0, x1, y1), fill=style.fill)
    if style.hatched and style.outline:
        _hatch(canvas.draw, (x0, y0, x1, y1), style.outline, step=max(6, round(4 * canvas.sx)))
    if style.outline is None:
        return
    if style.dashed:
        _dashed_rect(canvas.draw, (x0, y0, x1, y1), style.outline, width, dash=max(4, round(3 * canvas.sx)))
    else:
        canvas.draw.rectangle((x0, y0, x1, y1), outline=style.outline, width=width)


def _dashed_rect(draw: ImageDraw.ImageDraw, rect: tuple[float, float, float, float],
                 colour: RGBA, width: int, dash: int) -> None:
    x0, y0, x1, y1 = rect
    for a, b, horizontal, at in ((x0, x1, True, y0), (x0, x1, True, y1), (y0, y1, False, x0),
                                 (y0, y1, False, x1)):
        pos = a
        while pos < b:
            end = min(pos + dash, b)
            xy = (pos, at, end, at) if horizontal else (at, pos, at, end)
            draw.line(xy, fill=colour, width=width)
            pos += 2 * dash


def _hatch(draw: ImageDraw.ImageDraw, rect: tuple[float, float, float, float],
           colour: RGBA, step: int) -> None:
    """Diagonal lines (/) inside ``rect``."""
    x0, y0, x1, y1 = rect
    h = y1 - y0
    k = x0 - h
    while k < x1:
        # the line from (k, y1) to (k + h, y0), clipped to the rectangle
        ax, ay = (k, y1) if k >= x0 else (x0, y1 - (x0 - k))
        bx, by = (k + h, y0) if k + h <= x1 else (x1, y0 + (k + h - x1))
        if ax <= bx:
            draw.line((ax, ay, bx, by), fill=colour, width=1)
        k += step


def _draw_tags(canvas: _Canvas, marks: list[Mark], scale: float, width: int) -> None:
    """Tags last, over every box, each on a light ground so it stays legible."""
    (small, _), (large, large_px) = _font(5 * scale), _font(7 * scale)
    for mark in marks:
        if not mark.tag:
            continue
        style = style_of(mark.kind)
        colour = style.outline or (0, 0, 0, 255)
        x0, y0, x1, y1 = canvas.rect(mark.box)
        if mark.kind == "merged":
            font = small
            w = canvas.draw.textlength(mark.tag, font=font)
            xy = (x1 - w - 2, y0 + 1)
        elif mark.kind == "heading":
            font = large
            w = canvas.draw.textlength(mark.tag, font=font)
            xy = (max(0, x0 - w - 4), y0)
        elif mark.kind.startswith("table:"):
            font = large
            xy = (x0, max(0, y0 - large_px - 4))
        else:  # rejoined-row, repeated-header: in the margin right of the table, room allowing
            font = large
            w = canvas.draw.textlength(mark.tag, font=font)
            xy = (x1 + 4, y0) if x1 + 6 + w <= width else (x0 + 3, y0 + 2)
        left, top, right, bottom = canvas.draw.textbbox(xy, mark.tag, font=font)
        canvas.draw.rectangle((left - 2, top - 1, right + 2, bottom + 1), fill=(255, 255, 255, 215))
        canvas.draw.text(xy, mark.tag, font=font, fill=colour[:3] + (255,))


def _banner(canvas: _Canvas, width: int, scale: float, text: str) -> None:
    """``text`` in white on red across the top of the page, wrapped to its width."""
    font, px = _font(8 * scale)
    lines, line = [], ""
    for ch in text:
        if line and canvas.draw.textlength(line + ch, font=font) > width - px:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    height = px * (len(lines) + 1) + px // 2 * (len(lines) - 1)
    canvas.draw.rectangle((0, 0, width, height), fill=(210, 40, 40, 200))
    for k, line in enumerate(lines):
        canvas.draw.text((px // 2, px // 2 + k * (px + px // 2)), line, font=font,
                         fill=(255, 255, 255, 255))


def _legend_title(inspection: Inspection, number: int) -> list[str]:
    name = Path(inspection.result.file).name
    lines = [f"page {number} of {inspection.result.pages}", name]
    for t in inspection.tables_on(number):
        pages = f"p{t.page_start}" + (f"-{t.page_end}" if t.page_end != t.page_start else "")
        kind = t.kind if t.kind != "other" else "unclassified"
        what = t.evaluation.table_kind if t.evaluation else (
            f"{t.statement.seq} of 9" if t.statement else "")
        lines.append(f"{t.label}: {kind} {what} ({pages})".replace("  ", " "))
    return lines


def _with_legend(page: Image.Image, marks: list[Mark], scale: float, title: list[str]) -> Image.Image:
    font, px = _font(LEGEND_POINTS * scale)
    pad = round(px * 0.8)
    swatch = round(px * 1.6)
    line_h = round(px * 1.5)
    counts = Counter(m.kind for m in marks)
    order = [k for k in STYLES if counts[k]] + sorted(k for k in counts if k.startswith("field:"))
    entries = [(k, f"{style_of(k).label} ({counts[k]})") for k in order]
    probe = ImageDraw.Draw(page)
    text_w = max([probe.textlength(t, font=font) for t in title]
                 + [swatch + pad + probe.textlength(t, font=font) for _, t in entries] + [0])
    width = round(text_w + 2 * pad)
    height = max(page.height, pad * 3 + line_h * (len(title) + len(entries) + 1))
    out = Image.new("RGB", (page.width + width, height), (250, 250, 247))
    out.paste(page, (0, 0))
    draw = ImageDraw.Draw(out, "RGBA")
    x, y = page.width + pad, pad
    draw.line((page.width, 0, page.width, height), fill=(180, 180, 180), width=2)
    for k, text in enumerate(title):
        draw.text((x, y), text, font=font, fill=(0, 0, 0) if k == 0 else (60, 60, 60))
        y += line_h
    y += line_h // 2
    if not entries:
        draw.text((x, y), "nothing found on this page", font=font, fill=(120, 120, 120))
    for kind, text in entries:
        style = style_of(kind)
        box = (x, y + 2, x + swatch, y + line_h - 4)
        draw.rectangle(box, fill=(255, 255, 255))
        if style.fill:
            draw.rectangle(box, fill=style.fill)
        if style.outline:
            draw.rectangle(box, outline=style.outline, width=max(1, round(style.width * scale)))
        draw.text((x + swatch + pad, y), text, font=font, fill=(20, 20, 20))
        y += line_h
    return out


def write_page_png(inspection: Inspection, images: PageImages, number: int, path: Path,
                   scale: float = DEFAULT_SCALE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    overlay_page(inspection, images, number, scale).save(path, format="PNG", compress_level=3)
    return path
