"""A failed check says whether the document contradicts itself or the reading is
in doubt; the reading and structure checks find misreads no sum catches; the
rules fit the documents (其中 parts, memo columns, rounding in the table's unit,
row and column names as producers print them).

Documents are built by hand from the result structures, each value in a cell
of its own, so every case states exactly the figures and boxes it is about.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from juesuan_extract.checks import run_checks, statement_sums, structure
from juesuan_extract.checks.narrative_facts import figure
from juesuan_extract.checks.reading import problem
from juesuan_extract.checks.report import exit_status, render
from juesuan_extract.geometry import Box
from juesuan_extract.model import Check, DocumentResult, Fact, Statement, StatementValue
from juesuan_extract.tables.statements import LEVELS

_X = count()


def value(row: int, code: str, name: str, column: str, printed: str, page: int = 1,
          doubt: str = "") -> StatementValue:
    x = next(_X) * 10
    return StatementValue(row, code, LEVELS.get(len(code), ""), name, column,
                          Decimal(printed.replace(",", "")), page, Box(page, x, 0, x + 9, 9),
                          printed=printed, doubt=doubt)


def statement(name: str, values: list[StatementValue], unit: str = "万元") -> Statement:
    return Statement(1, name, name, unit, 1, 1, values=values)


def document(*statements: Statement, facts: list[Fact] | None = None) -> DocumentResult:
    return DocumentResult(file="t.pdf", unit_name="某某局", fiscal_year=2024, doc_kind="部门决算",
                          statements=list(statements), facts=facts or [])


def failed(checks: list[Check], check_id: str = "") -> list[Check]:
    return [c for c in checks if c.status == "fail" and c.check_id.startswith(check_id)]


# --- every output number is printed -----------------------------------------------

def test_one_printed_number_at_the_box_is_sound():
    assert problem(["46.56"], Decimal("46.56"), "46.56") == ""
    assert problem(["1,234.50"], Decimal("1234.50")) == ""


def test_two_numbers_glued_into_one_are_named():
    why = problem(["46.56", "25"], Decimal("46.5625"))
    assert "2 numbers are printed at its box (46.56, 25)" in why and "46.5625" in why


def test_a_number_wrapped_over_two_lines_of_its_cell_is_one_number():
    assert problem(["14.53", "26"], Decimal("14.5326")) != ""  # a whole amount, then another
    assert problem(["1234", "5.60"], Decimal("12345.60")) == ""
    assert problem(["144,177.8", "8"], Decimal("144177.88")) == ""  # wrapped inside its cents
    assert problem(["1,23", "45.60"], Decimal("12345.60")) != ""  # thousands not grouped by threes


def test_another_number_or_none_at_the_box_is_named():
    assert "2010301 is printed" in problem(["2010301"], Decimal("2010300"))
    assert "no number is printed" in problem([], Decimal("5"))


# --- verdicts ------------------------------------------------------------------------

def test_a_failed_sum_of_sound_values_is_the_documents_own_inconsistency():
    st = statement("支出决算表", [value(1, "", "合计", "本年支出合计", "100.00"),
                                 value(2, "201", "一般公共服务支出", "本年支出合计", "90.00")])
    [fail] = failed(run_checks(document(st)), "statement.total_row")
    assert fail.verdict == "inconsistent"


def test_a_failed_sum_resting_on_a_misread_value_is_doubtful():
    st = statement("支出决算表", [
        value(1, "", "合计", "本年支出合计", "100.00"),
        value(2, "201", "一般公共服务支出", "本年支出合计", "90.00",
              doubt="2 numbers are printed at its box (9, 0.00)")])
    [fail] = failed(run_checks(document(st)), "statement.total_row")
    assert fail.verdict == "doubtful"


def test_reading_checks_are_doubtful_and_the_report_and_exit_status_tell_them_apart():
    reading = [Check("reading.statement_value", "支出决算表 201 / 合计", "fail", "", "46.5625", "",
                     (3,), "2 numbers are printed at its box", verdict="doubtful")]
    st = statement("支出决算表", [value(1, "", "合计", "本年支出合计", "100.00"),
                                 value(2, "201", "一般公共服务支出", "本年支出合计", "90.00")])
    doc = document(st)
    doc.checks = run_checks(doc, reading)
    text = render(doc)
    assert "INCONSISTENT (the document contradicts itself)" in text
    assert "DOUBTFUL (the reading is in doubt" in text
    assert exit_status(doc.checks) == 5
    assert exit_status([c for c in doc.checks if c.verdict != "inconsistent"]) == 4
    assert exit_status([c for c in doc.checks if c.verdict != "doubtful"]) == 1
    assert exit_status([]) == 0


# --- structure ------------------------------------------------------------------------

def test_two_numbers_of_one_line_under_one_column_make_the_table_doubtful():
    st = statement("收入预算总表", [value(1, "", "合计", "收入预算/合计", "100.00"),
                                   value(1, "", "合计", "收入预算/合计", "20.00")])
    [fail] = failed(structure.run(document(st)), "structure.column")
    assert fail.verdict == "doubtful" and "two printed columns read as one" in fail.message
    assert st.doubts


def test_codes_read_as_amounts_are_found_by_their_shape():
    st = statement("收入预算总表", [
        value(1, "", "文化旅游体育与传媒支出", "功能分类科目编码/类", "207"),
        value(1, "", "文化旅游体育与传媒支出", "收入预算/合计", "34,753,320"),
        value(2, "", "文化和旅游", "功能分类科目编码/类", "20701"),
        value(2, "", "文化和旅游", "收入预算/合计", "34,753,320"),
        value(3, "", "行政运行", "功能分类科目编码/类", "2070101"),
        value(3, "", "行政运行", "收入预算/合计", "29,930,920")], unit="元")
    [fail] = failed(structure.run(document(st)), "structure.kind")
    assert "codes read as amounts" in fail.message and "207" in fail.message


def test_whole_amounts_of_a_yuan_table_are_no_codes():
    st = statement("收入预算总表", [value(1, "", "合计", "合计", "120258,600"),
                                   value(2, "", "其他", "合计", "7880,000"),
                                   value(3, "", "其他", "合计", "3000")], unit="元")
    assert not failed(structure.run(document(st)))


# --- rules that fit the documents --------------------------------------------------------

def test_a_qizhong_column_is_a_part_of_its_parent_not_an_addend_of_the_total():
    st = statement("支出决算表", [
        value(1, "201", "一般公共服务支出", "合计", "100.00"),
        value(1, "201", "一般公共服务支出", "基本支出", "60.00"),
        value(1, "201", "一般公共服务支出", "项目支出", "40.00"),
        value(1, "201", "一般公共服务支出", "其中：政府采购", "30.00")])
    sums = statement_sums.column_groups(st)
    assert sums and all(c.status == "pass" for c in sums)


def test_a_memo_column_left_out_of_the_total_on_every_line_is_no_part():
    rows = [("201", "100.00", "60.00", "40.00", "25.00"), ("202", "50.00", "50.00", "0.00", "10.00")]
    values = []
    for i, (code, total, basic, project, memo) in enumerate(rows, start=1):
        values += [value(i, code, "x", "支出合计", total), value(i, code, "x", "基本支出", basic),
                   value(i, code, "x", "项目支出", project), value(i, code, "x", "政府采购", memo)]
    sums = statement_sums.column_groups(statement("支出预算总表", values))
    assert sums and all(c.status == "pass" for c in sums)
    assert all("政府采购" not in c.message for c in sums)


def test_rounding_is_judged_in_the_tables_own_unit():
    def tree(unit: str, total: str, part: str) -> list[Check]:
        return statement_sums.code_tree(statement("支出决算表", [
            value(1, "201", "一般公共服务支出", "合计", total),
            value(2, "20101", "人大事务", "合计", part)], unit=unit))
    assert [c.status for c in tree("元", "1,000,001", "1,000,000")] == ["rounding"]
    assert [c.status for c in tree("万元", "100.01", "100.00")] == ["rounding"]
    assert [c.status for c in tree("万元", "100.05", "100.00")] == ["fail"]
    assert [c.status for c in tree("元", "1,000,005", "1,000,000")] == ["fail"]


def test_rows_and_header_paths_are_found_by_any_name_and_either_order():
    st = statement("财政拨款“三公”经费支出决算表", [value(1, "", "", "决算数/合计", "12.00"),
                                              value(1, "", "", "预算数/合计", "15.00")])
    assert figure(st, "", "合计/决算数").value == Decimal("12.00")
    total = statement("收入支出决算总表", [value(1, "", "收入总计", "收入/决算数", "307.82")])
    assert figure(total, "总计", "收入/").value == Decimal("307.82")


def test_a_qizhong_column_right_after_the_total_opens_its_breakdown():
    # 广州 一般公共预算支出情况表: 小计 | 其中：基本支出 | 项目支出
    st = statement("一般公共预算支出预算表", [
        value(1, "201", "一般公共服务支出", "一般公共预算支出/小计", "12090.48"),
        value(1, "201", "一般公共服务支出", "一般公共预算支出/其中：基本支出", "8690.35"),
        value(1, "201", "一般公共服务支出", "一般公共预算支出/项目支出", "3400.13")])
    sums = statement_sums.column_groups(st)
    assert [c.status for c in sums] == ["pass"]


def test_a_total_followed_by_qizhong_columns_only_has_no_breakdown():
    # 深圳 支出总表: 政府采购项目 小计 | 其中：中小企业 | 其中：小型、微型企业 (parts within parts)
    st = statement("支出预算总表", [
        value(1, "201", "一般公共服务支出", "政府采购项目/小计", "66.73"),
        value(1, "201", "一般公共服务支出", "政府采购项目/其中：中小企业", "0.00"),
        value(1, "201", "一般公共服务支出", "政府采购项目/其中：小型、微型企业", "0.00")])
    assert statement_sums.column_groups(st) == []


def test_a_sangong_total_does_not_count_the_meeting_and_training_fees_beside_it():
    # 苏州 “三公”经费、会议费、培训费支出表: one line, 会议费 and 培训费 printed beside the 三公
    st = statement("一般公共预算“三公”经费支出预算表", [
        value(1, "", "", "“三公”经费合计", "20.00"), value(1, "", "", "因公出国（境）费", "5.00"),
        value(1, "", "", "公务用车购置及运行维护费", "10.00"), value(1, "", "", "公务接待费", "5.00"),
        value(1, "", "", "会议费", "30.00"), value(1, "", "", "培训费", "13.86")])
    assert [c.status for c in statement_sums.column_groups(st)] == ["pass"]


def test_a_budget_counts_its_assets_at_the_end_of_the_year_before():
    from juesuan_extract.checks import hygiene
    from juesuan_extract.model import Section
    text = "截至2025年12月31日，某某局共有车辆5辆。"
    doc = document()
    doc.sections = [Section(1, 2, "（三）国有资产占用使用情况", text, 9, 9, ((0, 9),))]
    doc.fiscal_year, doc.doc_kind = 2026, "部门预算"
    assert all(c.status == "pass" for c in hygiene.run(doc) if c.check_id == "hygiene.fiscal_year")
    doc.doc_kind = "部门决算"
    assert [c.status for c in hygiene.run(doc) if c.check_id == "hygiene.fiscal_year"] == ["fail"]


def test_a_percentage_is_rounded_in_its_printed_precision():
    from juesuan_extract.checks import narrative_facts

    def growth(pct: str) -> list[str]:
        # 湖州: “三公”经费预算数为1.10万元，比上年预算数减少25万元，下降95% (25 / 26.10 = 95.79%)
        fact = Fact("三公经费", "预算", Decimal("1.10"), "万元", Decimal("-25"), Decimal(pct), "减少",
                    "", 9, "…", 1)
        return [c.status for c in narrative_facts._growth([fact])]
    assert growth("-95") == ["rounding"]
    assert growth("-95.00") == ["fail"]


def test_a_share_of_no_named_total_may_be_of_any_amount_stated_before_it():
    from juesuan_extract.checks import narrative
    # 国家信访局: the shares are of the 收支总预算 that opens the sentence, not the amount
    # the breakdown colon follows
    s = ("财政拨款收支总预算18,728.91万元。收入包括：当年拨款收入16,474.82万元、上年结转2,254.12万元；"
         "支出包括：一般公共服务支出15,291.3万元，占81.65%；教育支出118.01万元，占0.63%")
    shares = narrative._shares(s, 18, {})
    assert shares and all(c.status in ("pass", "rounding") for c in shares)


def test_a_heading_may_name_the_unit_shortened():
    from juesuan_extract.checks.hygiene import _abbreviates
    assert _abbreviates("省检察院", "江苏省人民检察院") and _abbreviates("省委办公厅", "江苏省委办公厅")
    assert not _abbreviates("上海市普陀区XX局", "上海市普陀区财政局")


# --- a column the reader drops --------------------------------------------------------

def test_a_column_dropped_by_the_reader_makes_its_table_doubtful(monkeypatch):
    """Should a reader lose a printed column (a 收入预算总表 once lost two of five), its
    numbers stand in no output row: the table is doubtful, and names them, and no check
    calls what is left the document's inconsistency."""
    from conftest import FIXTURES
    from juesuan_extract import pipeline

    read = pipeline.read_statement

    def dropping(*args, **kwargs):
        st = read(*args, **kwargs)
        if st.name == "支出决算表":
            last = st.values[-1].column
            st.values = [v for v in st.values if v.column != last]
        return st

    monkeypatch.setattr(pipeline, "read_statement", dropping)
    doc = pipeline.extract(FIXTURES / "statements-dangan-threeline.pdf")
    spending = next(s for s in doc.statements if s.name == "支出决算表")
    assert any("in no output row" in d for d in spending.doubts)
    unread = [c for c in failed(doc.checks, "structure.unread") if "支出决算表" in c.scope]
    assert unread and all(c.verdict == "doubtful" for c in unread)
    assert not [c for c in failed(doc.checks) if c.verdict == "inconsistent"]
