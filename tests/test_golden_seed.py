"""The golden files agree with the seed text and with their own arithmetic.

These tests check the truth itself: a transcription slip in golden/ fails
here even if the extractor happened to reproduce it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest

from conftest import GOLDEN, SEED, require_shared
from golden import read_csv

G = GOLDEN / "changji-kexie-2023"
# Cells the seed does not print in one piece because the page break put other
# cells' text between their parts; each is checked part by part.
SPLIT_IN_SEED = {"更新科技大篷车展品项数（项）": ("更新科技大篷车展品项数", "（项）")}


@pytest.fixture(scope="module")
def seed_flat() -> str:
    return re.sub(r"\s+", "", require_shared(SEED).read_text(encoding="utf-8"))


def _texts(table: str, fields: tuple[str, ...]):
    for row in read_csv(G / f"{table}.csv"):
        for f in fields:
            for part in row[f].split("\n"):
                if part:
                    yield f, part


@pytest.mark.parametrize("table,fields", [
    ("sections", ("heading", "text")),
    ("evaluation_tables", ("project_name", "competent_dept", "implementing_unit",
                           "goal_expected", "goal_actual")),
    ("evaluation_funds", ("source",)),
    ("evaluation_indicators", ("level1", "level2", "level3", "target", "basis", "actual",
                               "deviation_reason")),
])
def test_every_golden_text_is_printed_in_the_seed(table, fields, seed_flat):
    missing = []
    for f, text in _texts(table, fields):
        parts = SPLIT_IN_SEED.get(text, (text,))
        if not all(re.sub(r"\s+", "", p) in seed_flat for p in parts):
            missing.append(f"{f}: {text[:60]}")
    assert not missing, "\n".join(missing)


def _dec(s: str) -> Decimal:
    return Decimal(s) if s else Decimal(0)


def test_scores_and_weights_add_up():
    tables = {r["table_seq"]: r for r in read_csv(G / "evaluation_tables.csv")}
    funds = defaultdict(list)
    for r in read_csv(G / "evaluation_funds.csv"):
        funds[r["table_seq"]].append(r)
    inds = defaultdict(list)
    for r in read_csv(G / "evaluation_indicators.csv"):
        inds[r["table_seq"]].append(r)
    assert len(tables) == 9 and all(inds[k] for k in tables)
    for seq, t in tables.items():
        funds_weight = sum(_dec(f["weight"]) for f in funds[seq])
        funds_score = sum(_dec(f["score"]) for f in funds[seq])
        weights = sum(_dec(i["weight"]) for i in inds[seq]) + funds_weight
        scores = sum(_dec(i["score"]) for i in inds[seq]) + funds_score
        assert weights == 100, f"table {seq}: weights add to {weights}"
        if t["total_score"]:
            assert scores == Decimal(t["total_score"]), f"table {seq}: scores add to {scores}"
        for i in inds[seq]:
            assert _dec(i["score"]) <= _dec(i["weight"]), (seq, i["seq"])


def _rate(row: dict) -> Decimal:
    return _dec(row["executed"]) / _dec(row["budget_full_year"]) * 100


def test_execution_rates_follow_from_the_amounts():
    # The overall table prints the whole-department rate (合计) on its first row.
    rows = read_csv(G / "evaluation_funds.csv")
    totals = {r["table_seq"]: r for r in rows if r["source"] in ("合计", "年度资金总额")}
    for r in rows:
        if r["execution_rate"]:
            candidates = (_rate(r), _rate(totals[r["table_seq"]]))
            assert any(abs(c - Decimal(r["execution_rate"])) < Decimal("0.01") for c in candidates), r


def test_funds_parts_add_up_to_the_total():
    rows = read_csv(G / "evaluation_funds.csv")
    by_table = defaultdict(list)
    for r in rows:
        by_table[r["table_seq"]].append(r)
    for seq, group in by_table.items():
        total = [r for r in group if r["source"] in ("合计", "年度资金总额")]
        parts = [r for r in group if r not in total]  # 其中：当年财政拨款 + 其他资金
        assert len(total) == 1, seq
        for col in ("budget_initial", "budget_full_year", "executed"):
            assert sum(_dec(p[col]) for p in parts) == _dec(total[0][col]), (seq, col)
