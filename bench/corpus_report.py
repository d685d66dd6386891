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
COLUMNS = ("file", "kind", "meta", "pages", "titles", "statements", "unclassified", "rows",
           "eval_printed", "eval", "facts", "printed", "captured", "unaccounted", "inconsistent",
           "doubtful", "seconds")
EXPECTED = ROOT.parent / "shared" / "corpus" / "expected.csv"
# A statement's title as the text layer prints it, told apart from the extractor's own
# reading: a short line ending in 表 (its qualifier in brackets after it), not a part
# heading (第二部分 …部门预算表) or a heading over them all (…2024年度部门决算表), a
# contents page's entry, nor a self-evaluation or target table's title.
_TABLE_TITLE = re.compile(r"表([（(][^（()）]{1,20}[)）])?$")
_NOT_TABLE_TITLE = re.compile(r"^(第[一二三四五六七八九十]+部分|附件|[（(])|自评表|绩效目标|绩效表|说明|目录"
                              r"|(部门|单位)(决算|预算)表$")
MAX_TITLE_CHARS = 50
_ENUMERATED = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


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


def titles_printed(path: Path) -> int:
    """How many statement tables the PDF prints, counted from the titles in its text
    layer (pdfplumber), not by the extractor: the distinct titles of lines that are
    one (a list of the tables in the text, numbered 一、 or （一）, is left out; a
    title printed again over a table's next page is one table)."""
    import pdfplumber

    titles: set[str] = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = [re.sub(r"\s+", "", ln) for ln in (page.extract_text() or "").splitlines()]
            lines = [ln for ln in lines if ln]
            if any("目录" in ln for ln in lines[:2]):
                continue
            for line in lines:
                title = re.sub(r"^(公开\d+表|附?表\d+[:：]?)", "", line)
                if 4 <= len(title) <= MAX_TITLE_CHARS and "。" not in title \
                        and _TABLE_TITLE.search(title) and not _NOT_TABLE_TITLE.search(title) \
                        and not _ENUMERATED.match(title):
                    titles.add(title)
    return len(titles)


def _expected() -> dict[str, dict[str, str]]:
    if not EXPECTED.exists():
        return {}
    import csv

    with EXPECTED.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def _metadata(doc, path: Path, expected: dict[str, dict[str, str]]) -> str:
    """✓ when unit, year and 预算/决算 are what the cover prints (expected.csv), else
    the fields that differ; '' for a file expected.csv does not list."""
    key = next((k for k in expected if path.as_posix().endswith(k)), None)
    if key is None:
        return ""
    want = expected[key]
    family = "预算" if doc.doc_kind.endswith("预算") else "决算" if doc.doc_kind.endswith("决算") else ""
    unit = re.sub(r"[（(](汇总|本级)[)）]$", "", doc.unit_name)  # a scope printed after the name
    wrong = [name for name, ok in (
        ("unit", want["unit_name"] in (doc.unit_name, unit)),
        ("year", want["fiscal_year"] == str(doc.fiscal_year or "")),
        ("kind", want["family"] == family)) if not ok]
    return "✓" if not wrong else "✗ " + ",".join(wrong)


def row(path: Path, expected: dict[str, dict[str, str]] | None = None) -> dict[str, object]:
    from juesuan_extract.pipeline import read_document

    started = time.perf_counter()
    reading = read_document(path)
    doc = reading.result
    seconds = time.perf_counter() - started
    where = path.relative_to(path.parents[1]) if len(path.parents) > 1 else path
    if doc.status == "failed":
        return {"file": str(where), "kind": f"failed: {doc.error_code}", "seconds": f"{seconds:.1f}"}
    return {
        "file": str(where),
        "kind": doc.doc_kind or "?",
        "meta": _metadata(doc, path, expected or {}),
        "pages": doc.pages,
        "titles": titles_printed(path),
        "statements": len([s for s in doc.statements if s.name]),
        "unclassified": sum(1 for t in reading.tables if t.group.kind == "other"),
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
    expected = _expected()
    for path in files:
        line = row(path, expected)
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
