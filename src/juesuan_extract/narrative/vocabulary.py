"""The fact vocabulary: one entry per named fact the narrative may state,
with the phrasings that name it in different provinces and years, its unit
and the rules for its qualifier. Adding a fact or a phrasing is one entry."""

from __future__ import annotations

from dataclasses import dataclass

# A phrasing is a regex fragment naming the fact, or (fragment, qualifier) when
# the phrasing itself fixes the qualifier (收入总计 → 收入). Named groups q, q2
# and q3 capture a qualifier printed in the text (类/款/项 names, a kind of
# vehicle), joined by '/'. Where phrasings overlap the longest match wins, so
# 财政拨款收入总计 is never read as 收入总计. A phrasing listed under several facts
# names them all; the value's unit decides (房屋 0.00 平方米 / 价值 0.00 万元).
Phrasing = str | tuple[str, str]
# (qualifier, regex): words in a value's label that say which figure of the fact
# it is (年初预算数 502.35 → 年初预算). Without a cue the spec's qualifier applies.
Cues = tuple[tuple[str, str], ...]
# (regex on the words after 占, qualifier): what a stated share is called;
# "{q}" stands for the captured qualifier (科学技术支出占比).
Shares = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    unit: str
    phrasings: tuple[Phrasing, ...]
    qualifier: str = ""  # of the plain amount
    cues: Cues = ()
    shares: Shares = ()  # empty: a share stated for this fact is not read


# Order matters: 预决算差异率 also holds 决算, 完成年初预算的 also holds 年初预算.
BUDGET: Cues = (
    ("差异率", r"差异率|偏差率"),
    ("完成率", r"完成|执行率"),
    ("年初预算", r"年初预算"),
    ("全年预算", r"全年预算|调整预算|预算"),
)
# “三公”经费 are set against the budget by 差异率 only.
THREE_PUBLIC: Cues = tuple(c for c in BUDGET if c[0] != "完成率")
# Amounts stated with a count of self-evaluated projects.
PERFORMANCE: Cues = (("全年执行", r"执行|支出"), ("全年预算", r"预算"))
SHARE: Shares = (("", "{q}占比"),)
# A budget figure of a fact that is otherwise stated as spent: 基本支出预算 145113.35 万元
# (a Beijing budget), 机关运行经费预算支出 3580.05 万元 (js-gaoyuan-2019-yusuan p. 24).
BUDGETED: Cues = (("全年预算", r"预算"),)
# The budget's totals as some provinces word them: 2026年度收入预算 1448787.35 万元 (北京市交通委员会),
# 2026年本部门收入预算 632,065.7 万元; 支出预算 632,065.7 万元 (广州市交通运输局); after a year, the
# department or a clause's start, so that 会议费支出预算 is not read as one.
_AFTER = r"(?:^|(?<=年)|(?<=度)|(?<=部门)|(?<=单位)|(?<=[；;，,]))"

_JING = r"[（(]境[）)]"
_WHOLE = r"整体支出绩效(?:自评表|目标自评表|自评)"
_PROJECTS = r"绩效(?:自评|评价)的?[^，,；;。]{0,12}?项目"
_RECEPTION = (r"(?:国内)?公务接待(?!费)", r"接待(?:国内)?(?:公务)?(?:来访)?(?:团组|来宾|客人)?(?=\d)")
_TRIPS = (rf"因公出国{_JING}?(?:团组(?:数)?)?", r"出国团组")


def _money(name: str, *phrasings: Phrasing, **rules) -> FactSpec:
    return FactSpec(name, "万元", phrasings, **rules)


def _three_public(name: str, *phrasings: Phrasing, shares: Shares = SHARE) -> FactSpec:
    return _money(name, *phrasings, qualifier="决算", cues=THREE_PUBLIC, shares=shares)


