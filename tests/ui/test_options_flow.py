"""Every option under "Assumptions you can change" has a widget, and a value chosen there is what
the result, the statement, the workbook, the case JSON and the shared link carry (issue 11,
"Options flow everywhere"). Expected values are worked out by hand from data/assumptions.yaml
and the law: APL Art. 28(2) and 33 (confiscation without a penalty), APL Art. 30 (minors), APL
Art. 33(1) (first violation)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, no_exception, texts

from app_pages.common import OPTION_DEFAULTS, OPTION_PARAMS, case_to_query, query_to_case

BASE = {"vd": "2025-09-01", "de": "2025-12-01"}


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def _url(at: AppTest, show_options: bool = True, **q: str) -> AppTest:
    at.query_params.update({**BASE, **q})
    at.run()
    no_exception(at)
    if show_options:  # the options are drawn once the lawyer asks for them
        at.toggle(key="in_show_options").set_value(True).run()
        no_exception(at)
    return at


def _expected_band(at: AppTest) -> str:
    """The band of the headline's large badge (its CSS class), or "" where none is expected."""
    import re

    for m in at.markdown:
        if "1.6rem" in m.value and "band-badge" in m.value:
            found = re.search(r"band-badge band-([a-z_]+)'", m.value)
            return found.group(1) if found else ""
    assert any(c.value.startswith("No single band") for c in at.caption)  # bands side by side
    return ""


def test_every_option_of_the_library_has_a_widget_and_a_link_parameter(at: AppTest) -> None:
    # the form covers every field of penalty.models.Options, so none is reachable only by JSON
    assert {key for _, key, _ in OPTION_PARAMS} == set(OPTION_DEFAULTS)
    _url(at, p="pipl-66-2-entity-serious")  # a turnover provision: the ceiling choice shows too
    keys = {w.key for w in at.checkbox} | {w.key for w in at.number_input} | \
        {w.key for w in at.radio} | {w.key for w in at.selectbox}
    assert {"in_opt_turnover_ceiling", "in_opt_prefer_mitigated", "in_opt_apply_may",
            "in_opt_repeat_anchor", "in_opt_lookback", "in_opt_confiscate", "in_opt_minors",
            "in_opt_warning_alone", "in_opt_apl_2021"} <= keys


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_labels_and_help_come_in_the_page_language(at: AppTest, lang: str) -> None:
    _url(at, p="dsl-45-1-entity-base", lang=lang)
    box = at.checkbox(key="in_opt_confiscate")
    lookback = at.number_input(key="in_opt_lookback")
    minors = at.checkbox(key="in_opt_minors")
    if lang == "zh":
        assert box.label == "不予行政处罚时仍没收违法所得"
        # help: the assumption's own words in data/assumptions.yaml, with its Chinese citation
        assert box.help.startswith("不予行政处罚（或者仅责令改正）的，不没收违法所得")
        assert "《行政处罚法》第九条、第二十八条第二款、第三十三条" in box.help
        assert lookback.label.startswith("认定初次违法") and lookback.placeholder == "不限"
        assert "《行政处罚法》第三十条" in minors.help
        assert "Art." not in box.help + lookback.help + minors.help
    else:
        assert box.label == "Confiscate illegal gains even where no penalty is imposed"
        assert box.help.startswith("Where no penalty is imposed (or the tier only orders "
                                   "rectification), illegal gains are not confiscated")
        assert "APL Arts. 9, 28(2) and 33" in box.help
        assert lookback.placeholder == "no limit"
        assert "APL Art. 30" in minors.help
    assert (lookback.min, lookback.max, lookback.value) == (1, 600, None)
    assert box.value is False and minors.value is True  # the documented defaults


