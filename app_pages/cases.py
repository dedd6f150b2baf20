"""Cases: the historical decisions with search, filters, sorting, statistics (overall, by
authority and by province), charts, a detail view and source links.

Thin: ``penalty.cases`` (and ``penalty.cases.browse``) filter, sort, search and compute the
guarded statistics; this page only shows them.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from app_pages import case_detail
from app_pages.common import (
    amount,
    bi,
    bound,
    case_set,
    cases_frame,
    catalogue,
    get_case,
    lang,
    law_name,
    positions_frame,
    tr,
    write_query,
)
from penalty.cases import CaseFilter, compute_stats, coverage, filter_cases
from penalty.cases.browse import (
    SORT_KEYS,
    fine_between,
    group_label,
    search_cases,
    sort_cases,
    source_url,
    stats_by,
    with_sanctions,
)
from penalty.cases.charts import fines_by_year_and_law, position_by_provision
from penalty.cases.i18n import sanction_label
from penalty.cases.schema import SANCTION_CODES

LINK_KEYS = {"link_stated", "link_inferred", "link_guessed", "link_none"}
COVERAGE_KEYS = {"cov_year", "cov_law", "cov_level", "cov_authority_type", "cov_link_confidence",
                 "cov_date_basis", "cov_source_quality", "cov_fine_imposed"}
# the coverage tables' row values (penalty.cases.coverage_tables) -> their message key
COVERAGE_VALUES = {
    "date_basis": {"decision": "db_decision", "announcement": "db_announcement",
                   "reprint": "db_reprint", "no date": "db_none"},
    "source_quality": {"official_notice": "sq_official_notice", "reprint": "sq_reprint",
                       "news_digest": "sq_news_digest", "machine_translation": "sq_machine_translation"},
    "fine_imposed": {"fine imposed": "fi_yes", "no fine (other sanctions)": "fi_no",
                     "sanction unknown": "fi_unknown"},
    "year": {"unknown": "cov_unknown"}}
FINE_STEPS = [Decimal(x) for x in ("0", "10000", "50000", "100000", "500000", "1000000",
                                   "5000000", "10000000", "50000000", "100000000", "1000000000",
                                   "10000000000")]

st.title(tr("cases_title"))
st.caption(tr("cases_intro"))
write_query(get_case())
cs = case_set()
full = cases_frame()
cat = catalogue()
years = sorted(int(y) for y in full["year"].dropna().unique())
laws = sorted({law for v in full["laws"] for law in v.split(";") if law})
provisions = sorted({p for c in cs.cases for p in c.provision_ids if p in cat.provisions})
provinces = sorted({c.province for c in cs.cases if c.province})
fmt_any = bound(lambda v: tr("any") if v == "*" else v)

text = st.text_input(tr("f_search"), key="cs_search", placeholder=tr("f_search_ph"))
c1, c2, c3, c4 = st.columns(4)
law = c1.selectbox(tr("f_law"), ["*", *laws], key="cs_law",
                   format_func=bound(lambda v: tr("any") if v == "*" else
                                     (law_name(v) if v in cat.laws else v)))
prov = c2.selectbox(tr("f_provision"), ["*", *provisions], key="cs_provision",
                    format_func=bound(lambda v: tr("any") if v == "*" else
                                      bi(cat.provisions[v].citation_en, cat.provisions[v].citation_zh)))
atype = c3.selectbox(tr("f_authority_type"), ["*", *sorted(full["authority_type"].unique())],
                     key="cs_authority_type", format_func=bound(
                         lambda v: tr("any") if v == "*" else group_label("authority_type", v, lang())))
level = c4.selectbox(tr("f_level"), ["*", *sorted(full["level"].unique())], key="cs_level",
                     format_func=bound(lambda v: tr("any") if v == "*" else group_label("level", v, lang())))
c5, c6, c7 = st.columns([1, 1, 2])
province = c5.selectbox(tr("f_province"), ["*", *provinces], key="cs_province",
                        format_func=bound(lambda v: tr("any") if v == "*" else group_label("province", v, lang())))
sanctions = c6.multiselect(tr("f_sanctions"), list(SANCTION_CODES), key="cs_sanctions",
                           placeholder=tr("any"),
                           format_func=bound(lambda v: sanction_label(v, lang())))
lo, hi = c7.select_slider(tr("f_fine"), options=FINE_STEPS, value=(FINE_STEPS[0], FINE_STEPS[-1]),
                          key="cs_fine", format_func=bound(amount))
c8, c9, c10 = st.columns([3, 1, 1], vertical_alignment="bottom")
yr = c8.slider(tr("f_years"), years[0], years[-1], (years[0], years[-1]), key="cs_years") \
    if len(years) > 1 else (None, None)
with_amount = c9.checkbox(tr("f_with_amount"), key="cs_with_amount")
sort = c10.selectbox(tr("f_sort"), list(SORT_KEYS), key="cs_sort",
                     format_func=bound(lambda v: tr(f"sort_{v}")))

flt = CaseFilter(law=None if law == "*" else law, provision=None if prov == "*" else prov,
                 authority_type=None if atype == "*" else atype,
                 level=None if level == "*" else level,
                 year_from=yr[0] if yr[0] != years[0] else None,
                 year_to=yr[1] if yr[1] != years[-1] else None, with_amount=with_amount)
chosen = filter_cases(cs.cases, flt)
if province != "*":
    chosen = [c for c in chosen if c.province == province]
chosen = with_sanctions(chosen, sanctions)
chosen = fine_between(chosen, lo if lo != FINE_STEPS[0] else None, hi if hi != FINE_STEPS[-1] else None)
chosen = sort_cases(search_cases(chosen, text), sort)
st.markdown(tr("n_cases", n=len(chosen), total=len(cs.cases)))

zh = lang() == "zh"
show = pd.DataFrame({
    tr("c_date"): [c.decision_date or "—" for c in chosen],
    tr("c_authority"): [case_detail.authority_name(c.authority) for c in chosen],
    tr("c_region"): [case_detail.region_name(c.region) for c in chosen],
    tr("c_level"): [group_label("level", c.level, lang()) for c in chosen],
    tr("c_fine"): [amount(c.fine_entity_cny) if c.fine_entity_cny is not None else "—" for c in chosen],
    tr("c_share"): [case_detail.turnover_share_text(c) for c in chosen],
    tr("c_sanctions"): [tr("list_comma").join(sanction_label(s, lang()) for s in c.sanctions)
                        for c in chosen],
    tr("c_articles"): [case_detail.articles_text(c) for c in chosen],
    tr("sources"): [next((u for u in map(source_url, c.source_urls) if u), None) for c in chosen],
})
st.caption(tr("open_case_hint"))
sel = st.dataframe(show, hide_index=True, width="stretch", height=360, key="cases_table",
                   on_select="rerun", selection_mode="single-row", column_config={
                       tr("sources"): st.column_config.LinkColumn(tr("sources"),
                                                                  display_text=tr("source_link")),
                       tr("c_share"): st.column_config.TextColumn(tr("c_share"), width="medium",
                                                                  help=tr("c_share_help"))})
n_turnover = sum(1 for c in chosen if c.turnover_cny is not None)
st.caption(tr("c_share_note", n=n_turnover, total=len(chosen)))
if sel is not None and sel.selection.rows:
    case_detail.show(chosen[sel.selection.rows[0]])

if not chosen:
    st.stop()

st.subheader(tr("stats"))
stats = compute_stats(chosen, description=flt.describe())
rows = [(tr("stat_count"), str(stats.with_entity_fine))]
if stats.fines is not None:
    rows += [(tr("stat_median"), amount(stats.fines.median)),
             (tr("stat_min"), amount(stats.fines.min)), (tr("stat_max"), amount(stats.fines.max))]
if stats.positions is not None:
    rows.append((tr("stat_pos"), f"{stats.positions.median} %"))
st.dataframe(pd.DataFrame([dict(rows)]), hide_index=True, width="stretch")
if stats.warnings:
    with st.expander(tr("warnings")):
        for w in (stats.warnings_zh if zh else stats.warnings):
            st.markdown(f"- {w}")
        st.caption(stats.computed_from_zh if zh else stats.computed_from)

g1, g2 = st.columns(2)
for col, group, title in ((g1, "authority_type", "stats_by_authority"), (g2, "province", "stats_by_province")):
    table = stats_by(chosen, group, lang())
    col.markdown(f"**{tr(title)}**")
    col.dataframe(pd.DataFrame({
        tr("g_group"): [r["label"] for r in table], tr("g_cases"): [r["cases"] for r in table],
        tr("g_with_fine"): [r["with_fine"] for r in table],
        tr("stat_median"): [amount(r["median_cny"]) for r in table]}), hide_index=True, width="stretch")

c7, c8 = st.columns(2)
df = full[full["case_id"].isin({c.case_id for c in chosen})]
if df["fine_entity_cny"].notna().any():
    c7.altair_chart(fines_by_year_and_law(df, lang=lang(), law_names=case_detail.law_short_names())
                    .properties(title=tr("chart_fines"), height=320),
                    width="stretch")
pos = positions_frame()
pos = pos[pos["case_id"].isin(set(df["case_id"]))].copy()
if pos["position_pct"].notna().any():
    split = catalogue().split_on()  # in force today
    pos["provision_linked"] = pos["provision_linked"].map(
        lambda p: bi(cat.provisions[p].citation_en, cat.provisions[p].citation_zh)
        if p in cat.provisions else p)
    c8.altair_chart(position_by_provision(pos, split.lenient_upper_pct, split.aggravated_lower_pct,
                                          lang=lang())
                    .properties(title=tr("chart_positions"), height=max(320, 26 * pos["provision_linked"].nunique())),
                    width="stretch")

with st.expander(tr("coverage")):
    heads = {"cases": tr("g_cases"), "with_fine": tr("g_with_fine"), "cac": tr("g_by_cac")}
    for name, table in coverage(chosen).items():
        t = table.rename(columns=heads)
        if name in ("level", "authority_type"):
            t.index = [group_label(name, str(v), lang()) for v in t.index]
        elif name == "link_confidence":
            t.index = [tr(f"link_{v}") if f"link_{v}" in LINK_KEYS else str(v) for v in t.index]
        elif name == "law":
            names = case_detail.law_short_names()
            t.index = [names.get(str(v), str(v)) for v in t.index]
        elif name in COVERAGE_VALUES:
            t.index = [tr(COVERAGE_VALUES[name][str(v)]) if str(v) in COVERAGE_VALUES[name] else str(v)
                       for v in t.index]
        t.index.name = None
        st.markdown(f"**{tr('cov_' + name) if ('cov_' + name) in COVERAGE_KEYS else name}**")
        st.dataframe(t, width="stretch")
