"""Speed and memory of the extraction, beside the raw table passes of
pdfplumber and camelot on the same files, and how a batch scales with workers.

    python bench/bench.py             # everything (a few minutes on 2 cores)
    python bench/bench.py --quick     # no camelot, no 200-page document
    python bench/bench.py --profile   # also where the time goes in one document

Every measurement runs in a fresh process (``--measure METHOD FILE``), so its
peak memory is its own; the clock covers the work, not the imports. Pages per
second per core: one process reads the files one after the other.

Methods:
  pipeline    juesuan_extract.pipeline.extract (everything the tables need)
  pdfplumber  pdfplumber's raw pass: extract_tables() and extract_text() on every page
  camelot     camelot.read_pdf(flavor="lattice", pages="all")

Files: fixtures/pdfs/*.pdf, ../shared/corpus/final_accounts/*.pdf when present,
and a 200-page document made of fixture pages (pypdfium2) for peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pdfs"
CORPUS = Path(os.environ.get("JUESUAN_SHARED", ROOT.parent / "shared")) / "corpus" / "final_accounts"
LONG_PAGES = 200
METHODS = ("pipeline", "pdfplumber", "camelot")

# Targets of the batch issue.
MIN_SPEED_VS_PDFPLUMBER = 1.0
MIN_SPEED_VS_CAMELOT = 5.0
MAX_PEAK_MB = 500.0
MIN_SPEEDUP_2_JOBS = 1.8


# --- one measurement (in its own process) ---


def _run_pipeline(path: Path) -> int:
    from juesuan_extract.pipeline import extract

    doc = extract(path)
    if doc.status != "ok":
        raise SystemExit(f"{path}: {doc.error}")
    return doc.pages


def _run_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()
            page.close()
        return len(pdf.pages)


def _run_camelot(path: Path) -> int:
    import camelot
    import pypdfium2

    camelot.read_pdf(str(path), pages="all", flavor="lattice")
    return len(pypdfium2.PdfDocument(str(path)))


def _prepare(method: str) -> None:
    """Import what the method needs before the clock starts."""
    if method == "pipeline":
        import pdfplumber.table

        import juesuan_extract.pipeline  # noqa: F401
    elif method == "pdfplumber":
        import pdfplumber  # noqa: F401
    else:
        import camelot  # noqa: F401


def measure(method: str, path: Path) -> dict[str, float]:
    _prepare(method)
    run = {"pipeline": _run_pipeline, "pdfplumber": _run_pdfplumber, "camelot": _run_camelot}
    started = time.perf_counter()
    pages = run[method](path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": pages, "seconds": seconds, "peak_mb": peak_mb}


def measured(method: str, path: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--measure", method, str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{method} on {path.name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- inputs ---


def sample_files() -> list[Path]:
    files = sorted(FIXTURES.glob("*.pdf"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.pdf"))
    else:
        print(f"note: {CORPUS} is absent; fixtures only", file=sys.stderr)
    return files


def long_document(folder: Path, pages: int = LONG_PAGES) -> Path:
    """A document of ``pages`` pages made of fixture pages, one fixture after another."""
    import pypdfium2

    target = pypdfium2.PdfDocument.new()
    sources = [pypdfium2.PdfDocument(str(p)) for p in sorted(FIXTURES.glob("changji-*.pdf"))]
    while len(target) < pages:
        for source in sources:
            take = min(len(source), pages - len(target))
            if take <= 0:
                break
            target.import_pages(source, list(range(take)))
    path = folder / f"long-{pages}-pages.pdf"
    target.save(str(path))
    return path


def batch_folder(folder: Path, files: list[Path], copies: int = 2) -> Path:
    """Each sample file ``copies`` times with different bytes: distinct documents."""
    folder.mkdir()
    for pdf in files:
        for i in range(copies):
            (folder / f"{pdf.stem}-{i}.pdf").write_bytes(pdf.read_bytes() + f"\n% {i}\n".encode())
    return folder


# --- reporting ---


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / (1 << 30)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, load {load:.1f} at start")


def time_methods(methods: list[str], files: list[Path]) -> dict[str, dict[str, float]]:
    totals = {}
    for method in methods:
        pages = seconds = peak = 0.0
        for path in files:
            result = measured(method, path)
            pages += result["pages"]
            seconds += result["seconds"]
            peak = max(peak, result["peak_mb"])
            print(f"  {method:<10} {path.name:<45} {result['pages']:>4.0f} pages "
                  f"{result['seconds']:>7.2f} s  {result['peak_mb']:>6.0f} MB", file=sys.stderr)
        totals[method] = {"pages": pages, "seconds": seconds, "rate": pages / seconds,
                          "peak_mb": peak}
    return totals


def time_batch(folder: Path, jobs: int, work: Path, repeats: int = 2) -> dict[str, float]:
    """The best of ``repeats`` fresh runs: wall-clock time of the whole command,
    and of its extraction phase alone (as the command's summary gives it)."""
    best: dict[str, float] = {}
    for attempt in range(repeats):
        out = work / f"batch-out-{jobs}-{attempt}"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "juesuan_extract.batch.cli", str(folder),
                               "--out", str(out), "--jobs", str(jobs), "--no-progress"],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"batch --jobs {jobs} failed:\n{done.stderr[-2000:]}")
        phase = re.search(r"pages in ([0-9.]+) s", done.stderr)
        run = {"seconds": seconds, "extract_seconds": float(phase.group(1)) if phase else seconds,
               "pages": _batch_pages(out), "peak_mb": _batch_peak(out)}
        if not best or run["seconds"] < best["seconds"]:
            best = run
        shutil.rmtree(out, ignore_errors=True)
    best["rate"] = best["pages"] / best["seconds"]
    return best


