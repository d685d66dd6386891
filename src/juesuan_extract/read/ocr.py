"""Scanned pages → the page content the text readers give: OCR text and OpenCV ruling.

A page without a text layer is an image of a printed page, usually a little crooked,
grey and speckled. It is read in four steps, so that lines, grids, unruled tables and
everything after them work on it unchanged:

1. ink: the image is binarised against its neighbourhood (scans are unevenly lit);
2. skew: the angle of the long rules (or, on a page without any, of the text lines)
   says how crooked the sheet lay, and the image is turned straight;
3. ruling: horizontal and vertical rules are what survives a morphological opening with
   long thin kernels; they become segments in points and, through the very function the
   pdfium reader uses (:func:`juesuan_extract.read.ruling.ruled_tables`), ruled tables; the
   rules are then wiped from the image, or the recogniser reads bits of them as "一",
   "|" or "丨" (on the benchmark's statement pages 0.2–0.4 % of the characters read);
4. text: PP-OCRv6 on ONNX Runtime (RapidOCR's models, run by :mod:`.ocr_engine`) finds
   and reads text lines; each line is split into characters, with the positions the
   recogniser read them at where it gives them, so that every digit of an amount has
   its own box in its own column.

Coordinates leave this module as they leave the other readers: points, origin at the
top-left of the page (:mod:`juesuan_extract.geometry`), in the frame of the page turned
straight. The models ship inside the ``rapidocr`` wheel; nothing is ever downloaded.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..geometry import Box, Char
from ..limits import uninterrupted
from ..model import PageContent, Segment
from ..text import fold
from .base import OpenPdf
from .ocr_engine import EngineOptions, OcrEngine, crop_line
from .ocr_ink import INK_SIDE, fit, wide
from .ocr_unread import Region, crop, unread_regions
from .ruling import ruled_tables

if TYPE_CHECKING:
    from PIL.Image import Image

# The two models RapidOCR 3.10 runs by default, shipped in its wheel (rapidocr/models/).
# Orientation classification is not used: scans are upright, a crooked sheet is turned
# straight here first, and the classifier would cost a third model run per line.
MODEL_FILES = {"det": "PP-OCRv6_det_small.onnx", "rec": "PP-OCRv6_rec_small.onnx"}


class OcrModelMissing(FileNotFoundError):
    """A model file the OCR reader needs is not where it should be."""


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How a page image is read. Each default says what it rests on: measurements by
    bench/bench_ocr.py on scanned copies of fixture pages (fixtures/scanned/build.py:
    turned up to ±1°, speckled, JPEG; "office" scans at 300 dpi and "poor" ones at 200)."""

    # Resolution pages are rendered at, dots per inch. The recogniser reads every line at
    # 48 px high whatever the resolution, so 8–16 pt text reads the same from 100 to 300
    # dpi (99.6 % of characters, 99.5–100 % of amounts); small text tells them apart:
    # at 5.6–6.3 pt 100 dpi loses 2 % of the characters and some ruling, and on poor
    # scans 150 dpi reads 74 % of them, 200 dpi 86 %, 300 dpi 89 %: 200 dpi is the
    # lowest that keeps the small text.
    dpi: int = 200
    # Resolution the text *detector* sees the page at (the recogniser reads the lines it
    # finds from the full image), dots per inch; 0 = the full image. At 140 dpi it missed
    # short codes alone in narrow cells ("04" of a split 类|款|项 code) on the scanned ruled
    # statements (596 of 615 values in their cell); at 170 and at 200 dpi it finds them
    # (612 of 615). At 120 dpi detection takes half the time (0.62 s of CPU a page
    # against 1.31 s on the bench pages) but on scan seed 7 of bench/ocr_golden.py short
    # numbers in narrow cells went missing: 1813 of 1825 values, 4 of them unflagged.
    detect_dpi: int = 170
    # ONNX Runtime threads per page: one, as a batch runs one worker per core.
    threads: int = 1
    # Lines are padded to at least this width (48 px high) before recognition; the
    # model's default 320 doubles the work on the short cells of a statement ("98.75")
    # for the same text: 160 reads the bench pages a third faster, the same. 48 (no
    # padding) saves another 13 % of the recognition, but reads 4 more characters of the
    # 14 bench pages otherwise (a "g" and a "-" out of specks among them): not taken.
    rec_min_width: int = 160
    # Lines recognised in one run of the model, of like widths (sorted by width first),
    # each padded to the widest. On the bench pages 1 and 6 cost the same CPU (6 reads 7
    # lines of 1230 otherwise than 1); 16 costs 20 % more, 64 twice as much (padding to
    # the widest), and the memory grows with the batch.
    rec_batch: int = 6
    # Pixels the detector sees at once at most; a larger page is detected in bands of
    # rows, each with context above and below, and the text maps stitched (0: the page at
    # once). Its working memory grows with them: an A4 page at 170 dpi is 2.8 million
    # pixels and took 600-700 MB at once; in bands of a million a whole extract peaks at
    # 410 MB instead of ~700, for 6 % more detection time. But the detector weighs its
    # features by their mean over what it sees, so box edges move by a few pixels, and
    # on bench/ocr_golden.py one more value went missing on each scan seed (a split
    # code's row, flagged): the page is detected at once.
    detect_pixels: int = 0
    # Binarisation: a pixel is ink when it is this many grey levels darker than the mean
    # of a square this wide around it. 12 pt holds a few characters, so a grey cell
    # background or an uneven scan does not turn black; 12 levels sit above the grain
    # (σ ≈ 9 before the 3×3 blur, ≈ 4 after) and far below the contrast of ink.
    block_pt: float = 12.0
    threshold_offset: int = 12
    # Horizontal rules: at least this share of the page width (24 pt on A4 portrait:
    # longer than any character or the "——" of an empty cell at table sizes; the shortest
    # horizontal segment in the fixtures is 30 pt).
    min_rule_share: float = 0.04
    # Vertical rules: at least this long, points. Single-row cell borders are 13.5 pt in
    # the landscape fixture; table text (8–10.5 pt) has no stroke this long.
    min_vertical_pt: float = 11.0
    # A rule shorter than these (points) is kept only when both its ends meet a rule of
    # the other direction, as cell borders do and strokes of larger text (titles, 16 pt
    # body text) do not.
    free_horizontal_pt: float = 60.0
    free_vertical_pt: float = 40.0
    # Thicker than this (points), a run of ink is a filled area, whose edges are rules.
    max_rule_pt: float = 3.0
    # Gaps up to this (points) along a rule are bridged: scans break thin rules.
    rule_gap_pt: float = 2.0
    # The page is turned straight when it lies more crooked than this (degrees): at 0.1°
    # a rule across an A4 page drifts 0.9 pt from end to end, within the 3 pt tolerance of
    # the grid rules; rotating costs ~40 ms and blurs a little.
    deskew_threshold: float = 0.1
    # The skew is looked for within ± this (degrees): a sheet lies crooked by a degree or
    # two; more, and it is read as it lies.
    max_skew: float = 3.0
    # Lines the recogniser is less sure of than this are dropped (RapidOCR's default:
    # below it lines are noise, stamps and specks read as text).
    min_line_score: float = 0.5
    # Model files, '' for the ones in the rapidocr wheel.
    model_dir: str = ""


