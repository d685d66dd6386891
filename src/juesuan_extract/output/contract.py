"""What each table and column holds, in a sentence, and its Chinese name: the
data contract (docs/data-contract.md) as data, for the workbook (a Chinese label
beside each column name, and the column sheet) and datasette's metadata.json.
A test checks that every column of every table has a description and a label
here and is named in docs/data-contract.md."""

from __future__ import annotations

from .summary import FIGURES

TABLES: dict[str, str] = {
    "documents": "One row per document: file, unit, year, kind, and whether it could be read.",
    "sections": "One row per narrative heading (第一部分 / 一、 / （一） / 1.) with its text.",
    "evaluation_tables": "One row per 绩效自评表 (overall or project).",
    "evaluation_funds": "One row per funds row of a 绩效自评表 (年度资金总额, 其中：当年财政拨款 …).",
    "evaluation_indicators": "One row per indicator of a 绩效自评表, with target, weight, score "
                             "and 偏差原因.",
    "statements": "One row per standard statement found: the nine 部门决算报表, or a budget's "
                  "公开01–12表.",
    "statement_rows": "One row per number printed in a statement's body.",
    "statement_texts": "One row per text a statement's row prints after its amounts: a "
                       "project's description or goal (项目概述, 绩效目标, 主要原因).",
    "facts": "One row per named fact stated in the narrative (收支总计, 三公经费, 政府采购 …).",
    "checks": "One row per consistency check (juesuan check): sums, totals across statements, "
              "narrative against statements.",
    "unaccounted": "One row per printed number that no output row holds and that is no "
                   "reference (a code, a year, a list number).",
    "summary": "One row per document with the figures asked for first, from the statements "
               "where printed and from the narrative otherwise (amounts in 万元): the 决算 of a "
               "部门决算, the budget of a 部门预算.",
    "units": "One row per unit (单位) across documents and years: the name folded, the names as "
             "printed, the region.",
    "series": "One row per unit, fiscal year, figure and basis (预算 or 决算), with the document "
              "and page it was read on: budget against final and year on year in one query.",
    "budget_vs_final": "The figures of a 决算 beside those of its budget, same unit and year: each coded "
                       "statement value, and each summary figure (amounts in 万元).",
    "files": "Every entry the batch found and what became of it.",
    "errors": "Every file that failed, and every document read with pages left out.",
}

_COMMON: dict[str, str] = {
    "doc_id": "Document: the first 16 hex digits of the file's SHA-256 (documents.doc_id)",
    "unit_id": "The unit (units.unit_id): one id for every name the office is printed under",
    "unit_name": "单位名称",
    "fiscal_year": "Fiscal year (年度)",
    "level": "类, 款 or 项",
    "seq": "Order within the parent, 1…",
    "table_seq": "The 绩效自评表, 1… in document order (evaluation_tables.table_seq)",
    "page": "Page (1-based)",
    "page_start": "First page (1-based)",
    "page_end": "Last page (1-based)",
    "unit": "Unit as printed (单位：万元)",
    "weight": "分值",
    "score": "得分",
    "statement": "The statement's canonical name (one of the nine 部门决算报表, or a budget "
                 "statement's)",
}

COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "file": "Path of the file (relative to the batch's input folder)",
        "sha256": "SHA-256 of the file's bytes",
        "pages": "Page count",
        "ocr_pages": "Pages read from their images by OCR (;-separated), empty when none",
        "unit_name": "单位名称 from the title",
        "fiscal_year": "Fiscal year (年度)",
        "doc_kind": "部门决算, 单位决算, … ('' when the title names none)",
        "title": "The cover or title text",
        "status": "ok, partial (some pages left out: see warnings) or failed",
        "error_code": "Why it failed (unreadable, not_a_pdf, encrypted, no_text_layer …)",
        "error": "The reason it failed and what to do",
        "warnings": "'; '-separated kind: detail (page_failed, not_juesuan, repaired …)",
        "numbers_printed": "How many numbers the document prints",
        "numbers_captured": "How many of them an output row holds",
        "numbers_unaccounted": "How many are neither captured nor a reference (rows of unaccounted)",
        "unit_id": "The unit (units.unit_id): the same for every document of the same office",
        "same_as": "The first document (by file) of the same unit, fiscal year and kind, when this "
                   "one repeats it (a copy, a re-issue, the tables in a file of their own)",
    },
    "sections": {
        "level": "1 第X部分, 2 一、, 3 （一）, 4 1., 5 (1)",
        "heading": "The heading as printed",
        "text": "Body paragraphs up to the next heading, joined by newlines",
    },
    "evaluation_tables": {
        "table_kind": "overall (整体支出), project (项目支出) or target (a budget's 绩效目标表)",
        "title": "The title as printed",
        "doubts": "Why the reading of the table is in doubt ('; '-separated; '' when it is not)",
        "project_name": "项目名称 ('' for overall)",
        "competent_dept": "主管部门 (for overall tables the 部门（单位）名称)",
        "implementing_unit": "实施单位",
        "goal_expected": "预期目标",
        "goal_actual": "实际完成情况",
        "total_score": "得分 of the 总分 row",
        "total_weight": "分值 of the 总分 row, usually 100",
        "funds_weight": "分值 printed once for the whole funds block (a merged cell)",
        "funds_execution_rate": "执行率 printed once for the whole funds block (percent)",
        "funds_score": "得分 printed once for the whole funds block",
    },
    "evaluation_funds": {
        "source": "The funds row as printed (年度资金总额, 其中：当年财政拨款 …; a task's name)",
        "content": "主要内容 of a task row (部门整体 tables)",
        "status": "完成情况 of a task row (部门整体 tables)",
        "budget_initial": "年初预算数",
        "budget_full_year": "全年预算数 (its 总额 where the table splits it)",
        "budget_fiscal": "全年预算数: 财政拨款 part, where the table prints the split",
        "budget_other": "全年预算数: 其他资金 part, where the table prints the split",
        "executed": "全年执行数 (its 总额 where the table splits it)",
        "executed_fiscal": "全年执行数: 财政拨款 part, where the table prints the split",
        "executed_other": "全年执行数: 其他资金 part, where the table prints the split",
        "execution_rate": "执行率 (percent)",
        "is_total": "yes for the block's total row (金额合计), not a source or task",
        "doubt": "Why a number of the row is in doubt ('' when each is one printed number at its box)",
    },
    "evaluation_indicators": {
        "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
        "content": "指标内容, where the table prints such a column",
        "doubt": "Why 分值 or 得分 is in doubt ('' when each is one printed number at its box)",
        "target": "年度指标值 / 预期指标值, as printed",
        "basis": "指标值设定依据 (overall tables)",
        "actual": "实际完成值, as printed",
        "deviation_reason": "偏差原因分析及改进措施",
    },
    "statements": {
        "statement_seq": "The statement, 1… in document order",
        "statement": "The statement's canonical name; '' for a table of no known kind (read as "
                     "printed, listed in the document's warnings)",
        "title": "The title as printed",
        "empty": "yes when the statement prints no number",
        "value_count": "How many numbers the statement prints",
        "note": "The 注：/说明： lines under the table",
        "ruling": "printed, inferred (grid drawn from the text's alignment) or mixed",
        "number": "A budget statement's printed table number (公开01表 → 1); empty when none",
        "doubts": "Why the reading of the statement is in doubt (structure checks; '' when sound)",
    },
    "statement_rows": {
        "statement_seq": "The statement the number is printed in (statements.statement_seq)",
        "row_seq": "Printed line within the statement, 1…",
        "code": "科目编码 digits ('' when none)",
        "level": "类, 款 or 项 (3, 5 or 7 digits of code)",
        "name": "Row label (科目名称 / 项目)",
        "column_path": "The column: its header path joined with '/', e.g. 收入/决算数",
        "value": "The number printed",
        "value_wan": "The value in 万元 (converted from 元 where the statement prints 元)",
        "doubt": "Why the value is in doubt: what is printed at its box and what was made of "
                 "it ('' when it is one printed number there)",
    },
    "statement_texts": {
        "statement_seq": "The statement the text is printed in (statements.statement_seq)",
        "row_seq": "The row it belongs to (statement_rows.row_seq)",
        "name": "The row's label (statement_rows.name)",
        "column_path": "The column: its header path joined with '/', e.g. 绩效目标",
        "text": "The cell's text as printed",
        "box": "Where: x0 top x1 bottom in PDF points from the page's top-left corner",
    },
    "facts": {
        "fact": "Name from the fact vocabulary (收入支出总计, 三公经费, 车辆数 …)",
        "qualifier": "决算 / 年初预算 / 完成率, a 类 name, 占比 …",
        "mention": "1, 2 … when one sentence states the same fact and qualifier more than once",
        "value": "The figure stated (empty when the sentence states only a change)",
        "change_amount": "Signed change against the previous year or the budget",
        "change_pct": "Signed change in percent",
        "direction": "增加, 减少 or 持平",
        "reason": "The text after 主要原因是",
        "section_seq": "The section the sentence is in (sections.seq)",
        "sentence": "The whole source sentence",
    },
    "checks": {
        "check_id": "The kind of check (statement.code_tree, cross.totals, narrative.amount …)",
        "scope": "What was checked",
        "status": "pass, fail, rounding (two units of the table's last decimal place: 0.02 万元, "
                  "2 元) or not_applicable",
        "verdict": "For a failure: inconsistent (the document contradicts itself as read) or "
                   "doubtful (the reading is in doubt); '' otherwise",
        "expected": "The recomputed figure (a number)",
        "actual": "The printed figure (a number)",
        "difference": "actual − expected",
        "expected_text": "The expected value when it is not a number (大于, a note)",
        "actual_text": "The printed value when it is not a number",
        "pages": "';'-separated pages",
        "message": "What the check found",
    },
    "summary": {
        "file": "Path of the file",
        "unit_name": "单位名称",
        "unit_id": "The unit (units.unit_id)",
        "fiscal_year": "Fiscal year (年度)",
        "doc_kind": "部门决算, 单位决算, 部门预算 …: a 决算's figures are final, a 预算's budgeted",
        "status": "ok, partial or failed",
        "statements": "How many standard statements the document prints",
        "statement_values": "How many numbers its statements print",
        "failed_checks": "How many checks fail (checks.status = 'fail')",
        "unaccounted": "How many printed numbers no output row holds (rows of unaccounted)",
        **{f.column: f"{f.label} ({f.unit})" for f in FIGURES},
        **{f"{f.column}_prev": f"{f.label}, previous year ({f.unit}; from the change the "
                               f"narrative states)" for f in FIGURES if f.previous},
        **{f"{f.column}_page": f"The page {f.column} was read on" for f in FIGURES},
        "from_narrative": "The figures (column names) taken from the narrative, not the statements",
    },
    "unaccounted": {
        "text": "The number as printed",
        "box": "Where: x0 top x1 bottom in PDF points from the page's top-left corner",
        "line": "The line or cell the number stands in",
        "reason": "Why no output row holds it",
    },
    "units": {
        "unit_id": "First 12 hex digits of the SHA-256 of the folded name: the same in every batch",
        "unit_name": "The name folded (中国共产党 → 中共, …委员会办公厅 → …委办公厅; 本级 and 汇总 kept)",
        "names_printed": "The names as the documents print them ('; '-separated)",
        "province": "省级 region the unit belongs to (江苏省, 上海市 …)",
        "city": "City (地级市, 自治州; a municipality for its own districts)",
        "county": "District or county (区, 县, 旗)",
        "level": "中央, 省级, 市级 or 县级",
        "documents": "How many documents of the dataset are this unit's",
        "years": "The fiscal years of its documents (';'-separated)",
    },
    "series": {
        "figure": "The summary figure (its column name without _budget: sangong, admin_operating …)",
        "label": "The figure's Chinese name",
        "basis": "预算 (a budget's figure, or the budget a 决算 prints) or 决算",
        "value": "The figure (万元, or a count: see unit)",
        "unit": "万元, or 辆 / 人 for the counts",
        "doc_kind": "The kind of the document it was read in",
        "source": "statement or narrative",
    },
    "budget_vs_final": {
        "final_doc_id": "The 决算 document", "budget_doc_id": "The budget document",
        "code": "科目编码 (statement level)", "name": "The row label, or the figure's Chinese name",
        "figure": "The summary figure (summary level)",
        "final_statement": "The 决算 statement ('summary' at summary level)",
        "final_column": "The 决算 column (the summary column at summary level)",
        "final_value": "The 决算 value (万元)",
        "final_budget_initial": "The 年初预算数 or 预算数 the 决算 itself prints (万元)",
        "budget_statement": "The budget statement ('summary' at summary level)",
        "budget_value": "The budget's value (万元)", "difference": "final_value − budget_value (万元)",
    },
    "files": {
        "path": "Path relative to the input folder, in its readable form",
        "sha256": "SHA-256 of the file's bytes",
        "bytes": "File size",
        "status": "ok, partial, failed, skipped (not a PDF, or not a file to read), pending "
                  "(not read yet)",
        "copy_of": "When the file is a copy (the same bytes), the path it is counted under",
        "reason": "Why the entry is not read (not a PDF, a hidden file, a dangling or outside "
                  "link, a pipe …), or the error of a file refused before reading",
    },
    "errors": {
        "path": "Path relative to the input folder",
        "error_code": "unreadable, not_a_pdf, corrupt, timeout … or partial",
        "error": "The reason and what to do (for partial: the pages left out)",
    },
}