def _batch_pages(out: Path) -> int:
    import csv

    with (out / "documents.csv").open(encoding="utf-8-sig") as fh:
        return sum(int(r["pages"] or 0) for r in csv.DictReader(fh))


def _batch_peak(out: Path) -> float:
    import sqlite3
    import zlib

    con = sqlite3.connect(out / ".juesuan" / "state.db")
    try:
        return max(json.loads(zlib.decompress(p))["peak_mb"]
                   for (p,) in con.execute("SELECT payload FROM results"))
    finally:
        con.close()


def profile(path: Path, top: int = 25) -> None:
    import cProfile
    import pstats

    from juesuan_extract.pipeline import extract

    profiler = cProfile.Profile()
    profiler.enable()
    extract(path)
    profiler.disable()
    print(f"\nwhere the time goes: {path.name} (cumulative, top {top})")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip camelot and the long document")
    parser.add_argument("--profile", action="store_true", help="profile one document")
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return

    print(f"machine: {machine()}")
    files = sample_files()
    methods = ["pipeline", "pdfplumber"] + ([] if args.quick else ["camelot"])
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    try:
        print(f"\n{len(files)} files, each method in a fresh process per file:", file=sys.stderr)
        speed = time_methods(methods, files)
        long_doc = None if args.quick else long_document(work)
        memory = time_methods(methods, [long_doc]) if long_doc else {}
        folder = batch_folder(work / "batch-in", files, copies=3)
        jobs1 = time_batch(folder, 1, work)
        jobs2 = time_batch(folder, 2, work)
        long_batch = (time_batch(batch_folder(work / "long-in", [long_doc], 1), 1, work, 1)
                      if long_doc else None)
        report(files, speed, memory, jobs1, jobs2, long_batch)
        missed = speed["pipeline"]["rate"] < MIN_SPEED_VS_PDFPLUMBER * speed["pdfplumber"]["rate"]
        if args.profile or missed:
            profile(long_doc or files[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(files, speed, memory, jobs1, jobs2, long_batch) -> None:
    pages = speed["pipeline"]["pages"]
    print(f"\nspeed: {len(files)} files, {pages:.0f} pages, one process (one core) per method")
    print(f"  {'method':<12}{'seconds':>9}{'pages/s/core':>14}{'peak MB':>9}"
          f"{'peak MB, ' + str(LONG_PAGES) + ' pages':>20}")
    for method, row in speed.items():
        long_peak = f"{memory[method]['peak_mb']:.0f}" if method in memory else "-"
        print(f"  {method:<12}{row['seconds']:>9.1f}{row['rate']:>14.1f}{row['peak_mb']:>9.0f}"
              f"{long_peak:>20}")
    ratio_plumber = speed["pipeline"]["rate"] / speed["pdfplumber"]["rate"]
    print(f"\nbatch: {jobs1['pages']:.0f} pages in {len(files) * 3} documents, every format "
          "(best of 2 runs each)")
    for name, run in (("--jobs 1", jobs1), ("--jobs 2", jobs2)):
        print(f"  {name}: {run['seconds']:.1f} s ({run['rate']:.1f} pages/s), of which "
              f"extraction {run['extract_seconds']:.1f} s; peak worker memory {run['peak_mb']:.0f} MB")
    speedup = jobs1["seconds"] / jobs2["seconds"]
    phase = jobs1["extract_seconds"] / jobs2["extract_seconds"]
    print(f"  speed-up: {speedup:.2f}x for the whole command, {phase:.2f}x for the extraction phase")
    print("\ntargets:")
    print(f"  pipeline vs pdfplumber raw pass: {ratio_plumber:.2f}x "
          f"(target >= {MIN_SPEED_VS_PDFPLUMBER:g}x): {verdict(ratio_plumber >= MIN_SPEED_VS_PDFPLUMBER)}")
    if "camelot" in speed:
        ratio_camelot = speed["pipeline"]["rate"] / speed["camelot"]["rate"]
        print(f"  pipeline vs camelot lattice: {ratio_camelot:.1f}x "
              f"(target >= {MIN_SPEED_VS_CAMELOT:g}x): {verdict(ratio_camelot >= MIN_SPEED_VS_CAMELOT)}")
    if long_batch:
        peak = max(memory["pipeline"]["peak_mb"], long_batch["peak_mb"])
        print(f"  peak memory on {LONG_PAGES} pages: pipeline {memory['pipeline']['peak_mb']:.0f} MB, "
              f"batch worker {long_batch['peak_mb']:.0f} MB "
              f"(target < {MAX_PEAK_MB:g} MB): {verdict(peak < MAX_PEAK_MB)}")
    print(f"  batch speed-up from 1 to 2 workers: {speedup:.2f}x "
          f"(target >= {MIN_SPEEDUP_2_JOBS:g}x on 2 cores): {verdict(speedup >= MIN_SPEEDUP_2_JOBS)}")


if __name__ == "__main__":
    main()
