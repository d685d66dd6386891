"""Where a budget (部门预算) prints each figure of the summary: one row per way of printing it.

Budget statements differ by province far more than the national 决算 template
does: the same 收入预算总计 is the 收入合计 line's 收入/金额 in Jiangsu, the 收入总计
line's 本年收入/预算数 in Shanghai and its 收入/2026年预算数 in Shenzhen. Each row
below is one such way, with the document it was seen in: (summary column,
canonical statement name of :data:`~..tables.budget_titles.BUDGET_STATEMENTS`,
row label pattern, column path pattern, where seen). A new province's table is
one more row, and a new canonical statement name (the budget titles table
grows) one more row naming it.

Patterns are regular expressions matched whole against labels as
:func:`.summary.label_key` folds them: quotation marks and spaces removed,
full-width brackets made plain — （境） is ``(境)`` —, a leading enumerator (其中：,
（一）, 1., 2、) dropped, and the document's own year (2026年, 2026年度) written
本年. Only lines without a 科目编码 are read: totals are never coded. Rows are
tried in order, and the first cell that matches, in printed order, gives the
figure.

The narrative's facts for a budget (every amount qualified 预算, see
:mod:`..narrative.budget`) are in :data:`BUDGET_FACTS`.
"""

from __future__ import annotations

TOTALS = "收支预算总表"
SPENDING = "支出预算总表"
GENERAL = "一般公共预算支出预算表"
SANGONG = "一般公共预算“三公”经费支出预算表"
ADMIN = "一般公共预算机关运行经费支出预算表"
PROCUREMENT = "政府采购支出预算表"

ANY = ".*"
ABROAD = r"因公出国\(境\)(费用?|支出)"
VEHICLES = r"公务用车购置及运行(维护)?(费|支出)"
PURCHASE = r"(公务用车)?购置(费|支出)"
OPERATION = r"(公务用车)?运行(维护)?(费|支出)"
RECEPTION = r"公务接待费(支出)?"

