"""The nine statements of the real corpus PDFs against hand-written golden files."""

from __future__ import annotations

import pytest

from conftest import CORPUS, FIXTURES, GOLDEN, require_shared
from golden import compare
from juesuan_extract.output.records import cell_value, to_records
from juesuan_extract.tables.titles import HIGHER_EDUCATION, NATIONAL, match_statement

CORPUS_DOCS = ["shehuigongzuobu-2024", "caizhengju-2024-with-errors", "template-national",
               "swu-2023-juesuan"]
KEYS = {"statements": ("statement",), "statement_rows": ("statement", "code", "name", "column_path")}


def _golden_dirs():
    return [d for d in CORPUS_DOCS if (GOLDEN / "corpus" / d / "statements.csv").exists()]


def _check(pdf, golden_dir, table, extracted):
    doc = extracted(pdf)
    assert doc.status == "ok", doc.error
    rows = [{k: cell_value(v) for k, v in r.items()} for r in to_records(doc)[table]]
    problems = compare(golden_dir / f"{table}.csv", rows, KEYS[table])
    assert not problems, f"{pdf.name}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("stem", _golden_dirs())
@pytest.mark.parametrize("table", list(KEYS))
def test_statements_match_golden(stem, table, extracted):
    _check(require_shared(CORPUS / f"{stem}.pdf"), GOLDEN / "corpus" / stem, table, extracted)


# Layouts the corpus does not show, built by fixtures/statements/build.py from
# hand-authored data: ruling as filled rectangles, a statement over three
# pages, codes split over 类|款|项 or in one column, names wrapped in narrow
# columns, a 三公 header four levels deep, title variants.
OWN = sorted(p.name for p in (GOLDEN / "statements-fixtures").iterdir())


@pytest.mark.parametrize("stem", OWN)
@pytest.mark.parametrize("table", list(KEYS))
def test_own_statement_fixtures_match_golden(stem, table, extracted):
    _check(FIXTURES / f"{stem}.pdf", GOLDEN / "statements-fixtures" / stem, table, extracted)


# The copy with inserted errors lacks its 支出决算表 (page 9 only continues the
# 收入决算表): the consistency checks report it as missing. 西南大学 prints the
# 高等学校 template's four statements.
PRINTED = {"caizhengju-2024-with-errors": sorted(set(NATIONAL) - {"支出决算表"}),
           "swu-2023-juesuan": sorted(HIGHER_EDUCATION)}


@pytest.mark.parametrize("stem", CORPUS_DOCS)
def test_every_printed_statement_is_recognised(stem, extracted):
    doc = extracted(require_shared(CORPUS / f"{stem}.pdf"))
    assert sorted(s.name for s in doc.statements) == PRINTED.get(stem, sorted(NATIONAL))


def test_template_statements_are_empty(extracted):
    doc = extracted(require_shared(CORPUS / "template-national.pdf"))
    assert all(s.empty for s in doc.statements) and len(doc.statements) == 9


@pytest.mark.parametrize("title,name", [
    ("部门收支决算总表", "收入支出决算总表"),
    ("收入支出决算总表", "收入支出决算总表"),
    ("财政拨款收支决算总表", "财政拨款收入支出决算总表"),
    ('一般公共预算财政拨款"三公"经费支出决算表', "财政拨款“三公”经费支出决算表"),
    ("部门支出决算表", "支出决算表"),
    ("一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"),
    ("上海市XX局2024年度部门决算表", None),
    ("江澜市水务局2024年度支出决算表", "支出决算表"),
    ("公开03表 支出决算表", "支出决算表"),
    # tables some provinces print beside the nine: not one of them
    ("一般公共预算财政拨款项目支出决算表", None),
    ("项目支出决算表", None),
    ("基本支出决算表", None),
    ("财政拨款支出决算表", None),
    ("财政拨款收入决算表", None),
])
def test_title_variants(title, name):
    assert match_statement(title) == name


@pytest.mark.parametrize("stem", OWN)
def test_statements_say_whether_their_ruling_was_printed(stem, extracted):
    # the -unruled and -threeline variants print no (full) ruling
    doc = extracted(FIXTURES / f"{stem}.pdf")
    expected = "inferred" if stem.endswith(("-unruled", "-threeline")) else "printed"
    assert {s.ruling for s in doc.statements} == {expected}
    assert {r["ruling"] for r in to_records(doc)["statements"]} == {expected}


@pytest.mark.parametrize("stem", CORPUS_DOCS)
def test_corpus_statements_have_printed_ruling(stem, extracted):
    doc = extracted(require_shared(CORPUS / f"{stem}.pdf"))
    assert {s.ruling for s in doc.statements} == {"printed"}
