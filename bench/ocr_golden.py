"""Scanned copies against their text version's golden: how many values OCR gets right.

Each document is scanned (fixtures/scanned/build.py, 200 dpi, office quality), read
with ``--ocr auto`` and compared value by value with the golden files of the text
version: statement values (by statement, 科目编码 and column), the numbers of the
self-evaluation tables (funds and indicator rows, by table and row) and the numbers of
the narrative facts (value, change amount and change share, by fact and qualifier).
A value read differently counts as *flagged* when it was read with low confidence or
stands on a page where a check fails; otherwise it is a silent error, listed.

    .venv/bin/python bench/ocr_golden.py [NAME ...] [--seed 7] [--keep DIR]

NAME is a fixture (fixtures/pdfs/NAME.pdf, golden under golden/statements-fixtures or
golden/changji-kexie-2023) or a corpus document (../shared/corpus/final_accounts,
golden/corpus/NAME); by default all that have golden files.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
CORPUS = ROOT.parent / "shared" / "corpus" / "final_accounts"
SEED = ["changji-kexie-2023-word"]
FIXTURES = ["statements-dangan-threeline", "statements-shuiwu-rects"]
CORPUS_DOCS = ["caizhengju-2024-with-errors", "shehuigongzuobu-2024"]


@dataclass
class Tally:
    same: int = 0
    flagged: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.same + len(self.flagged) + len(self.silent)

    def line(self, what: str) -> str:
        share = self.same / self.total if self.total else 1.0
        return (f"  {what:<22} {self.same:>4} of {self.total:<4} ({share:7.2%})  "
                f"flagged {len(self.flagged):>3}  silent {len(self.silent):>3}")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None


def _source(name: str) -> tuple[Path, Path]:
    """The text version and the folder of its golden files."""
    if name in CORPUS_DOCS or (CORPUS / f"{name}.pdf").exists():
        return CORPUS / f"{name}.pdf", GOLDEN / "corpus" / name
    if name.startswith("changji-kexie-2023"):
        return ROOT / "fixtures" / "pdfs" / f"{name}.pdf", GOLDEN / "changji-kexie-2023"
    return ROOT / "fixtures" / "pdfs" / f"{name}.pdf", GOLDEN / "statements-fixtures" / name


def statements(doc, golden: Path, failing: set[int], low: float) -> Tally:
    tally = Tally()
    read: dict[tuple[str, str, str], list] = {}
    for s in doc.statements:
        for v in s.values:
            read.setdefault((s.name, v.code, v.column), []).append(v)
    for row in _rows(golden / "statement_rows.csv"):
        key = (row["statement"], row["code"], row["column_path"])
        found = read.get(key, [])
        if any(v.value == Decimal(row["value"]) for v in found):
            tally.same += 1
            continue
        flagged = any(v.confidence is not None and v.confidence < low for v in found) \
            or int(row["page"]) in failing
        note = f"p{row['page']} {'/'.join(key)} = {row['value']}, read {[str(v.value) for v in found]}"
        (tally.flagged if flagged else tally.silent).append(note)
    return tally


def _numeric_cells(rows: list[dict[str, str]], keys: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    for row in rows:
        for name, text in row.items():
            if name not in keys and _number(text or "") is not None:
                yield "/".join(row[k] for k in keys), name, text


def evaluation(doc, golden: Path, failing: set[int], low: float) -> Tally:
    from juesuan_extract.output.records import cell_value, to_records

    tally = Tally()
    records = to_records(doc)
    for table, keys in (("evaluation_funds", ("table_seq", "seq")),
                        ("evaluation_indicators", ("table_seq", "seq"))):
        path = golden / f"{table}.csv"
        if not path.exists():
            continue
        got = {"/".join(str(cell_value(r[k])) for k in keys): r for r in records[table]}
        pages = {t.table_seq: range(t.page_start, t.page_end + 1) for t in doc.evaluation_tables}
        unsure = {f"{t.table_seq}/{r.seq}" for t in doc.evaluation_tables
                  for r in (t.funds if table == "evaluation_funds" else t.indicators)
                  if r.confidence is not None and r.confidence < low}
        for where, name, text in _numeric_cells(_rows(path), keys):
            row = got.get(where)
            value = cell_value(row.get(name)) if row else ""
            if _number(str(value)) == _number(text):
                tally.same += 1
                continue
            seq = int(where.split("/")[0])
            flagged = where in unsure or any(p in failing for p in pages.get(seq, ()))
            note = f"{table} {where} {name} = {text}, read {value!r}"
            (tally.flagged if flagged else tally.silent).append(note)
    return tally


FACT_NUMBERS = ("value", "change_amount", "change_pct")


def facts(doc, golden: Path, failing: set[int]) -> Tally:
    tally = Tally()
    path = golden / "facts.csv"
    if not path.exists():
        return tally
    left = list(doc.facts)
    for row in _rows(path):
        want = tuple(_number(row[k]) for k in FACT_NUMBERS)
        same = [f for f in left if (f.fact, f.qualifier) == (row["fact"], row["qualifier"])]
        exact = [f for f in same if (f.value, f.change_amount, f.change_pct) == want]
        if exact:
            left.remove(exact[0])
            tally.same += sum(1 for w in want if w is not None)
            continue
        near = same[0] if same else None
        if near is not None:
            left.remove(near)
        got = (near.value, near.change_amount, near.change_pct) if near else (None,) * 3
        for name, w, g in zip(FACT_NUMBERS, want, got):
            if w is None:
                continue
            if w == g:
                tally.same += 1
                continue
            flagged = near is not None and near.page in failing
            note = f"fact {row['fact']}/{row['qualifier']} {name} = {w}, read {g}"
            (tally.flagged if flagged else tally.silent).append(note)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the scanned copies in this folder")
    parser.add_argument("--details", action="store_true", help="list flagged values too")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    spec = importlib.util.spec_from_file_location("scan_build", ROOT / "fixtures" / "scanned" / "build.py")
    scanned = importlib.util.module_from_spec(spec)
    sys.modules["scan_build"] = scanned
    spec.loader.exec_module(scanned)  # type: ignore[union-attr]
    from juesuan_extract.checks.ocr import LOW_CONFIDENCE
    from juesuan_extract.pipeline import extract

    names = args.names or [n for n in SEED + FIXTURES + CORPUS_DOCS if _source(n)[0].exists()]
    totals = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            original, golden = _source(name)
            if not original.exists():
                print(f"{name}: {original} is absent, skipped")
                continue
            scan = folder / f"{name}-scan.pdf"
            if not scan.exists():
                scanned.scan_pdf(original, scan, dpi=200, seed=args.seed)
            start = time.perf_counter()
            doc = extract(scan, ocr="auto")
            seconds = time.perf_counter() - start
            failing = {p for c in doc.checks if c.status == "fail" for p in c.pages}
            print(f"{name}: {doc.status}, {doc.pages} pages, {len(doc.ocr_pages)} by OCR, "
                  f"{seconds:.0f} s", flush=True)
            parts = []
            if (golden / "statement_rows.csv").exists():
                parts.append(("statements", statements(doc, golden, failing, LOW_CONFIDENCE)))
            if (golden / "evaluation_funds.csv").exists():
                parts.append(("self-evaluation", evaluation(doc, golden, failing, LOW_CONFIDENCE)))
            if (golden / "facts.csv").exists():
                parts.append(("facts", facts(doc, golden, failing)))
            for what, tally in parts:
                print(tally.line(what))
                for note in tally.silent + (tally.flagged if args.details else []):
                    print("      ", "SILENT " if note in tally.silent else "flagged", note)
                totals.same += tally.same
                totals.flagged += tally.flagged
                totals.silent += tally.silent
    print(totals.line("all"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
