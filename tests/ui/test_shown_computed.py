"""Shared links and uploaded cases never change the case silently (issue 13, "The app shows what
it computes"): every value is either used as given or dropped with a visible message naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import penalty
from penalty.models import AGE_RANGE, PERSONS_RANGE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")


def money(d) -> str:
    return f"{d:,.2f}".removesuffix(".00")


def rng(r) -> str:
    """A library range as the English page writes it (hand-written, independent of the app)."""
    return f"CNY {money(r.low_cny)}" if r.low_cny == r.high_cny else \
        f"CNY {money(r.low_cny)} – {money(r.high_cny)}"


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


BASE = {"p": "dsl-45-1-entity-base", "vd": "2025-09-01", "de": "2025-12-01", "kind": "organisation"}


def test_bad_prior_in_link_is_dropped_with_a_warning(at: AppTest) -> None:
    at.query_params.update({**BASE, "prior": "garbage:sc"})
    at.run()
    no_exception(at)
    assert at.session_state["case"]["prior_penalties"] == []
    assert at.number_input(key="in_prior_n").value == 0
    warned = [w.value for w in at.warning]
    assert any("prior=garbage:sc" in w for w in warned), warned
    case = {"provision": BASE["p"], "violation_date": BASE["vd"], "decision_date": BASE["de"],
            "party": {"kind": "organisation"}}
    assert penalty.assess(at.session_state["case"]).band == penalty.assess(case).band == "standard"


def test_prior_with_bad_flags_or_shape_is_dropped(at: AppTest) -> None:
    at.query_params.update({**BASE, "prior": "2024-01-05:sc,2024-02-30:s,2024-03-01:zz:q"})
    at.run()
    no_exception(at)
    priors = at.session_state["case"]["prior_penalties"]
    assert priors == [{"decided_on": "2024-01-05", "same_kind": True, "by_cac": True}]
    warned = "\n".join(w.value for w in at.warning)
    assert "prior=2024-02-30:s" in warned and "prior=2024-03-01:zz:q" in warned


def test_more_than_twenty_priors_in_a_link_are_all_kept(at: AppTest) -> None:
    days = [f"2024-{m:02d}-{d:02d}" for m in range(1, 6) for d in (3, 9, 15, 21, 27)]  # 25
    at.query_params.update({**BASE, "prior": ",".join(f"{d}:sc" for d in days)})
    at.run()
    no_exception(at)
    assert at.number_input(key="in_prior_n").value == 25
    assert [p["decided_on"] for p in at.session_state["case"]["prior_penalties"]] == days


def test_more_than_twenty_priors_in_an_upload_are_all_kept(at: AppTest) -> None:
    at.run()
    days = [f"2023-{m:02d}-{d:02d}" for m in range(1, 12) for d in (4, 18)]  # 22
    case = {"provision": BASE["p"], "violation_date": "2025-09-01", "decision_date": "2025-12-01",
            "party": {"kind": "organisation"}, "circumstances": [],
            "prior_penalties": [{"decided_on": d, "same_kind": False, "by_cac": True} for d in days]}
    at.file_uploader(key="upload_case").upload("many.json", json.dumps(case).encode(),
                                                "application/json").run()
    no_exception(at)
    assert at.number_input(key="in_prior_n").value == 22
    assert at.session_state["case"]["prior_penalties"] == case["prior_penalties"]


def test_uploaded_case_with_several_provisions_shows_the_library_result(at: AppTest) -> None:
    at.run()
    case = {"provisions": ["dsl-45-1-entity-base", "pipl-66-2-entity-serious"],
            "violation_date": "2025-09-01", "decision_date": "2025-12-01",
            "party": {"kind": "organisation"}, "circumstances": [], "prior_penalties": []}
    a = penalty.assess(case)
    assert a.provision_applied == "pipl-66-2-entity-serious"
    assert rng(a.fine) == "CNY 15,000,000 – 35,000,000"  # PIPL Art. 66(2), no turnover given
    at.file_uploader(key="upload_case").upload("two.json", json.dumps(case).encode(),
                                                "application/json").run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    shown = at.session_state["case"]
    assert shown.get("provisions") == case["provisions"] and "provision" not in shown
    assert penalty.assess(shown).fine == a.fine
    assert rng(a.fine) in texts(at)
    # and the several provisions survive a shared link
    from app_pages.common import case_to_query, query_to_case
    assert query_to_case(case_to_query(shown))["provisions"] == case["provisions"]


def test_several_provisions_in_a_link(at: AppTest) -> None:
    at.query_params.update({**BASE, "p": "dsl-45-1-entity-base,pipl-66-2-entity-serious"})
    at.run()
    no_exception(at)
    assert at.session_state["case"]["provisions"] == ["dsl-45-1-entity-base",
                                                      "pipl-66-2-entity-serious"]
    assert "CNY 15,000,000 – 35,000,000" in texts(at)


def test_illegal_gains_count_where_the_fine_does_not_use_them(at: AppTest) -> None:
    pid = "alg-31-0-entity-base"  # a fine without a gains basis and no confiscation listed
    assert penalty.amounts_used(pid) == ("illegal_gain_cny",)
    at.query_params.update({**BASE, "p": pid, "gain": "2000000"})
    at.run()
    no_exception(at)
    assert at.text_input(key="in_illegal_gain_cny").value == "2000000"
    case = at.session_state["case"]
    assert case["illegal_gain_cny"] == "2000000"
    a = penalty.assess(case)
    assert a.confiscation_cny == 2_000_000  # APL Art. 28: confiscated whatever the fine
    assert rng(a.total_exposure) == "CNY 2,000,000"
    shown = texts(at)
    assert "Confiscation" in shown and "CNY 2,000,000" in shown


@pytest.mark.parametrize("body, field", [
    ({"party": {"kind": {"x": 1}}}, "party.kind"),
    ({"party": ["organisation"]}, "party"),
    ({"prior_penalties": {"decided_on": "2024-01-01"}}, "prior_penalties"),
    ({"prior_penalties": [["2024-01-01"]]}, "prior_penalties"),
    ({"prior_penalties": [{"decided_on": {"y": 2024}}]}, "prior_penalties"),
    ({"circumstances": "first_offence"}, "circumstances"),
    ({"circumstances": [["a"]]}, "circumstances"),
    ({"persons_count": "many"}, "persons_count"),
    ({"persons_count": [1]}, "persons_count"),
    ({"violation_date": {"y": 2025}}, "violation_date"),
    ({"illegal_gain_cny": {"v": 1}}, "illegal_gain_cny"),
    ({"options": [1]}, "options"),
    ({"options": {"turnover_ceiling": ["x"]}}, "options"),
    ({"label": {"x": 1}}, "label"),
    ({"provision": ["dsl-45-1-entity-base"]}, "provision"),
    ({"provision": None, "provisions": "dsl-45-1-entity-base"}, "provisions"),
    ({"provision": None, "provisions": [{"x": 1}]}, "provisions"),
    ({"provision": None}, "provision"),  # left out: "provision: None is not valid; is required"
    ({"provisions": ["dsl-45-1-entity-base"]}, "provision"),  # both given
])
def test_upload_with_wrongly_typed_values_names_the_field(at: AppTest, body, field) -> None:
    at.run()
    case = {"provision": BASE["p"], "violation_date": "2025-09-01", "decision_date": "2025-12-01",
            "party": {"kind": "organisation"}, **body}
    case = {k: v for k, v in case.items() if v is not None}
    at.file_uploader(key="upload_case").upload("odd.json", json.dumps(case).encode(),
                                                "application/json").run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any("odd.json" in e and field in e for e in errors), errors
    assert at.session_state["case"].get("provision") == BASE["p"]  # the form keeps its case


def test_upload_not_json_or_too_deep(at: AppTest) -> None:
    at.run()
    for name, data in (("deep.json", b"[" * 5000 + b"]" * 5000), ("bin.json", b"\xff\xfe\x00"),
                       ("list.json", b"[1, 2]")):
        at.file_uploader(key="upload_case").upload(name, data, "application/json").run()
        no_exception(at)
        assert any(name in e.value and "case" in e.value for e in at.error), name


def test_label_with_control_character_reaches_the_statement(at: AppTest) -> None:
    at.query_params.update({**BASE, "label": "Case\x01 A"})
    at.run()
    no_exception(at)
    assert at.session_state["case"]["label"] == "Case\x01 A"
    from app_pages import downloads
    data = downloads.statement_bytes(at.session_state["case"], "en")
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = z.read("word/document.xml").decode()
    assert "\x01" not in doc and "Case" in doc


def test_form_limits_come_from_the_library(at: AppTest) -> None:
    at.query_params.update({**BASE, "kind": "individual"})
    at.run()
    age = at.number_input(key="in_party_age")
    assert (age.min, age.max) == AGE_RANGE
    at.radio(key="in_party_kind").set_value("organisation").run()
    n = at.number_input(key="in_persons_count")
    assert (n.min, n.max) == PERSONS_RANGE
    src = (ROOT / "app_pages" / "form.py").read_text() + (ROOT / "app_pages" / "common.py").read_text()
    assert "130" not in src and "1000" not in src


def test_unreadable_amount_in_a_link_is_dropped_with_a_warning(at: AppTest) -> None:
    at.query_params.update({**BASE, "gain": "lots", "turnover": "5万"})
    at.run()
    no_exception(at)
    case = at.session_state["case"]
    assert "illegal_gain_cny" not in case
    assert any("gain=lots" in w.value for w in at.warning)
    assert penalty.assess(case).confiscation_cny == 0


@pytest.mark.parametrize("page", ["app_pages/whatif.py", "app_pages/cases.py",
                                  "app_pages/catalogue.py", "app_pages/method.py"])
def test_every_page_renders_a_case_under_several_provisions(at: AppTest, page: str) -> None:
    at.query_params.update({**BASE, "p": "dsl-45-1-entity-base,pipl-66-2-entity-serious",
                            "gain": "1000"})
    at.run()
    at.switch_page(page).run()
    no_exception(at)
    assert at.title, page
