"""UI strings in English and Chinese. Law names, articles, circumstance and band labels come from
the catalogue data, never from here."""

from __future__ import annotations

LANGS = {"en": "English", "zh": "中文"}

S: dict[str, tuple[str, str]] = {
    # navigation
    "app_title": ("CAC fine estimator", "网信行政处罚罚款测算"),
    "nav_estimate": ("Estimate", "测算"),
    "nav_whatif": ("What-if", "情景分析"),
    "nav_cases": ("Cases", "历史案例"),
    "nav_catalogue": ("Catalogue", "法条目录"),
    "nav_method": ("Method", "方法说明"),
    "language": ("Language", "语言"),
    "disclaimer": (
        "An estimate of the range the CAC's discretion benchmark points to, not a prediction of a "
        "decision and not legal advice.",
        "根据网信部门裁量基准测算的罚款幅度，并非对处罚决定的预测，也不构成法律意见。"),
    # headline (issue 11)
    "bar_expired": ("Time-barred: the {y}-year limitation period ran from {start} to {end} and the "
                    "act was discovered after it; no penalty may be imposed.",
                    "已过处罚时效：{y}年时效自{start}起算，至{end}届满，违法行为在届满后才被发现，不再给予行政处罚。"),
    "bar_unknown": ("Possibly time-barred: the {y}-year limitation period ran from {start} to {end}, "
                    "before the decision date. Unless the act was discovered by {end}, no penalty "
                    "may be imposed. Enter the discovery date to check.",
                    "可能已过处罚时效：{y}年时效自{start}起算，至{end}届满，早于决定日期。除非在{end}前已被发现，"
                    "否则不再给予行政处罚。请填写发现日期以核实。"),
    "cite_apl36": ("APL Art. 36", "《行政处罚法》第三十六条"),
    "fine_help": ("The range of the expected band (Provision Art. 12).",
                  "预计阶次对应的罚款幅度（《规定》第十二条）。"),
    "exposure_help": ("Every open band, plus confiscation and fines on responsible persons.",
                      "涵盖全部可能阶次，并计入没收违法所得和对责任人员的罚款。"),
    "also_open": ("Also open:", "其他可能阶次："),
    "no_single_band_long": ("No single band: circumstances point both ways and the Provision "
                            "requires an overall weighing. The open bands:",
                            "从轻与从重情节并存，《规定》要求综合考量，无单一阶次。可能的阶次："),
    "not_counted": ("What did not count", "未予计入的情形"),
    "derived_mark": ("Counted: derived from the prior penalties (Provision Art. 9(5)).",
                     "已计入：根据既往处罚自动认定（《规定》第九条第（五）项）。"),
    "search_placeholder": ("e.g. PIPL 66, 第六十六条, turnover, 营业额, minors",
                           "例如：个人信息保护法 第六十六条、营业额、未成年人、turnover"),
    "search_hits": ("{n} provision(s) match, across all laws.", "共{n}个条款符合（检索全部法律法规）。"),
    "conf_high": ("high", "高"), "conf_medium": ("medium", "中"), "conf_low": ("low", "低"),
    "discovery_help": ("When the authority discovered the act (APL Art. 36). Leave blank if unknown.",
                       "主管部门发现违法行为的日期（《行政处罚法》第三十六条）。未知可留空。"),
    "no_provision": ("Choose a provision to see the estimate.", "请选择条款以查看测算结果。"),
    # shared links
    "lw_provision": ("Shared link: {param}={value} is not a provision in the catalogue; showing {used} instead.",
                     "分享链接：{param}={value} 不是目录中的条款，现改用 {used}。"),
    "lw_date": ("Shared link: {param}={value} is not a valid date; {used} is used instead.",
                "分享链接：{param}={value} 不是有效日期，现改用 {used}。"),
    "lw_date_blank": ("Shared link: {param}={value} is not a valid date; the field is left blank.",
                      "分享链接：{param}={value} 不是有效日期，该项留空。"),
    "lw_kind": ("Shared link: {param}={value} is not a party type; {used} is used instead.",
                "分享链接：{param}={value} 不是有效的当事人类型，现按单位处理。"),
    "lw_age": ("Shared link: {param}={value} is not an age between 0 and 130; the age is left blank (adult).",
               "分享链接：{param}={value} 不是0至130之间的年龄，年龄留空（按成年人处理）。"),
    "lw_n": ("Shared link: {param}={value} is not a number of persons; {used} is used instead.",
             "分享链接：{param}={value} 不是有效人数，现改用 {used}。"),
    "lw_circ": ("Shared link: {param}={value} is not a circumstance this party can have; it is left out.",
                "分享链接：{param}={value} 不是该当事人可适用的情节，已忽略。"),
    "lw_prior": ("Shared link: prior penalty dated {value} has no valid date; it is left out.",
                 "分享链接：既往处罚日期 {value} 无效，已忽略该条。"),
    "lw_option": ("Shared link: {param}={value} is not a valid choice; the default ({used}) is used.",
                  "分享链接：{param}={value} 不是有效选项，现采用默认值（{used}）。"),
    # estimate: input
    "estimate_title": ("Estimate a fine", "测算罚款"),
    "section_provision": ("1 · Violated provision", "1 · 违反的条款"),
    "search": ("Search provisions (English or Chinese)", "搜索条款（中文或英文）"),
    "search_help": ("Matches law titles, articles, tiers, triggers and summaries in both languages.",
                    "按法律名称、条款、情节层级、适用条件和摘要检索，中英文均可。"),
    "law": ("Law", "法律法规"),
    "all_laws": ("All laws", "全部法律法规"),
    "provision": ("Provision (article, tier, liable party)", "条款（条、情节层级、责任主体）"),
    "no_match": ("No provision matches the search.", "没有符合搜索条件的条款。"),
    "versions": ("Versions of this provision", "该条款的各版本"),
    "in_force_from": ("in force from {start}", "自{start}起施行"),
    "in_force_until": ("until {end}", "至{end}"),
    "summary": ("What it covers", "适用范围"),
    "trigger": ("Trigger", "适用条件"),
    "confidence": ("confidence", "可信度"),
    "section_dates": ("2 · Dates", "2 · 日期"),
    "violation_date": ("Violation began", "违法行为发生日"),
    "violation_end_date": ("Violation ended (continuing acts; blank = same day)",
                           "违法行为终了日（连续或者继续状态；空白=同日）"),
    "discovery_date": ("Discovered by the authority (blank = unknown)", "被发现日（空白=未知）"),
    "decision_date": ("Decision (expected)", "（预计）决定日"),
    "section_party": ("3 · Party", "3 · 当事人"),
    "party_kind": ("Party", "当事人类型"),
    "organisation": ("Organisation", "单位"),
    "individual": ("Individual", "个人"),
    "party_age": ("Age at the time of the violation (blank = adult)", "违法行为时年龄（空白=成年）"),
    "persons_count": ("Directly responsible persons to be fined", "被处罚的直接责任人员人数"),
    "section_amounts": ("4 · Amounts this provision uses (CNY)", "4 · 该条款所需金额（元）"),
    "no_amounts": ("This provision's fine uses no amount from the case.",
                   "该条款的罚款不以案件金额为基数。"),
    "illegal_gain_cny": ("Illegal gains (CNY; blank = none)", "违法所得（元；空白=无）"),
    "turnover_cny": ("Previous year's turnover (CNY)", "上一年度营业额（元）"),
    "procurement_amount_cny": ("Procurement amount (CNY)", "采购金额（元）"),
    "section_circ": ("5 · Circumstances", "5 · 裁量情节"),
    "grp_no_penalty": ("No penalty", "不予处罚"),
    "grp_mild": ("Lenient or mitigated", "从轻或者减轻"),
    "grp_aggravate": ("Aggravated", "从重"),
    "grp_other": ("Limitation", "时效"),
    "shall": ("shall", "应当"),
    "may": ("may", "可以"),
    "derived_note": ("Also derived from the prior penalties below.", "亦根据下列既往处罚自动判断。"),
    "section_prior": ("6 · Prior CAC penalties", "6 · 既往网信行政处罚"),
    "prior_n": ("Number of prior penalties", "既往处罚次数"),
    "prior_date": ("Decided on", "决定日"),
    "prior_same": ("Same kind of violation", "同种违法行为"),
    "prior_cac": ("By a CAC office", "由网信部门作出"),
    "section_options": ("Assumptions you can change", "可调整的假设"),
    "opt_turnover_ceiling": ("Ceiling: fixed amount or share of turnover", "上限：固定金额或营业额比例"),
    "tc_higher": ("the higher of the two", "取较高者"),
    "tc_fixed": ("the fixed amount", "固定金额"),
    "tc_turnover": ("the share of turnover", "营业额比例"),
    "opt_prefer_mitigated": ("Where lenient or mitigated is required, expect mitigated",
                             "应当从轻或者减轻时，预计减轻处罚"),
    "opt_apply_may": ("Apply circumstances that only permit milder treatment (\"may\")",
                      "适用“可以”从宽的情节"),
    "opt_repeat_anchor": ("Count the one-year repeat window back from", "一年内再犯期间的起算点"),
    "ra_violation_end": ("the end of this violation", "本次违法行为终了之日"),
    "ra_decision": ("the decision date", "决定日"),
    "label": ("Label (optional)", "标签（可选）"),
    "scenario": ("Scenario", "情景"),
    "upload": ("Load a case JSON", "载入案件JSON"),
    "upload_ok": ("Loaded the case from {name}.", "已从{name}载入案件。"),
    "upload_bad": ("Could not load {name}: {msg}", "无法载入{name}：{msg}"),
    "share_hint": ("The address bar holds this scenario: copy the URL to share it.",
                   "地址栏已包含本情景，复制网址即可分享。"),
    "reset": ("Start a new case", "新建案件"),
    # estimate: result
    "result": ("Result", "测算结果"),
    "fix_input": ("Correct the highlighted input to see the estimate.", "请更正标出的输入项。"),
    "band": ("Expected band", "预计裁量阶次"),
    "no_single_band": ("No single band (weighed as a whole)", "无单一阶次（综合考量）"),
    "open_bands": ("Open bands", "可能的阶次"),
    "fine": ("Fine", "罚款"),
    "fine_with_float": ("Fine with the ±float", "含上下浮动的罚款"),
    "statutory": ("Statutory range", "法定幅度"),
    "no_fine": ("No fine under this provision", "该条款未规定罚款"),
    "total_exposure": ("Total exposure", "总风险敞口"),
    "confiscation": ("Confiscation of illegal gains", "没收违法所得"),
    "persons": ("Responsible persons", "直接责任人员"),
    "per_person": ("per person", "每人"),
    "persons_line": ("{n} person(s) under {cite}: {rng} each", "{n}人，依照{cite}：每人{rng}"),
    "picture": ("The statutory range split into the five bands", "法定幅度划分的五个裁量阶次"),
    "picture_caption": (
        "Solid bars: the bands (split at {lo} % and {hi} % of the statutory span); pale bars: "
        "the same with the ±{f}-point float; black bar: this estimate.",
        "实色条：各阶次（按法定幅度的{lo}%和{hi}%划分）；浅色条：上下浮动{f}个百分点后的范围；"
        "黑色条：本次测算。"),
    "estimate_row": ("Estimate", "本次测算"),
    "float_row": ("with float", "含浮动"),
    "band_table": ("Ranges of the open bands", "可能阶次的罚款幅度"),
    "col_band": ("Band", "阶次"),
    "col_range": ("Range", "幅度"),
    "col_float": ("With float", "含浮动"),
    "reasons": ("Reasons", "理由"),
    "assumptions": ("Assumptions", "假设"),
    "law_version": ("Law version applied", "适用的法律版本"),
    "limitation": ("Limitation", "时效"),
    "lim_within": ("Within the {y}-year period (runs {start} to {end}).",
                   "在{y}年时效内（自{start}至{end}）。"),
    "lim_expired": ("Expired: the {y}-year period ran from {start} to {end}; no penalty.",
                    "已过{y}年时效（{start}至{end}），不再给予行政处罚。"),
    "lim_unknown": ("Cannot be checked without the discovery date ({y} years from {start}, until {end}).",
                    "缺少发现日期，无法确认（{y}年，自{start}至{end}）。"),
    "benchmark_no": ("The decision date is before the benchmark Provision took effect ({d}); the "
                     "bands show how it would apply, not a rule the authority was bound by.",
                     "决定日早于裁量基准规定施行日（{d}），阶次仅供参考。"),
    "similar": ("Similar cases", "类似案例"),
    "sits": ("Of {n} comparable published entity fines, {below} % lie below this estimate, "
             "{within} % inside it and {above} % above it.",
             "在{n}件可比的公开单位罚款中，{below}%低于本次测算幅度，{within}%在幅度内，{above}%高于幅度。"),
    "sits_few": ("Only {n} comparable published fine(s), fewer than {m}: no distribution is drawn; "
                 "read the cases below.",
                 "可比的公开罚款仅{n}件，少于{m}件，不作分布比较，请阅读下列案例。"),
    "similar_chart": ("This estimate (shaded) against similar cases' fines",
                      "本次测算（阴影）与类似案例的罚款"),
    "similar_none": ("No comparable published decisions.", "没有可比的公开处罚决定。"),
    "sources": ("Sources", "来源"),
    "downloads": ("Downloads", "下载"),
    "dl_assessment": ("Assessment (JSON)", "测算结果（JSON）"),
    "dl_case": ("Case (JSON, loads back into the app)", "案件（JSON，可重新载入）"),
    "dl_xlsx": ("What-if workbook (XLSX)", "情景分析工作簿（XLSX）"),
    "dl_docx": ("Discretion statement (DOCX)", "裁量说明（DOCX）"),
    "dl_md": ("Discretion statement (Markdown)", "裁量说明（Markdown）"),
    "dl_unavailable": ("Spreadsheet and statement exports are not available in this version.",
                       "本版本暂不提供电子表格和说明文书导出。"),
    "engine_error": ("The library could not assess this case: {msg}", "无法测算：{msg}"),
    # what-if
    "whatif_title": ("What-if", "情景分析"),
    "whatif_intro": ("Starts from the case on the Estimate page. Change circumstances and amounts "
                     "here; the Estimate page keeps its case.",
                     "以“测算”页的案件为起点。在此调整情节和金额，不影响“测算”页的案件。"),
    "base": ("Current estimate", "当前测算"),
    "variant": ("Variant", "变化情景"),
    "wi_circ": ("Circumstances in the variant", "变化情景的裁量情节"),
    "wi_amounts": ("Amounts in the variant", "变化情景的金额"),
    "wi_compare": ("Current estimate and variant", "当前测算与变化情景"),
    "move_band": ("What would move the band", "哪些情节会改变阶次"),
    "move_intro": ("Each row adds (or removes) one circumstance to the current estimate and shows "
                   "the result.", "每行在当前测算基础上增加（或去除）一个情节。"),
    "only_moving": ("Only circumstances that change the band", "仅显示改变阶次的情节"),
    "col_change": ("Change", "变化"),
    "col_circ": ("Circumstance", "情节"),
    "col_citation": ("Citation", "依据"),
    "col_bands": ("Open bands", "可能阶次"),
    "col_fine": ("Fine", "罚款"),
    "col_dlow": ("Δ low", "下限变化"),
    "col_dhigh": ("Δ high", "上限变化"),
    "add": ("add", "增加"),
    "remove": ("remove", "去除"),
    "remove_priors": ("remove (drop prior penalties)", "去除（删除既往处罚）"),
    "sweep": ("Fine range as {field} varies", "{field}变化时的罚款幅度"),
    "sweep_field": ("Vary", "变量"),
    "short_illegal_gain_cny": ("illegal gains", "违法所得"),
    "short_turnover_cny": ("turnover", "营业额"),
    "short_procurement_amount_cny": ("the procurement amount", "采购金额"),
    "col_value": ("Amount (CNY)", "金额（元）"),
    "low": ("low", "下限"),
    "high": ("high", "上限"),
    "no_case": ("Fill in the Estimate page first.", "请先填写“测算”页。"),
    # cases
    "cases_title": ("Historical decisions", "历史处罚决定"),
    "cases_intro": ("Published penalty decisions collected from authorities' sites and the press; "
                    "amounts as published.", "从执法机关网站和媒体收集的公开处罚决定，金额以公开为准。"),
    "f_law": ("Law", "法律"),
    "f_authority_type": ("Authority type", "执法机关类型"),
    "f_level": ("Level", "层级"),
    "f_region": ("Region contains", "地区包含"),
    "f_years": ("Decision years", "决定年份"),
    "f_with_amount": ("Only with a published fine", "仅含公开罚款金额的"),
    "any": ("any", "全部"),
    "n_cases": ("{n} of {total} decisions", "{total}件中的{n}件"),
    "stats": ("Statistics", "统计"),
    "stat_count": ("Entity fines", "单位罚款数"),
    "stat_median": ("Median entity fine", "单位罚款中位数"),
    "stat_min": ("Lowest entity fine", "单位罚款最低"),
    "stat_max": ("Highest entity fine", "单位罚款最高"),
    "stat_pos": ("Median position in range", "在法定幅度中的位置中位数"),
    "warnings": ("Caveats", "注意"),
    "chart_fines": ("Published entity fines by year and law", "按年份和法律的公开单位罚款"),
    "chart_positions": ("Position of fines in the statutory range", "罚款在法定幅度中的位置"),
    "coverage": ("Coverage", "覆盖范围"),
    "source_link": ("source", "来源"),
    "c_date": ("Decided", "决定日期"),
    "c_authority": ("Authority", "执法机关"),
    "c_type": ("Type", "机关类型"),
    "c_region": ("Region", "地区"),
    "c_party": ("Party", "当事人"),
    "c_laws": ("Laws", "法律"),
    "c_articles": ("Articles", "条款"),
    "c_fine": ("Entity fine (CNY)", "单位罚款（元）"),
    "c_persons": ("Persons' fines (CNY)", "个人罚款（元）"),
    "c_penalties": ("Penalties", "处罚"),
    "c_summary": ("Violation", "违法事实"),
    "c_match": ("Match", "相似程度"),
    "c_why": ("Why similar", "相似理由"),
    # catalogue
    "catalogue_title": ("Statute catalogue", "法条目录"),
    "as_of": ("In force on", "施行日期"),
    "n_provisions": ("{n} provisions in force on {d}", "{d}施行的条款共{n}条"),
    "col_citation_full": ("Citation", "出处"),
    "col_tier": ("Tier", "情节层级"),
    "col_liable": ("Liable", "责任主体"),
    "col_basis": ("Fine basis", "罚款基数"),
    "col_amount": ("Fine", "罚款"),
    "col_modality": ("Fine is", "罚款为"),
    "col_version": ("Version", "版本"),
    "col_from": ("From", "起"),
    "col_to": ("Until", "止"),
    "col_conf": ("Confidence", "可信度"),
    "col_counterparts": ("Other versions", "其他版本"),
    "details": ("Details of a provision", "条款详情"),
    "penalties": ("Penalties", "处罚种类"),
    "notes": ("Notes", "备注"),
    # method
    "method_title": ("Method", "方法说明"),
    "m_computes": ("What the tool computes", "本工具计算什么"),
    "m_computes_body": (
        "For one violation it finds the version of the provision that applies (APL Art. 37), "
        "checks the limitation period (APL Art. 36), reads the circumstances' legal effects "
        "(Provision Arts. 7–11, APL Arts. 30–33) to decide which discretion bands are open, and "
        "splits the statutory range into those bands (Provision Art. 12: lenient below {lo} % of "
        "the span, standard {lo}–{hi} %, aggravated above {hi} %, each split may float by {f} "
        "points). It adds the responsible persons' fines (Provision Art. 13) and confiscation of "
        "illegal gains (APL Art. 28) to a total exposure. Money is exact to the fen, rounded down.",
        "针对一项违法行为，本工具确定适用的条款版本（《行政处罚法》第37条），审查时效（第36条），"
        "依据各情节的法律效果（裁量基准规定第7至11条，《行政处罚法》第30至33条）确定可能的裁量阶次，"
        "并将法定幅度划分为各阶次（规定第12条：从轻低于幅度的{lo}%，一般{lo}%至{hi}%，从重高于{hi}%，"
        "分界点可上下浮动{f}个百分点）。再加上直接责任人员罚款（规定第13条）和没收违法所得"
        "（《行政处罚法》第28条），得出总风险敞口。金额精确到分，不足一分的舍去。"),
    "m_not": ("What it does not decide", "本工具不判断什么"),
    "m_not_body": (
        "It does not decide whether the facts amount to the violation, which tier of the "
        "provision the facts meet, how the authority weighs mitigating against aggravating "
        "circumstances (Provision Art. 10), or the concrete amount inside a band (Art. 6). Where "
        "both sides are present it shows every band that stays open rather than choosing one.",
        "本工具不判断事实是否构成违法、符合条款的哪一情节层级、执法机关如何综合考量从宽和从重情节"
        "（规定第10条），也不确定阶次内的具体金额（第6条）。同时存在从宽和从重情节时，显示所有可能的阶次，"
        "而不替执法机关作出选择。"),
    "m_bands": ("The five bands", "五个裁量阶次"),
    "m_assumptions": ("Assumptions where the law is open", "法律未明确时的假设"),
    "m_coverage": ("Data coverage", "数据覆盖"),
    "m_coverage_body": ("{p} provisions from {l} laws and regulations; {c} historical decisions "
                        "({f} with a published fine amount).",
                        "收录{l}部法律法规的{p}个条款；{c}件历史处罚决定（其中{f}件公开了罚款金额）。"),
    "m_caveats": ("Caveats", "注意事项"),
    "m_caveats_body": (
        "The benchmark Provision applies to decisions from {d}. Its article numbers from Art. 6 "
        "onward follow a reconstruction of the text. Historical decisions before that date show "
        "practice, not the Provision's bands. Some catalogue entries carry medium or low "
        "confidence (see the Catalogue page). Local benchmarks may narrow the ranges further.",
        "裁量基准规定自{d}起适用于处罚决定；第6条以后的条文序号系根据文本重建。此前的历史决定只反映实践，"
        "不代表规定的阶次。部分目录条目的可信度为中或低（见“法条目录”页）。地方裁量基准可能进一步细化幅度。"),
    "m_receipt": ("Receipt of the current estimate", "当前测算的凭据"),
    "m_receipt_body": ("Engine {v}; data SHA-256 {sha}; benchmark effective {d}; {n} provisions "
                       "in the catalogue.",
                       "引擎版本{v}；数据SHA-256 {sha}；裁量基准施行日{d}；目录条款{n}个。"),
}

LIABLE = {"entity": ("entity", "单位"), "individual": ("individual", "个人"),
          "responsible_person": ("responsible persons", "直接责任人员")}
BASIS = {"none": ("no fine", "无罚款"), "fixed": ("fixed range", "固定幅度"),
         "gain_multiple": ("multiple of illegal gains", "违法所得倍数"),
         "procurement_multiple": ("multiple of procurement amount", "采购金额倍数"),
         "fixed_or_turnover": ("fixed or % of turnover", "固定金额或营业额比例")}
MODALITY = {"shall": ("mandatory", "应当并处"), "may": ("optional", "可以并处"),
            "alternative": ("one option", "选择适用"), "none": ("—", "—")}
CONF = {"high": ("high", "高"), "medium": ("medium", "中"), "low": ("low", "低")}


def t(key: str, lang: str = "en", **kw: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``kw``."""
    en, zh = S[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]