# (summary column, statement, row label, column path, seen in)
BUDGET_CELLS: tuple[tuple[str, str, str, str, str], ...] = (
    # 收入/支出预算总计
    ("total_income", TOTALS, r"收入(总计|合计)", r"(本年)?收入/(本年)?(预算数|金额)",
     "js-gaoyuan-2019 p. 8 (收入合计 收入/金额); Shanghai 本年收入/预算数; Shenzhen 收入/2026年预算数"),
    ("total_expenditure", TOTALS, r"支出(总计|合计)",
     r"(本年)?支出/(本年)?(预算数|金额)(/合计)?|支出/支出用途/金额|支出/支出功能分类/预算数",
     "js-gaoyuan-2019 p. 8 (支出合计 支出/支出用途/金额); Shanghai 本年支出/预算数/合计; Xi'an"),
    ("income", TOTALS, r"本年收入合计", r"收入/(本年)?预算数", "swu-2023-yusuan p. 7; Fujian, Huzhou"),
    ("income", TOTALS, r"当年收入小计", r"收入/金额", "js-gaoyuan-2019 p. 8"),
    ("expenditure", TOTALS, r"本年支出合计", r"支出/(本年)?预算数|支出/支出功能分类/预算数",
     "swu-2023-yusuan p. 7; Xi'an"),
    ("expenditure", TOTALS, r"当年支出小计", r"支出/支出用途/金额", "js-gaoyuan-2019 p. 8"),
    # 一般公共预算财政拨款支出
    ("general_budget_expenditure", GENERAL, r"合计|总计",
     r"合计|金额|一般公共预算支出/合计|本年预算数/年初预算数/小计|预算数/合计",
     "js-gaoyuan-2019 p. 12 (合计 金额); Shanghai 一般公共预算支出/合计 (预算数/合计 in "
     "fixtures/pdfs/budget-shanghai-yuan); Suzhou; Wuhan"),
    ("general_budget_expenditure", GENERAL, ANY, r"支出总计",
     "Shenzhen: one line named after the unit"),
    # 基本支出, 项目支出: of every source, else of the 一般公共预算 table (as a 决算's)
    ("basic_expenditure", SPENDING, r"合计|", r"(支出预算/)?基本支出",
     "js-gaoyuan-2019 p. 9 (an unlabelled line); Shanghai 支出预算/基本支出; Suzhou, Fujian"),
    ("basic_expenditure", GENERAL, r"合计|总计", r"基本支出(/小计)?|一般公共预算支出/基本支出",
     "Huzhou 基本支出/小计"),
    ("basic_expenditure", GENERAL, ANY, r"基本支出", "Shenzhen"),
    ("project_expenditure", SPENDING, r"合计|", r"(支出预算/)?项目支出",
     "js-gaoyuan-2019 p. 9; Shanghai 支出预算/项目支出; Suzhou, Fujian, Huzhou"),
    ("project_expenditure", GENERAL, r"合计|总计", r"项目支出|一般公共预算支出/项目支出", "Huzhou"),
    ("project_expenditure", GENERAL, ANY, r"项目支出", "Shenzhen"),
    # “三公”经费 and its parts
    ("sangong_budget", SANGONG, ANY, r"三公经费/小计", "js-gaoyuan-2019 p. 14"),
    ("sangong_budget", SANGONG, ANY, r"三公经费预算数/合计", "Shanghai"),
    ("sangong_budget", SANGONG, r"合计|", r"三公经费合计", "Suzhou, Huzhou"),
    ("sangong_budget", SANGONG, r"三公经费", r"合计", "Guangzhou (lines 行政经费, “三公”经费 …)"),
    ("sangong_budget", SANGONG, r"本年", r"总计/一般公共预算", "Shenzhen (a line per year)"),
    ("sangong_budget", SANGONG, ANY, r"本年预算数/合计", "Wuhan (国家信访局)"),
    ("sangong_budget", SANGONG, r"合计", r"预算数", "Fuzhou"),
    ("sangong_budget", SANGONG, r"合计", r"本年/一般公共预算拨款安排的三公经费预算/小计", "Xi'an"),
    ("sangong_abroad_budget", SANGONG, ANY, rf"三公经费(预算数)?/{ABROAD}", "js-gaoyuan-2019 p. 14; Shanghai"),
    ("sangong_abroad_budget", SANGONG, r"合计|", ABROAD, "Suzhou"),
    ("sangong_abroad_budget", SANGONG, ABROAD, r"合计|预算数", "Guangzhou, Fuzhou"),
    ("sangong_abroad_budget", SANGONG, r"本年", rf"{ABROAD}/一般公共预算", "Shenzhen"),
    ("sangong_abroad_budget", SANGONG, ANY, rf"本年预算数/{ABROAD}", "Wuhan"),
    ("sangong_abroad_budget", SANGONG, r"合计", rf"本年/一般公共预算拨款安排的三公经费预算/{ABROAD}", "Xi'an"),
    ("sangong_vehicles_budget", SANGONG, ANY, rf"三公经费(预算数)?/{VEHICLES}/小计", "js-gaoyuan-2019 p. 14; Shanghai"),
    ("sangong_vehicles_budget", SANGONG, r"合计|", rf"{VEHICLES}/小计", "Suzhou, Huzhou"),
    ("sangong_vehicles_budget", SANGONG, VEHICLES, r"合计|预算数", "Guangzhou, Fuzhou"),
    ("sangong_vehicles_budget", SANGONG, r"本年", rf"{VEHICLES}/小计/一般公共预算", "Shenzhen"),
    ("sangong_vehicles_budget", SANGONG, ANY, rf"本年预算数/{VEHICLES}/小计", "Wuhan"),
    ("sangong_vehicles_budget", SANGONG, r"合计",
     rf"本年/一般公共预算拨款安排的三公经费预算/{VEHICLES}/小计", "Xi'an"),
    ("sangong_vehicle_purchase_budget", SANGONG, ANY, rf"三公经费(预算数)?/{VEHICLES}/{PURCHASE}",
     "js-jianchayuan-2017 p. 16; Shanghai 公务用车购置及运行费/购置费"),
    ("sangong_vehicle_purchase_budget", SANGONG, r"合计|", rf"{VEHICLES}/{PURCHASE}", "Suzhou, Huzhou"),
    ("sangong_vehicle_purchase_budget", SANGONG, PURCHASE, r"合计|预算数", "Guangzhou, Fuzhou"),
    ("sangong_vehicle_purchase_budget", SANGONG, r"本年", rf"{VEHICLES}/{PURCHASE}/一般公共预算", "Shenzhen"),
    ("sangong_vehicle_operation_budget", SANGONG, ANY, rf"三公经费(预算数)?/{VEHICLES}/{OPERATION}",
     "js-gaoyuan-2019 p. 14; Shanghai 公务用车购置及运行费/运行费"),
    ("sangong_vehicle_operation_budget", SANGONG, r"合计|", rf"{VEHICLES}/{OPERATION}", "Suzhou, Huzhou"),
    ("sangong_vehicle_operation_budget", SANGONG, OPERATION, r"合计|预算数", "Guangzhou, Fuzhou"),
    ("sangong_vehicle_operation_budget", SANGONG, r"本年", rf"{VEHICLES}/{OPERATION}/一般公共预算",
     "Shenzhen"),
    ("sangong_vehicle_operation_budget", SANGONG, ANY, rf"本年预算数/{VEHICLES}/{OPERATION}", "Wuhan"),
    ("sangong_reception_budget", SANGONG, ANY, rf"三公经费(预算数)?/{RECEPTION}", "js-gaoyuan-2019 p. 14; Shanghai"),
    ("sangong_reception_budget", SANGONG, r"合计|", RECEPTION, "Suzhou, Huzhou"),
    ("sangong_reception_budget", SANGONG, RECEPTION, r"合计|预算数", "Guangzhou, Fuzhou"),
    ("sangong_reception_budget", SANGONG, r"本年", rf"{RECEPTION}/一般公共预算", "Shenzhen"),
    ("sangong_reception_budget", SANGONG, ANY, rf"本年预算数/{RECEPTION}", "Wuhan"),
    ("sangong_reception_budget", SANGONG, r"合计", rf"本年/一般公共预算拨款安排的三公经费预算/{RECEPTION}",
     "Xi'an"),
    # 机关运行经费, 政府采购
    ("admin_operating", ADMIN, r"合计", r"机关运行经费支出", "js-gaoyuan-2019 p. 15; Suzhou"),
    ("admin_operating", SANGONG, ANY, r"机关运行经费预算数", "Shanghai: in the 三公 table"),
    ("procurement", PROCUREMENT, r"合计", r"总计", "js-gaoyuan-2019 p. 16; Suzhou"),
)