def test_confiscation_without_a_penalty_flows_everywhere(at: AppTest) -> None:
    # CSL 2017 Art. 64(1) with CNY 100,000 illegal gains and a minor, corrected violation without
    # harm (APL Art. 33(1): no penalty). By default nothing is confiscated (confiscation is a
    # penalty type, APL Art. 9); with the option, the CNY 100,000 is (APL Art. 28(2)).
    _url(at, p="csl2017-64-1-entity-base", gain="100000", c="minor_corrected_no_harm")
    assert _expected_band(at) == "no_penalty"
    assert "**Confiscation of illegal gains:** CNY 0" in texts(at)
    at.checkbox(key="in_opt_confiscate").check().run()
    no_exception(at)
    case = at.session_state["case"]
    assert case["options"] == {"confiscate_when_not_punished": True}
    assert "**Confiscation of illegal gains:** CNY 100,000" in texts(at)
    # the shared link, and reading it back gives the same case
    assert at.query_params["cw"] == ["true"] or at.query_params["cw"] == "true"
    assert query_to_case(case_to_query(case))["options"] == {"confiscate_when_not_punished": True}
    # the case JSON download, the statement and the workbook are built from this case
    from app_pages import downloads
    from app_pages.common import case_json, catalogue

    assert json.loads(case_json(case))["options"] == {"confiscate_when_not_punished": True}
    # the assessment JSON words the assumption as chosen, not the default text
    import penalty

    report = json.loads(penalty.assess(case).model_dump_json())
    note = next(n for n in report["assumptions"] if n["id"] == "confiscation_without_penalty")
    assert note["en"].startswith("As chosen, illegal gains are confiscated")
    assert note["zh"].startswith("按所选，不予行政处罚")
    with zipfile.ZipFile(io.BytesIO(downloads.statement_bytes(case, "en"))) as z:
        doc = z.read("word/document.xml").decode()
    assert "Illegal gains confiscated without a penalty: yes (chosen)" in doc
    from penalty import export

    md = export.statement_markdown(case, "zh")
    assert "不予行政处罚时没收违法所得：是（已选择）" in md
    wb = openpyxl.load_workbook(io.BytesIO(export.whatif_bytes(case, catalogue())), data_only=True)
    receipt = " ".join(str(v) for row in wb["Receipt"].iter_rows(values_only=True) for v in row if v)
    assert '"confiscate_when_not_punished": true' in receipt
    scen = wb["Scenarios"]
    header = [c.value for c in scen[2]]  # row 1 names the column groups
    col = header.index("Confiscation (library, CNY)\n没收违法所得（计算结果）")
    assert scen.cell(row=3, column=col + 1).value == 100000  # the base case row


def test_minors_option_closes_the_bands_above_lenient(at: AppTest) -> None:
    # a 16-year-old who tampered with evidence: weighed as a whole by default (Provision Art. 10),
    # so no single band; with the option off, APL Art. 30's "shall be lenient or mitigated"
    # prevails and lenient is expected
    _url(at, p="csl2026-68-1-individual-base", kind="individual", age="16",
         c="evidence_tampering")
    assert _expected_band(at) == ""
    at.checkbox(key="in_opt_minors").uncheck().run()
    no_exception(at)
    assert _expected_band(at) == "lenient"
    assert at.session_state["case"]["options"] == {"aggravated_for_minors": False}
    import penalty

    note = next(n for n in penalty.assess(at.session_state["case"]).assumptions
                if n.id == "aggravated_for_minors")
    assert note.en.startswith("As chosen, APL Art. 30's")
    assert dict(at.query_params).get("mn") in ("false", ["false"])


def test_lookback_lets_an_old_penalty_no_longer_rule_out_a_first_violation(at: AppTest) -> None:
    # a same-kind penalty of 2022-06-01, 39 months before the act: with no look-back limit it
    # rules out a first violation (APL Art. 33(1)); with a 24-month look-back it does not, and
    # no penalty becomes the expected band
    _url(at, p="dsl-45-1-entity-base", c="first_offence_minor_harm_corrected",
         prior="2022-06-01:sc")
    assert _expected_band(at) == "standard"
    at.number_input(key="in_opt_lookback").set_value(24).run()
    no_exception(at)
    assert _expected_band(at) == "no_penalty"
    case = at.session_state["case"]
    assert case["options"] == {"first_violation_lookback_months": 24}
    from penalty import export

    assert "Look-back for a first violation, in months: 24 (chosen)" in \
        export.statement_markdown(case, "en")
    assert dict(at.query_params).get("lb") in ("24", ["24"])


