"""Narrative facts: the pure functions one by one, then every golden row of each
document field by field (nothing missing, nothing invented)."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, GOLDEN, SEED_VARIANTS, require_shared
from golden import UPDATE, read_csv
from juesuan_extract.model import Fact, Section
from juesuan_extract.narrative.facts import (
    VOCABULARY,
    direction_of,
    extract_facts,
    find_mentions,
    narrative_sections,
    parse_change,
    parse_number,
    split_sentences,
)
from juesuan_extract.output.records import FACTS_COLUMNS, cell_value, fact_record

CONTRACT_UNITS = {"万元", "元", "人", "人次", "辆", "个", "批次", "台（套）", "平方米", "%", "分"}
NUMERIC = {"value", "change_amount", "change_pct", "page"}


def section(text: str, heading: str = "一、收入支出决算总体情况说明", *, seq: int = 1,
            level: int = 2, marks: tuple[tuple[int, int], ...] = ((0, 1),)) -> Section:
    return Section(seq, level, heading, text, marks[0][1], marks[-1][1], marks)


def rows_of(text: str, heading: str = "一、收入支出决算总体情况说明") -> list[Fact]:
    return extract_facts([section(text, heading)])


def summary(f: Fact) -> tuple[str, str, Decimal | None, str]:
    return f.fact, f.qualifier, f.value, f.unit


# --- sentences, numbers, directions -----------------------------------------------

def test_sentences_split_on_full_stop_and_paragraph_break():
    text = "收入总计1万元。支出总计1万元。\n其中：无"
    assert split_sentences(text) == [(0, "收入总计1万元。"), (8, "支出总计1万元。"), (17, "其中：无")]


def test_every_full_stop_ends_a_sentence_even_inside_brackets():
    text = "平均得分100分（其中，优的项目1个。发现问题0个）。下一句。"
    assert [s for _, s in split_sentences(text)] == [
        "平均得分100分（其中，优的项目1个。", "发现问题0个）。", "下一句。"]


@given(st.text(alphabet=st.sampled_from(list("收入支出。（）\n1.5万元，")), max_size=80))
def test_sentences_keep_every_character_in_place(text):
    for offset, sentence in split_sentences(text):
        assert text[offset:offset + len(sentence)] == sentence
    joined = "".join(s for _, s in split_sentences(text))
    assert joined == "".join(text.split())


def test_numbers_lose_thousands_separators():
    assert parse_number("2,946.25") == Decimal("2946.25")
    assert parse_number("0.00") == Decimal("0.00")


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_numbers_round_trip_with_separators(d):
    assert parse_number(f"{d:,}") == d


def test_changes_are_signed_by_their_verb():
    assert parse_change("增加", "4.89") == ("增加", Decimal("4.89"))
    assert parse_change("增长", "27.29") == ("增加", Decimal("27.29"))
    assert parse_change("减少", "0.01") == ("减少", Decimal("-0.01"))
    assert parse_change("下降", "100") == ("减少", Decimal("-100"))


@given(st.sampled_from(["增加", "增长", "上升", "减少", "下降", "降低"]),
       st.decimals(min_value=0, max_value=10**6, places=2))
def test_a_change_is_negative_exactly_when_it_goes_down(verb, amount):
    direction, signed = parse_change(verb, str(amount))
    assert abs(signed) == amount
    assert (signed < 0) == (direction == "减少" and amount != 0)


def test_direction():
    assert direction_of("比上年增长27.29%") == "增加"
    assert direction_of("较上年下降0.25%") == "减少"
    assert direction_of("与2023年度持平") == "持平"
    assert direction_of("无变化") == "持平"
    assert direction_of("年初预算数502.35万元") == ""


def test_percent_and_units_parse():
    (f,) = [f for f in rows_of("本年收入1,234.50万元，其中：财政拨款收入1,000.00万元，占81.01％。")
            if f.qualifier == "占比"]
    assert (f.fact, f.value, f.unit) == ("财政拨款收入", Decimal("81.01"), "%")
    first = rows_of("本年收入1,234.50万元。")[0]
    assert summary(first) == ("本年收入合计", "", Decimal("1234.50"), "万元")


# --- clauses: changes, reasons, shares -----------------------------------------------

def test_change_and_reason_belong_to_the_fact_of_their_clause():
    text = ("2023年度财政拨款“三公”经费支出4.04万元，比上年减少0.01万元，下降0.25%，主要原因是：车辆"
            "使用频次减少。其中：因公出国（境）费支出0.00万元，占0.00%，比上年增加0.00万元，增长0.00%，"
            "主要原因是：我单位无因公出国（境）费；公务用车购置及运行维护费支出4.04万元，占100.00%，比上"
            "年减少0.01万元，下降0.25%，主要原因是：车辆燃油费减少。")
    got = rows_of(text, "七、财政拨款“三公”经费支出决算情况说明")
    assert [(f.fact, f.qualifier, f.change_amount, f.change_pct, f.direction, f.reason)
            for f in got] == [
        ("三公经费", "决算", Decimal("-0.01"), Decimal("-0.25"), "减少", "车辆使用频次减少"),
        ("因公出国（境）费", "决算", Decimal("0.00"), Decimal("0.00"), "增加", "我单位无因公出国（境）费"),
        ("因公出国（境）费", "占比", None, None, "", ""),
        ("公务用车购置及运行维护费", "决算", Decimal("-0.01"), Decimal("-0.25"), "减少", "车辆燃油费减少"),
        ("公务用车购置及运行维护费", "占比", None, None, "", ""),
    ]


def test_a_sentence_stating_only_a_change_speaks_of_the_fact_before_it():
    text = ("2023年度一般公共预算财政拨款支出560.79万元，占本年支出合计的98.08%。与上年相比，增加227.11"
            "万元，增长68.06%，主要原因是：项目增加。")
    got = rows_of(text, "（一）一般公共预算财政拨款支出决算总体情况")
    assert [summary(f) for f in got] == [
        ("一般公共预算财政拨款支出", "决算", Decimal("560.79"), "万元"),
        ("一般公共预算财政拨款支出", "占本年支出合计", Decimal("98.08"), "%"),
        ("一般公共预算财政拨款支出", "决算", None, "万元"),
    ]
    assert (got[2].change_amount, got[2].change_pct, got[2].reason) == (
        Decimal("227.11"), Decimal("68.06"), "项目增加")
    assert got[2].sentence.startswith("与上年相比")


def test_a_reason_in_its_own_sentence_explains_the_change_before_it():
    got = rows_of("机关运行经费支出10.23万元，比2023年度增加10.23万元，增长100.00%。主要原因是单位于"
                  "2024年成立。")
    assert [(f.fact, f.reason) for f in got] == [("机关运行经费", "单位于2024年成立")]


def test_reason_is_whole_across_a_page_break():
    text = "机关运行经费支出22.81万元，比上年增加4.89万元，主要原因是：单位本年办公费、电费增加。"
    cut = text.index("电费")
    (f,) = extract_facts([section(text, marks=((0, 9), (cut, 10)))])
    assert f.reason == "单位本年办公费、电费增加"
    assert f.page == 9


def test_page_is_where_the_sentence_starts():
    text = "第一句无数。实有人数30人。"
    (f,) = extract_facts([section(text, "二、机构设置及人员情况",
                                  marks=((0, 2), (text.index("实有"), 3)))])
    assert (f.fact, f.page) == ("实有人数", 3)


def test_reason_stops_where_another_fact_starts():
    text = ("因公出国（境）费全年预算数0.00万元，决算数0.00万元，预决算差异率0.00%，主要原因是：无出国；"
            "二是无计划；公务接待费全年预算数0.00万元。")
    got = rows_of(text, "七、财政拨款“三公”经费支出决算情况说明")
    assert [(f.fact, f.qualifier, f.reason) for f in got] == [
        ("因公出国（境）费", "全年预算", ""),
        ("因公出国（境）费", "决算", ""),
        ("因公出国（境）费", "差异率", "无出国；二是无计划"),
        ("公务接待费", "全年预算", ""),
    ]


def test_qualifier_from_the_phrasing_and_one_figure_for_both_totals():
    got = rows_of("2023年度收入总计619.53万元。支出总计619.53万元。收、支总计均为619.53万元。")
    assert [(f.fact, f.qualifier) for f in got] == [
        ("收入支出总计", "收入"), ("收入支出总计", "支出"), ("收入支出总计", "")]


def test_class_lines_and_item_paths():
    got = rows_of("1.科学技术支出(类)556.55万元,占99.24%。\n"
                  "1.科学技术支出(类)科学技术普及(款)机构运行(项):支出决算数为337.17万元，比上年决算增加"
                  "61.15万元，增长22.15%,主要原因是:调薪。", "（二）一般公共预算财政拨款支出决算结构情况")
    assert [(f.qualifier, f.value, f.change_amount) for f in got] == [
        ("科学技术支出", Decimal("556.55"), None),
        ("科学技术支出占比", Decimal("99.24"), None),
        ("科学技术支出/科学技术普及/机构运行", Decimal("337.17"), Decimal("61.15")),
    ]


def test_counts_take_the_fact_their_unit_names():
    got = rows_of("单位全年安排的国内公务接待0批次，0人次。车辆3辆，价值64.77万元，其中：主要负责人用车0辆、"
                  "其他用车3辆；单价100万元（含）以上设备（不含车辆）2台（套）。", "（三）国有资产占用情况说明")
    assert [summary(f) for f in got] == [
        ("国内公务接待批次", "", Decimal("0"), "批次"),
        ("国内公务接待人次", "", Decimal("0"), "人次"),
        ("车辆数", "", Decimal("3"), "辆"),
        ("车辆价值", "", Decimal("64.77"), "万元"),
        ("车辆数", "主要负责人用车", Decimal("0"), "辆"),
        ("车辆数", "其他用车", Decimal("3"), "辆"),
        ("单价100万元以上设备", "", Decimal("2"), "台（套）"),
    ]


def test_figures_outside_the_vocabulary_are_not_invented():
    got = rows_of("编报绩效目标的2024年度项目1个，涉及预算金额175.52万元；绩效自评的2024年度项目1个，"
                  "涉及预算金额175.52万元，平均得分100.00分。", "十、预算绩效管理情况")
    assert [summary(f) for f in got] == [
        ("绩效自评项目", "项目", Decimal("1"), "个"),
        ("绩效自评金额", "全年预算", Decimal("175.52"), "万元"),
        ("绩效评价平均得分", "", Decimal("100.00"), "分"),
    ]


def test_a_budget_of_a_fact_without_budgets_is_skipped():
    got = rows_of("财政拨款收入支出总体与上年相比，增加213.93万元。与年初预算相比，年初预算数502.35万元，"
                  "决算数560.79万元，预决算差异率11.63%，主要原因是：年中追加。",
                  "四、财政拨款收入支出决算总体情况说明")
    assert [(f.fact, f.value, f.change_amount, f.reason) for f in got] == [
        ("财政拨款收入支出总计", None, Decimal("213.93"), "")]


def test_a_unit_wrapped_between_wan_and_yuan_is_still_the_units():
    got = rows_of("2019年本部门一般公共预算机关运行经费预算支出3580.05万\n元，与上年相比增加172.67万元，"
                  "增长5.07%。", "十、一般公共预算机关运行经费支出预算情况说明")
    assert [(f.fact, f.qualifier, f.value, f.unit, f.change_amount) for f in got] == [
        ("机关运行经费", "全年预算", Decimal("3580.05"), "万元", Decimal("172.67"))]
    assert got[0].sentence.startswith("2019年本部门一般公共预算机关运行经费预算支出3580.05万元，")


def test_the_budgeted_total_of_government_procurement_is_a_fact():
    got = rows_of("2019年政府采购预算总金额为5227.59万元。其中拟采购货物支出1637.72万元。",
                  "十一、政府采购预算情况说明")
    assert [summary(f) for f in got] == [
        ("政府采购支出总额", "全年预算", Decimal("5227.59"), "万元"),
        ("政府采购货物支出", "", Decimal("1637.72"), "万元")]


def test_a_line_of_the_functional_classification_is_not_the_fact_it_is_named_like():
    got = rows_of("（8）公务接待费（款）支出16万元。", "三、一般公共预算支出预算情况说明")
    assert [summary(f) for f in got] == []


def test_budget_totals_and_their_parts_as_the_budgets_word_them():
    got = rows_of("2026年度收入预算1448787.35万元，比2025年年初预算数1506121.45万元减少57334.09万元。"
                  "基本支出预算145113.35万元，占本年支出预算10.02%。会议费支出预算安排减少。",
                  "二、收支预算总体情况")
    assert [summary(f) for f in got if f.value is not None and f.unit == "万元"][:2] == [
        ("收入支出总计", "全年预算", Decimal("1448787.35"), "万元"),
        ("基本支出", "全年预算", Decimal("145113.35"), "万元")]
    got = rows_of("2026年本部门收入预算632,065.7万元，比上年减少70,257.1万元，主要原因是压减一般性支出；"
                  "支出预算632,065.7万元，比上年减少70,257.1万元。", "二、收支预算总体情况")
    assert [(f.fact, f.qualifier, f.value, f.change_amount) for f in got] == [
        ("收入支出总计", "全年预算", Decimal("632065.7"), Decimal("-70257.1")),
        ("收入支出总计", "全年预算", Decimal("632065.7"), Decimal("-70257.1"))]
    assert got[0].reason == "压减一般性支出"


@pytest.mark.parametrize("text,facts", [
    ("中共上海市普陀区委社会工作部2024年度无“三公”经费财政拨款支出。", [("三公经费", "决算", Decimal(0), "万元")]),
    ("本单位“三公”经费支出为0。", [("三公经费", "决算", Decimal(0), "万元")]),
    ("2026年“三公”经费预算数为0.00万元。", [("三公经费", "全年预算", Decimal("0.00"), "万元")]),
    # a reason, and a template's placeholder, state nothing
    ("“三公”经费支出决算数小于预算数的主要原因：当年度无“三公”经费支出。", []),
    ("上海市XX局2024年度无“三公”经费财政拨款支出。", []),
    ("无“三公”经费财政拨款支出的部门，作下述说明：", []),
])
def test_a_sentence_saying_there_was_no_sangong_gives_zero(text, facts):
    got = rows_of(text, "七、财政拨款“三公”经费支出决算情况说明")
    assert [summary(f) for f in got if f.value is not None] == facts
    assert all(f.sentence == text for f in got)


def test_descriptions_and_definitions_give_nothing():
    got = rows_of("公用经费22.81万元，包括：办公费、公务用车运行维护费、其他商品和服务支出。",
                  "六、一般公共预算财政拨款基本支出决算情况说明")
    assert [summary(f) for f in got] == [("公用经费", "", Decimal("22.81"), "万元")]


# --- which sections are read -------------------------------------------------------------

def test_only_overview_and_explanation_parts_are_read():
    secs = [
        Section(1, 1, "第一部分单位概况", "", 1, 1, ((0, 1),)),
        Section(2, 2, "二、机构设置及人员情况", "实有人数30人。", 1, 1, ((0, 1),)),
        Section(3, 1, "第二部分部门决算表", "", 2, 2, ((0, 2),)),
        Section(4, 2, "一、收入支出决算总表", "收入总计1万元。", 2, 2, ((0, 2),)),
        Section(5, 1, "第三部分部门决算情况说明", "", 3, 3, ((0, 3),)),
        Section(6, 2, "十三、名词解释", "", 3, 3, ((0, 3),)),
        Section(7, 3, "（一）财政拨款收入", "财政拨款收入1万元。", 3, 3, ((0, 3),)),
        Section(8, 2, "十四、其他", "机关运行经费1万元。", 3, 3, ((0, 3),)),
        Section(9, 1, "第四部分名词解释", "一、财政拨款收入：指…", 4, 4, ((0, 4),)),
    ]
    assert [s.seq for s in narrative_sections(secs)] == [1, 2, 5, 8]
    assert [f.fact for f in extract_facts(secs)] == ["实有人数", "机关运行经费"]


def test_a_table_of_contents_is_skipped():
    toc = "第一部分单位概况……3\n第二部分决算情况说明……5\n第三部分名词解释……20\n收入总计……6"
    assert narrative_sections([Section(1, 2, "一、概况", toc, 1, 1, ((0, 1),))]) == []


def test_the_national_template_states_no_fact(extracted):
    doc = extracted(require_shared(CORPUS / "template-national.pdf"))
    assert doc.status == "ok", doc.error
    assert [(f.fact, f.sentence) for f in extract_facts(doc.sections)] == []


# --- the vocabulary ----------------------------------------------------------------------

CONTRACT_FACTS = """
收入支出总计 本年收入合计 本年支出合计 年初结转和结余 年末结转和结余 使用非财政拨款结余 结余分配
财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入
基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
财政拨款收入支出总计 本年财政拨款收入 本年财政拨款支出 年初财政拨款结转和结余 年末财政拨款结转和结余
一般公共预算财政拨款支出 一般公共预算财政拨款基本支出 人员经费 公用经费
三公经费 因公出国（境）费 公务用车购置及运行维护费 公务用车购置费 公务用车运行维护费 公务接待费
因公出国（境）团组 因公出国（境）人次 国内公务接待批次 国内公务接待人次 公务用车购置数 公务用车保有量
机关运行经费 政府采购支出总额 政府采购货物支出 政府采购工程支出 政府采购服务支出
授予中小企业合同金额 授予小微企业合同金额 固定资产原值 房屋面积 房屋价值 车辆数 车辆价值
单价100万元以上设备 实有人数 在职人员 离休人员 退休人员 内设机构 下属单位
绩效自评项目 绩效自评金额 绩效评价平均得分 绩效评价等级
""".split()


def test_vocabulary_is_the_contracts_one_entry_per_fact():
    names = [spec.name for spec in VOCABULARY]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(CONTRACT_FACTS)
    assert {spec.unit for spec in VOCABULARY} <= CONTRACT_UNITS


@pytest.mark.parametrize("text,fact", [
    ("政府采购金额", "政府采购支出总额"),
    ("政府采购支出总额", "政府采购支出总额"),
    ("财政拨款收入支出总计", "财政拨款收入支出总计"),
    ("本年财政拨款收入", "本年财政拨款收入"),
    ("财政拨款收入", "财政拨款收入"),
    ("一般公共预算财政拨款基本支出", "一般公共预算财政拨款基本支出"),
    ("公务用车运行费", "公务用车运行维护费"),
    ("公务用车购置及运行维护费", "公务用车购置及运行维护费"),
    ("离退休人员", None),
])
def test_the_longest_phrasing_names_the_fact(text, fact):
    mentions = find_mentions(text)
    whole = [m for m in mentions if (m.start, m.end) == (0, len(text))]
    assert [m.candidates[0].spec.name for m in whole] == ([fact] if fact else [])


def test_extract_facts_compiles_no_pattern(monkeypatch, extracted):
    doc = extracted(SEED_VARIANTS[0])

    def refuse(*args, **kwargs):
        raise AssertionError("a pattern was compiled while extracting facts")

    for name in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
        monkeypatch.setattr(re, name, refuse)
    assert extract_facts(doc.sections)


def test_columns_and_records():
    assert FACTS_COLUMNS == ("doc_id", "fact", "qualifier", "mention", "value", "unit",
                             "change_amount", "change_pct", "direction", "reason", "page",
                             "section_seq", "sentence")
    (f,) = rows_of("2023年度收入总计619.53万元。")
    assert tuple(fact_record("abc", f)) == FACTS_COLUMNS
    assert fact_record("abc", f)["value"] == Decimal("619.53")


# --- golden -------------------------------------------------------------------------------

def as_row(f: Fact) -> dict[str, str]:
    return {k: cell_value(v) for k, v in fact_record("", f).items()}


def _same(field: str, expected: str, actual: str) -> bool:
    if field in NUMERIC and expected and actual:
        return Decimal(expected) == Decimal(actual)
    return expected == actual


def _short(text: str) -> str:
    return text if len(text) <= 70 else text[:33] + " … " + text[-33:]


def compare_facts(golden_path: Path, actual: list[dict[str, str]],
                  fields: tuple[str, ...]) -> list[str]:
    """Every difference between golden rows and extracted rows, one line each.

    A golden row is matched to an extracted row of the same fact, qualifier and
    sentence (the same value first, when one sentence states a fact twice), or
    failing that of the same fact, qualifier and value; then every field is
    compared. Unmatched rows on either side are reported. With
    JUESUAN_UPDATE_GOLDEN=1 the extracted rows are written next to the golden
    file as ``facts.csv.new`` for review, and the comparison still fails.
    """
    assert golden_path.exists(), f"missing golden file {golden_path}"
    expected = read_csv(golden_path)
    left = list(actual)
    problems: list[str] = []
    for n, exp in enumerate(expected, start=2):
        got = _partner(exp, left)
        if got is None:
            problems.append(f"line {n} missing: {exp['fact']}/{exp['qualifier']} = "
                            f"{exp['value']} {exp['unit']} in {_short(exp['sentence'])!r}")
            continue
        left.remove(got)
        for f in fields:
            if not _same(f, exp[f], got[f]):
                problems.append(f"line {n} {exp['fact']}/{exp['qualifier']} {f}: expected "
                                f"{_short(exp[f])!r}, got {_short(got[f])!r}")
    for a in left:
        problems.append(f"extra: {a['fact']}/{a['qualifier']} = {a['value']} {a['unit']} "
                        f"in {_short(a['sentence'])!r}")
    if UPDATE:
        _write_new(golden_path, actual, "page" in fields)
        problems.append(f"JUESUAN_UPDATE_GOLDEN=1: wrote {golden_path}.new for review")
    return problems


def _partner(exp: dict[str, str], rows: list[dict[str, str]]) -> dict[str, str] | None:
    def same(row: dict[str, str], keys: tuple[str, ...]) -> bool:
        return all(_same(k, exp[k], row[k]) for k in keys)
    for keys in (("fact", "qualifier", "sentence", "value"), ("fact", "qualifier", "sentence"),
                 ("fact", "qualifier", "value")):
        found = next((r for r in rows if same(r, keys)), None)
        if found is not None:
            return found
    return None


def _write_new(golden_path: Path, rows: list[dict[str, str]], with_pages: bool) -> None:
    columns = FACTS_COLUMNS[1:]
    with open(f"{golden_path}.new", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "page": r["page"] if with_pages else ""} for r in rows)


FIELDS = ("fact", "qualifier", "value", "unit", "change_amount", "change_pct", "direction",
          "reason", "sentence")
SEED_GOLDEN = GOLDEN / "changji-kexie-2023" / "facts.csv"
CORPUS_DOCS = ["shehuigongzuobu-2024", "caizhengju-2024-with-errors"]


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_seed_facts_match_golden(pdf, extracted):
    doc = extracted(pdf)
    assert doc.status == "ok", doc.error
    rows = [as_row(f) for f in extract_facts(doc.sections)]
    problems = compare_facts(SEED_GOLDEN, rows, FIELDS)
    assert not problems, f"{pdf.name}: {len(problems)} differences\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_seed_fact_pages_print_their_sentence(pdf, extracted):
    """The seed's golden has no pages (they differ by variant): each fact's page
    must print the start of its sentence."""
    doc = extracted(pdf)
    with pdfplumber.open(pdf) as handle:
        pages = ["".join((p.extract_text() or "").split()) for p in handle.pages]
    found = extract_facts(doc.sections)
    assert found
    for f in found:
        probe = "".join(f.sentence.split())[:10]
        assert probe in pages[f.page - 1], (f.fact, f.qualifier, f.page, probe)


@pytest.mark.parametrize("name", CORPUS_DOCS)
def test_corpus_facts_match_golden(name, extracted):
    pdf = require_shared(CORPUS / f"{name}.pdf")
    golden_path = GOLDEN / "corpus" / name / "facts.csv"
    if not golden_path.exists():
        pytest.fail(f"missing golden file {golden_path}")
    doc = extracted(pdf)
    assert doc.status == "ok", doc.error
    rows = [as_row(f) for f in extract_facts(doc.sections)]
    problems = compare_facts(golden_path, rows, FIELDS + ("page",))
    assert not problems, f"{name}: {len(problems)} differences\n" + "\n".join(problems[:40])