@dataclass(frozen=True, slots=True)
class OcrPage:
    """A page read by OCR: the page content, and how sure the recogniser was of it.

    ``confidence[i]`` is the recogniser's score for the text line ``content.chars[i]``
    was read in (the mean over its characters); ``char_confidence[i]`` the probability of
    that character itself where the recogniser gives it (else the line's score): a
    misread digit shows there while its line still scores high. ``skew_degrees`` is how
    far the page was turned, counter-clockwise positive; the content is straightened.
    ``alternatives`` lets the document's arithmetic choose between readings of the
    characters the recogniser was unsure of.
    """

    content: PageContent
    confidence: tuple[float, ...]
    char_confidence: tuple[float, ...]
    skew_degrees: float
    # index in content.chars → the recogniser's best readings of that character, best
    # first, for the characters it was unsure of (below UNSURE_BELOW in its reading of
    # the page or of the line alone): ((",", 0.58), (".", 0.42), ("", 0.0)); "" reads
    # as no character at all. The character itself may differ from the first reading
    # where its digit groups corrected it (see _repair_separators).
    alternatives: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    # CPU seconds spent on each stage of reading the page (see Clock).
    seconds: dict[str, float] = field(default_factory=dict)


class Clock:
    """CPU seconds (the process's, all threads: what the cores spent, whatever else the
    machine runs) per stage of reading a page, summed over laps: ``load`` (the models,
    first page only), ``prepare`` (ink, skew, ruling, wiping), ``detect``, ``recognise``
    (the lines found, with their crops), ``fit`` (characters fitted to their ink),
    ``unread`` (finding ink no line covers) and ``unread_recognise`` (reading it)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


# --- the reader -----------------------------------------------------------------


def read_ocr_page(image: Image, number: int, width_pt: float, height_pt: float,
                  settings: OcrSettings | None = None) -> OcrPage:
    """Read page ``number`` from an image of the whole page, ``width_pt`` × ``height_pt``
    points in size (the page as shown). Raises :class:`OcrModelMissing` when a model
    file is missing."""
    settings = settings or OcrSettings()
    clock = Clock()
    engine = _engine(settings.model_dir, EngineOptions(settings.threads, settings.rec_min_width,
                                                       settings.rec_batch, settings.detect_pixels))
    clock.lap("load")
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    scale = (grey.shape[1] / width_pt, grey.shape[0] / height_pt)  # pixels per point, x and y
    ink = binarise(grey, scale[0], settings)
    skew = estimate_skew(ink, scale[0], settings)
    if abs(skew) > settings.deskew_threshold:
        grey = rotate(grey, -skew)
        ink = binarise(grey, scale[0], settings)
    horizontal, vertical, mask = find_rules(ink, scale, settings)
    edges = [_edge(s, "h") for s in horizontal] + [_edge(s, "v") for s in vertical]
    wiped = wipe(grey, mask)
    clean = np.where(mask > 0, 0, ink)
    del ink
    clock.lap("prepare")
    runs = recognise(engine, wiped, settings, _detect_side(grey, settings), clock)
    chars: list[Char] = []
    line_score: list[float] = []
    char_score: list[float] = []
    alternatives: dict[int, tuple[tuple[str, float], ...]] = {}
    read: list[tuple[float, float, float, float]] = []  # pixels, of every character kept

    def keep(run: TextRun) -> None:
        for f in fit(split_run(run), run.top, run.bottom, run.size, clean, mask):
            k = f.index
            if k < len(run.alternatives) and run.alternatives[k]:
                alternatives[len(chars)] = run.alternatives[k]
            chars.append(Char(f.text, Box(number, f.x0 / scale[0], f.top / scale[1],
                                          f.x1 / scale[0], f.bottom / scale[1]),
                              f.size / scale[1]))
            read.append((f.x0, f.top, f.x1, f.bottom))
            line_score.append(run.score)
            char_score.append(min(f.probability, DOUBTFUL) if k in run.doubtful else f.probability)

    for run in runs:
        keep(run)
    clock.lap("fit")
    if chars:  # ink the detector passed over, at the size of the page's text
        size = float(np.median([c.size for c in chars])) * scale[1]
        regions = unread_regions(clean, read, size)
        clock.lap("unread")
        unread = recognise_regions(engine, wiped, regions, size, settings)
        clock.lap("unread_recognise")
        for run in unread:
            keep(run)
        clock.lap("fit")
    content = PageContent(number, width_pt, height_pt, tuple(chars),
                          ruled_tables(number, edges), image_cover=1.0)
    clock.lap("prepare")
    return OcrPage(content, tuple(line_score), tuple(char_score), round(skew, 3), alternatives,
                   clock.seconds)


def page_image(pdf, number: int, settings: OcrSettings | None = None) -> Image:
    """Page ``number`` (1-based) of a pypdfium2 document as a grey image at the
    settings' resolution, the page as shown (after /Rotate)."""
    settings = settings or OcrSettings()
    page = pdf[number - 1]
    try:
        return page.render(scale=settings.dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


# --- ink and skew ---------------------------------------------------------------


def binarise(grey: np.ndarray, scale: float, settings: OcrSettings) -> np.ndarray:
    """255 where there is ink, 0 elsewhere."""
    import cv2

    block = max(3, int(settings.block_pt * scale) | 1)
    # The blur takes the grain and single-pixel specks below the threshold; a median
    # would also erase 1-pixel rules (0.5 pt at 150 dpi).
    soft = cv2.GaussianBlur(grey, (3, 3), 0)
    return cv2.adaptiveThreshold(soft, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 block, settings.threshold_offset)


def estimate_skew(ink: np.ndarray, scale: float, settings: OcrSettings) -> float:
    """How far the page is turned, degrees, counter-clockwise positive: from its long
    rules where it has some (they are straight to a fraction of a pixel), else from the
    text lines."""
    angle = _rule_skew(ink, scale, settings)
    return angle if angle is not None else _profile_skew(ink, settings)


def _rule_skew(ink: np.ndarray, scale: float, settings: OcrSettings) -> float | None:
    import cv2

    h, w = ink.shape
    # A rule 1–2 px thick turned by 1° runs level for 57–115 px before it steps a pixel,
    # so a kernel of 10 pt keeps every step of it (and the steps stay connected) while
    # characters of table text do not survive; only long components count.
    k = max(5, int(10 * scale))
    angles: list[tuple[float, float]] = []  # (angle, length)
    for kernel, vertical in (((1, k), False), ((k, 1), True)):
        opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(kernel, np.uint8))
        n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
        need = (0.1 * h) if vertical else (0.15 * w)
        for i in range(1, n):
            x, y, bw, bh, _area = stats[i]
            length = bh if vertical else bw
            if length < need:
                continue
            ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
            if vertical:
                slope = np.polyfit(ys, xs, 1)[0]  # dx/dy: a turned vertical leans by tan θ
                angle = math.degrees(math.atan(slope))
            else:
                slope = np.polyfit(xs, ys, 1)[0]  # dy/dx = -tan θ (y grows downwards)
                angle = -math.degrees(math.atan(slope))
            if abs(angle) <= settings.max_skew:
                angles.append((angle, float(length)))
    if not angles:
        return None
    return _weighted_median(angles)