def test_shared_link_sets_the_options(at: AppTest) -> None:
    _url(at, p="dsl-45-1-entity-base", lb="24", cw="true", mn="false", wa="true", lr="false")
    assert at.number_input(key="in_opt_lookback").value == 24
    assert at.checkbox(key="in_opt_confiscate").value is True
    assert at.checkbox(key="in_opt_minors").value is False
    assert at.checkbox(key="in_opt_warning_alone").value is True
    assert at.checkbox(key="in_opt_apl_2021").value is False
    assert at.session_state["case"]["options"] == {
        "first_violation_lookback_months": 24, "confiscate_when_not_punished": True,
        "aggravated_for_minors": False, "warning_alone_in_standard_band": True,
        "apl_2021_lighter_rules_for_earlier_acts": False}
    assert not at.warning


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_option_in_a_link_is_named_with_the_default_in_words(at: AppTest, lang: str) -> None:
    _url(at, p="dsl-45-1-entity-base", lb="0", cw="maybe", ra="yesterday", lang=lang)
    warned = [w.value for w in at.warning]
    if lang == "zh":
        assert "分享链接：lb=0 不是有效选项，现采用默认值（不限）。" in warned
        assert "分享链接：cw=maybe 不是有效选项，现采用默认值（否）。" in warned
        assert "分享链接：ra=yesterday 不是有效选项，现采用默认值（本次违法行为终了之日）。" in warned
    else:
        assert "Shared link: lb=0 is not a valid choice; the default (no limit) is used." in warned
        assert "Shared link: cw=maybe is not a valid choice; the default (no) is used." in warned
        assert "Shared link: ra=yesterday is not a valid choice; the default (the end of this " \
               "violation) is used." in warned
    assert "options" not in at.session_state["case"]


def test_round_trip_of_every_option() -> None:
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-01-01",
            "decision_date": "2025-12-01", "party": {"kind": "organisation"},
            "circumstances": [], "prior_penalties": [], "persons_count": 1,
            "options": {"turnover_ceiling": "fixed", "prefer_mitigated": True,
                        "apply_may_circumstances": False, "repeat_window_anchor": "decision",
                        "warning_alone_in_standard_band": True,
                        "first_violation_lookback_months": 600,
                        "confiscate_when_not_punished": True, "aggravated_for_minors": False,
                        "apl_2021_lighter_rules_for_earlier_acts": False}}
    q = case_to_query(case)
    assert (q["lb"], q["cw"], q["mn"], q["wa"], q["lr"]) == ("600", "true", "false", "true", "false")
    assert query_to_case(q) == case
    assert dt.date.fromisoformat(q["vd"]) == dt.date(2025, 1, 1)


def test_lookback_note_is_worded_as_chosen() -> None:
    # a same-kind penalty of 2025-06-01, three months before the act ended: within 24 months,
    # so it still rules out a first violation; the note says a look-back was chosen
    import penalty

    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "circumstances": ["first_offence_minor_harm_corrected"],
            "prior_penalties": [{"decided_on": "2025-06-01"}]}
    default = next(n for n in penalty.assess(case).assumptions if n.id == "first_violation_lookback")
    assert default.en.startswith("A first violation (初次违法) is ruled out by any earlier")
    chosen = next(n for n in penalty.assess({**case, "options": {
        "first_violation_lookback_months": 24}}).assumptions if n.id == "first_violation_lookback")
    assert chosen.en.startswith("As chosen, only a same-kind penalty decided within the chosen")
    assert chosen.zh.startswith("按所选，仅在违法行为终了前所选月数内")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hidden_options_are_kept_and_counted(at: AppTest, lang: str) -> None:
    _url(at, show_options=False, p="dsl-45-1-entity-base", lb="24", cw="true", lang=lang)
    assert not [w for w in at.checkbox if (w.key or "").startswith("in_opt_")]
    chosen = {"first_violation_lookback_months": 24, "confiscate_when_not_punished": True}
    assert at.session_state["case"]["options"] == chosen
    counted = "其中2项与默认设置不同" if lang == "zh" else "2 of them differ from the defaults"
    assert any(counted in c.value for c in at.caption)
    # a circumstance toggled while the options are hidden keeps them
    at.checkbox(key="in_circ_strong_public_reaction").check().run()
    assert at.session_state["case"]["options"] == chosen
    # shown again, the widgets start from the kept values
    at.toggle(key="in_show_options").set_value(True).run()
    assert at.number_input(key="in_opt_lookback").value == 24
    assert at.checkbox(key="in_opt_confiscate").value is True
