"""The text detector and recogniser (PP-OCRv6 on ONNX Runtime), run on a grey page image.

RapidOCR 3.10 ships the two models and the steps around them: the detector's box finding
(DB post-processing), the recogniser's CTC decoding and the placing of characters on a
line. This module runs the models itself and borrows those steps, for what RapidOCR's own
pipeline does not allow:

* one ONNX Runtime session per model and process, with the options chosen here (one
  thread per worker, no memory arena kept between pages);
* the detector sees the page shrunk straight from the grey image: no colour copy of the
  page, no float64 copy of it (RapidOCR's pipeline makes both, 12 and 67 MB at 200 dpi);
* lines are read in batches of like widths, and the recogniser's next best readings of
  each character come from that same reading, not from reading the line again;
* any crop can be recognised without detection (ink the detector passed over, cells).

Coordinates are pixels of the image given. Nothing is downloaded: sessions are made from
the model files by path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

# The recogniser reads lines scaled to this height (the model's input).
REC_HEIGHT = 48
# The detector needs sides that are multiples of this.
DET_MULTIPLE = 32
# Rows of context a band of the page is detected with on either side (see _text_map):
# at 120 dpi, 64 rows are 38 pt, two lines of table text and more than any title.
DET_CONTEXT = 64


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How the models are run; the defaults are :class:`~.ocr.OcrSettings`'s."""

    threads: int = 1
    # Lines narrower than this (pixels at 48 high) are padded to it.
    min_width: int = 160
    # Lines recognised in one run of the model at most.
    batch: int = 6
    # Pixels the detector sees at once at most (0: the whole page at once).
    det_pixels: int = 0


@dataclass(frozen=True, slots=True)
class Reading:
    """One crop as recognised.

    ``words``: RapidOCR's single-character results for the line, (character, probability,
    box in pixels of the page), or None where it could not place them. ``top``: for each
    character of ``text`` that is not a space, the recogniser's best readings at its step,
    (label, probability), best first; "" is CTC's blank (no character at all).
    """

    text: str
    score: float
    words: tuple | None
    top: tuple[tuple[tuple[str, float], ...], ...]


