"""One test per class of layout on which the extractor gave wrong or missing
data without saying so (issue 12). Each fixture PDF (fixtures/classes/build.py)
reproduces its class in a short fictitious document; the golden files in
golden/failure-classes/<fixture>/ are written by hand from the text and tables
the builder typesets, with the page of every row."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import FIXTURES, GOLDEN
from golden import compare, read_csv
from juesuan_extract.output.records import cell_value, to_records

CLASSES = GOLDEN / "failure-classes"
KEYS = {
    "documents": (),
    "sections": ("seq",),
    # the same fact may be stated twice, in different sentences
    "facts": ("fact", "qualifier", "sentence"),
    "statements": ("statement",),
    "statement_rows": ("statement", "code", "name", "column"),
    "evaluation_tables": ("table_seq",),
    "evaluation_funds": ("table_seq", "seq"),
    "evaluation_indicators": ("table_seq", "seq"),
}


def _differences(stem: str, tables: tuple[str, ...], extracted) -> list[str]:
    doc = extracted(FIXTURES / f"{stem}.pdf")
    assert doc.status == "ok", doc.error
    records = to_records(doc)
    problems: list[str] = []
    for table in tables:
        rows = [{k: cell_value(v) for k, v in r.items()} for r in records[table]]
        problems += compare(CLASSES / stem / f"{table}.csv", rows, KEYS[table])
    return problems


def _assert_matches(stem: str, tables: tuple[str, ...], extracted) -> None:
    problems = _differences(stem, tables, extracted)
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:60])


def test_wrapped_headings_are_whole_and_their_part_is_read(extracted):
    # 第三部分 …部门决算情况 / 说明 centred between indents, and 四、… / 说明 and
    # （一）… / 说明 wrapping to the headings' block indent.
    _assert_matches("class-wrapped-headings", ("sections", "facts"), extracted)


def test_facts_do_not_depend_on_part_headings_worded_as_usual(extracted):
    # 第二部分 2024年度收支情况, then no part heading at all (一、… numbering again).
    _assert_matches("class-unusual-headings", ("sections", "facts"), extracted)


def test_header_spacer_rows_keep_budget_and_actual_columns(extracted):
    # 三公: an empty spacer row between the group headers and 预算数/决算数;
    # 一般公共预算: 项目 / 本年支出 repeated over each column, then a blank row.
    _assert_matches("class-header-spacer", ("statements", "statement_rows"), extracted)


def test_rows_split_by_a_page_break_are_rejoined(extracted):
    # 其中：当年财政 / 拨款 across pp.1-2 (amounts on p.1), an indicator label
    # across pp.3-4, and a statement row name across pp.5-6 under a repeated header.
    _assert_matches("class-page-split-rows", ("evaluation_tables", "evaluation_funds",
                                              "evaluation_indicators", "statement_rows"),
                    extracted)


def test_funds_values_merged_over_the_block_belong_to_the_block(extracted):
    # 分值 / 执行率 / 得分 printed once in cells merged over every funds row: they go
    # to evaluation_tables.funds_*, and no funds row carries them.
    _assert_matches("class-funds-merged", ("evaluation_tables", "evaluation_funds"), extracted)


# (amount, stated share) of the 类 list, each against 1286.54 in the paragraph before
SHARES = (("1105.38", "85.92"), ("98.76", "7.68"), ("36.40", "2.83"), ("46.00", "3.58"))


def test_percentages_are_taken_against_the_sentences_own_total(extracted):
    stem = "class-percent-base"
    problems = _differences(stem, ("facts",), extracted)
    doc = extracted(FIXTURES / f"{stem}.pdf")
    findings = Counter((c.check_id, c.status, ";".join(map(str, c.pages)))
                       for c in doc.checks if c.status in ("fail", "rounding"))
    expected = Counter((r["check_id"], r["status"], r["pages"])
                       for r in read_csv(CLASSES / stem / "checks.csv"))
    if findings != expected:
        problems.append(f"checks: missing {dict(expected - findings)}, unexpected "
                        f"{dict(findings - expected)}")
        problems += [f"  {c.status} {c.check_id} p.{c.pages} {c.scope}: {c.message}"
                     for c in doc.checks if c.status in ("fail", "rounding")]
    for amount, share in SHARES:
        said = [c for c in doc.checks if c.check_id == "narrative.percent"
                and amount in c.scope + c.message and share in c.scope + c.message]
        if not any(c.status == "pass" for c in said):
            problems.append(f"no passing narrative.percent check of {amount} 占{share}%: "
                            + ("; ".join(f"{c.status} {c.message}" for c in said) or "none"))
    assert not problems, f"{stem}: {len(problems)} differences\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("stem", ["class-wrapped-headings", "class-unusual-headings"])
def test_title_stops_before_the_date_line(stem, extracted):
    # covers: …公开说明 / 二〇二五年八月, and …公开说明 / 2025年8月
    _assert_matches(stem, ("documents",), extracted)
