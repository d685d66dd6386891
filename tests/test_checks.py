"""Each check kind against a document that breaks it and one that passes it.

The documents are built by hand from the result structures, so every case
states exactly the figures it is about.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan_extract.checks import completeness, cross, evaluation, hygiene, narrative, statement_sums
from juesuan_extract.geometry import Box
from juesuan_extract.model import (
    DocumentResult,
    EvaluationTable,
    FundsRow,
    Indicator,
    Section,
    Statement,
    StatementValue,
)
from juesuan_extract.tables.statements import LEVELS
from juesuan_extract.tables.titles import STATEMENTS

BOX = Box(1, 0, 0, 1, 1)


def statement(name: str, rows: list[tuple], page: int = 1) -> Statement:
    """rows: (row_seq, code, name, column, value[, side])"""
    st = Statement(1, name, name, "万元", page, page)
    for row in rows:
        seq, code, label, column, value, *side = row
        st.values.append(StatementValue(seq, code, LEVELS.get(len(code), ""), label, column,
                                        Decimal(value), page, BOX, side[0] if side else 0))
    return st


def document(**fields) -> DocumentResult:
    doc = DocumentResult(file="t.pdf", unit_name="某某局", fiscal_year=2024, doc_kind="部门决算")
    for key, value in fields.items():
        setattr(doc, key, value)
    return doc


def section(text: str, heading: str = "一、收入支出决算总体情况说明", page: int = 3) -> Section:
    return Section(1, 2, heading, text, page, page, ((0, page),))


def statuses(checks, check_id: str) -> list[str]:
    return [c.status for c in checks if c.check_id == check_id]


# --- within a statement -------------------------------------------------------

def spending(*, item: str = "51.32", total: str = "264.87") -> Statement:
    return statement("支出决算表", [
        (1, "", "合计", "本年支出合计", total),
        (2, "201", "一般公共服务支出", "本年支出合计", "264.87"),
        (3, "20139", "社会工作事务", "本年支出合计", "264.87"),
        (4, "2013901", "行政运行", "本年支出合计", item),
        (5, "2013999", "其他社会工作事务支出", "本年支出合计", "213.55"),
    ])


@pytest.mark.parametrize("item,status", [("51.32", "pass"), ("51.33", "rounding"), ("50.00", "fail")])
def test_code_tree(item, status):
    checks = statement_sums.code_tree(spending(item=item))
    assert statuses(checks, "statement.code_tree")[-1] == status


@pytest.mark.parametrize("total,status", [("264.87", "pass"), ("300.00", "fail")])
def test_total_row(total, status):
    assert statuses(statement_sums.total_rows(spending(total=total)), "statement.total_row") == [status]


def sangong(subtotal: str) -> Statement:
    c = "公务用车购置及运行维护费"
    return statement("财政拨款“三公”经费支出决算表", [
        (1, "", "", "合计/决算数", "4.04"),
        (1, "", "", "因公出国（境）费/决算数", "0.00"),
        (1, "", "", f"{c}/小计/决算数", subtotal),
        (1, "", "", f"{c}/公务用车购置费/决算数", "0.00"),
        (1, "", "", f"{c}/公务用车运行维护费/决算数", "4.04"),
        (1, "", "", "公务接待费/决算数", "0.00"),
    ])


def test_column_groups_follow_the_header_tree():
    ok = statement_sums.column_groups(sangong("4.04"))
    assert statuses(ok, "statement.column_sum") == ["pass", "pass"]
    broken = statement_sums.column_groups(sangong("5.04"))
    # 小计 ≠ 购置费 + 运行维护费, and 合计 ≠ the groups (the subtotal stands for its group)
    assert sorted(statuses(broken, "statement.column_sum")) == ["fail", "fail"]


def test_column_sum_in_one_row():
    rows = [(1, "201", "一般公共服务支出", "本年支出合计", "264.87"),
            (1, "201", "一般公共服务支出", "基本支出", "62.63"),
            (1, "201", "一般公共服务支出", "项目支出", "202.24")]
    assert statuses(statement_sums.column_groups(statement("支出决算表", rows)), "statement.column_sum") == ["pass"]
    rows[2] = (1, "201", "一般公共服务支出", "项目支出", "200.00")
    assert statuses(statement_sums.column_groups(statement("支出决算表", rows)), "statement.column_sum") == ["fail"]


def summary(total_income: str) -> Statement:
    return statement("收入支出决算总表", [
        (1, "", "一、一般公共预算财政拨款收入", "收入/决算数", "307.82"),
        (2, "", "八、其他收入", "收入/决算数", "0.00"),
        (3, "", "本年收入合计", "收入/决算数", total_income),
        (4, "", "年初结转和结余", "收入/决算数", "10.00"),
        (5, "", "总计", "收入/决算数", "317.82"),
    ])


def test_named_rows_of_the_summary_statement():
    assert statuses(statement_sums.named_rows(summary("307.82")), "statement.named_total") == ["pass", "pass"]
    assert statuses(statement_sums.named_rows(summary("300.00")), "statement.named_total") == ["fail", "fail"]


# --- across statements --------------------------------------------------------

def test_totals_across_statements():
    total = statement("收入支出决算总表", [(1, "", "本年支出合计", "支出/决算数", "264.87"),
                                       (2, "", "一、一般公共服务支出", "支出/决算数", "264.87")])
    ok = cross.run(document(statements=[total, spending()]))
    assert statuses(ok, "cross.totals") == ["pass"] and statuses(ok, "cross.subject") == ["pass"]
    bad = cross.run(document(statements=[total, spending(total="300.00")]))
    assert statuses(bad, "cross.totals") == ["fail"]


# --- completeness and hygiene ---------------------------------------------------

def test_missing_statement_listed_in_the_contents():
    present = [statement(n, []) for n in STATEMENTS if n != "支出决算表"]
    for st in present:
        st.note = "说明：本表无数据。"
    checks = completeness.run(document(statements=present, toc=["三、支出决算表"]))
    failed = [c for c in checks if c.status == "fail"]
    assert [c.scope for c in failed] == ["支出决算表"] and "目录" in failed[0].message
    full = [statement(n, []) for n in STATEMENTS]
    for st in full:
        st.note = "说明：本表无数据。"
    assert all(c.status == "pass" for c in completeness.run(document(statements=full)))


def test_a_file_cut_short_before_the_statements_part_is_one_finding():
    # xian-weijianwei-2022-juesuan-p1-100: the first 100 pages, ending in 第二部分
    toc = ["第一部分部门概况", "第二部分2022年度部门决算情况说明", "一、收入支出决算总体情况说明",
           "第三部分2022年度部门决算表", "一、收入支出决算总表", "二、收入决算表", "三、支出决算表",
           "第四部分专业名词解释"]
    parts = [Section(1, 1, "第一部分部门概况", "", 4, 8, ((0, 4),)),
             Section(2, 1, "第二部分2022年度部门决算情况说明", "", 9, 100, ((0, 9),))]
    checks = completeness.run(document(toc=toc, sections=parts, pages=100))
    assert [(c.scope, c.status) for c in checks] == [("部门决算报表", "fail")]
    assert "cut short" in checks[0].message and "第三部分" in checks[0].message
    # the same 目录 with the part begun: each statement it lists is missing on its own
    begun = [*parts, Section(3, 1, "第三部分2022年度部门决算表", "", 20, 20, ((0, 20),))]
    checks = completeness.run(document(toc=toc, sections=begun, pages=100))
    assert {c.scope for c in checks if c.status == "fail"} >= {"收入支出决算总表", "收入决算表"}


def test_empty_statement_needs_a_note():
    st = statement("财政拨款“三公”经费支出决算表", [])
    assert statuses(completeness.run(document(statements=[st])), "completeness.empty_note") == ["fail"]
    st.note = "说明：本单位本年度没有“三公”经费支出，故本表无数据。"
    assert statuses(completeness.run(document(statements=[st])), "completeness.empty_note") == ["pass"]


@pytest.mark.parametrize("text,check_id,bad", [
    ("截至2023年12月31日，共有车辆0辆。", "hygiene.fiscal_year", True),
    ("截至2024年12月31日，共有车辆0辆。", "hygiene.fiscal_year", False),
    ("收入支出总计XXX万元。", "hygiene.template_residue", True),
    ("收入支出总计307.82万元。", "hygiene.template_residue", False),
    ("包括一般公共预算财政拨款。。", "hygiene.punctuation", True),
    ("包括一般公共预算财政拨款。", "hygiene.punctuation", False),
])
def test_hygiene_in_the_text(text, check_id, bad):
    checks = hygiene.run(document(sections=[section(text)]))
    assert ("fail" in statuses(checks, check_id)) is bad


def test_year_and_unit_in_headings():
    heading = section("", heading="第三部分某某局2023年度部门决算情况说明")
    assert "fail" in statuses(hygiene.run(document(sections=[heading])), "hygiene.fiscal_year")
    st = statement("收入支出决算总表", [])
    st.caption = "第二部分上海市普陀区XX局2024年度部门决算表收入支出决算总表单位：万元"
    checks = hygiene.run(document(unit_name="上海市普陀区财政局", statements=[st]))
    assert statuses(checks, "hygiene.unit_name") == ["fail"]
    st.caption = "上海市普陀区财政局2024年度部门决算表收入支出决算总表单位：万元"
    assert statuses(hygiene.run(document(unit_name="上海市普陀区财政局", statements=[st])),
                    "hygiene.unit_name") == []


# --- the narrative --------------------------------------------------------------

@pytest.mark.parametrize("text,status", [
    ("本年收入567.79万元，其中：财政拨款收入560.79万元，占98.77%。", "pass"),
    ("本年收入567.79万元，其中：财政拨款收入560.79万元，占97.77%。", "fail"),
    ("机关运行经费支出22.81万元，比上年增加4.89万元，增长27.29%。", "pass"),
    ("机关运行经费支出22.81万元，比上年增加4.89万元，增长37.29%。", "fail"),
    ("支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。", "pass"),
    ("支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的88.20%。", "fail"),
    ("年初预算数502.35万元，决算数560.79万元，预决算差异率11.63%。", "pass"),
])
def test_narrative_percentages(text, status):
    checks = narrative.run(document(sections=[section(text)]))
    assert statuses(checks, "narrative.percent") == [status]


def test_share_of_a_named_base():
    text = ("2023年度政府采购支出总额159.06万元。\n授予中小企业合同金额159.06万元，"
            "占政府采购支出总额的100.00%。")
    assert statuses(narrative.run(document(sections=[section(text)])), "narrative.percent") == ["pass"]


@pytest.mark.parametrize("word,status", [("小于", "pass"), ("大于", "fail"), ("等于", "fail")])
def test_direction_words_against_the_numbers(word, status):
    text = (f"年初预算为1560.05万元，支出决算为1511.89万元，完成年初预算的96.91%。"
            f"决算数{word}预算数的主要原因是人员变动。")
    assert statuses(narrative.run(document(sections=[section(text)])), "narrative.direction") == [status]


def test_contradicting_direction_words():
    text = "机关运行经费支出22.81万元，比上年增加4.89万元，下降27.29%。"
    assert statuses(narrative.run(document(sections=[section(text)])), "narrative.direction") == ["fail"]


# --- self-evaluation tables -------------------------------------------------------

def evaluation_table(score: str, total: str | None, rate: str = "100.00") -> EvaluationTable:
    t = EvaluationTable(1, "project", "项目支出绩效自评表", project_name="项目", page_start=1, page_end=1)
    t.total_score = Decimal(total) if total else None
    t.funds = [FundsRow(1, "年度资金总额", Decimal("20"), Decimal("20"), Decimal("20"), Decimal(10),
                        Decimal(rate), Decimal(10), 1, {}),
               FundsRow(2, "其中：当年财政拨款", Decimal("20"), Decimal("20"), Decimal("20"), None,
                        None, None, 1, {})]
    t.indicators = [Indicator(1, "产出指标", "数量指标", "甲", ">=1个", "", Decimal(90), "=1个",
                              Decimal(score), "", 1, 1, {})]
    return t


def test_evaluation_table_checks():
    ok = evaluation.run(document(evaluation_tables=[evaluation_table("90", "100")]))
    assert {c.check_id: c.status for c in ok} == {
        "evaluation.weights": "pass", "evaluation.total_score": "pass",
        "evaluation.execution_rate": "pass", "evaluation.funds_sum": "pass"}
    bad = evaluation.run(document(evaluation_tables=[evaluation_table("95", "90", rate="90.00")]))
    failed = {c.check_id for c in bad if c.status == "fail"}
    assert failed == {"evaluation.total_score", "evaluation.score_over_weight", "evaluation.execution_rate"}


def test_a_rate_printed_without_its_amounts_is_not_checked():
    # 执行率 printed, 全年执行数 left blank and no total row to fall back on
    t = evaluation_table("90", "100")
    t.funds = [FundsRow(1, "其中：当年财政拨款", Decimal("20"), Decimal("20"), None, Decimal(10),
                        Decimal("95.00"), Decimal(10), 1, {})]
    checks = evaluation.run(document(evaluation_tables=[t]))
    assert statuses(checks, "evaluation.execution_rate") == []


# --- check messages name their subject and quote whole words -------------------

from juesuan_extract.checks.base import excerpt  # noqa: E402
from juesuan_extract.checks.narrative import _subject  # noqa: E402


@pytest.mark.parametrize("text, start, end, before, expected", [
    # never starts inside a number
    ("与2023年度相比，收入支出总计减少56.95万元", 14, 22, 12, "收入支出总计减少56.95"),
    ("收入支出总计减少56.95万元", 8, 13, 0, "56.95"),
    ("收入1,234.56万元", 4, 8, 1, "1,234.56"),
    # a match that stops inside a number is finished
    ("占比为12.345%。", 3, 6, 0, "12.345%"),
])
def test_excerpts_keep_numbers_and_words_whole(text, start, end, before, expected):
    assert excerpt(text, start, end, before=before) == expected


def test_a_budget_verdict_names_its_subject():
    para = ("1.一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1560.05万元，"
            "支出决算为1511.89万元。决算数大于预算数的主要原因是…")
    assert _subject(para, para.index("年初")) == "行政运行（项）"
    assert _subject("年初预算为1.00万元", 3) == ""


def test_a_reason_colon_opens_no_breakdown():
    """主要原因是： opens a reason, not a list of the amount before it: the share
    after it is of the previous sentence's total that 其中： breaks down."""
    from juesuan_extract.checks.narrative import _share_base

    before = "2024年度“三公”经费支出2.86万元，比上年减少0.42万元，下降12.80%。"
    sentence = ("其中：公务用车购置及运行维护费支出2.16万元，占75.52%，比上年减少0.42万元，"
                "主要原因是：车辆运行费减少；公务接待费支出0.70万元，占24.48%。")
    assert _share_base(sentence, sentence.index("占75.52"), before) == Decimal("2.86")
    assert _share_base(sentence, sentence.index("占24.48"), before) == Decimal("2.86")
    listed = "一般公共服务支出（类）1105.38万元，占85.92%"
    assert _share_base(listed, 20, "一般公共预算财政拨款支出1286.54万元，主要用于以下方面：") == \
        Decimal("1286.54")
    assert _share_base(listed, 20, "本年支出1286.54万元。") is None