class OcrEngine:
    """The detector's and recogniser's sessions, made once per process."""

    def __init__(self, det_path: Path, rec_path: Path, options: EngineOptions):
        import onnxruntime as ort
        from rapidocr.ch_ppocr_det.utils import DBPostProcess
        from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

        self.options = options
        _return_freed_memory()
        so = ort.SessionOptions()
        so.log_severity_level = 4
        so.intra_op_num_threads = options.threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Without an arena the buffers of a page go back to the system after it: the
        # detector's working memory grows with the page's pixels.
        so.enable_cpu_mem_arena = False
        providers = ["CPUExecutionProvider"]
        self.det = ort.InferenceSession(str(det_path), so, providers=providers)
        self.rec = ort.InferenceSession(str(rec_path), so, providers=providers)
        # RapidOCR's defaults for PP-OCRv6 (its config.yaml, Det section).
        self.db = DBPostProcess(thresh=0.3, box_thresh=0.5, max_candidates=1000,
                                unclip_ratio=1.6, score_mode="fast", use_dilation=True)
        # The recogniser's alphabet is in its model file's metadata.
        alphabet = self.rec.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.ctc: Any = CTCLabelDecode(character=alphabet)

    # --- detection -----------------------------------------------------------

    def detect(self, grey: np.ndarray, side: int = 0) -> np.ndarray:
        """The text lines on ``grey`` as quadrilaterals (n × 4 × 2, float32, pixels of
        ``grey``), top to bottom and left to right; the detector sees the image shrunk
        to ``side`` pixels on its longest side (0: as it is)."""
        import cv2
        from rapidocr.ch_ppocr_det.main import TextDetector

        h, w = grey.shape
        ratio = side / max(h, w) if side and max(h, w) > side else 1.0
        size_h = max(DET_MULTIPLE, round(int(h * ratio) / DET_MULTIPLE) * DET_MULTIPLE)
        size_w = max(DET_MULTIPLE, round(int(w * ratio) / DET_MULTIPLE) * DET_MULTIPLE)
        small = cv2.resize(grey, (size_w, size_h))
        pred = self._text_map(small)
        del small
        boxes, scores = self.db(pred[np.newaxis, np.newaxis], (h, w))
        del pred
        if len(boxes) == 0:
            return np.zeros((0, 4, 2), dtype=np.float32)
        boxes, _ = self.db.filter_det_res(boxes, scores, h, w)
        if len(boxes) == 0:
            return np.zeros((0, 4, 2), dtype=np.float32)
        return TextDetector.sorted_boxes(np.asarray(boxes, dtype=np.float32))

    def _text_map(self, small: np.ndarray) -> np.ndarray:
        """The detector's text probability for each pixel of ``small`` (its sides
        multiples of 32), worked out in bands of rows so that its working memory, which
        grows with the pixels it sees at once, stays under the options' bound: each band
        sees ``DET_CONTEXT`` rows more on either side, and keeps only its own rows."""
        size_h, size_w = small.shape
        rows = max(4 * DET_CONTEXT, self.options.det_pixels // size_w // DET_MULTIPLE * DET_MULTIPLE)
        if not self.options.det_pixels or size_h <= rows:
            return self._run_det(small)
        core = rows - 2 * DET_CONTEXT
        pred = np.empty((size_h, size_w), dtype=np.float32)
        for top in range(0, size_h, core):
            bottom = min(size_h, top + core)
            w0, w1 = max(0, top - DET_CONTEXT), min(size_h, bottom + DET_CONTEXT)
            pred[top:bottom] = self._run_det(small[w0:w1])[top - w0:bottom - w0]
        return pred

    def _run_det(self, small: np.ndarray) -> np.ndarray:
        # RapidOCR's normalisation, (x / 255 - 0.5) / 0.5, on the three equal channels.
        plane = small.astype(np.float32) * np.float32(2 / 255) - np.float32(1)
        x = np.ascontiguousarray(np.broadcast_to(plane, (1, 3, *plane.shape)))
        del plane
        (pred,) = self.det.run(None, {self.det.get_inputs()[0].name: x})
        return pred[0, 0]

    # --- recognition ---------------------------------------------------------

    def recognise(self, crops: list[np.ndarray], quads: list[np.ndarray] | None = None,
                  keep: int = 3, doubt: float = 0.0, marks: str = "") -> list[Reading]:
        """Each grey crop read as one line; with ``quads`` (where each crop stands on the
        page) its characters are placed on the page. ``keep`` readings are kept at the
        step of each character read with less probability than ``doubt`` or in ``marks``."""
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        read: list[tuple[Reading, Any] | None] = [None] * len(crops)
        step = max(1, self.options.batch)
        for start in range(0, len(order), step):
            chunk = order[start:start + step]
            for i, pair in zip(chunk, self._read_batch([crops[i] for i in chunk], keep, doubt, marks)):
                read[i] = pair
        pairs = [p for p in read if p is not None]
        if quads is None:
            return [r for r, _ in pairs]
        return [self._place(crop, quad, r, info) for crop, quad, (r, info) in zip(crops, quads, pairs)]

    def _read_batch(self, crops: list[np.ndarray], keep: int, doubt: float, marks: str
                    ) -> list[tuple[Reading, Any]]:
        """The crops read in one run of the model, each with RapidOCR's word info (where
        its characters were read, for placing them)."""
        ratios = [c.shape[1] / c.shape[0] for c in crops]
        widest = max([self.options.min_width / REC_HEIGHT, *ratios])
        width = int(REC_HEIGHT * widest)
        batch = np.zeros((len(crops), 3, REC_HEIGHT, width), dtype=np.float32)
        for k, (crop, ratio) in enumerate(zip(crops, ratios)):
            batch[k, :, :, :] = _normalised(crop, ratio, width)
        (probs,) = self.rec.run(None, {self.rec.get_inputs()[0].name: batch})
        del batch
        best = probs.argmax(axis=2)
        lines, infos = self.ctc.decode(best, probs.max(axis=2), True, ratios, widest,
                                       remove_duplicate=True)
        alphabet = self.ctc.character
        return [(Reading(text, float(score), None,
                         _top(probs[k], best[k], text, alphabet, keep, doubt, marks)), info)
                for k, ((text, score), info) in enumerate(zip(lines, infos))]

    @staticmethod
    def _place(crop: np.ndarray, quad: np.ndarray, reading: Reading, info: Any) -> Reading:
        """The reading with its characters placed on the page (RapidOCR's character
        boxes), where they can be."""
        from rapidocr.cal_rec_boxes import CalRecBoxes
        from rapidocr.ch_ppocr_rec.typings import TextRecOutput

        if not reading.text.strip():
            return reading
        res: Any = TextRecOutput(txts=(reading.text,), word_results=(info,))
        shape: Any = _Shape((*crop.shape[:2], 3))
        res = CalRecBoxes()([shape], np.asarray([quad]), res, True)
        line = [(t, p, b) for t, p, b in res.word_results[0] if b is not None]
        return replace(reading, words=tuple(line) if line else None)


# glibc's mallopt parameter: allocations at least this large are mapped on their own.
_M_MMAP_THRESHOLD = -3


def _return_freed_memory() -> None:
    """Buffers of a megabyte and more (a page's tensors, its images) go back to the system
    when freed. glibc maps such buffers on their own at first, but raises that threshold
    after the first is freed, and later pages' buffers then come from a heap that does
    not shrink: without this a process grew by 100 MB over ten bench pages and stayed so.
    A fixed threshold also keeps it from rising. Elsewhere than glibc, nothing."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass


def crop_line(grey: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The line inside ``quad`` cut out and set level (RapidOCR's crop)."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    return get_rotate_crop_image(grey, np.array(quad, dtype=np.float32))


def _normalised(crop: np.ndarray, ratio: float, width: int) -> np.ndarray:
    """A grey crop as the recogniser takes it: 48 high, the width its ratio gives (at most
    ``width``), values in [-1, 1], padded with 0 on the right (RapidOCR's resize_norm_img)."""
    import cv2

    resized_w = min(width, int(math.ceil(REC_HEIGHT * ratio)))
    small = cv2.resize(crop, (resized_w, REC_HEIGHT)).astype(np.float32)
    out = np.zeros((REC_HEIGHT, width), dtype=np.float32)
    out[:, :resized_w] = small * np.float32(2 / 255) - np.float32(1)
    return out


def _top(probs: np.ndarray, best: np.ndarray, text: str, alphabet: list[str], keep: int,
         doubt: float, marks: str) -> tuple[tuple[tuple[str, float], ...], ...]:
    """The best ``keep`` readings at the step of each character of ``text`` that is not a
    space (the steps CTC decoding kept: not blank, not a repeat of the step before), for
    those read with less probability than ``doubt`` or among ``marks``; () for others."""
    steps = [t for t in range(len(best)) if best[t] != 0 and (t == 0 or best[t] != best[t - 1])]
    out: list[tuple[tuple[str, float], ...]] = []
    for t, ch in zip(steps, text):
        if ch.isspace():
            continue
        if probs[t, best[t]] >= doubt and ch not in marks:
            out.append(())
            continue
        labels = np.argpartition(-probs[t], keep)[:keep]
        labels = labels[np.argsort(-probs[t, labels])]
        out.append(tuple(("" if j == 0 else alphabet[j], float(probs[t, j])) for j in labels))
    return tuple(out)


class _Shape:
    """Only the shape of a crop, as RapidOCR's character placing asks for it."""

    def __init__(self, shape: tuple[int, ...]):
        self.shape = shape
        self.size = int(np.prod(shape))


__all__ = ["EngineOptions", "OcrEngine", "REC_HEIGHT", "Reading", "crop_line"]
