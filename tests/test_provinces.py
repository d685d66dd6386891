"""Any province's tables: the naming schemes and layouts of other cities, held to
golden files written by hand from their pages (one document per scheme: 广州's
national …情况表 titles, 深圳's …总表, 西安's …明细表), and every corpus document's
unit, year and kind against what its cover prints (../shared/corpus/expected.csv)."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import GOLDEN, SHARED, require_shared
from golden import compare
from juesuan_extract.output.records import cell_value, to_records

CITIES = SHARED / "corpus" / "budgets" / "cities"
KEYS = {
    "documents": ("unit_name",),
    "statements": ("statement",),
    "statement_rows": ("statement", "code", "name", "column_path"),
}
DOCUMENTS = sorted(p.relative_to(GOLDEN / "cities") for p in (GOLDEN / "cities").glob("*/*") if p.is_dir())


@pytest.mark.parametrize(("doc", "table"), [(d, t) for d in DOCUMENTS for t in KEYS],
                         ids=lambda p: str(p))
def test_city_budget_matches_golden(doc, table, extracted):
    pdf = require_shared(CITIES / f"{doc}.pdf")
    result = extracted(pdf)
    assert result.status == "ok", result.error
    # the golden files hold the statements; a table of no known kind (a target table
    # printed without its title) is listed apart, with an empty statement name
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(result)[table]
            if r.get("statement", "x") != ""]
    problems = compare(GOLDEN / "cities" / doc / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{doc}: {len(problems)} differences\n" + "\n".join(problems[:40])


def _expected() -> list[dict[str, str]]:
    path = SHARED / "corpus" / "expected.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# expected.csv records the Xi'an 决算 cover's unit without the （汇总） it prints after it;
# the unit is kept as printed, with its scope (本级 / 汇总), as the other covers are.
_SCOPE = re.compile(r"[（(](汇总|本级)[)）]$")


@pytest.mark.slow
@pytest.mark.parametrize("row", _expected(), ids=lambda r: r["file"])
def test_unit_year_and_kind_are_what_the_cover_prints(row, extracted):
    result = extracted(require_shared(SHARED / "corpus" / row["file"]))
    family = "预算" if result.doc_kind.endswith("预算") else "决算" if result.doc_kind.endswith("决算") else ""
    assert family == row["family"], result.doc_kind
    assert str(result.fiscal_year or "") == row["fiscal_year"]
    assert result.unit_name in (row["unit_name"], *(
        [row["unit_name"] + m.group(0)] if (m := _SCOPE.search(result.unit_name)) else []))


def test_the_corpus_expectations_are_there_or_the_tests_say_so():
    if not (SHARED / "corpus").exists():
        pytest.skip(f"{SHARED / 'corpus'} is absent: shared reference material is needed")
    assert _expected(), "expected.csv lists the corpus documents"
