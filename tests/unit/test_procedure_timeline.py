"""The procedure timeline (issue 14): every date below was counted by hand on the State Council's
2026 holiday arrangement (国办发明电〔2025〕 notice of 2025-11-04):

    New Year 1-3 Jan (Sun 4 Jan worked); Spring Festival 15-23 Feb (Sat 14 and Sat 28 Feb worked);
    Qingming 4-6 Apr; Labour Day 1-5 May (Sat 9 May worked); Dragon Boat 19-21 Jun;
    Mid-Autumn 25-27 Sep; National Day 1-7 Oct (Sun 20 Sep and Sat 10 Oct worked).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

import penalty
from penalty.catalogue.procedure import load_procedure
from penalty.procedure.days import Counter, add_months, official_years

D = dt.date
# DSL Art. 45(1), an organisation, no circumstances: expected fine CNY 185,000 - 365,000.
CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2026-04-15", "party": {"kind": "organisation"}}
INDIVIDUAL = {**CASE, "provision": "ciir-43-1-individual-base", "party": {"kind": "individual"}}


def tl(**kw):
    return penalty.timeline(CASE, **kw)


def dates(t) -> dict[str, dt.date]:
    return {d.code: d.date for d in t.deadlines}


# --------------------------------------------------------------------------- worked example
def test_worked_example_by_hand():
    """Reference procedure.yaml, worked_example: notice served Mon 2026-03-02, decision received
    Wed 2026-04-15, CNY 200,000 on a company."""
    t = tl(notice_served="2026-03-02", decision_received="2026-04-15", fine_cny=200000)
    got = dates(t)
    # 5 working days after Mon 03-02: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9
    assert got["hearing_request"] == D(2026, 3, 9)
    assert got["statement_defence"] == D(2026, 3, 9)
    # 7 working days after 04-15: 16, 17, 20, 21, 22, 23, 24
    assert got["publication"] == D(2026, 4, 24)
    # 15 calendar days after 04-15: Thu 04-30 (a working day, before the Labour Day break)
    assert got["payment"] == D(2026, 4, 30)
    # 60 days after 04-15 is Sun 06-14, moved to Mon 06-15
    assert got["reconsideration"] == D(2026, 6, 15)
    assert t.get("reconsideration").rolled_from == D(2026, 6, 14)
    # 6 months: the corresponding day, Thu 10-15
    assert got["lawsuit"] == D(2026, 10, 15)
    # the authority's court application window: the day after the period for suing, 3 months
    assert got["enforcement_window_opens"] == D(2026, 10, 16)
    assert got["enforcement_window_closes"] == D(2027, 1, 15)
    # general credit class (the default assumption): repair from +3 months, end at +12 months
    assert got["credit_repair_from"] == D(2026, 7, 15)
    assert got["credit_publication_ends"] == D(2027, 4, 15)
    assert t.hearing_eligible is True
    s = t.surcharge
    assert (s.per_day_cny, s.cap_cny) == (Decimal("6000.00"), Decimal("200000.00"))
    # day 1 is 05-01; 33 days give 198,000 (< cap), day 34 (06-03) reaches 200,000
    assert (s.starts_on, s.days_to_cap, s.cap_reached_on) == (D(2026, 5, 1), 34, D(2026, 6, 3))
    assert t.calendar.years_counted_officially == [2026]


def test_deadline_texts_citations_and_order():
    t = tl(notice_served="2026-03-02", decision_received="2026-04-15", fine_cny=200000)
    assert [d.date for d in t.deadlines] == sorted(d.date for d in t.deadlines)
    h = t.get("hearing_request")
    assert "Art. 64(1)" in h.citation and "Art. 85" in h.citation
    assert "第六十四条" in h.citation_zh and h.en and h.zh
    assert h.period == "5 working days" and h.period_zh == "5个工作日"
    assert "cpl_by_analogy" in h.assumptions
    assert t.get("payment").period == "15 days"
    ids = {a.id for a in t.assumptions}
    assert {"decision_made_is_received", "authority_unknown", "credit_class",
            "hearing_threshold_default"} <= ids
    assert "fine_range_from_assessment" not in ids
    with pytest.raises(KeyError, match="present: "):
        t.get("nonsense")


def test_decision_due_from_filing():
    # 90 days after 2026-03-02 is Sun 05-31, moved to Mon 06-01 (reference worked example)
    t = tl(case_filed="2026-03-02")
    assert t.get("decision_due").date == D(2026, 6, 1)
    assert t.get("decision_due").rolled_from == D(2026, 5, 31)
    # filed 2026-01-15: + 90 days = Wed 04-15
    assert tl(case_filed="2026-01-15").get("decision_due").date == D(2026, 4, 15)


# ------------------------------------------------------------------------ holidays and 调休
def test_working_days_cross_spring_festival_and_count_make_up_saturday():
    # served Thu 02-12: Fri 13 (1), Sat 14 worked (2), 15-23 holiday, Tue 24 (3), 25 (4), 26 (5)
    t = tl(notice_served="2026-02-12", fine_cny=200000)
    assert t.get("hearing_request").date == D(2026, 2, 26)


def test_calendar_period_ending_in_spring_festival_moves_past_it():
    # received 02-01 + 15 = Mon 02-16 (holiday); 17-20 holiday, 21-22 weekend, Mon 23 off
    t = tl(decision_received="2026-02-01", fine_cny=200000)
    p = t.get("payment")
    assert (p.date, p.rolled_from) == (D(2026, 2, 24), D(2026, 2, 16))
    # and the surcharge starts the day after the moved date: 02-25, cap on day 34 = 03-30
    assert (t.surcharge.starts_on, t.surcharge.cap_reached_on) == (D(2026, 2, 25), D(2026, 3, 30))


def test_calendar_period_ending_in_national_day_moves_past_it():
    # received 09-16 + 15 = Thu 10-01; 1-7 Oct off; Thu 10-08 is the first working day
    p = tl(decision_received="2026-09-16", fine_cny=200000).get("payment")
    assert (p.date, p.rolled_from) == (D(2026, 10, 8), D(2026, 10, 1))


def test_calendar_period_ending_on_make_up_saturday_stays():
    # received 09-25 + 15 = Sat 10-10, a make-up working day: no move
    p = tl(decision_received="2026-09-25", fine_cny=200000).get("payment")
    assert (p.date, p.rolled_from) == (D(2026, 10, 10), None)


def test_working_days_count_make_up_sunday_and_skip_national_day():
    # notice Thu 09-17: Fri 18 (1), Sun 20 worked (2), Mon 21 (3), 22 (4), Wed 23 (5)
    assert tl(notice_served="2026-09-17", fine_cny=200000).get(
        "hearing_request").date == D(2026, 9, 23)
    # decision made Tue 09-29: Wed 30 (1), 1-7 Oct off, Thu 8 (2), Fri 9 (3), Sat 10 worked (4),
    # Mon 12 (5), Tue 13 (6), Wed 14 (7)
    t = tl(decision_made="2026-09-29", decision_received="2026-09-30", fine_cny=200000)
    assert t.get("publication").date == D(2026, 10, 14)
    assert "decision_made_is_received" not in {a.id for a in t.assumptions}


def test_counter_against_the_official_2026_arrangement():
    c = Counter()
    assert c.is_working_day(D(2026, 1, 4))       # Sunday worked
    assert c.is_working_day(D(2026, 2, 14))      # Saturday worked
    assert not c.is_working_day(D(2026, 2, 23))  # Monday off
    assert not c.is_working_day(D(2026, 4, 6))   # Qingming Monday off
    assert c.is_working_day(D(2026, 5, 9))       # Saturday worked
    assert not c.is_working_day(D(2026, 10, 7))  # Wednesday off
    assert c.years_official == {2026}


def test_months_end_on_the_corresponding_day_or_the_month_end():
    assert add_months(D(2026, 4, 15), 6) == D(2026, 10, 15)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_beyond_the_official_years_counts_weekdays_and_says_so():
    first, last = official_years()
    assert last == 2026
    # 2027-09-16 + 15 = Fri 2027-10-01: National Day, but plain weekdays are counted past 2026
    t = tl(decision_received="2027-09-16", fine_cny=200000)
    assert t.get("payment").date == D(2027, 10, 1)
    assert 2027 in t.calendar.years_counted_on_assumption
    note = next(a for a in t.assumptions if a.id == "beyond_calendar")
    assert "2026" in note.en and "2026" in note.zh


def test_beyond_the_official_years_with_statutory_holidays(tmp_path: Path):
    data = Path(penalty.load_catalogue().root)
    raw = yaml.safe_load((data / "procedure.yaml").read_text(encoding="utf-8"))
    raw["counting"]["calendar"]["beyond_known_years"] = "statutory_holidays"
    (tmp_path / "procedure.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True),
                                             encoding="utf-8")
    proc = load_procedure(tmp_path)
    t = penalty.timeline(CASE, decision_received="2027-09-16", fine_cny=200000, procedure=proc)
    # 1-5 Oct 2027 are holidays in the package (2, 3 a weekend); Wed 10-06 is the next working day
    assert t.get("payment").date == D(2027, 10, 6)
    assert "beyond_calendar_statutory" in {a.id for a in t.assumptions}


# ------------------------------------------------------------------------------- surcharge
def test_surcharge_rounds_down_to_the_fen_and_caps_at_the_fine():
    t = tl(decision_received="2026-04-15", fine_cny="12345.67")
    s = t.surcharge
    assert s.per_day_cny == Decimal("370.37")   # 370.3701 rounded down
    assert s.cap_cny == Decimal("12345.67")
    assert s.cap_reached_on == D(2026, 6, 3)    # day 34 whatever the amount


@pytest.mark.parametrize("given, cny", [("1,234,567.89", "1234567.89"), ("5万", "50000.00"),
                                         ("１２３４５", "12345.00"), (Decimal("99.5"), "99.50")])
def test_the_fine_is_read_like_every_amount(given, cny):
    # penalty.money.parse_cny, as for a case: thousands groups, 万, full-width digits
    assert tl(decision_received="2026-04-15", fine_cny=given).fine.low_cny == Decimal(cny)


@pytest.mark.parametrize("given", ["1,2,3", "1,50", "-5", "0.001", "10000000000000"])
def test_a_fine_no_amount_reads_as_is_refused_by_name(given):
    with pytest.raises(penalty.InputError) as e:
        tl(decision_received="2026-04-15", fine_cny=given)
    assert e.value.field == "fine_cny" and given in str(e.value)


def test_without_a_fine_the_expected_range_is_used():
    t = tl(decision_received="2026-04-15")
    assert (t.fine.low_cny, t.fine.high_cny) == (Decimal("185000.00"), Decimal("365000.00"))
    s = t.surcharge
    assert (s.per_day_cny, s.per_day_high_cny) == (Decimal("5550.00"), Decimal("10950.00"))
    assert (s.cap_cny, s.cap_high_cny) == (Decimal("185000.00"), Decimal("365000.00"))
    assert "fine_range_from_assessment" in {a.id for a in t.assumptions}


def test_assessment_in_gives_the_same_timeline_as_the_case():
    kw = dict(notice_served="2026-03-02", decision_received="2026-04-15")
    assert penalty.timeline(penalty.assess(CASE), **kw) == penalty.timeline(CASE, **kw)


# --------------------------------------------------------------------------------- hearing
@pytest.mark.parametrize("fine, expected", [
    (200000, True), (100000, True), (99999.99, "depends"), (10000, "depends"),
    (9999.99, False), (0, False)])
def test_hearing_threshold_for_an_organisation(fine, expected):
    t = tl(notice_served="2026-03-02", fine_cny=str(fine))
    assert t.hearing_eligible == expected
    assert ("hearing_request" in dates(t)) is (expected is not False)


def test_hearing_for_an_individual_and_the_guangdong_standard():
    assert penalty.timeline(INDIVIDUAL, notice_served="2026-03-02",
                            fine_cny=5000).hearing_eligible == "depends"
    t = tl(notice_served="2026-03-02", fine_cny=50000, authority="local", province="gd")
    assert t.hearing_eligible is False and t.hearing.threshold_id == "guangdong_local"
    assert tl(notice_served="2026-03-02", fine_cny=50000,
              authority="national", province="GD").hearing_eligible == "depends"


def test_range_straddling_the_threshold_depends():
    # the estimate's range 185,000-365,000 is above CNY 100,000; with a mitigating circumstance
    # the lenient band and mitigated stay open: CNY 0-185,000 straddles both limits
    assert tl(notice_served="2026-03-02").hearing_eligible is True
    t = penalty.timeline({**CASE, "circumstances": ["eliminated_or_reduced_harm"]},
                         notice_served="2026-03-02")
    assert (t.fine.low_cny, t.fine.high_cny) == (Decimal("0.00"), Decimal("185000.00"))
    assert t.hearing_eligible == "depends"
    assert "depends on the applicable standard" in t.hearing.en
    assert "取决于适用的标准" in t.hearing.zh
    assert "hearing_request" in dates(t)


def test_reconsideration_forum_by_authority():
    assert [f.authority for f in tl(decision_received="2026-04-15").reconsideration_forums] == [
        "national", "local"]
    f = tl(decision_received="2026-04-15", authority="national").reconsideration_forums
    assert [x.authority for x in f] == ["national"] and "CAC itself" in f[0].en


def test_reconsideration_chain():
    # applied Mon 05-11: deemed accepted after 5 working days = Mon 05-18; + 60 days = Fri 07-17;
    # suit within 15 days after that = Sat 08-01, moved to Mon 08-03
    t = tl(decision_received="2026-04-15", reconsideration_applied="2026-05-11")
    got = dates(t)
    assert got["reconsideration_accepted"] == D(2026, 5, 18)
    assert got["reconsideration_decision_due"] == D(2026, 7, 17)
    assert got["lawsuit_after_reconsideration_silence"] == D(2026, 8, 3)
    t = tl(decision_received="2026-04-15", reconsideration_applied="2026-05-11",
           reconsideration_decision_received="2026-07-01")
    assert t.get("lawsuit_after_reconsideration").date == D(2026, 7, 16)


# ---------------------------------------------------------------------------- credit record
def test_credit_record_before_2026_04_01_uses_the_2023_measures():
    t = tl(decision_received="2026-03-20", fine_cny=200000)
    c = t.credit
    assert (c.regime, c.credit_class) == ("ndrc-58-2023", "any")
    assert (c.repair_from, c.publication_ends) == (D(2026, 6, 20), D(2029, 3, 20))
    assert "credit_class" not in {a.id for a in t.assumptions}
    assert tl(decision_received="2026-03-31").credit.regime == "ndrc-58-2023"


def test_credit_record_from_2026_04_01_by_class():
    c = tl(decision_received="2026-04-01").credit
    assert (c.regime, c.credit_class) == ("ndrc-36-2025", "general")
    assert (c.repair_from, c.publication_ends) == (D(2026, 7, 1), D(2027, 4, 1))
    c = tl(decision_received="2026-04-15", credit_class="serious").credit
    assert (c.repair_from, c.publication_ends) == (D(2027, 4, 15), D(2029, 4, 15))
    t = tl(decision_received="2026-04-15", credit_class="minor")
    assert (t.credit.published, t.credit.repair_from) == (False, None)
    assert "credit_repair_from" not in dates(t)
    assert dates(t)["credit_publication_ends"] == D(2026, 7, 15)


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kw, field, says", [
    (dict(notice_served="2026-03-02", decision_received="2026-03-01"), "decision_received",
     "must be on or after notice_served (2026-03-02)"),
    (dict(case_filed="2026-03-05", notice_served="2026-03-02"), "notice_served",
     "must be on or after case_filed (2026-03-05)"),
    (dict(decision_made="2026-04-16", decision_received="2026-04-15"), "decision_received",
     "must be on or after decision_made"),
    (dict(decision_received="2026-04-15", reconsideration_applied="2026-04-01"),
     "reconsideration_applied", "must be on or after decision_received"),
    (dict(decision_received="15/04/2026"), "decision_received", "an ISO date (YYYY-MM-DD)"),
    (dict(decision_received="1999-01-01"), "decision_received", "a date in the years 2001"),
    (dict(), "notice_served", "give at least one of"),
    (dict(decision_received="2026-04-15", fine_cny="-1"), "fine_cny", "zero or a positive number of yuan"),
    (dict(decision_received="2026-04-15", fine_cny="1.234"), "fine_cny", "two decimals"),
    (dict(decision_received="2026-04-15", fine_cny="lots"), "fine_cny", "a number of yuan, e.g."),
    (dict(decision_received="2026-04-15", authority="city"), "authority", "'national'"),
    (dict(decision_received="2026-04-15", province="Guangdong"), "province", "two-letter"),
    (dict(decision_received="2026-04-15", credit_class="huge"), "credit_class",
     "minor, general, serious"),
])
def test_bad_input_names_field_value_and_what_is_valid(kw, field, says):
    with pytest.raises(penalty.InputError) as exc:
        tl(**kw)
    assert exc.value.field == field
    assert says in str(exc.value)


def test_bad_case_and_several_acts_are_refused():
    with pytest.raises(penalty.InputError, match="provision"):
        penalty.timeline({**CASE, "provision": "nope"}, decision_received="2026-04-15")
    with pytest.raises(penalty.InputError, match="one case or one assessment"):
        penalty.timeline(penalty.assess_acts([CASE, CASE]), decision_received="2026-04-15")


def test_timeline_is_frozen():
    t = tl(decision_received="2026-04-15")
    with pytest.raises(ValidationError, match="frozen"):
        t.deadlines[0].date = D(2030, 1, 1)  # type: ignore[misc]


def test_earliest_hearing_after_the_hearing_notice():
    # reference worked example: hearing notice served 03-10, 7 working days -> Thu 03-19
    t = tl(notice_served="2026-03-02", hearing_notice_served="2026-03-10", fine_cny=200000)
    assert t.get("earliest_hearing").date == D(2026, 3, 19)
    with pytest.raises(penalty.InputError, match="hearing_notice_served"):
        tl(notice_served="2026-03-02", hearing_notice_served="2026-03-01")


def test_no_fine_means_no_payment_surcharge_or_enforcement():
    # a warning-only provision: no fine to pay, no hearing for the fine
    warning = next(p for p in penalty.load_catalogue().in_force(D(2026, 1, 1))
                   if p.fine.basis == "none")
    t = penalty.timeline({**CASE, "provision": warning.id}, notice_served="2026-03-02",
                         decision_received="2026-04-15")
    assert t.fine is None and t.surcharge is None
    assert not {"payment", "enforcement_window_opens", "enforcement_window_closes"} & set(
        dates(t))
    assert "reconsideration" in dates(t)


def test_a_rule_not_in_force_is_reported_not_guessed():
    # the 2023 Reconsideration Law applies from 2024-01-01; the data hold no earlier version
    t = tl(decision_received="2023-10-09", fine_cny=200000)
    assert "reconsideration" not in dates(t)
    assert "lawsuit" in dates(t)
    notes = {a.id: a for a in t.assumptions}
    assert "2023-10-09" in notes["not_in_data_reconsideration"].en
    # the 2023 credit measures start 2023-05-01: a decision before has no credit record here
    t = tl(decision_received="2023-03-01", fine_cny=200000)
    assert t.credit is None and "not_in_data_credit_record" in {a.id for a in t.assumptions}


def test_hearing_names_a_required_penalty_by_its_label_in_both_languages():
    # CSL 2017 Art. 67(1): closing the website is a penalty that carries a hearing right (APL
    # Art. 63); the English says it in words, as the Chinese does, not by the data's code
    t = penalty.timeline({"provision": "csl2017-67-1-individual-base",
                          "violation_date": "2025-09-01", "decision_date": "2025-12-01",
                          "party": {"kind": "individual"}}, decision_received="2025-12-03",
                         fine_cny="5000")
    assert t.hearing_eligible is True
    assert "The provision requires a penalty (closure of the website) that carries a hearing " \
           "right." in t.hearing.en
    assert "该条款规定应当并处的处罚（关闭网站）依法可以要求听证。" in t.hearing.zh
    assert "close_website" not in t.hearing.en


def test_lengths_in_words_singular_and_plural():
    from penalty.procedure.timeline import _counted

    assert _counted("month", 1) == ("1 month", "1个月")
    assert _counted("month", 12) == ("12 months", "12个月")
    assert _counted("working_day", 5) == ("5 working days", "5个工作日")
    assert _counted("day", 1) == ("1 day", "1日")