def _weighted_median(values: list[tuple[float, float]]) -> float:
    values = sorted(values)
    half = sum(w for _, w in values) / 2
    run = 0.0
    for v, w in values:
        run += w
        if run >= half:
            return v
    return values[-1][0]


def _profile_skew(ink: np.ndarray, settings: OcrSettings) -> float:
    """The angle at which the ink's rows are sharpest: text lines project onto few rows
    when they are level, and smear over many when they are not."""
    import cv2

    # Specks are noise for this measure: only ink in horizontal runs of 3 px counts.
    clean = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, 3), np.uint8))
    ys, xs = np.nonzero(clean)
    if len(ys) < 100:
        return 0.0
    step = max(1, len(ys) // 200_000)  # a sample is enough and keeps this ~0.1 s
    ys, xs = ys[::step].astype(np.float64), xs[::step].astype(np.float64) - clean.shape[1] / 2

    def sharpness(angle: float) -> float:
        rows = np.round(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    best = max(np.arange(-settings.max_skew, settings.max_skew + 1e-9, 0.1), key=sharpness)
    fine = np.arange(best - 0.1, best + 0.1 + 1e-9, 0.01)
    return float(max(fine, key=sharpness))


def rotate(grey: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned about its centre, counter-clockwise positive, paper filling in."""
    import cv2

    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    paper = int(np.percentile(grey[::8, ::8], 90))
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=paper)


# --- ruling ---------------------------------------------------------------------


def find_rules(ink: np.ndarray, scale: tuple[float, float], settings: OcrSettings
               ) -> tuple[list[Segment], list[Segment], np.ndarray]:
    """Horizontal and vertical rules as segments in points, and the mask of their ink."""
    import cv2

    sx, sy = scale
    h_len = max(3, int(settings.min_rule_share * ink.shape[1]))
    v_len = max(3, int(settings.min_vertical_pt * sy))
    masks: list[np.ndarray] = []
    found: list[list[_Rule]] = []
    for vertical in (False, True):
        along = v_len if vertical else h_len
        kernel = (along, 1) if vertical else (1, along)
        opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones(kernel, np.uint8))
        gap = max(1, int(settings.rule_gap_pt * (sy if vertical else sx)))
        closed = cv2.morphologyEx(opened, cv2.MORPH_CLOSE,
                                  np.ones((gap, 1) if vertical else (1, gap), np.uint8))
        masks.append(closed)
        found.append(_rules(closed, vertical, sx, sy, settings))
    across = _connected(found[0], found[1], settings.free_horizontal_pt)
    down = _connected(found[1], found[0], settings.free_vertical_pt)
    # Only the ink of the rules kept is wiped: strokes of large text that survived the
    # opening stay for the recogniser.
    mask = np.zeros_like(ink)
    for rules, source in ((across, masks[0]), (down, masks[1])):
        for r in rules:
            x, y, w, h = r.pixels
            mask[y:y + h, x:x + w] |= source[y:y + h, x:x + w]
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    return ([Segment(r.at, r.start, r.end) for r in sorted(across)],
            [Segment(r.at, r.start, r.end) for r in sorted(down)], mask)


@dataclass(frozen=True, slots=True, order=True)
class _Rule:
    at: float  # points
    start: float
    end: float
    pixels: tuple[int, int, int, int]  # the ink's bounding box: x, y, width, height


def _rules(mask: np.ndarray, vertical: bool, sx: float, sy: float,
           settings: OcrSettings) -> list[_Rule]:
    import cv2

    n, _labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[_Rule] = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if vertical:
            low, high, centre, s = x, x + w, centroids[i][0], sx
            start, end = y / sy, (y + h) / sy
        else:
            low, high, centre, s = y, y + h, centroids[i][1], sy
            start, end = x / sx, (x + w) / sx
        box = (x, y, w, h)
        if (high - low) / s > settings.max_rule_pt:  # a filled area: its two edges
            out += [_Rule(low / s, start, end, box), _Rule(high / s, start, end, box)]
        else:  # pixel i covers [i, i + 1): the centre of the ink is half a pixel on
            out.append(_Rule((centre + 0.5) / s, start, end, box))
    return out


def _connected(rules: list[_Rule], across: list[_Rule], free: float,
               slack: float = 3.0) -> list[_Rule]:
    """The rules long enough to stand alone, and shorter ones whose both ends meet a rule
    of the other direction (as cell borders do; strokes of large text do not)."""

    def meets(at: float, end: float) -> bool:
        return any(abs(o.at - end) <= slack and o.start - slack <= at <= o.end + slack
                   for o in across)

    return [r for r in rules
            if r.end - r.start >= free or (meets(r.at, r.start) and meets(r.at, r.end))]


def _edge(s: Segment, orientation: str) -> dict:
    """A segment as pdfplumber's edge, for :func:`ruled_tables`."""
    if orientation == "h":
        x0, x1, top, bottom = s.start, s.end, s.at, s.at
    else:
        x0, x1, top, bottom = s.at, s.at, s.start, s.end
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation}


def wipe(grey: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The image with the rules painted over in the paper's colour."""
    paper = int(np.percentile(grey[::8, ::8], 90))
    out = grey.copy()
    out[mask > 0] = paper
    return out


# --- text -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextRun:
    """One text line as recognised, in pixels of the straightened image.

    ``chars`` holds each character (spaces left out) with the x of its centre and its
    probability, when the recogniser placed them (RapidOCR's single-character boxes);
    ``size`` is the font size the line's height stands for. ``alternatives``, parallel
    to the characters, holds the recogniser's best readings of each character it was
    unsure of or that leaves a number malformed (empty for the others): what else it
    could be, with probabilities, "" meaning no character at all.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float
    size: float
    chars: tuple[tuple[str, float, float], ...] | None
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()
    doubtful: frozenset[int] = frozenset()  # characters that leave a number malformed


# The detector's box reaches above and below the glyphs: its height over the font size,
# measured on the fixtures (9 pt table text: 1.33; 16 pt titles: 1.24).
BOX_PER_SIZE = 1.3
# Characters read with less probability than this are unsure, and get their
# alternatives (the recogniser's next best readings). On the benchmark's scans at the
# default settings every amount read wrong has a character below it but four of the 243
# on poor scans of 5.6 pt text ("2475" for 24.75, "004" for 0.04); it also flags 1 right
# amount in 80 on office scans, 1 in 6 on poor ones.
UNSURE_BELOW = 0.9
ALTERNATIVES = 3  # readings kept per unsure character, the one chosen first


def recognise(engine: OcrEngine, grey: np.ndarray, settings: OcrSettings, detect_side: int = 0,
              clock: Clock | None = None) -> list[TextRun]:
    """Every text line the engine reads on the image, top to bottom; the detector sees
    the image shrunk to ``detect_side`` pixels on its longest side (0: as it is)."""
    clock = clock or Clock()
    with _ENGINE_LOCK:
        quads = list(engine.detect(grey, detect_side))
        clock.lap("detect")
        crops = [crop_line(grey, q) for q in quads]
        readings = engine.recognise(crops, quads, keep=ALTERNATIVES, doubt=UNSURE_BELOW,
                                    marks=_MARKS)
        del crops
        clock.lap("recognise")
    runs: list[TextRun] = []
    for quad, reading in zip(quads, readings):
        text, score = reading.text, reading.score
        if score < settings.min_line_score or not text.strip():
            continue
        placed = None
        if reading.words is not None and _word_text(reading.words) == _squeeze(text):
            placed = _placed_chars(text, reading.words, score)
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        size = (bottom - top) / BOX_PER_SIZE
        cy = (top + bottom) / 2
        shown, doubtful = _as_shown(text)
        unsure = doubtful | {i for i, (_, _, p) in enumerate(placed or ()) if p < UNSURE_BELOW}
        alternatives = _alternatives(reading.top, unsure) if unsure else ()
        # The character box is the em box, font size tall, centred on the line: what
        # the text readers give, and what line grouping measures overlaps against.
        runs.append(TextRun(shown, x0, cy - size / 2, x1, cy + size / 2, score, size,
                            placed, alternatives, doubtful))
    return runs


def recognise_regions(engine: OcrEngine, grey: np.ndarray, regions: list[Region], size: float,
                      settings: OcrSettings) -> list[TextRun]:
    """Each region read alone by the recogniser, as a line of its own (no detection):
    what it reads with at least the settings' line score, placed over the region."""
    from rapidocr.utils.process_img import resize_image_within_bounds

    if not regions:
        return []
    # Crops under 30 px are enlarged to 30 (to a multiple of 32), as RapidOCR's pipeline
    # does with any image it is given.
    crops = [resize_image_within_bounds(crop(grey, region, size), 30, 100_000)[0]
             for region in regions]
    with _ENGINE_LOCK:
        readings = engine.recognise(crops)
    runs: list[TextRun] = []
    for region, reading in zip(regions, readings):
        text, score = reading.text, reading.score
        if score < settings.min_line_score or not text.strip():
            continue
        shown, doubtful = _as_shown(text)
        middle = (region.top + region.bottom) / 2
        runs.append(TextRun(shown, float(region.x0), middle - size / 2, float(region.x1),
                            middle + size / 2, score, size, None, doubtful=doubtful))
    return runs


def _as_shown(text: str) -> tuple[str, frozenset[int]]:
    """A recognised text as shown (CJK punctuation, repaired separators) and its doubtful
    marks, judged as read: a repaired separator stays doubtful ("1:05" shown as 1.05)."""
    read = _cjk_punctuation(text)
    return _repair_separators(read), _doubtful(read)


# A separator that leaves a number malformed is doubtful however sure the recogniser
# is of it: a speck read as "." before or after an amount (".86.40", "245.00."), a ":"
# for a decimal point ("688:45"), "," not before three digits ("619,53"), two marks in a
# row ("3,.466.70"). On the benchmark's poor scans these are the misread amounts the
# recogniser is sure of; what it reads with no such mark ("2475" for 24.75, "004" for
# 0.04: split codes print "01") only the document's arithmetic can find.
_MALFORMED = re.compile(
    r"(?<![\d.,:])[.,:](?=\d)"  # before a number
    r"|(?<=\.\d)[.,:](?!\d)|(?<=\.\d\d)[.,:](?!\d)"  # after its decimals
    r"|(?<=\d)[:;](?=\d)"  # a colon or semicolon inside
    r"|(?<=\d),(?=\d{1,2}(?!\d)|\d{4})"  # a comma not before a group of three
    r"|(?<=\d)[.,:](?=[.,:])|(?<=\d[.,:])[.,:]"  # two in a row
)
DOUBTFUL = 0.5  # the confidence a doubtful separator is given at most


def _doubtful(text: str) -> frozenset[int]:
    """The characters (counted without spaces) that leave a number malformed."""
    visible = {i: k for k, i in enumerate(i for i, c in enumerate(text) if not c.isspace())}
    return frozenset(visible[m.start()] for m in _MALFORMED.finditer(text))


def _placed_chars(text: str, word_line, score: float) -> tuple[tuple[str, float, float], ...]:
    """RapidOCR's single-character results as (character, centre x, probability).

    Its probabilities run over every character read, spaces included, but are handed
    out to the characters without the spaces: after a space they belong to an earlier
    character. Each is taken from where its character stands in the text; those that
    fell off the end get the line's score.
    """
    where = [i for i, c in enumerate(text) if not c.isspace()]
    probs = [float(w[1]) for w in word_line]
    return tuple((str(w[0]), float(np.mean([p[0] for p in w[2]])),
                  probs[i] if i < len(probs) else score) for w, i in zip(word_line, where))


# The marks whose misreadings leave a number malformed (see _MALFORMED): their next
# best readings are kept however sure the recogniser is of them.
_MARKS = ".,:;"


def _alternatives(top: tuple[tuple[tuple[str, float], ...], ...], unsure: frozenset[int] | set[int]
                  ) -> tuple[tuple[tuple[str, float], ...], ...]:
    """The recogniser's best readings of the unsure characters of one line, parallel to
    its characters (spaces left out; empty for the others).

    RapidOCR keeps only the best reading; the model gives a probability for every
    character of its alphabet at each step, and the engine keeps the best few at the
    steps of characters it read with less than UNSURE_BELOW and of marks (``top``).
    """
    out: list[tuple[tuple[str, float], ...]] = []
    for k, readings in enumerate(top):
        if not readings or (k not in unsure and readings[0][1] >= UNSURE_BELOW):
            out.append(())
            continue
        # label "" is CTC's blank: the step could as well read nothing
        out.append(tuple((fold(label) if label else "", round(p, 4)) for label, p in readings))
    return tuple(out)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _word_text(word_line) -> str:
    return "".join(str(w[0]) for w in word_line)


# Full-width characters (ideographs, CJK punctuation) are set twice as wide as digits
# and Latin letters, and those about twice as wide as the narrow marks of a number.
_NARROW = set(".,:;'!|`")


def _weight(ch: str) -> float:
    if wide(ch):
        return 2.0
    return 0.5 if ch in _NARROW else 1.0


def split_run(run: TextRun) -> list[tuple[str, float, float, float]]:
    """The run's characters with their left and right x (pixels) and probability.

    Where the recogniser placed the characters, each box is centred where it read
    it, as wide as its kind of character at the line's pitch, and never reaches into its
    neighbours: a gap in the line (two cells read as one line) stays a gap. Otherwise the
    line's width is shared out by the characters' widths, as CJK text is evenly set.
    """
    text = run.text
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return []
    placed = run.chars
    if placed is not None and len(placed) == len(visible):
        after_space, k = set(), 0  # the characters a space stands before
        for c in text.strip():
            if c.isspace():
                after_space.add(k)
            else:
                k += 1
        return _placed(visible, [c for _, c, _ in placed], [p for _, _, p in placed], run,
                       after_space)
    return _even(text, run)


def _even(text: str, run: TextRun) -> list[tuple[str, float, float, float]]:
    weights = [_weight(c) for c in text]
    unit = (run.x1 - run.x0) / sum(weights)
    out: list[tuple[str, float, float, float]] = []
    x = run.x0
    for c, w in zip(text, weights):
        if not c.isspace():
            out.append((fold(c), x, x + w * unit, run.score))
        x += w * unit
    return out


# Neighbours set no further apart than their widths plus this share of the font size
# stand solid. The recogniser places a character up to a third of an em off (a "." after
# a digit, read a frame early); the gap between two cells read as one line is wider.
LOOSE = 0.5


def _placed(chars: list[str], centres: list[float], probs: list[float], run: TextRun,
            after_space: set[int]) -> list[tuple[str, float, float, float]]:
    weights = [_weight(c) for c in chars]
    # The pitch: how far apart neighbours stand per unit of width, the median over the
    # pairs (most are set solid; a gap between two cells is not the line's pitch, and
    # the lowest quarter is the recogniser's jitter, which made boxes too narrow and
    # opened gaps inside words).
    pitches = sorted((centres[i + 1] - centres[i]) / ((weights[i] + weights[i + 1]) / 2)
                     for i in range(len(chars) - 1) if centres[i + 1] > centres[i])
    unit = pitches[len(pitches) // 2] if pitches else (run.x1 - run.x0) / sum(weights)
    # The recogniser places a character where its ink is; full-width punctuation is
    # inked on one side of its em ("（" on the right, "）" and "，" on the left), and its
    # box is the whole em, as the text readers give it.
    centres = [cx - INK_SIDE.get(c, 0.0) * unit for c, cx in zip(chars, centres)]
    # Neighbours that stand solid touch, split in proportion to their widths: a gap
    # opened after a misplaced "." would read as a word space inside "1,710.40".
    # Across a real gap (or a space the recogniser read) each keeps its own width.
    lefts = [cx - w * unit / 2 for cx, w in zip(centres, weights)]
    rights = [cx + w * unit / 2 for cx, w in zip(centres, weights)]
    for i in range(len(chars) - 1):
        a, b = centres[i], centres[i + 1]
        split = a + (b - a) * weights[i] / (weights[i] + weights[i + 1])
        solid = b - a <= unit * (weights[i] + weights[i + 1]) / 2 + LOOSE * run.size
        if solid and i + 1 not in after_space:
            rights[i] = lefts[i + 1] = split
        else:
            rights[i], lefts[i + 1] = min(rights[i], split), max(lefts[i + 1], split)
    out: list[tuple[str, float, float, float]] = []
    for c, cx, left, right, p in zip(chars, centres, lefts, rights, probs):
        left, right = max(left, run.x0), min(right, run.x1)
        if right <= left:  # the recogniser put two characters at one place
            left, right = cx - 0.5, cx + 0.5
        out.append((fold(c), left, right, p))
    return out


# An amount whose separators the recogniser confused: groups of three digits after the
# first, and two decimals ("3.516.70", "41,533,85", "10;344.71" for 3,516.70, 41,533.85
# and 10,344.71).
_MISREAD_AMOUNT = re.compile(r"(?<![\d.,;])\d{1,3}(?:[.,;]\d{3})+[.,]\d{2}(?![\d.,;])")


# An amount read with a ":" for its decimal point ("1:05"): two decimals after it. A
# time of day ("10:30") is shown so too; its colon stays doubtful like every repair.
_COLON_POINT = re.compile(r"(?<![\d.,:])(\d{1,3}(?:,\d{3})+|\d+):(\d{2})(?![\d.,:])")


def _repair_separators(text: str) -> str:
    """Amounts read with a "," or ":" for the decimal point or a "." between thousands,
    written with the separators their digit groups leave no doubt about; the characters
    stay doubtful, so such an amount is still flagged for checking."""

    def fix(m: re.Match[str]) -> str:
        groups = re.split(r"[.,;]", m.group())
        return ",".join(groups[:-1]) + "." + groups[-1]

    return _COLON_POINT.sub(r"\1.\2", _MISREAD_AMOUNT.sub(fix, text))


_CJK_FORMS = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！",
                            "?": "？"})
_CJK_FORMS_KEYS = set(",:;()!?")


def _cjk_punctuation(text: str) -> str:
    """ASCII punctuation beside a CJK character as the full-width mark it is printed as.

    The recogniser reads "：" and "（" as ":" and "("; the text readers give what is
    printed, which in CJK text is the full-width form ("单位：万元", "（一）"). Between
    digits and letters ("1,234.56", "(1)") the ASCII mark stays.
    """
    out = list(text)
    for i, ch in enumerate(text):
        if ch in _CJK_FORMS_KEYS:
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if (before and wide(before)) or (after and wide(after)):
                out[i] = ch.translate(_CJK_FORMS)
    return "".join(out)


# --- the engine -----------------------------------------------------------------

_ENGINE_LOCK = threading.Lock()  # one engine per process, not safe to run twice at once


def model_paths(model_dir: str = "") -> dict[str, Path]:
    """Where the detection and recognition models are; raises OcrModelMissing naming the
    first one missing."""
    if model_dir:
        root = Path(model_dir)
    else:
        try:
            import rapidocr
        except ImportError as exc:
            raise OcrModelMissing("the OCR engine is not installed: pip install rapidocr==3.10.0 "
                                  "onnxruntime==1.32.0") from exc
        root = Path(rapidocr.__file__).parent / "models"
    paths = {task: root / name for task, name in MODEL_FILES.items()}
    for task, path in paths.items():
        if not path.is_file():
            raise OcrModelMissing(
                f"OCR {'detection' if task == 'det' else 'recognition'} model missing: {path} "
                "(it ships in the rapidocr 3.10.0 wheel: pip install --force-reinstall "
                "rapidocr==3.10.0); nothing is downloaded")
    return paths


def _detect_side(grey: np.ndarray, settings: OcrSettings) -> int:
    if not settings.detect_dpi or settings.detect_dpi >= settings.dpi:
        return 0
    return round(max(grey.shape) * settings.detect_dpi / settings.dpi)


@lru_cache(maxsize=2)
def _engine(model_dir: str, options: EngineOptions) -> OcrEngine:
    """The detector's and recogniser's sessions on the given model files: loading them
    takes ~1 s, so one engine is kept per process and settings."""
    paths = model_paths(model_dir)
    return OcrEngine(paths["det"], paths["rec"], options)


__all__ = ["ALTERNATIVES", "DOUBTFUL", "MODEL_FILES", "UNSURE_BELOW", "Clock", "OcrModelMissing",
           "OcrPage", "OcrSettings", "TextRun",
           "binarise", "estimate_skew", "find_rules", "model_paths", "page_image",
           "read_ocr_page", "recognise", "rotate", "split_run", "wipe"]


class OcrReader:
    """The page read from its image (a :class:`~.base.PageReader`): for scanned
    pages, or every page with ``--ocr always``. The engine is loaded on the
    first page it reads."""

    name = "ocr"

    def __init__(self, settings: OcrSettings | None = None):
        self.settings = settings or OcrSettings()

    def read(self, doc: OpenPdf, number: int) -> PageContent | None:
        if doc.pdfium is None:  # a file pdfium cannot open cannot be rendered either
            return None
        with uninterrupted():
            width, height = doc.pdfium[number - 1].get_size()  # type: ignore[index]
        image = page_image(doc.pdfium, number, self.settings)
        page = read_ocr_page(image, number, width, height, self.settings)
        return replace(page.content, reader="ocr", confidence=page.char_confidence)
