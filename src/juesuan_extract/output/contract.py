"""What each table and column holds, in a sentence: the data contract
(docs/data-contract.md) as data, for the column sheet of the workbook and
datasette's metadata.json. A test checks that every column of every table has
a description here and is named in docs/data-contract.md."""

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
    "facts": "One row per named fact stated in the narrative (收支总计, 三公经费, 政府采购 …).",
    "checks": "One row per consistency check (juesuan check): sums, totals across statements, "
              "narrative against statements.",
    "unaccounted": "One row per printed number that no output row holds and that is no "
                   "reference (a code, a year, a list number).",
    "summary": "One row per document with the figures asked for first, from the statements "
               "where printed and from the narrative otherwise (amounts in 万元).",
    "files": "Every entry the batch found and what became of it.",
    "errors": "Every file that failed, and every document read with pages left out.",
}

_COMMON: dict[str, str] = {
    "doc_id": "Document: the first 16 hex digits of the file's SHA-256 (documents.doc_id)",
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
    },
    "sections": {
        "level": "1 第X部分, 2 一、, 3 （一）, 4 1., 5 (1)",
        "heading": "The heading as printed",
        "text": "Body paragraphs up to the next heading, joined by newlines",
    },
    "evaluation_tables": {
        "table_kind": "overall (整体支出) or project (项目支出)",
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
        "source": "The funds row as printed (年度资金总额, 其中：当年财政拨款 …)",
        "budget_initial": "年初预算数",
        "budget_full_year": "全年预算数",
        "executed": "全年执行数",
        "execution_rate": "执行率 (percent)",
    },
    "evaluation_indicators": {
        "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
        "target": "年度指标值 / 预期指标值, as printed",
        "basis": "指标值设定依据 (overall tables)",
        "actual": "实际完成值, as printed",
        "deviation_reason": "偏差原因分析及改进措施",
    },
    "statements": {
        "statement_seq": "The statement, 1… in document order",
        "title": "The title as printed",
        "empty": "yes when the statement prints no number",
        "value_count": "How many numbers the statement prints",
        "note": "The 注：/说明： lines under the table",
        "ruling": "printed, inferred (grid drawn from the text's alignment) or mixed",
        "number": "A budget statement's printed table number (公开01表 → 1); empty when none",
    },
    "statement_rows": {
        "row_seq": "Printed line within the statement, 1…",
        "code": "科目编码 digits ('' when none)",
        "level": "类, 款 or 项 (3, 5 or 7 digits of code)",
        "name": "Row label (科目名称 / 项目)",
        "column_path": "The column: its header path joined with '/', e.g. 收入/决算数",
        "value": "The number printed",
        "value_wan": "The value in 万元 (converted from 元 where the statement prints 元)",
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
        "status": "pass, fail, rounding (at most 0.02 万元 off) or not_applicable",
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
        "fiscal_year": "Fiscal year (年度)",
        "doc_kind": "部门决算, 单位决算, 部门预算 …",
        "status": "ok, partial or failed",
        "statements": "How many standard statements the document prints",
        "statement_values": "How many numbers its statements print",
        "failed_checks": "How many checks fail (checks.status = 'fail')",
        "unaccounted": "How many printed numbers no output row holds (rows of unaccounted)",
        **{f.column: f"{f.label} ({f.unit})" for f in FIGURES},
        **{f"{f.column}_prev": f"{f.label}, previous year ({f.unit}; from the change the "
                               f"narrative states)" for f in FIGURES if f.previous},
        "from_narrative": "The figures (column names) taken from the narrative, not the statements",
    },
    "unaccounted": {
        "text": "The number as printed",
        "box": "Where: x0 top x1 bottom in PDF points from the page's top-left corner",
        "line": "The line or cell the number stands in",
        "reason": "Why no output row holds it",
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