# (summary column, fact, qualifier): the narrative's, for a figure no statement prints
BUDGET_FACTS: tuple[tuple[str, str, str], ...] = (
    ("total_income", "收入支出总计", "预算"),
    ("total_expenditure", "收入支出总计", "预算"),
    ("income", "本年收入合计", "预算"),
    ("expenditure", "本年支出合计", "预算"),
    ("fiscal_income", "财政拨款收入", "预算"),
    ("fiscal_expenditure", "本年财政拨款支出", "预算"),
    ("general_budget_expenditure", "一般公共预算财政拨款支出", "预算"),
    ("basic_expenditure", "基本支出", "预算"),
    ("project_expenditure", "项目支出", "预算"),
    ("sangong_budget", "三公经费", "预算"),
    ("sangong_abroad_budget", "因公出国（境）费", "预算"),
    ("sangong_vehicles_budget", "公务用车购置及运行维护费", "预算"),
    ("sangong_vehicle_purchase_budget", "公务用车购置费", "预算"),
    ("sangong_vehicle_operation_budget", "公务用车运行维护费", "预算"),
    ("sangong_reception_budget", "公务接待费", "预算"),
    ("admin_operating", "机关运行经费", "预算"),
    ("procurement", "政府采购支出总额", "预算"),
    ("vehicles", "车辆数", ""),
    ("vehicles", "公务用车保有量", ""),
    ("staff", "实有人数", ""),
)
