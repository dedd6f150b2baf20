"""Altair charts of the case dataset, ready for the app (Altair ships with Streamlit).

Each function takes the frames this package returns and gives an ``alt.Chart``; money is plotted
as float only at this last step (display), never computed with. ``lang`` ("en" or "zh") chooses
the language of titles, axis and legend labels.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from penalty.cases.i18n import check_lang, label_zh
from penalty.extras import missing

try:
    import altair as alt
except ImportError as exc:  # the `app` extra is not installed
    missing("altair", exc)

# One colour per band on every page and chart, in both languages (keyed by band code, never by
# a translated label). Presentation, not law.
BAND_COLOURS: dict[str, str] = {"no_penalty": "#8d8d8d", "mitigated": "#2b6cb0", "lenient": "#38a169",
                                "standard": "#d69e2e", "aggravated": "#c53030"}
BAND_TEXT_COLOURS: dict[str, str] = {"no_penalty": "#ffffff", "mitigated": "#ffffff", "lenient": "#ffffff",
                                     "standard": "#1a1a1a", "aggravated": "#ffffff"}


def band_colour_scale(lang: str = "en") -> alt.Scale:
    """The band colours for a chart whose colour field holds band labels in ``lang``."""
    from penalty.cases._core import default_core

    core = default_core()
    colours = {**BAND_COLOURS, "above_maximum": "#553c9a"}  # the case package's extra band
    return alt.Scale(domain=[core.band_label(b, lang) for b in colours], range=list(colours.values()))


LABELS: dict[str, tuple[str, str]] = {
    "fines_title": ("Published entity fines by year and law", "按年份和法律统计的已公布单位罚款"),
    "decision_year": ("decision year", "决定年份"),
    "fine_log": ("entity fine (CNY, log scale)", "单位罚款（元，对数刻度）"),
    "law": ("law", "法律"),
    "position_title": ("Position of fines in the statutory range", "罚款在法定幅度中的位置"),
    "position": ("position in range (%)", "在法定幅度中的位置（%）"),
    "provision": ("provision", "条款"),
    "implied_band": ("implied band", "对应裁量阶次"),
    "under": ("under the Provision", "裁量基准施行后"),
    "before": ("before the Provision", "裁量基准施行前"),
    "estimate_title": ("Estimate (shaded) against similar cases' fines", "估算区间（阴影）与相似案例罚款对比"),
    "fine": ("entity fine (CNY)", "单位罚款（元）"),
    "match": ("match", "匹配层级"),
}


def label(key: str, lang: str = "en") -> str:
    """A chart label in English or Chinese."""
    en, zh = LABELS[key]
    return zh if check_lang(lang) == "zh" else en


def _displayable(df: pd.DataFrame) -> pd.DataFrame:
    """Decimal columns as text for tooltips (Vega-Lite has no decimal type; text keeps them exact)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and any(isinstance(v, Decimal) for v in out[col].dropna()):
            out[col] = out[col].map(lambda v: None if v is None else str(v))
    return out


def fines_by_year_and_law(cases: pd.DataFrame, lang: str = "en",
                          law_names: dict[str, str] | None = None) -> alt.Chart:
    """Entity fines (log scale) by decision year, coloured by law; one point per case and law.
    ``law_names`` maps a law code to the name the legend shows (codes shown as they are without)."""
    df = cases[cases["fine_entity_cny"].notna() & cases["year"].notna()].copy()  # no "null" year
    df["law"] = df["laws"].str.split(";")
    df = df.explode("law")
    if law_names:
        df["law"] = df["law"].map(lambda code: law_names.get(code, code))
    df["fine_cny"] = df["fine_entity_cny"].astype("float64")
    return (
        alt.Chart(df, title=label("fines_title", lang))
        .mark_circle(size=70, opacity=0.7)
        .encode(
            x=alt.X("year:O", title=label("decision_year", lang)),
            y=alt.Y("fine_cny:Q", scale=alt.Scale(type="log"), title=label("fine_log", lang)),
            color=alt.Color("law:N", title=label("law", lang)),
            tooltip=["case_id", "authority", "law", "fine_entity_cny", "decision_date", "confidence"],
        )
    )


def position_by_provision(positions: pd.DataFrame, lenient_upper_pct: Decimal,
                          aggravated_lower_pct: Decimal, lang: str = "en") -> alt.LayerChart:
    """Each fine's position in its statutory range (0–100 %), per provision, with the split points
    (pass them from the catalogue's benchmark) drawn as rules."""
    df = positions[positions["position_pct"].notna()].copy()
    df["position"] = df["position_pct"].astype("float64")
    df = _displayable(df)
    from penalty.cases._core import default_core

    # band names from the catalogue, in the chart's language; colours keyed by band code
    df["implied_band"] = df["implied_band"].map(lambda b: b and default_core().band_label(b, lang))
    df["era"] = df["benchmark_applies"].map({True: label("under", lang), False: label("before", lang)})
    pts = (
        alt.Chart(df, title=label("position_title", lang))
        .mark_circle(size=80)
        .encode(
            x=alt.X("position:Q", scale=alt.Scale(domain=[0, 100]), title=label("position", lang)),
            # no axis title: the labels are citations, and a title overlapped the longest of them
            y=alt.Y("provision_linked:N", title=None, axis=alt.Axis(labelLimit=0)),
            color=alt.Color("implied_band:N", title=label("implied_band", lang),
                            scale=band_colour_scale(lang)),
            shape=alt.Shape("era:N", title=""),
            tooltip=["case_id", "fine_cny", "statutory_low_cny", "statutory_high_cny", "position_pct",
                     "implied_band", "note"],
        )
    )
    rules = alt.Chart(pd.DataFrame({"x": [float(lenient_upper_pct), float(aggravated_lower_pct)]})).mark_rule(
        strokeDash=[4, 4], color="grey").encode(x="x:Q")
    return pts + rules


def estimate_over_similar(similar: pd.DataFrame, low_cny: Decimal, high_cny: Decimal,
                          lang: str = "en") -> alt.LayerChart:
    """An estimate's fine range drawn as a band over the fines of similar cases."""
    df = similar[similar["fine_entity_cny"].notna()].copy()
    df["fine_cny"] = df["fine_entity_cny"].astype("float64")
    if check_lang(lang) == "zh":
        df["match"] = df["match"].map(lambda m: label_zh("match_levels", m))
    band = alt.Chart(pd.DataFrame({"low": [float(low_cny)], "high": [float(high_cny)]})).mark_rect(
        opacity=0.2, color="orange").encode(x="low:Q", x2="high:Q")
    pts = (
        alt.Chart(df, title=label("estimate_title", lang))
        .mark_tick(thickness=3, size=30)
        .encode(
            x=alt.X("fine_cny:Q", scale=alt.Scale(type="symlog"), title=label("fine", lang)),
            color=alt.Color("match:N", title=label("match", lang)),
            tooltip=["case_id", "fine_entity_cny", "authority", "decision_date", "match"],
        )
    )
    return band + pts
