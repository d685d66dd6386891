"""OCR reader: accuracy, speed and memory at each rendering resolution.

Scanned copies (fixtures/scanned/build.py, by default at 300 dpi) of ten fixture pages —
four statement pages, six narrative and self-evaluation pages — and of four of them
printed reduced to 0.7 (5.6–11 pt text) are read at 100, 150, 200 and 300 dpi, each
resolution in a fresh process on one thread, and compared with the text layer of the
original pages:

    .venv/bin/python bench/bench_ocr.py [--dpi 100,150,200,300] [--detect-dpi 140,200]
                                        [--scan-dpi 300] [--quality office|poor]

Prints, per resolution and kind of page: pages per second of CPU time (pages/s on one
core, whatever else the machine runs) and peak memory (RSS) of the process; characters and amounts recovered (an amount counts when read exactly,
within 6 pt of where it is printed); amounts whose value was read wrong where they are
printed, how many of those the lowest confidence of their characters (below 0.9) does
not flag, amounts not read at all, and how many right ones are flagged; ruling found; the largest skew error; how far characters stand from where they
are printed (median over pages).
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
            page = read_ocr_page(image, number, *scan[k].get_size(), settings)
            seconds = time.process_time() - start
            want = read_page(original, number)
            m = compare.compare(want, page.content)
            offsets = sorted(compare.char_offsets(want, page.content))
            outcomes = compare.amount_outcomes(want, page.content, page.char_confidence)
            rows.append({"kind": entry["kind"], "file": entry["name"], "page": number,
                         "seconds": seconds, "chars": m.chars, "char_recall": m.char_recall,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="100,150,200,300")
    parser.add_argument("--detect-dpi", default="",
                        help="0: the full image; by default the reader's (OcrSettings)")
    parser.add_argument("--scan-dpi", type=int, default=300, help="resolution of the scans")
    parser.add_argument("--quality", default="office", help="of the scans: office or poor")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)  # folder dpi detect_dpi
    parser.add_argument("--details", action="store_true", help="print every page")
    args = parser.parse_args()
    if args.measure:
        folder, dpi, detect = args.measure
        print(json.dumps(measure(Path(folder), int(dpi), int(detect))))
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
                # one core: the process is pinned to it where taskset is at hand
                pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
                out = subprocess.run([*pin, sys.executable, __file__, "--measure", str(folder),
                                      str(dpi), str(detect)], check=True, capture_output=True,
                                     text=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                for kind in ("normal", "small"):
                    print(summary(result, kind), flush=True)
                if args.details:
                    for r in result["rows"]:
                        print("   ", json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
