"""Altair charts of the case dataset, ready for the app (Altair ships with Streamlit).

Each function takes the frames this package returns and gives an ``alt.Chart``; money is plotted
as float only at this last step (display), never computed with.
"""

from __future__ import annotations

from decimal import Decimal

import altair as alt
import pandas as pd


def _displayable(df: pd.DataFrame) -> pd.DataFrame:
    """Decimal columns as text for tooltips (Vega-Lite has no decimal type; text keeps them exact)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and any(isinstance(v, Decimal) for v in out[col].dropna()):
            out[col] = out[col].map(lambda v: None if v is None else str(v))
    return out


def fines_by_year_and_law(cases: pd.DataFrame) -> alt.Chart:
    """Entity fines (log scale) by decision year, coloured by law; one point per case and law."""
    df = cases[cases["fine_entity_cny"].notna()].copy()
    df["law"] = df["laws"].str.split(";")
    df = df.explode("law")
    df["fine_cny"] = df["fine_entity_cny"].astype("float64")
    return (
        alt.Chart(df, title="Published entity fines by year and law")
        .mark_circle(size=70, opacity=0.7)
        .encode(
            x=alt.X("year:O", title="decision year"),
            y=alt.Y("fine_cny:Q", scale=alt.Scale(type="log"), title="entity fine (CNY, log scale)"),
            color=alt.Color("law:N"),
            tooltip=["case_id", "authority", "law", "fine_entity_cny", "decision_date", "confidence"],
        )
    )


def position_by_provision(positions: pd.DataFrame, lenient_upper_pct: Decimal,
                          aggravated_lower_pct: Decimal) -> alt.LayerChart:
    """Each fine's position in its statutory range (0–100 %), per provision, with the split points
    (pass them from the catalogue's benchmark) drawn as rules."""
    df = positions[positions["position_pct"].notna()].copy()
    df["position"] = df["position_pct"].astype("float64")
    df = _displayable(df)
    df["era"] = df["benchmark_applies"].map({True: "under the Provision", False: "before the Provision"})
    pts = (
        alt.Chart(df, title="Position of fines in the statutory range")
        .mark_circle(size=80)
        .encode(
            x=alt.X("position:Q", scale=alt.Scale(domain=[0, 100]), title="position in range (%)"),
            y=alt.Y("provision_linked:N", title="provision"),
            color=alt.Color("implied_band:N", title="implied band"),
            shape=alt.Shape("era:N", title=""),
            tooltip=["case_id", "fine_cny", "statutory_low_cny", "statutory_high_cny", "position_pct",
                     "implied_band", "note"],
        )
    )
    rules = alt.Chart(pd.DataFrame({"x": [float(lenient_upper_pct), float(aggravated_lower_pct)]})).mark_rule(
        strokeDash=[4, 4], color="grey").encode(x="x:Q")
    return pts + rules


def estimate_over_similar(similar: pd.DataFrame, low_cny: Decimal, high_cny: Decimal) -> alt.LayerChart:
    """An estimate's fine range drawn as a band over the fines of similar cases."""
    df = similar[similar["fine_entity_cny"].notna()].copy()
    df["fine_cny"] = df["fine_entity_cny"].astype("float64")
    band = alt.Chart(pd.DataFrame({"low": [float(low_cny)], "high": [float(high_cny)]})).mark_rect(
        opacity=0.2, color="orange").encode(x="low:Q", x2="high:Q")
    pts = (
        alt.Chart(df, title="Estimate (shaded) against similar cases' fines")
        .mark_tick(thickness=3, size=30)
        .encode(
            x=alt.X("fine_cny:Q", scale=alt.Scale(type="symlog"), title="entity fine (CNY)"),
            color=alt.Color("match:N", title="match"),
            tooltip=["case_id", "fine_entity_cny", "authority", "decision_date", "match"],
        )
    )
    return band + pts
