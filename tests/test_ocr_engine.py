"""The detector and recogniser as the OCR reader runs them (read/ocr_engine.py).

The engine runs RapidOCR's models itself; these tests hold it to RapidOCR's own steps
where it means to do the same (a line's normalisation), and to itself where it works
differently (a page detected in bands of rows against the page detected at once).
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pypdfium2
import pytest

from conftest import FIXTURES, ROOT
from juesuan_extract.read import ocr_engine
from juesuan_extract.read.ocr import OcrSettings, model_paths, page_image
from juesuan_extract.read.ocr_engine import EngineOptions, OcrEngine, Reading


def _scanned():
    spec = importlib.util.spec_from_file_location("scan_build", ROOT / "fixtures" / "scanned" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["scan_build"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def statement_page(tmp_path_factory) -> np.ndarray:
    """A scanned statement page (ruled, 94 amounts, split codes), grey at 200 dpi."""
    path = tmp_path_factory.mktemp("engine") / "page.pdf"
    _scanned().scan_pdf(FIXTURES / "statements-shuiwu-rects.pdf", path, dpi=200, pages=[3], seed=7)
    with pypdfium2.PdfDocument(path) as pdf:
        return np.asarray(page_image(pdf, 1, OcrSettings(dpi=200)))


def _engine(**options) -> OcrEngine:
    paths = model_paths()
    return OcrEngine(paths["det"], paths["rec"], EngineOptions(**options))


def test_a_line_is_normalised_as_rapidocr_does_it():
    from rapidocr.ch_ppocr_rec.main import TextRecognizer

    rng = np.random.default_rng(0)
    crop = rng.integers(0, 256, (31, 140), dtype=np.uint8)
    colour = np.repeat(crop[:, :, np.newaxis], 3, axis=2)
    recogniser = TextRecognizer.__new__(TextRecognizer)
    recogniser.rec_image_shape = [3, 48, 160]
    ratio = 140 / 31
    want = recogniser.resize_norm_img(colour, max(ratio, 160 / 48))
    got = ocr_engine._normalised(crop, ratio, want.shape[2])
    # the same to float32 rounding (one multiply-add here, a divide and two steps there)
    assert np.allclose(np.broadcast_to(got, want.shape), want, rtol=0, atol=1e-6)


def test_a_page_detected_in_bands_finds_the_lines_found_at_once(statement_page):
    """Bands of rows, each seen with context above and below, stitched into one text
    map: the lines are those of the page detected at once. The detector weighs its
    features by their mean over what it sees, so a band's box edges move by a pixel or
    a few (the characters' edges are then taken from their ink): on this page, in
    bands of 300,000 pixels, 248 of 254 lines within 4 px, all within 8."""
    side = round(max(statement_page.shape) * 170 / 200)
    whole = _engine().detect(statement_page, side)
    banded = _engine(det_pixels=300_000).detect(statement_page, side)
    assert len(whole) > 200
    assert abs(len(banded) - len(whole)) <= 2

    apart = np.array([np.abs(banded - q).max(axis=(1, 2)).min() for q in whole])
    assert (apart <= 4).sum() >= 0.95 * len(whole), sorted(apart)[-5:]
    assert apart.max() <= 8


def test_unsure_characters_come_with_their_next_readings(statement_page):
    engine = _engine()
    quads = engine.detect(statement_page, 1400)[:40]
    crops = [ocr_engine.crop_line(statement_page, q) for q in quads]
    readings = engine.recognise(crops, list(quads), keep=3, doubt=0.9, marks=".,")
    assert len(readings) == len(crops)
    for r in readings:
        assert isinstance(r, Reading)
        visible = [c for c in r.text if not c.isspace()]
        assert len(r.top) == len(visible)
        for ch, top in zip(visible, r.top):
            if not top:
                continue
            assert len(top) == 3
            assert [p for _, p in top] == sorted((p for _, p in top), reverse=True)
            assert ch in ".," or top[0][1] < 0.9
    # every mark read comes with its readings, whatever its probability
    marks = [(c, t) for r in readings for c, t in zip([c for c in r.text if not c.isspace()], r.top)
             if c in ".,"]
    assert marks and all(t for _, t in marks)
    # characters are placed on the page, inside their line's box
    placed = [r for r in readings if r.words]
    assert len(placed) >= 0.9 * len(readings)