def describe(table: str, column: str) -> str:
    """The description of ``table.column`` ('' when there is none)."""
    return COLUMNS.get(table, {}).get(column) or _COMMON.get(column, "")


# The Chinese name of each column, shown beside its ASCII name in the workbook; a
# table's own entry before the common one. The summary's figures are named by FIGURES.
_LABELS: dict[str, str] = {
    "doc_id": "文档编号", "file": "文件", "sha256": "文件摘要", "pages": "页数", "unit_name": "单位名称",
    "fiscal_year": "年度", "doc_kind": "文档类型", "title": "标题", "status": "读取状态",
    "error_code": "错误代码", "error": "错误说明", "warnings": "警告", "numbers_printed": "印出数字数",
    "numbers_captured": "已提取数字数", "numbers_unaccounted": "未提取数字数", "ocr_pages": "OCR页",
    "unit_id": "单位编号", "same_as": "重复于", "seq": "序号", "level": "层级", "heading": "标题",
    "text": "正文", "page_start": "起始页", "page_end": "结束页", "page": "页码",
    "table_seq": "表序号", "table_kind": "表类型", "project_name": "项目名称", "competent_dept": "主管部门",
    "implementing_unit": "实施单位", "goal_expected": "预期目标", "goal_actual": "实际完成情况",
    "total_score": "总得分", "total_weight": "总分值", "funds_weight": "资金分值",
    "funds_execution_rate": "资金执行率", "funds_score": "资金得分", "source": "资金来源",
    "budget_initial": "年初预算数", "budget_full_year": "全年预算数", "executed": "全年执行数",
    "weight": "分值", "execution_rate": "执行率", "score": "得分", "level1": "一级指标",
    "level2": "二级指标", "level3": "三级指标", "target": "年度指标值", "basis": "指标值设定依据",
    "actual": "实际完成值", "deviation_reason": "偏差原因分析及改进措施", "statement_seq": "报表序号",
    "statement": "报表", "unit": "单位", "empty": "空表", "value_count": "数值个数", "note": "注释",
    "ruling": "表格线", "number": "表号", "row_seq": "行序号", "code": "科目编码", "name": "科目名称",
    "column_path": "栏目", "value": "数值", "value_wan": "数值（万元）", "fact": "事项",
    "qualifier": "限定", "mention": "提及序号", "change_amount": "增减额", "change_pct": "增减率",
    "direction": "增减方向", "reason": "原因", "section_seq": "章节序号", "sentence": "原句",
    "check_id": "核查项", "scope": "核查范围", "expected": "应为", "difference": "差额",
    "expected_text": "应为（文字）", "actual_text": "实为（文字）", "message": "说明", "box": "位置",
    "line": "所在行", "statements": "报表数", "statement_values": "报表数值数", "failed_checks": "未通过核查数",
    "unaccounted": "未提取数字数", "from_narrative": "取自文字说明的指标", "path": "路径", "bytes": "字节数",
    "copy_of": "副本于", "names_printed": "印出名称", "province": "省", "city": "市", "county": "区县",
    "documents": "文档数", "years": "年度", "figure": "指标", "label": "指标名称",
}
_TABLE_LABELS: dict[str, dict[str, str]] = {
    "checks": {"actual": "实为", "status": "核查结果", "pages": "页码"},
    "evaluation_funds": {"source": "资金来源"},
    "series": {"basis": "预算或决算", "unit": "计量单位", "source": "来源"},
    "units": {"level": "行政层级", "unit_name": "单位名称（规范）"},
    "sections": {"level": "标题层级"},
    "statement_rows": {"level": "科目级次", "name": "科目名称"},
    "statement_texts": {"text": "文字", "name": "项目名称"},
    "unaccounted": {"text": "印出数字"},
    "files": {"status": "状态"},
    **{"summary": {
        **{f.column: f.label for f in FIGURES},
        **{f"{f.column}_prev": f"{f.label}（上年）" for f in FIGURES if f.previous},
        **{f"{f.column}_page": f"{f.label}（页码）" for f in FIGURES},
    }},
}


def label(table: str, column: str) -> str:
    """The Chinese name of ``table.column`` ('' when there is none)."""
    return _TABLE_LABELS.get(table, {}).get(column) or _LABELS.get(column, "")