VOCABULARY: tuple[FactSpec, ...] = (
    # income and expenditure totals
    _money("收入支出总计", r"收入支出总计", r"收、?支总计", r"收入支出总体", r"收入支出总额",
           (r"收入总计", "收入"), (r"支出总计", "支出"),
           (rf"{_AFTER}收入预算(?:总计|总额|合计)?", "全年预算"),
           (rf"{_AFTER}支出预算(?:总计|总额|合计)?", "全年预算")),
    _money("本年收入合计", r"本年度?收入(?:合计|总额)?", r"(?<!拨款)收入合计"),
    _money("本年支出合计", r"本年度?支出(?:合计|总额)?", r"(?<!拨款)支出合计"),
    _money("年初结转和结余", r"年初结转和?结余"),
    _money("年末结转和结余", r"年末结转和?结余"),
    _money("使用非财政拨款结余", r"使用非财政拨款结余"),
    _money("结余分配", r"结余分配"),
    *(_money(kind, kind, shares=SHARE) for kind in (
        "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
        "上缴上级支出", "经营支出", "对附属单位补助支出")),
    *(_money(kind, kind, shares=SHARE, cues=BUDGETED) for kind in ("基本支出", "项目支出")),
    # fiscal appropriations
    _money("财政拨款收入支出总计", r"财政拨款收入支出总计", r"财政拨款收、?支总计",
           r"财政拨款收入支出总体", (r"财政拨款收入总计", "收入"), (r"财政拨款支出总计", "支出")),
    _money("本年财政拨款收入", r"本年度?财政拨款收入"),
    _money("本年财政拨款支出", r"本年度?财政拨款支出"),
    _money("年初财政拨款结转和结余", r"年初财政拨款结转和?结余"),
    _money("年末财政拨款结转和结余", r"年末财政拨款结转和?结余"),
    _money("一般公共预算财政拨款支出",
           r"一般公共预算财政拨款支出",
           # 科学技术支出(类)科学技术普及(款)机构运行(项) → 科学技术支出/科学技术普及/机构运行
           r"(?P<q>[\u4e00-\u9fff]+?)[（(]类[）)](?:(?P<q2>[^（()）：:，,。；;、]+?)[（(]款[）)]"
           r"(?:(?P<q3>[^（()）：:，,。；;、]+?)[（(]项[）)])?)?",
           qualifier="决算", cues=BUDGET,
           shares=((r"本年支出合计", "占本年支出合计"), ("", "{q}占比"))),
    _money("一般公共预算财政拨款基本支出", r"一般公共预算财政拨款基本支出"),
    _money("人员经费", r"人员经费"),
    _money("公用经费", r"(?<!日常)公用经费"),
    # “三公”经费
    _three_public("三公经费", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?", shares=()),
    _three_public("因公出国（境）费", rf"因公出国{_JING}?(?:费用?|经费)(?:支出)?", rf"出国{_JING}费"),
    _three_public("公务用车购置及运行维护费", r"公务用车购置及运行(?:维护)?费(?:支出)?",
                  r"车辆购置及运行(?:维护)?费"),
    _three_public("公务用车购置费", r"公务用车购置费(?:支出)?", r"车辆购置费"),
    _three_public("公务用车运行维护费", r"公务用车运行(?:维护)?费(?:支出)?", r"车辆运行(?:维护)?费"),
    _three_public("公务接待费", r"(?:国内)?公务接待费(?:支出)?"),
    FactSpec("因公出国（境）团组", "个", _TRIPS),
    FactSpec("因公出国（境）人次", "人次", _TRIPS),
    FactSpec("国内公务接待批次", "批次", _RECEPTION),
    FactSpec("国内公务接待人次", "人次", _RECEPTION),
    FactSpec("公务用车购置数", "辆", (r"公务用车购置数(?:量)?",
                                 r"(?:新)?购(?:置|买)(?:公务用)?车(?:辆)?(?:数)?")),
    FactSpec("公务用车保有量", "辆", (r"(?:年末)?公务用车(?:保有|实有)(?:量|数)?",)),
    # other matters
    _money("机关运行经费", r"机关运行经费(?:支出)?", cues=BUDGETED),
    _money("政府采购支出总额", r"政府采购(?:支出)?(?:总额|总金额|金额)", r"政府采购支出",
           # 政府采购预算总金额为 5227.59 万元 (js-gaoyuan-2019-yusuan p. 24)
           (r"政府采购预算(?:总额|总金额|金额)", "全年预算"), shares=SHARE),
    *(_money(f"政府采购{kind}支出", rf"政府采购{kind}(?:支出|金额)", rf"{kind}采购(?:支出|金额)",
             rf"采购{kind}(?:支出|金额)", shares=SHARE) for kind in ("货物", "工程", "服务")),
    _money("授予中小企业合同金额", r"授予中小企业的?合同(?:金额)?", shares=SHARE),
    _money("授予小微企业合同金额", r"授予小微企业的?合同(?:金额)?", shares=SHARE),
    _money("固定资产原值", r"固定资产原值", r"固定资产(?:原价|总值)"),
    FactSpec("房屋面积", "平方米", (r"房屋(?:建筑)?(?:面积)?",)),
    _money("房屋价值", r"房屋(?:建筑)?(?:面积)?", r"房屋(?:价值|原值)"),
    FactSpec("车辆数", "辆", (
        r"车辆(?:数)?",
        # 主要负责人用车 0 辆 → qualifier 主要负责人用车
        r"(?P<q>[\u4e00-\u9fff]+(?:[（(][\u4e00-\u9fff]+[）)][\u4e00-\u9fff]*)?用车)")),
    _money("车辆价值", r"车辆(?:数)?", r"车辆(?:价值|原值)"),
    FactSpec("单价100万元以上设备", "台（套）", (
        r"单价\s*100\s*万元(?:[（(]含[）)])?以上的?(?:通用|专用)?设备(?:[（(]不含车辆[）)])?",)),
    FactSpec("实有人数", "人", (r"实有人数", r"实有人员")),
    FactSpec("在职人员", "人", (r"在职人员", r"在职职工")),
    FactSpec("离休人员", "人", (r"离休人员",)),
    FactSpec("退休人员", "人", (r"(?<!离)退休人员",)),
    FactSpec("内设机构", "个", (r"下设(?=\d+个[^，,。；;]{0,5}?(?:处|科|室|部|股|机构))",
                              r"内设(?:机构|处室|科室|职能部门)")),
    FactSpec("下属单位", "个", (r"下属(?:预算)?单位", r"所属(?:预算)?单位",
                              r"下设(?=\d+个[^，,。；;]{0,6}?单位)")),
    # performance management
    FactSpec("绩效自评项目", "个", ((_WHOLE, "整体"), (_PROJECTS, "项目"))),
    _money("绩效自评金额", _WHOLE, _PROJECTS, cues=PERFORMANCE),
    FactSpec("绩效评价平均得分", "分", (r"平均得分", r"平均分")),
    FactSpec("绩效评价等级", "个", (
        r"评(?:级|价等级|价结果)为[“\"]?(?P<q>[^”\"，,；;。的]{1,3})[”\"]?的项目",)),
)



# Sentences that state a fact is nil without printing a number: the fact is 0, with
# the sentence as its source. (fact, regex); the qualifier is the fact's own, or
# 全年预算 when the words matched say 预算.
NONE_STATED: tuple[tuple[str, str], ...] = (
    # 2024年度无“三公”经费财政拨款支出 (shehuigongzuobu-2024 p. 20)
    # (not 无“三公”经费财政拨款支出的部门, a template's instruction)
    ("三公经费", r"(?:无|没有|未发生|未安排)[“\"]?三公[”\"]?经费(?!(?:财政拨款)?(?:支出)?的)"),
    # “三公”经费支出为0 / 均为零 (no unit: a printed 0.00 万元 is read as a value)
    ("三公经费", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?(?:预算|决算)?数?均?为(?:0|零)"
                r"(?![\d.%％])(?!\s*(?:万元|元))"),
)
