#!/usr/bin/env python3
"""One line per PDF of ../shared/corpus and fixtures/pdfs: what the extractor made of it.

Run it after every change (``make corpus-report``) and compare with the table
in README.md: a change made for one document must not move another backwards
(statements lost, numbers unaccounted, checks failing).

    python bench/corpus_report.py [--markdown] [PDF or folder ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "corpus", ROOT / "fixtures" / "pdfs"]
COLUMNS = ("file", "kind", "pages", "statements", "rows", "eval", "eval_printed", "facts", "printed",
           "captured",
           "unaccounted", "inconsistent", "doubtful", "seconds")
# 自评表 / 绩效目标表 titles as the text layer prints them, told apart from the
# extractor's own reading: a line ending so (its year after it), not a numbered
# heading (1.项目支出绩效目标表), a note (注：每一分项…绩效目标表) nor a contents
# entry; a title wrapped inside its
# key words is joined with the next line.
_EVAL_TITLE = re.compile(r"(自评表|绩效[^，。；]{0,6}评价表|绩效目标(申报|填报)?表|支出绩效表)"
                         r"([（(]\d{4}年度?[)）])?$")
_NOT_TITLE = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]"
                        r"|(注|说明|备注)[:：])")


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


def evaluation_printed(path: Path) -> int:
    """How many self-evaluation and target tables the PDF prints, counted from the
    titles in its text layer (pdfplumber), not by the extractor: the column beside
    ``eval`` (found). A title printed again on the next page over the same lines
    (a table whose title and header repeat on each page) is one table; a title
    printed once over several projects counts once."""
    import pdfplumber

    count, previous = 0, ("", -1, ())
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = [re.sub(r"\s+", "", ln) for ln in (page.extract_text() or "").splitlines()]
            lines = [ln for ln in lines if ln]
            if any("目录" in ln for ln in lines[:2]):
                continue
            for i, line in enumerate(lines):
                joined = line + (lines[i + 1] if i + 1 < len(lines) else "")
                if _NOT_TITLE.match(line) or "。" in line:
                    continue
                if not _EVAL_TITLE.search(line) and not (
                        _EVAL_TITLE.search(joined) and not _EVAL_TITLE.search(joined[len(line):])):
                    continue
                title, after = _EVAL_TITLE.sub("", line), tuple(lines[i + 1:i + 3])
                if not (title == previous[0] and number == previous[1] + 1 and after == previous[2]):
                    count += 1
                previous = (title, number, after)
    return count


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
        "eval_printed": evaluation_printed(path),
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
