"""OCR reader: accuracy, speed and memory at each rendering resolution, beside RapidOCR.

Scanned copies (fixtures/scanned/build.py, by default at 300 dpi) of ten fixture pages —
four statement pages, six narrative and self-evaluation pages — and of four of them
printed reduced to 0.7 (5.6–11 pt text) are read at 100, 150, 200 and 300 dpi, each
resolution in a fresh process on one thread, and compared with the text layer of the
original pages:

    .venv/bin/python bench/bench_ocr.py [--dpi 100,150,200,300] [--detect-dpi 140,200]
                                        [--scan-dpi 300] [--quality office|poor] [--no-plain]

Prints, per resolution and kind of page: pages per second of CPU time (pages/s on one
core, whatever else the machine runs) and peak memory (RSS) of the process; characters
and amounts recovered (an amount counts when read exactly, within 6 pt of where it is
printed); amounts whose value was read wrong where they are printed, how many of those
the lowest confidence of their characters (below 0.9) does not flag, amounts not read
at all, and how many right ones are flagged; ruling found; the largest skew error; how
far characters stand from where they are printed (median over pages). Then where the
time goes, seconds of CPU per page: rendering, preparing (ink, skew, ruling), detection,
recognition, fitting characters to their ink, and the second pass over ink no line
covers.

Last, at the first resolution, the same pages (each scan file as a document) through a
whole ``juesuan extract`` and through RapidOCR's own pipeline (its defaults, the models
it ships, one thread), each in a fresh process: seconds of CPU and peak memory per
page, and their ratio. Seconds are CPU seconds of the process (user + system, ONNX
Runtime on one thread), so the figures hold on a busy machine; peak memory is the
process's largest resident set, models included.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("statements-shuiwu-rects.pdf", [2, 3, 9]),
    ("statements-dangan-threeline.pdf", [7]),
    ("changji-kexie-2023-word.pdf", [1, 4, 8, 13, 16, 25]),
]
# The same kinds of page printed reduced (5.6–11 pt text): where resolution tells.
SMALL = [
    ("statements-shuiwu-rects.pdf", [3, 9]),
    ("changji-kexie-2023-word.pdf", [4, 16]),
]
SHRINK = 0.7
# A wrong amount is flagged when one of its characters is read with less confidence.
FLAG_BELOW = 0.9  # ocr_page.UNSURE_BELOW


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def build_scans(folder: Path, dpi: int, quality: str) -> list[dict]:
    """Scanned copies in ``folder``: one entry per copy, with its original."""
    scanned = _load("scanned_build", ROOT / "fixtures" / "scanned" / "build.py")
    entries = []
    for kind, sources in (("normal", PAGES), ("small", SMALL)):
        for name, pages in sources:
            original, numbers = ROOT / "fixtures" / "pdfs" / name, pages
            if kind == "small":
                original = folder / f"small-{name}"
                scanned.shrink_pdf(ROOT / "fixtures" / "pdfs" / name, original, pages, SHRINK)
                numbers = list(range(1, len(pages) + 1))
            dst = folder / f"scan-{kind}-{name}"
            infos = scanned.scan_pdf(original, dst, dpi=dpi, pages=numbers, quality=quality)
            entries.append({"kind": kind, "name": name, "original": str(original),
                            "numbers": numbers, "scan": str(dst),
                            "angles": [i.angle for i in infos]})
    return entries


def measure(folder: Path, dpi: int, detect_dpi: int) -> dict:
    """Run in a fresh process: read every page at ``dpi`` and compare."""
    import pypdfium2

    from juesuan_extract.read.ingest import open_pdf, read_page
    from juesuan_extract.read.ocr import OcrSettings, page_image, read_ocr_page

    compare = _load("scanned_compare", ROOT / "fixtures" / "scanned" / "compare.py")
    settings = OcrSettings(dpi=dpi, detect_dpi=detect_dpi)
    entries = json.loads((folder / "scans.json").read_text())
    with pypdfium2.PdfDocument(entries[0]["scan"]) as first:  # load the models untimed
        read_ocr_page(page_image(first, 1, settings), 1, *first[0].get_size(), settings)
    rows = []
    for entry in entries:
        original = open_pdf(Path(entry["original"]))
        scan = pypdfium2.PdfDocument(entry["scan"])
        for k, number in enumerate(entry["numbers"]):
            # CPU time, not wall time: the machine's other work does not count, and a
            # page's CPU seconds are what a core spends on it.
            start = time.process_time()
            image = page_image(scan, k + 1, settings)
            rendered = time.process_time() - start
            page = read_ocr_page(image, number, *scan[k].get_size(), settings)
            seconds = time.process_time() - start
            stages = {"render": rendered, **page.seconds}
            del image
            want = read_page(original, number)
            m = compare.compare(want, page.content)
            offsets = sorted(compare.char_offsets(want, page.content))
            outcomes = compare.amount_outcomes(want, page.content, page.char_confidence)
            rows.append({"kind": entry["kind"], "file": entry["name"], "page": number,
                         "seconds": seconds, "stages": stages, "chars": m.chars, "char_recall": m.char_recall,
                         "char_precision": m.char_precision, "amounts": m.amounts,
                         "amount_recall": m.amount_recall, "missed": m.missed_amounts,
                         "outcomes": [(o.printed, o.read, round(o.confidence, 3))
                                      for o in outcomes if not o.right],
                         "flagged_right": sum(1 for o in outcomes
                                              if o.right and o.flagged(FLAG_BELOW)),
                         "ruling_found": m.ruling_found, "ruling_spurious": m.ruling_spurious,
                         "skew_error": abs(page.skew_degrees - entry["angles"][k]),
                         "offset_median": offsets[len(offsets) // 2] if offsets else 0.0})
        scan.close()
        original.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"dpi": dpi, "detect_dpi": detect_dpi, "peak_mb": peak, "rows": rows}


def summary(result: dict, kind: str) -> str:
    rows = [r for r in result["rows"] if r["kind"] == kind]
    chars = sum(r["chars"] for r in rows)
    amounts = sum(r["amounts"] for r in rows)
    char_recall = sum(r["char_recall"] * r["chars"] for r in rows) / chars
    char_precision = sum(r["char_precision"] * r["chars"] for r in rows) / chars
    amount_recall = sum(r["amount_recall"] * r["amounts"] for r in rows) / amounts
    wrong = [o for r in rows for o in r["outcomes"]]
    missing = sum(1 for o in wrong if not o[1])
    silent = sum(1 for o in wrong if o[1] and o[2] >= FLAG_BELOW)
    false_flags = sum(r["flagged_right"] for r in rows)
    ruling = min(r["ruling_found"] for r in rows)
    spurious = sum(r["ruling_spurious"] for r in rows)
    skew = max(r["skew_error"] for r in rows)
    offset = sorted(r["offset_median"] for r in rows)[len(rows) // 2]
    speed = len(rows) / sum(r["seconds"] for r in rows)
    detect = min(result["detect_dpi"] or result["dpi"], result["dpi"])
    return (f"{kind:>6} {result['dpi']:>4} dpi (detect {detect:>3})  "
            f"{speed:.2f} pages/s  {result['peak_mb']:.0f} MB  chars {char_recall:.2%} / "
            f"{char_precision:.2%}  amounts {amount_recall:.2%} of {amounts}; wrong values "
            f"{len(wrong) - missing} ({silent} not flagged), missing {missing}, right but "
            f"flagged {false_flags}  ruling {ruling:.0%}, "
            f"{spurious} spurious  skew ±{skew:.2f}°  boxes ±{offset:.2f} pt")


STAGES = ("render", "prepare", "detect", "recognise", "fit", "unread", "unread_recognise")


def breakdown(result: dict, kind: str) -> str:
    """Seconds of CPU per page in each stage, and the share of the whole."""
    rows = [r for r in result["rows"] if r["kind"] == kind]
    total = sum(r["seconds"] for r in rows)
    parts = []
    for stage in STAGES:
        spent = sum(r["stages"].get(stage, 0.0) for r in rows)
        parts.append(f"{stage} {spent / len(rows):.2f} ({spent / total:.0%})")
    return f"{'':>6} s/page: " + ", ".join(parts)


def measure_extract(folder: Path) -> dict:
    """Run in a fresh process: each scan file through a whole extract."""
    from juesuan_extract.pipeline import extract

    entries = json.loads((folder / "scans.json").read_text())
    extract(Path(entries[0]["scan"]), ocr="auto")  # load the models untimed
    start = time.process_time()
    pages = sum(extract(Path(e["scan"]), ocr="auto").pages for e in entries)
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"what": "juesuan extract", "pages": pages, "seconds": seconds, "peak_mb": peak}


def measure_plain(folder: Path, dpi: int) -> dict:
    """Run in a fresh process: the same pages, rendered alike, through RapidOCR's own
    pipeline with its defaults (its shipped models by path, one ONNX Runtime thread)."""
    import numpy as np
    import pypdfium2
    from rapidocr import RapidOCR
    from rapidocr.ch_ppocr_det.main import TextDetector
    from rapidocr.ch_ppocr_rec.main import TextRecognizer

    from juesuan_extract.read.ocr import OcrSettings, model_paths, page_image

    paths = model_paths()
    engine = RapidOCR(params={"Global.log_level": "error", "Det.model_path": str(paths["det"]),
                              "Rec.model_path": str(paths["rec"]), "Global.use_cls": False,
                              "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                              "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    spent = {"detect": 0.0, "recognise": 0.0}

    def timed(stage, call):
        def run(*args, **kwargs):
            start = time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - start
        return run

    TextDetector.__call__ = timed("detect", TextDetector.__call__)  # type: ignore[method-assign]
    TextRecognizer.__call__ = timed("recognise", TextRecognizer.__call__)  # type: ignore[method-assign]
    settings = OcrSettings(dpi=dpi)
    entries = json.loads((folder / "scans.json").read_text())
    with pypdfium2.PdfDocument(entries[0]["scan"]) as first:  # load the models untimed
        engine(np.asarray(page_image(first, 1, settings)))
    spent.update(detect=0.0, recognise=0.0)
    pages, seconds = 0, 0.0
    for entry in entries:
        with pypdfium2.PdfDocument(entry["scan"]) as scan:
            for k in range(len(entry["numbers"])):
                start = time.process_time()
                engine(np.asarray(page_image(scan, k + 1, settings)))
                seconds += time.process_time() - start
                pages += 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"what": "RapidOCR pipeline", "pages": pages, "seconds": seconds, "peak_mb": peak,
            "stages": spent}


def _fresh(args: list[str]) -> dict:
    """One measurement in a fresh process, pinned to one core where taskset is at hand."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    out = subprocess.run([*pin, sys.executable, __file__, *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="100,150,200,300")
    parser.add_argument("--detect-dpi", default="",
                        help="0: the full image; by default the reader's (OcrSettings)")
    parser.add_argument("--scan-dpi", type=int, default=300, help="resolution of the scans")
    parser.add_argument("--quality", default="office", help="of the scans: office or poor")
    parser.add_argument("--no-plain", action="store_true",
                        help="leave out the whole extract and RapidOCR's own pipeline")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)  # folder dpi detect_dpi
    parser.add_argument("--measure-extract", help=argparse.SUPPRESS)  # folder
    parser.add_argument("--measure-plain", nargs=2, help=argparse.SUPPRESS)  # folder dpi
    parser.add_argument("--details", action="store_true", help="print every page")
    args = parser.parse_args()
    if args.measure:
        folder, dpi, detect = args.measure
        print(json.dumps(measure(Path(folder), int(dpi), int(detect))))
        return 0
    if args.measure_extract:
        print(json.dumps(measure_extract(Path(args.measure_extract))))
        return 0
    if args.measure_plain:
        folder, dpi = args.measure_plain
        print(json.dumps(measure_plain(Path(folder), int(dpi))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        entries = build_scans(folder, args.scan_dpi, args.quality)
        (folder / "scans.json").write_text(json.dumps(entries))
        print(f"scans at {args.scan_dpi} dpi, {args.quality} quality", flush=True)
        if not args.detect_dpi:
            sys.path.insert(0, str(ROOT / "src"))
            from juesuan_extract.read.ocr import OcrSettings

            args.detect_dpi = str(OcrSettings().detect_dpi)
        for detect in (int(s) for s in args.detect_dpi.split(",")):
            for dpi in (int(d) for d in args.dpi.split(",")):
                result = _fresh(["--measure", str(folder), str(dpi), str(detect)])
                for kind in ("normal", "small"):
                    print(summary(result, kind), flush=True)
                    print(breakdown(result, kind), flush=True)
                if args.details:
                    for r in result["rows"]:
                        print("   ", json.dumps(r, ensure_ascii=False))
        if not args.no_plain:
            dpi = int(args.dpi.split(",")[0])
            ours = _fresh(["--measure-extract", str(folder)])
            plain = _fresh(["--measure-plain", str(folder), str(dpi)])
            for r in (ours, plain):
                per_page = r["seconds"] / r["pages"]
                print(f"{r['what']:>18} {dpi} dpi, {r['pages']} pages: {per_page:.2f} s/page "
                      f"({1 / per_page:.2f} pages/s per core), peak {r['peak_mb']:.0f} MB", flush=True)
            stages = ", ".join(f"{k} {v / plain['pages']:.2f}" for k, v in plain["stages"].items())
            print(f"{'':>18} RapidOCR s/page: {stages}")
            ratio = (ours["seconds"] / ours["pages"]) / (plain["seconds"] / plain["pages"])
            print(f"{'':>18} a whole extract costs {ratio:.2f}× RapidOCR's pipeline per page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
