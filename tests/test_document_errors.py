"""The corpus documents' own errors, as `juesuan check` finds them.

Every failure with the verdict `inconsistent` says the document contradicts itself as
printed. Each one found in ../shared/corpus is listed below with its page and what the
page prints, checked by eye against the rendered page; every other document must give
none. A failure not listed is a misreading passed off as the document's error (the tool
crying wolf); a listed one gone is an error no longer seen. Either fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import SHARED, require_shared

pytestmark = pytest.mark.slow

CORPUS = SHARED / "corpus"

# file (under corpus/) → (check, pages, how many, what the page prints)
DOCUMENT_ERRORS: dict[str, list[tuple[str, tuple[int, ...], int, str]]] = {
    "final_accounts/caizhengju-2024-with-errors.pdf": [  # a copy with errors put in on purpose
        ("narrative.amount", (7, 18), 1, "收入支出总计 0 万元 in the text; the 总表 prints 2,995.39"),
        ("narrative.percent", (18,), 1, "减少 56.95 万元, 下降 1.87% of a stated total of 0"),
        ("narrative.percent", (19,), 1, "一般公共服务支出 2106.66 / 2940.05 = 71.65%, printed 71.73%"),
        ("narrative.direction", (19,), 1, "行政运行 决算 1511.89 < 预算 1560.05, text says 大于"),
        ("narrative.direction", (20,), 1, "职业年金缴费 决算 80.38 < 预算 80.81, text says 大于"),
        ("narrative.direction", (21,), 1, "行政单位医疗 决算 60.99 < 预算 62.29, text says 等于"),
        ("completeness.statement", (), 1, "支出决算表 listed in the 目录, not printed"),
        ("completeness.empty_note", (15,), 1, "三公 statement printed empty without a 说明"),
        ("hygiene.fiscal_year", (18,), 1, "heading of 第三部分 says 2023年度"),
        ("hygiene.fiscal_year", (24,), 1, "截至2023年12月31日 in a 2024 document"),
        ("hygiene.punctuation", (25,), 1, "“。。” in 名词解释"),
        ("hygiene.template_residue", (7,), 1, "caption 上海市普陀区XX局"),
        ("hygiene.unit_name", (7,), 1, "caption names 上海市普陀区XX局"),
    ],
    "final_accounts/template-national.pdf": [
        ("hygiene.template_residue", (1,), 1, "the national template: 上海市XX局 and blanks to fill in"),
    ],
    "final_accounts/swu-2024-juesuan.pdf": [
        ("narrative.percent", (19,), 1, "小微企业 7,295.12 / 中小企业 12,127.08 = 60.16%, printed 60.02%"),
    ],
    "final_accounts/xian-weijianwei-2022-juesuan-p1-100.pdf": [
        # the first 100 pages only: the 目录's 第三部分 (the nine statements) comes after them
        ("completeness.statement", (100,), 1, "the file ends in 第二部分, before 第三部分 决算表"),
        ("hygiene.punctuation", (10,), 1, "“，。” after 增加144.81%"),
        # the self-evaluation tables' slips, one by one in golden/xian-weijianwei-2022-juesuan-p1-100
        ("evaluation.weights", (70,), 1, "总分 分值 90 is the indicators' alone; funds 10 left out"),
        ("evaluation.total_score", (70,), 1, "总分 得分 90 leaves out the funds' 9.98"),
        ("evaluation.weights", (71,), 1, "总分 分值 90 leaves out the funds' 10"),
        ("evaluation.total_score", (71,), 1, "总分 得分 88 leaves out the funds' 8.38"),
        ("evaluation.score_over_weight", (72,), 1, "总分 得分 93 over 分值 90"),
        ("evaluation.weights", (73,), 1, "funds 分值 blank; indicators weigh 90 against 100"),
        *[("evaluation.weights", (p,), 1, "效益指标 rows weigh 26: Σ 96 against 总分 100")
          for p in range(74, 81)],
        *[("evaluation.level_weights", (p,), 1, "效益指标（30分） rows weigh 13 + 13 = 26")
          for p in range(74, 81)],
        ("evaluation.funds_sum", (94,), 1, "其他资金 全年预算数 blank: 1072 + blank ≠ 2500"),
        *[("evaluation.level_weights", (p,), 2, "产出指标（50分） rows weigh 60, 效益指标（30分） 20")
          for p in (95, 96, 97)],
        *[("evaluation.weights", (p,), 1, "funds 分值 blank; indicators weigh 90 against 100")
          for p in (98, 99, 100)],
        *[("evaluation.execution_rate", (p,), 1, "执行率 printed 1000% for B/A = 100%")
          for p in (98, 99, 100)],
    ],
    "budgets/js-jianchayuan-2017-yusuan.pdf": [
        ("narrative.percent", (22,), 1, "机关运行经费 +3401.59 on 2630.96 = 129.29%, printed 129.97%"),
    ],
    "budgets/cities/017_福州/2026年福州市生态环境局部门预算.pdf": [
        ("hygiene.punctuation", (4,), 1, "“取得积极成效。。”"),
    ],
    "budgets/cities/017_福州/公安局交通警察局_2026年部门预算.pdf": [
        # 20402 公安 prints 9,380.02 more than its two 项 lines, in both tables
        ("statement.code_tree", (9,), 2, "20402 合计 48200.88 and 项目支出 against Σ 38820.86"),
        ("statement.code_tree", (11,), 2, "20402 小计 40200.88 and 项目支出 against Σ 30820.86"),
    ],
    "budgets/cities/020_西安/人力资源和社会保障局_2026年部门预算.pdf": [
        # 合计 leaves out the 上年结转 column (60.37 + 3.82 + 26.38) in three units' rows
        ("statement.column_sum", (30,), 3, "收入预算总表 合计 without 上年结转"),
        ("statement.column_sum", (31,), 3, "支出预算总表 合计 without 上年结转"),
    ],
    "budgets/cities/020_西安/应急管理局_2026年部门预算.pdf": [
        # a 2019 三公 table: 2018年 合计 24.08 is 三公 alone (会议费 4.32, 培训费 29.79 left
        # out) and 三公 小计 2.86 is 公务接待费 alone (公务用车 21.22 left out), in every row;
        # 增减变化 inherits both
        ("statement.column_sum", (32,), 21, "2018年 and 增减 合计 / 小计 as above"),
    ],
    "budgets/cities/079_湖州/2026年湖州市退役军人事务局部门预算.pdf": [
        # every growth rate is cut to a whole number and printed with “.0”
        ("narrative.percent", (5,), 2, "−336.67 on 6592.98 = −5.11% and 268.28 on 5988.03 = 4.48%, "
                                       "printed 5.0% and 4.0%"),
        ("narrative.percent", (9,), 1, "三公 −25 on 26.10 = −95.79%, printed 95.0%"),
        ("narrative.percent", (10,), 1, "机关运行经费 −4.98 on 53.76 = −9.26%, printed 9.0%"),
    ],
}


def _corpus_pdfs() -> list[str]:
    if not CORPUS.exists():
        return sorted(DOCUMENT_ERRORS)
    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.pdf"))


@pytest.mark.parametrize("name", _corpus_pdfs())
def test_the_inconsistencies_found_are_the_documents_own(name, extracted):
    doc = extracted(require_shared(CORPUS / name))
    found = Counter((c.check_id, tuple(c.pages)) for c in doc.checks
                    if c.status == "fail" and c.verdict == "inconsistent")
    listed: Counter[tuple[str, tuple[int, ...]]] = Counter()
    for check_id, pages, count, _ in DOCUMENT_ERRORS.get(name, []):
        listed[(check_id, pages)] += count
    unlisted, unseen = dict(found - listed), dict(listed - found)
    assert not unlisted and not unseen, (
        f"{name}: inconsistencies not listed as the document's own (misreadings?): {unlisted}; "
        f"listed ones no longer found: {unseen}")


def test_every_listed_document_is_in_the_corpus():
    require_shared(CORPUS)
    missing = [name for name in DOCUMENT_ERRORS if not (CORPUS / name).exists()]
    assert not missing, missing
