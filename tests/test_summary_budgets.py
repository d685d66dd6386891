"""Budgets (部门预算) in the summary: every corpus budget gives its figures, read
through the table of ways provinces print them (output/budget_figures.py).

Golden values are read by eye from the rendered pages (pdftoppm -r 80), never
from the extractor's output: js-gaoyuan-2019-yusuan pp. 8, 9, 12, 14, 15, 16
(Jiangsu, 万元); 2026年上海市信访局_部门预算 pp. 7, 11, 14, 19 (Shanghai, printed in
元); 2026年深圳市宣传部部门预算 pp. 19, 32, 39 (Guangdong, Shenzhen)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from conftest import SHARED, require_shared
from juesuan_extract.output.budget_figures import BUDGET_CELLS
from juesuan_extract.output.records import to_records
from juesuan_extract.output.summary import _from_statements, _statement_cells, is_budget, label_key

BUDGETS = SHARED / "corpus" / "budgets"
D = Decimal

GOLDEN = {
    "js-gaoyuan-2019-yusuan.pdf": {
        # p. 8 收支预算总表: 收入合计 and 支出合计 37,188.34; 当年收入小计, 当年支出小计 37,188.34
        "total_income": (D("37188.34"), 8), "total_expenditure": (D("37188.34"), 8),
        "income": (D("37188.34"), 8), "expenditure": (D("37188.34"), 8),
        # p. 12 一般公共预算支出预算表 合计; p. 9 支出预算总表 基本支出, 项目支出
        "general_budget_expenditure": (D("37188.34"), 12),
        "basic_expenditure": (D("21968.00"), 9), "project_expenditure": (D("10208.94"), 9),
        # p. 14 “三公”经费…支出预算表: 小计 513.75, 因公出国（境）费 160.00, 公务用车购置及运行维护费
        # 266.80 (购置费 blank, 运行维护费 266.80), 公务接待费 86.95
        "sangong_budget": (D("513.75"), 14), "sangong_abroad_budget": (D("160.00"), 14),
        "sangong_vehicles_budget": (D("266.80"), 14), "sangong_vehicle_purchase_budget": (None, None),
        "sangong_vehicle_operation_budget": (D("266.80"), 14),
        "sangong_reception_budget": (D("86.95"), 14),
        # p. 15 机关运行经费 合计 3,580.05; p. 16 政府采购 合计 5,227.59
        "admin_operating": (D("3580.05"), 15), "procurement": (D("5227.59"), 16),
        "sangong": (None, None),  # a budget spends nothing: its 三公 is the budget's column
    },
    "cities/001_上海/2026年上海市信访局_部门预算.pdf": {
        # p. 7 收入总计, 支出总计 288,280,739 元; p. 14 一般公共预算支出 合计 288,280,739;
        # p. 11 支出预算 合计: 基本支出 60,046,940, 项目支出 228,233,799 (元, given in 万元)
        "total_income": (D("28828.0739"), 7), "total_expenditure": (D("28828.0739"), 7),
        "general_budget_expenditure": (D("28828.0739"), 14),
        "basic_expenditure": (D("6004.694"), 11), "project_expenditure": (D("22823.3799"), 11),
        # p. 19 (万元): 合计 84.00, 因公出国(境)费 30.00, 公务接待费 5.00, 公务用车 小计 49.00,
        # 运行费 49.00; 机关运行经费预算数 1,067.92
        "sangong_budget": (D("84.00"), 19), "sangong_abroad_budget": (D("30.00"), 19),
        "sangong_reception_budget": (D("5.00"), 19), "sangong_vehicles_budget": (D("49.00"), 19),
        "sangong_vehicle_operation_budget": (D("49.00"), 19), "admin_operating": (D("1067.92"), 19),
    },
    "cities/003_深圳/2026年深圳市宣传部部门预算.pdf": {
        # p. 19 收支总表: 本年收入合计 148,764.03, 本年支出合计 149,580.90, 收入总计 and 支出总计 149,580.90
        "total_income": (D("149580.90"), 19), "total_expenditure": (D("149580.90"), 19),
        "income": (D("148764.03"), 19), "expenditure": (D("149580.90"), 19),
        # p. 32 一般公共预算支出表（按功能分类）, the unit's line: 149,200.90, 5,403.02, 143,797.88
        "general_budget_expenditure": (D("149200.90"), 32),
        "basic_expenditure": (D("5403.02"), 32), "project_expenditure": (D("143797.88"), 32),
        # p. 39 财政拨款“三公”经费支出表, line 2026年, 一般公共预算: 121.95, 108.60, 4.55, 8.80, 0.00, 8.80
        "sangong_budget": (D("121.95"), 39), "sangong_abroad_budget": (D("108.60"), 39),
        "sangong_reception_budget": (D("4.55"), 39), "sangong_vehicles_budget": (D("8.80"), 39),
        "sangong_vehicle_purchase_budget": (D("0.00"), 39),
        "sangong_vehicle_operation_budget": (D("8.80"), 39),
    },
}


def _summary(extracted, name):
    doc = extracted(require_shared(BUDGETS / name))
    assert doc.status == "ok", doc.error
    return to_records(doc)["summary"][0]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_budget_figures_of_three_provinces_match_the_pages(name, extracted):
    row = _summary(extracted, name)
    assert is_budget(str(row["doc_kind"])), row["doc_kind"]
    for column, (value, page) in GOLDEN[name].items():
        got = row[column]
        assert (got is None and value is None) or (got is not None and value is not None
                                                   and Decimal(str(got)) == value), f"{name}: {column}"
        assert row[column + "_page"] == page, f"{name}: {column}_page"
        if value is not None:
            assert column not in str(row["from_narrative"]).split(), f"{name}: {column} from the statements"


def test_labels_are_matched_folded():
    assert label_key("其中：（一）因公出国（境）支出") == "因公出国(境)支出"
    # 公务用车购置及运行费 (佛山) is another name of 公务用车购置及运行维护费
    assert label_key("“三公”经费预算数/公务用车购置及运行费/小计") == "三公经费预算数/公务用车购置及运行维护费/小计"
    assert label_key("收入/2026年预算数", 2026) == "收入/本年预算数"
    assert label_key("2025年", 2026) == "2025年"  # another year's line is no match
    assert label_key("1、因公出国（境）费用") == "因公出国(境)费用"


def _corpus_budgets(extracted):
    if not BUDGETS.is_dir():
        pytest.skip(f"{BUDGETS} is absent: the corpus budgets are needed")
    docs = [extracted(pdf) for pdf in sorted(BUDGETS.rglob("*.pdf"))]
    return [d for d in docs if is_budget(d.doc_kind)]


FIGURES_OF_A_BUDGET = ("total_income", "total_expenditure", "general_budget_expenditure",
                       "sangong_budget", "admin_operating", "procurement")


@pytest.mark.slow
def test_every_corpus_budget_gives_summary_figures(extracted):
    """Every document the corpus holds as a budget gives its totals or its 三公 budget
    (a Shanghai 预算单位 whose statements are not read gives its 三公 table's), most
    of them several of these figures."""
    budgets = _corpus_budgets(extracted)
    assert len(budgets) >= 40
    given = {}
    for doc in budgets:
        row = to_records(doc)["summary"][0]
        given[doc.file] = [c for c in FIGURES_OF_A_BUDGET if row[c] is not None]
        assert given[doc.file], doc.file
        assert row["sangong"] is None, doc.file  # a budget's 三公 is in sangong_budget
    assert sum(len(g) >= 3 for g in given.values()) >= 0.8 * len(budgets)


@pytest.mark.slow
def test_every_row_of_the_budget_figure_table_reads_a_corpus_budget(extracted):
    used: Counter[int] = Counter()
    for doc in _corpus_budgets(extracted):
        cells = _statement_cells(doc)
        for i, (_, statement, row, column, _) in enumerate(BUDGET_CELLS):
            if _from_statements([(statement, row, column)], cells) is not None:
                used[i] += 1
    unused = [BUDGET_CELLS[i][:4] for i in range(len(BUDGET_CELLS)) if not used[i]]
    assert not unused


def test_a_shanghai_style_budget_in_yuan_gives_its_totals_in_wan(extracted):
    """fixtures/pdfs/budget-shanghai-yuan: 预算数/合计 of its 一般公共预算支出预算表, printed in 元
    (golden/budget-fixtures, written from the builder's source data)."""
    from conftest import FIXTURES, GOLDEN
    from test_batch_helpers import read_csv

    doc = extracted(FIXTURES / "budget-shanghai-yuan.pdf")
    row = to_records(doc)["summary"][0]
    golden = read_csv(GOLDEN / "budget-fixtures" / "budget-shanghai-yuan" / "statement_rows.csv")
    total = next(g for g in golden if (g["statement"], g["name"], g["column_path"]) == (
        "一般公共预算支出预算表", "合计", "预算数/合计"))
    assert total["unit"] == "元"
    assert Decimal(str(row["general_budget_expenditure"])) == Decimal(total["value"]) / 10000
    assert row["general_budget_expenditure_page"] == int(total["page"])
