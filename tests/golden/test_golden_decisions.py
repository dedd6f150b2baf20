"""Real decisions as acceptance tests (STYLE habit 7): one readable file per published decision
in ``cases/``, taken from data/cases.csv where the provision is known and the amount published.

For each decision:
- the published entity fine lies in the statutory range the engine finds at the decision date
  (and each published per-person fine in the responsible persons' range);
- the band implied by the published fine (computed here from the split points in data/) is the
  one written in the file by hand;
- where the decision reports circumstances, the implied band is among the engine's open bands,
  or the file says why not (``band_check: outside`` with ``why``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import penalty
from penalty.catalogue.yamlfile import safe_load

HERE = Path(__file__).parent
FILES = sorted((HERE / "cases").glob("*.yaml"))
REQUIRED = {"case_id", "authority", "source", "provision_link", "inputs", "published",
            "circumstances_reported"}


def load(path: Path) -> dict:
    return safe_load(path.read_text(encoding="utf-8"))


def implied_bands(fine: Decimal, a: penalty.Assessment, cat: penalty.Catalogue,
                  decided: str) -> set[str]:
    """Bands whose (unfloated) range holds ``fine``, split points belonging to both sides."""
    low, high = a.statutory.low_cny, a.statutory.high_cny
    span = high - low
    sp = cat.split_on(dt.date.fromisoformat(decided))  # Provision Art. 12 at the decision
    s1 = low + span * sp.lenient_upper_pct / 100
    s2 = low + span * sp.aggravated_lower_pct / 100
    lenient_low = low  # an optional fine, where imposed, is never below the minimum but in mitigation
    bands = set()
    if fine < low:
        bands.add("mitigated")
    if lenient_low <= fine <= s1:
        bands.add("lenient")
    if s1 <= fine <= s2:
        bands.add("standard")
    if s2 <= fine <= high:
        bands.add("aggravated")
    return bands


@pytest.fixture(scope="module")
def dataset(data_dir) -> pd.DataFrame:
    return pd.read_csv(data_dir / "cases.csv", dtype=str).set_index("case_id")


def test_there_are_enough_golden_decisions():
    assert len(FILES) >= 10


def _with(pred) -> list[Path]:
    return [p for p in FILES if pred(load(p))]


WITH_PERSONS = _with(lambda d: d["published"].get("fine_per_person_cny"))
WITH_CIRCUMSTANCES = _with(lambda d: d["circumstances_reported"])


def ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_file_is_complete_and_matches_the_dataset(path, dataset):
    d = load(path)
    assert set(d) >= REQUIRED, f"missing keys: {REQUIRED - set(d)}"
    assert d["case_id"] == path.stem
    row = dataset.loc[d["case_id"]]
    assert d["source"] in row["source_urls"]
    assert d["inputs"]["provision"] in row["provision_ids"].split(";")
    assert d["provision_link"] == row["provision_link_confidence"]
    assert Decimal(row["fine_entity_cny"]) == Decimal(d["published"]["fine_entity_cny"])
    if not d["circumstances_reported"]:
        assert not d["inputs"].get("circumstances"), "circumstances given but not reported"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_published_fine_lies_in_the_statutory_range(path):
    d = load(path)
    a = penalty.assess(d["inputs"])
    assert a.statutory is not None, f"{a.provision_applied} has no fine"
    fine = Decimal(d["published"]["fine_entity_cny"])
    assert a.statutory.low_cny <= fine <= a.statutory.high_cny, (
        f"{d['case_id']}: {fine} outside {a.statutory} of {a.provision_applied} on "
        f"{d['inputs']['decision_date']}")


@pytest.mark.parametrize("path", WITH_PERSONS, ids=ids(WITH_PERSONS))
def test_published_person_fines_lie_in_the_persons_range(path):
    d = load(path)
    a = penalty.assess(d["inputs"])
    assert a.responsible_persons, f"{a.provision_applied} has no persons provision"
    st = a.responsible_persons[0].statutory
    for amount in d["published"]["fine_per_person_cny"]:
        assert st.low_cny <= Decimal(amount) <= st.high_cny, f"{amount} outside {st}"


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_implied_band_is_the_one_written_by_hand(path, catalogue):
    d = load(path)
    a = penalty.assess(d["inputs"])
    fine = Decimal(d["published"]["fine_entity_cny"])
    decided = str(d["inputs"]["decision_date"])
    assert d["published"]["implied_band"] in implied_bands(fine, a, catalogue, decided)


@pytest.mark.parametrize("path", WITH_CIRCUMSTANCES, ids=ids(WITH_CIRCUMSTANCES))
def test_band_among_the_open_bands_where_circumstances_are_reported(path):
    d = load(path)
    a = penalty.assess(d["inputs"])
    implied = d["published"]["implied_band"]
    if d["band_check"] == "open":
        assert implied in a.bands, f"{implied} not in open bands {a.bands}"
    else:
        assert d["band_check"] == "outside"
        assert d.get("why", "").strip(), "say why the decision lies outside the model"
        assert implied not in a.bands, (
            f"{implied} is now open ({a.bands}): update band_check to 'open'")
