"""Compare extracted records with the hand-written golden CSV files.

Golden files hold the content only (no doc_id, no page numbers, which differ
between fixture variants). Set JUESUAN_UPDATE_GOLDEN=1 to write what the
extractor produced next to each golden file as ``*.csv.new`` for review; the
comparison still fails, so an update can never pass silently.
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path

NUMERIC = {
    "total_score", "budget_initial", "budget_full_year", "executed", "weight",
    "execution_rate", "score", "fiscal_year", "seq", "table_seq", "level", "value",
    "page", "page_start", "page_end", "total_weight", "funds_weight", "funds_execution_rate",
    "funds_score", "budget_fiscal", "budget_other", "executed_fiscal", "executed_other",
}
UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _same(field: str, expected: str, actual: str) -> bool:
    if field in NUMERIC and expected and actual:
        try:
            return Decimal(expected) == Decimal(actual)
        except InvalidOperation:
            return expected == actual
    return expected == actual


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:38] + " … " + text[-38:]


def _keyed(rows: list[dict[str, str]], key: tuple[str, ...]):
    """Rows with their key; a repeated key gets an occurrence number (#2, #3 …)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        k = tuple(row.get(f, "") for f in key)
        seen[k] = seen.get(k, 0) + 1
        yield (k + (f"#{seen[k]}",) if seen[k] > 1 else k), row


def compare(golden_path: Path, actual: list[dict[str, str]], key: tuple[str, ...]) -> list[str]:
    """Every difference between the golden file and ``actual``, one line each."""
    assert golden_path.exists(), f"missing golden file {golden_path}"
    expected = read_csv(golden_path)
    fields = list(expected[0]) if expected else []
    if UPDATE:
        with open(f"{golden_path}.new", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(actual)
    problems: list[str] = []
    by_key = {k: r for k, r in _keyed(actual, key)}
    for k, exp in _keyed(expected, key):
        got = by_key.pop(k, None)
        where = f"{golden_path.name} {dict(zip(key, k))}"
        if got is None:
            problems.append(f"{where}: row missing")
            continue
        for f in fields:
            if not _same(f, exp[f], got.get(f, "")):
                problems.append(
                    f"{where} {f}:\n    expected {_short(exp[f])!r}\n    got      {_short(got.get(f, ''))!r}"
                )
    for k in by_key:
        problems.append(f"{golden_path.name} {dict(zip(key, k))}: unexpected extra row")
    if UPDATE:
        problems.append(f"JUESUAN_UPDATE_GOLDEN=1: wrote {golden_path}.new for review")
    return problems
