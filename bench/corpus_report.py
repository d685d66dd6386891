#!/usr/bin/env python3
"""One line per PDF of ../shared/corpus and fixtures/pdfs: what the extractor made of it.

Run it after every change (``make corpus-report``) and compare with the table
in README.md: a change made for one document must not move another backwards
(statements lost, numbers unaccounted, checks failing).

    python bench/corpus_report.py [--markdown] [PDF or folder ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "corpus", ROOT / "fixtures" / "pdfs"]
COLUMNS = ("file", "kind", "pages", "statements", "rows", "eval", "facts", "printed", "captured",
           "unaccounted", "inconsistent", "doubtful", "seconds")


def pdfs(targets: list[Path]) -> list[Path]:
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found += sorted(target.rglob("*.pdf"))
        elif target.exists():
            found.append(target)
        else:
            print(f"corpus-report: {target} is absent, left out", file=sys.stderr)
    return found


def row(path: Path) -> dict[str, object]:
    from juesuan_extract.pipeline import extract

    started = time.perf_counter()
    doc = extract(path)
    seconds = time.perf_counter() - started
    where = path.relative_to(path.parents[1]) if len(path.parents) > 1 else path
    if doc.status == "failed":
        return {"file": str(where), "kind": f"failed: {doc.error_code}", "seconds": f"{seconds:.1f}"}
    return {
        "file": str(where),
        "kind": doc.doc_kind or "?",
        "pages": doc.pages,
        "statements": len(doc.statements),
        "rows": sum(len(s.values) for s in doc.statements),
        "eval": len(doc.evaluation_tables),
        "facts": len(doc.facts),
        # older versions of the extractor do not count numbers: shown as –
        "printed": getattr(doc, "numbers_printed", "–"),
        "captured": getattr(doc, "numbers_captured", "–"),
        "unaccounted": getattr(doc, "numbers_unaccounted", "–"),
        # failed checks: the document contradicts itself / the reading is in doubt
        "inconsistent": sum(1 for c in doc.checks if c.status == "fail" and c.verdict != "doubtful"),
        "doubtful": sum(1 for c in doc.checks if c.status == "fail" and c.verdict == "doubtful"),
        "seconds": f"{seconds:.1f}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", type=Path, default=DEFAULT)
    args = parser.parse_args()
    files = pdfs(args.targets)
    if not files:
        print("corpus-report: no PDF found", file=sys.stderr)
        return 1
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    totals = {"printed": 0, "unaccounted": 0, "inconsistent": 0, "doubtful": 0}
    for path in files:
        line = row(path)
        for key in totals:
            if isinstance(line.get(key), int):
                totals[key] += line[key]  # type: ignore[operator]
        print("| " + " | ".join(str(line.get(c, "")) for c in COLUMNS) + " |", flush=True)
    print(f"\n{len(files)} PDFs; {totals['printed']} numbers printed, {totals['unaccounted']} "
          f"unaccounted; failed checks: {totals['inconsistent']} inconsistent, "
          f"{totals['doubtful']} doubtful")
    return 0


if __name__ == "__main__":
    sys.exit(main())
