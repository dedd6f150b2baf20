"""The procedure around the fine, from the same case: hearing rights (APL Arts. 44, 45, 63, 64),
the decision period (Art. 60), service and publication (Arts. 48, 61), payment (Arts. 66, 67),
the late-payment surcharge (Arts. 72, 73), reconsideration (ARL 2023 Arts. 20, 24-26, 30, 62),
litigation (ALL Arts. 45, 46), court enforcement (ACL Art. 53) and the credit record (NDRC
Orders No. 58 of 2023 and No. 36 of 2025).

Every period, rate, threshold and citation is in ``data/procedure.yaml``; this module counts
(with :mod:`penalty.procedure.days`) and explains.

Not formalised: whether the authority actually imposes the surcharge ("may"), extensions of the
decision period under the CAC rule, the time a pending reconsideration or lawsuit freezes the
surcharge, deferral or instalments (all named as assumptions in the output).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Literal

from penalty.api import assess, parse_case
from penalty.catalogue import Catalogue, load_catalogue
from penalty.catalogue.procedure import EVENTS, Period, Procedure, load_procedure
from penalty.errors import InputError
from penalty.messages import pair
from penalty.models import Assessment, AssumptionNote, Case, CombinedAssessment, Range
from penalty.money import amount_text, format_cny, parse_cny

from .days import Counter, add_months, holidays_version, official_years
from .models import (
    CalendarUsed,
    CreditRecord,
    Deadline,
    Forum,
    Hearing,
    Surcharge,
    Timeline,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
LAST_INPUT_YEAR = 2090  # the holidays package computes China's statutory holidays up to 2100
# Dates must come in this order where both are given: (earlier, later).
ORDER = (("case_filed", "notice_served"), ("case_filed", "decision_made"),
         ("case_filed", "decision_received"), ("notice_served", "hearing_notice_served"),
         ("notice_served", "decision_made"), ("notice_served", "decision_received"),
         ("decision_made", "decision_received"), ("decision_received", "reconsideration_applied"),
         ("reconsideration_applied", "reconsideration_decision_received"))


def timeline(case_or_assessment: Case | Assessment | dict[str, Any] | str, *,
             notice_served: dt.date | str | None = None,
             decision_received: dt.date | str | None = None,
             case_filed: dt.date | str | None = None,
             fine_cny: Decimal | int | str | None = None,
             decision_made: dt.date | str | None = None,
             hearing_notice_served: dt.date | str | None = None,
             reconsideration_applied: dt.date | str | None = None,
             reconsideration_decision_received: dt.date | str | None = None,
             authority: Literal["national", "local"] | None = None,
             province: str | None = None,
             credit_class: Literal["minor", "general", "serious"] | None = None,
             catalogue: Catalogue | None = None,
             procedure: Procedure | None = None) -> Timeline:
    """The dated procedure around the fine of ``case_or_assessment``.

    Give the dates known so far (at least one of ``notice_served``, ``decision_received``,
    ``case_filed``); each deadline whose starting event is known is counted. ``fine_cny`` is the
    fine imposed or expected; without it the assessment's expected fine range (low and high) is
    used. ``authority`` (``national`` CAC or a ``local`` office) and ``province`` (two-letter
    code, e.g. ``GD``) choose the reconsideration forum and the hearing threshold;
    ``credit_class`` overrides the assumed class of the credit record.

    Raises :class:`penalty.InputError` naming the field, the value and what is valid.
    """
    cat = catalogue or load_catalogue()
    proc = procedure or load_procedure()
    a, party_kind = _assessment(case_or_assessment, cat)
    events = _events(notice_served=notice_served, hearing_notice_served=hearing_notice_served,
                     case_filed=case_filed, decision_made=decision_made,
                     decision_received=decision_received,
                     reconsideration_applied=reconsideration_applied,
                     reconsideration_decision_received=reconsideration_decision_received)
    used: list[str] = []
    if authority not in (None, "national", "local"):
        raise InputError("authority", authority, "use 'national' (the national CAC), 'local' "
                                                 "(a provincial or city office) or leave it out")
    if province is not None:
        province = str(province).strip().upper()
        if len(province) != 2 or not province.isalpha():
            raise InputError("province", province, "a two-letter province code such as GD, BJ "
                                                   "or SH, or leave it out")
    choices = proc.assumptions["credit_class"].choices or ()
    if credit_class is not None and credit_class not in choices:
        raise InputError("credit_class", credit_class, f"one of {', '.join(choices)}")
    if "decision_made" not in events and "decision_received" in events:
        events["decision_made"] = events["decision_received"]
        used.append("decision_made_is_received")

    fine = _fine(fine_cny, a)
    if fine_cny is None and fine is not None:
        used.append("fine_range_from_assessment")
    hearing = _hearing(proc, cat, a, fine, party_kind, authority, province)
    th = proc.threshold(authority, province)
    counter = Counter(beyond=proc.counting.calendar.beyond_known_years)
    gaps: list[tuple[str, dt.date]] = []
    deadlines = _count(proc, events, counter, hearing.eligible, fine is not None
                       and fine.high_cny > 0, used, gaps)
    surcharge = _surcharge(proc, fine, deadlines, used)
    credit, credit_deadlines = _credit(proc, events, credit_class, used)
    if credit is None and "decision_made" in events:
        gaps.append(("credit_record", events["decision_made"]))
    deadlines += credit_deadlines
    order = {p.code: i for i, p in enumerate(proc.periods)}
    deadlines.sort(key=lambda d: (d.date, order.get(d.code, len(order))))
    if authority is None:
        forums = [_forum(proc, "national"), _forum(proc, "local")]
        used.append("authority_unknown")
    else:
        forums = [_forum(proc, authority)]
    first, last = official_years()
    if counter.years_beyond:
        used.append("beyond_calendar" if counter.beyond == "weekdays"
                    else "beyond_calendar_statutory")
    cal = CalendarUsed(
        source=proc.counting.calendar.source_en, package_version=holidays_version(),
        official_years=(first, last), years_counted_officially=sorted(counter.years_official),
        years_counted_on_assumption=sorted(counter.years_beyond),
        beyond_known_years=counter.beyond)
    return Timeline(
        deadlines=deadlines, hearing_eligible=hearing.eligible, hearing=hearing, fine=fine,
        surcharge=surcharge, reconsideration_forums=forums, credit=credit, events=events,
        calendar=cal, assumptions=_notes(proc, used, last) + [AssumptionNote(
            id=f"hearing_threshold_{hearing.threshold_id}", en=th.en, zh=th.zh,
            citation=th.citation, citation_zh=th.citation_zh)] + [_gap_note(code, day)
                                                                  for code, day in gaps])


def _gap_note(code: str, day: dt.date) -> AssumptionNote:
    en, zh = pair("timeline_not_in_data", code=code, day=day.isoformat())
    return AssumptionNote(id=f"not_in_data_{code}", en=en, zh=zh, citation="data/procedure.yaml",
                          citation_zh="data/procedure.yaml")


def _cny(d: Decimal) -> tuple[str, str]:
    """An amount as (en, zh) words (penalty.money)."""
    return format_cny(d, "en"), format_cny(d, "zh")


# ------------------------------------------------------------------------------------- inputs
def _assessment(obj: Any, cat: Catalogue) -> tuple[Assessment, str]:
    """The assessment and the party kind (organisation or individual)."""
    if isinstance(obj, CombinedAssessment):
        raise InputError("case_or_assessment", "(several acts)",
                         "one case or one assessment; give each act's timeline separately")
    if isinstance(obj, Assessment):
        liable = cat.provisions[obj.provision_applied].liable
        return obj, "organisation" if liable == "entity" else "individual"
    case = parse_case(obj)
    return assess(case, catalogue=cat), case.party.kind


def _date(field: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(field, value, "an ISO date (YYYY-MM-DD)") from None
    first, _ = official_years()
    if not first <= value.year <= LAST_INPUT_YEAR:
        raise InputError(field, value.isoformat(),
                         f"a date in the years {first} to {LAST_INPUT_YEAR}")
    return value


def _events(**given: Any) -> dict[str, dt.date]:
    events = {k: d for k in EVENTS if (d := _date(k, given.get(k))) is not None}
    if not {"notice_served", "decision_received", "case_filed"} & set(events):
        raise InputError("notice_served", None, "give at least one of notice_served, "
                         "decision_received or case_filed (ISO dates)")
    for earlier, later in ORDER:
        if earlier in events and later in events and events[later] < events[earlier]:
            raise InputError(later, events[later].isoformat(),
                             f"must be on or after {earlier} ({events[earlier].isoformat()})")
    return events


def _fine(fine_cny: Any, a: Assessment) -> Range | None:
    if fine_cny is None or fine_cny == "":
        return a.fine
    d = parse_cny(fine_cny, "fine_cny")  # the one reading of an amount (penalty.money)
    return Range(low_cny=d.quantize(CENT), high_cny=d.quantize(CENT))


# ------------------------------------------------------------------------------------ hearing
def _hearing(proc: Procedure, cat: Catalogue, a: Assessment, fine: Range | None,
             party_kind: str, authority: str | None, province: str | None) -> Hearing:
    """APL Art. 63: a hearing right for a relatively large fine or confiscation, and for
    revocation, suspension, closure or restriction from practice whatever the fine."""
    th = proc.threshold(authority, province)
    limits = th.organisation if party_kind == "organisation" else th.individual
    lo_lim, hi_lim = limits.not_eligible_below_cny, limits.eligible_from_cny
    who = pair("timeline_party_organisation" if party_kind == "organisation"
               else "timeline_party_individual")
    eligible: bool | Literal["depends"] = False
    said: list[tuple[str, str]] = []
    if lo_lim == hi_lim:
        rule = pair("timeline_hearing_rule_single", high=_cny(hi_lim), who=who)
    else:
        rule = pair("timeline_hearing_rule_span", high=_cny(hi_lim), low=_cny(lo_lim), who=who)
    if fine is None or fine.high_cny <= 0:
        said.append(pair("timeline_hearing_no_fine"))
    else:
        # the English range names the currency once ("CNY 10,000 to 50,000")
        shown = (_cny(fine.low_cny) if fine.low_cny == fine.high_cny else
                 pair("range_from_to", low=_cny(fine.low_cny),
                      high=(amount_text(fine.high_cny), format_cny(fine.high_cny, "zh"))))
        if fine.low_cny >= hi_lim:
            eligible = True
            said.append(pair("timeline_hearing_large", fine=shown, rule=rule))
        elif fine.high_cny < lo_lim:
            said.append(pair("timeline_hearing_not_large", fine=shown, rule=rule))
        else:
            eligible = "depends"
            said.append(pair("timeline_hearing_depends", fine=shown, rule=rule))
    conf = a.confiscation_cny
    if eligible is not True and conf > 0:
        if conf >= hi_lim:
            eligible = True
        elif conf >= lo_lim:
            eligible = "depends"
        if conf >= lo_lim:
            said.append(pair("timeline_hearing_confiscation", amount=_cny(conf)))
    p = cat.provisions[a.provision_applied]
    triggers = set(proc.hearing.trigger_penalty_types)
    for pen in p.penalties:
        hit = pen.type in triggers or bool(triggers & set(pen.options or ()))
        if not hit:
            continue
        label = cat.benchmark.measures.get(pen.type)  # the penalty in words, not its code
        name = (label.en, label.zh) if label else (pen.type, pen.type)
        if pen.modality == "shall" and pen.type in triggers:
            eligible = True
            said.append(pair("timeline_hearing_penalty_required", penalty=name))
        elif eligible is not True:
            eligible = "depends"
            said.append(pair("timeline_hearing_penalty_allowed", penalty=name))
        break
    said.append((th.en, th.zh))
    # sentences in a row: a space between English sentences, none between Chinese ones
    return Hearing(eligible=eligible, threshold_id=th.id,
                   citation=f"{proc.hearing.citation}; {th.citation}",
                   citation_zh=f"{proc.hearing.citation_zh}；{th.citation_zh}",
                   en=" ".join(s[0] for s in said), zh="".join(s[1] for s in said))


# ----------------------------------------------------------------------------------- periods
def _count(proc: Procedure, events: dict[str, dt.date], counter: Counter,
           hearing: bool | str, has_fine: bool, used: list[str],
           gaps: list[tuple[str, dt.date]]) -> list[Deadline]:
    """Each period whose starting event is known, counted; periods whose rule in the data is not
    in force on their starting day go to ``gaps`` (reported, never guessed)."""
    done: dict[str, Deadline] = {}
    for p in proc.periods:
        if p.requires_hearing and hearing is False:
            continue
        if p.requires_fine and not has_fine:
            continue
        start = events.get(p.runs_from) if p.runs_from in EVENTS else (
            done[p.runs_from].date if p.runs_from in done else None)
        if start is None:
            continue
        if not p.in_force(start):
            gaps.append((p.code, start))
            continue
        inst = proc.instruments[p.instrument]
        working = p.working_days is not None or (
            p.days is not None and p.days in inst.working_day_lengths)
        n = p.working_days or p.days or p.calendar_days or 0
        if working:
            end = counter.add_working_days(start, n)
        elif p.months or p.years:
            end = add_months(start, (p.months or 0) + 12 * (p.years or 0))
        else:
            end = start + dt.timedelta(days=n)
        rolled = None
        if p.roll and not counter.is_working_day(end):
            rolled, end = end, counter.next_working_day(end)
        notes = list(p.assumptions)
        if p.instrument == "APL":
            notes.append("cpl_by_analogy")
        if p.runs_from == "decision_made" and "decision_made_is_received" in used:
            notes.append("decision_made_is_received")
        used.extend(x for x in notes if x not in used)
        en_len, zh_len = _length(p, working)
        cite, cite_zh = p.citation, p.citation_zh  # names the working-day article (data test)
        done[p.code] = Deadline(
            code=p.code, date=end, kind=p.kind, runs_from=p.runs_from, runs_from_date=start,
            period=en_len, period_zh=zh_len, rolled_from=rolled, citation=cite,
            citation_zh=cite_zh, en=p.en, zh=p.zh, confidence=p.confidence, assumptions=notes)
    return list(done.values())


def _length(p: Period, working: bool) -> tuple[str, str]:
    if p.years:
        return _counted("year", p.years)
    if p.months:
        return _counted("month", p.months)
    n = p.working_days or p.days or p.calendar_days or 0
    return _counted("working_day" if working else "day", n)


def _counted(unit: str, n: int) -> tuple[str, str]:
    """A length of ``n`` units in words ("1 year", "2 years"; "2年")."""
    return pair(f"timeline_length_{unit}{'s' if n > 1 else ''}", n=n)


# --------------------------------------------------------------------------------- surcharge
def _surcharge(proc: Procedure, fine: Range | None, deadlines: list[Deadline],
               used: list[str]) -> Surcharge | None:
    """APL Art. 72(1)(i): a surcharge of ``rate`` % of the fine per day late, at most the fine
    (``cap_pct_of_fine`` %). After ``n`` days late it is fine x rate x n, rounded down to the fen
    and capped; the cap is reached on day ceil(cap / rate), whatever the fine."""
    pay = next((d for d in deadlines if d.code == "payment"), None)
    if fine is None or pay is None or fine.high_cny <= 0:
        return None
    s = proc.surcharge
    if pay.date < s.effective_from:
        return None
    rate, cap_pct = s.rate_pct_per_day, s.cap_pct_of_fine
    days_to_cap = math.ceil(cap_pct / rate)
    starts = pay.date + dt.timedelta(days=1)
    used.extend(x for x in ("surcharge_may", "no_deferral") if x not in used)

    def floor(d: Decimal) -> Decimal:
        return d.quantize(CENT, rounding=ROUND_FLOOR)

    return Surcharge(
        rate_pct_per_day=rate, starts_on=starts, days_to_cap=days_to_cap,
        cap_reached_on=starts + dt.timedelta(days=days_to_cap - 1),
        per_day_cny=floor(fine.low_cny * rate / HUNDRED),
        cap_cny=floor(fine.low_cny * cap_pct / HUNDRED),
        per_day_high_cny=floor(fine.high_cny * rate / HUNDRED),
        cap_high_cny=floor(fine.high_cny * cap_pct / HUNDRED),
        citation=s.citation, citation_zh=s.citation_zh, en=s.en, zh=s.zh)


# ------------------------------------------------------------------------------------ credit
def _credit(proc: Procedure, events: dict[str, dt.date], credit_class: str | None,
            used: list[str]) -> tuple[CreditRecord | None, list[Deadline]]:
    """Publication and repair periods of the credit measures in force on the decision date."""
    made = events.get("decision_made")
    if made is None:
        return None, []
    regime = proc.credit_regime(made)
    if regime is None:
        return None, []
    used.append("credit_regime_by_decision_date")
    if [c.class_ for c in regime.classes] == ["any"]:
        klass = "any"
    else:
        klass = credit_class or proc.assumptions["credit_class"].default or "general"
        if credit_class is None:
            used.append("credit_class")
    rule = regime.rule_for(klass)
    repair = add_months(made, rule.min_months) if rule.published and rule.min_months else None
    ends = add_months(made, rule.max_months)
    record = pair(f"timeline_credit_record_{klass}")
    rec = CreditRecord(regime=regime.id, credit_class=klass, published=rule.published,
                       runs_from=made, repair_from=repair, publication_ends=ends,
                       citation=regime.citation, citation_zh=regime.citation_zh, en=regime.en,
                       zh=regime.zh)
    notes = [x for x in ("credit_regime_by_decision_date", "credit_class") if x in used]
    out = []
    if repair is not None:
        assert rule.min_months is not None  # a repair date exists only with a minimum
        period = _counted("month", rule.min_months)
        text = pair("timeline_credit_repair_from", record=record)
        out.append(Deadline(
            code="credit_repair_from", date=repair, kind="from", runs_from="decision_made",
            runs_from_date=made, period=period[0], period_zh=period[1],
            rolled_from=None, citation=regime.citation, citation_zh=regime.citation_zh,
            en=text[0], zh=text[1], confidence=regime.confidence, assumptions=notes))
    period = _counted("month", rule.max_months)
    text = (pair("timeline_credit_publication_ends", record=record) if rule.published
            else pair("timeline_credit_minor_not_published"))
    out.append(Deadline(
        code="credit_publication_ends", date=ends, kind="until", runs_from="decision_made",
        runs_from_date=made, period=period[0], period_zh=period[1],
        rolled_from=None, citation=regime.citation, citation_zh=regime.citation_zh,
        en=text[0], zh=text[1], confidence=regime.confidence, assumptions=notes))
    return rec, out


# ------------------------------------------------------------------------------------- texts
def _forum(proc: Procedure, authority: str) -> Forum:
    f = proc.forums[authority]  # type: ignore[index]
    return Forum(authority=f.authority, citation=f.citation, citation_zh=f.citation_zh,
                 en=f.en, zh=f.zh)


def _notes(proc: Procedure, used: list[str], last_year: int) -> list[AssumptionNote]:
    out = []
    for i in dict.fromkeys(used):
        a = proc.assumptions[i]
        out.append(AssumptionNote(id=a.id, en=a.en.replace("{last}", str(last_year)),
                                  zh=a.zh.replace("{last}", str(last_year)), citation=a.citation,
                                  citation_zh=a.citation_zh))
    return out


__all__ = ["timeline"]
