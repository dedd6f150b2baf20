"""data/README.md's coverage block is generated from the data; charts build for the app."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from penalty.cases import charts
from penalty.cases.coverage_tables import COVERAGE_END, COVERAGE_START, coverage_markdown
from penalty.cases.schema import COLUMNS
from penalty.cases.similar import SimilarQuery, similar_cases
from penalty.cases.stats import positions_frame

README = Path(__file__).resolve().parents[2] / "data" / "README.md"


def test_readme_coverage_block_matches_the_data(caseset):
    text = README.read_text(encoding="utf-8")
    start, end = text.index(COVERAGE_START), text.index(COVERAGE_END) + len(COVERAGE_END)
    assert text[start:end] == coverage_markdown(caseset.cases), \
        "regenerate the block with penalty.cases.coverage_tables.coverage_markdown"


def test_readme_documents_every_column():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## cases.csv"):]
    for col in COLUMNS:
        assert f"| `{col}` |" in section, col


def test_charts_build(caseset, core, fixed_core):
    df = caseset.frame()
    spec = charts.fines_by_year_and_law(df).to_dict()
    assert spec["encoding"]["y"]["scale"]["type"] == "log"
    s = core.split()
    pos = positions_frame(caseset.cases, fixed_core)
    layered = charts.position_by_provision(pos, s.lenient_upper_pct, s.aggravated_lower_pct).to_dict()
    assert len(layered["layer"]) == 2
    sim = similar_cases(SimilarQuery(provision="dsl-45-1-entity-base"), caseset.cases, core=core).frame()
    est = charts.estimate_over_similar(sim, Decimal(185000), Decimal(365000)).to_dict()
    assert len(est["layer"]) == 2
