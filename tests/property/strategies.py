"""Shared hypothesis strategies: valid (and deliberately broken) cases over the real catalogue.

Every strategy reads the catalogue under ``data/``; nothing here restates a law number. A case is
a plain dict in the public JSON shape (``penalty.assess`` accepts it, ``penalty.case_to_row``
turns it into a frame row).

Valid means: the provision (or a counterpart of it) is in force when the act ends, dates are in
order (start <= end <= decision, discovery between the start and the decision), circumstances are the
non-derived codes (plus ``repeat_offence_within_year``, which may be given) allowed for the party
kind, amounts are ``Decimal`` with two decimals or ``None``, and a procurement amount is given
wherever the provision or a counterpart fines a multiple of it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from hypothesis import strategies as st

import penalty

CAT = penalty.load_catalogue()
IDS: tuple[str, ...] = CAT.ids
LAST_DAY = dt.date(2031, 12, 31)  # generated dates stay before this
KINDS = ("organisation", "individual")
GIVABLE_DERIVED = {"repeat_offence_within_year"}  # derived, but may also be given directly

MILD_EFFECTS = {"no_penalty_shall", "no_penalty_may", "lenient_or_mitigated_shall",
                "lenient_or_mitigated_may"}
AGGRAVATING_EFFECT = "aggravate_shall"


@cache
def givable_codes(kind: str) -> tuple[str, ...]:
    """Circumstance codes a caller may give for a party of ``kind``."""
    return tuple(code for code, c in CAT.circumstances.items()
                 if (not c.derived or code in GIVABLE_DERIVED) and kind in c.party)


def codes_with_effect(kind: str, effects: set[str]) -> tuple[str, ...]:
    return tuple(c for c in givable_codes(kind) if CAT.circumstances[c].effect in effects)


def _candidates(pid: str) -> list[str]:
    return [CAT.ids[i] for i in CAT.arrays.candidates[CAT.index[pid]] if i >= 0]


@cache
def in_force_spans(pid: str) -> tuple[tuple[dt.date, dt.date], ...]:
    """Closed day intervals on which ``pid`` or one of its counterparts is in force."""
    spans = []
    for c in _candidates(pid):
        p = CAT.provisions[c]
        last = (p.effective_to - dt.timedelta(days=1)) if p.effective_to else LAST_DAY
        if p.effective_from <= min(last, LAST_DAY):
            spans.append((p.effective_from, min(last, LAST_DAY)))
    return tuple(spans)


def basis_of(pid: str) -> str:
    return CAT.provisions[pid].fine.basis


def needs_procurement(pid: str) -> bool:
    return any(basis_of(c) == "procurement_multiple" for c in _candidates(pid))


BY_BASIS: dict[str, tuple[str, ...]] = {}
for _pid in IDS:
    BY_BASIS.setdefault(basis_of(_pid), ())
    BY_BASIS[basis_of(_pid)] += (_pid,)
GAIN_IDS = BY_BASIS.get("gain_multiple", ())

# Amounts around the catalogue's own thresholds and bounds, so edges get hit often.
_EDGES = sorted({v for p in CAT.provisions.values() for v in (
    p.fine.gain_threshold_cny, p.fine.min_cny, p.fine.max_cny, p.fine.fallback_max_cny)
    if v is not None})
EDGE_AMOUNTS = tuple(sorted({Decimal(v).quantize(Decimal("0.01")) + d
                             for v in _EDGES for d in (Decimal("-0.01"), Decimal(0),
                                                       Decimal("0.01"))
                             if Decimal(v) + d >= 0}))

money_values = st.one_of(
    st.decimals(min_value=0, max_value=Decimal("1e10"), places=2,
                allow_nan=False, allow_infinity=False),
    st.sampled_from(EDGE_AMOUNTS + (Decimal("0.00"), Decimal("0.01"))),
)
money = st.one_of(st.none(), money_values)


# Strategies that do not depend on the drawn values are built once, here or in a cache keyed
# by what they depend on: hypothesis validates each new strategy object when it is first drawn
# from, which took about a quarter of the time spent generating cases when they were built
# anew inside every draw. The values drawn are the same.
_SPAN_DAYS = st.integers(0, 900)
_DECISION_DAYS = st.one_of(st.integers(0, 400), st.integers(0, 365 * 6))
_AGES = st.one_of(st.none(), st.integers(0, 100), st.sampled_from([13, 14, 17, 18]))
_PRIOR_COUNT = st.integers(0, 3)
_PRIOR_DAYS = st.integers(-30, 500)
_PROVISIONS = st.sampled_from(IDS)
_SEVERAL = st.integers(0, 6)
_PERSONS = st.integers(0, 3)
_KINDS = st.sampled_from(KINDS)


@cache
def _spans(pid: str) -> st.SearchStrategy[tuple[dt.date, dt.date]]:
    return st.sampled_from(in_force_spans(pid))


@cache
def _circumstance_lists(kind: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(givable_codes(kind)), unique=True, max_size=4)


@st.composite
def dates_for(draw, pid: str) -> dict[str, dt.date | None]:
    """Violation start/end, discovery and decision dates consistent with ``pid``'s versions."""
    first, last = draw(_spans(pid))
    end = draw(st.dates(first, last))
    earliest = min(s for s, _ in in_force_spans(pid))
    start = max(earliest, end - dt.timedelta(days=draw(_SPAN_DAYS)))
    start = draw(st.sampled_from([start, end]))  # often a one-day act
    decision = end + dt.timedelta(days=draw(_DECISION_DAYS))
    discovery = draw(st.one_of(st.none(), st.dates(start, decision)))
    return {"violation_date": start,
            "violation_end_date": end if (end != start or draw(st.booleans())) else None,
            "discovery_date": discovery, "decision_date": decision}


@st.composite
def parties(draw) -> dict:
    kind = draw(_KINDS)
    if kind == "organisation":
        return {"kind": kind}
    return {"kind": kind, "age": draw(_AGES)}


@st.composite
def priors(draw, around: dt.date) -> list[dict]:
    n = draw(_PRIOR_COUNT)
    return [{"decided_on": around - dt.timedelta(days=draw(_PRIOR_DAYS)),
             "same_kind": draw(st.booleans()), "by_cac": draw(st.booleans())} for _ in range(n)]


options = st.fixed_dictionaries({}, optional={
    "turnover_ceiling": st.sampled_from(["higher", "fixed", "turnover"]),
    "prefer_mitigated": st.booleans(),
    "apply_may_circumstances": st.booleans(),
    "repeat_window_anchor": st.sampled_from(["violation_end", "decision"]),
    "warning_alone_in_standard_band": st.booleans(),
    "first_violation_lookback_months": st.one_of(st.none(), st.integers(1, 60)),
    "confiscate_when_not_punished": st.booleans(),
    "aggravated_for_minors": st.booleans(),
    "apl_2021_lighter_rules_for_earlier_acts": st.booleans(),
})


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


@st.composite
def cases(draw, provision: st.SearchStrategy[str] | None = None, several: bool = True,
          kind: str | None = None) -> dict:
    """A valid case dict (JSON shape: ISO date strings, Decimal amounts)."""
    pid = draw(provision if provision is not None else _PROVISIONS)
    d = draw(dates_for(pid))
    party = draw(parties()) if kind is None else {"kind": kind}
    if CAT.provisions[pid].liable != "entity" and party["kind"] == "organisation":
        party = {"kind": "individual"}  # a provision fining natural persons only
    ids = [pid]
    end = d["violation_end_date"] or d["violation_date"]
    if several and draw(_SEVERAL) == 0:  # APL Art. 29: one act, several norms
        others = [p.id for p in CAT.in_force(end) if p.id != pid
                  and (party["kind"] == "individual" or p.liable == "entity")]
        ids += draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    case: dict = {
        "violation_date": _iso(d["violation_date"]),
        "violation_end_date": _iso(d["violation_end_date"]),
        "discovery_date": _iso(d["discovery_date"]),
        "decision_date": _iso(d["decision_date"]),
        "party": party,
        "illegal_gain_cny": draw(money),
        "turnover_cny": draw(money),
        "procurement_amount_cny": draw(money_values if any(map(needs_procurement, ids))
                                       else money),
        "circumstances": draw(_circumstance_lists(party["kind"])),
        "prior_penalties": [{**p, "decided_on": p["decided_on"].isoformat()}
                            for p in draw(priors(end))],
        "persons_count": draw(_PERSONS),
        "options": draw(options),
    }
    case.update({"provision": pid} if len(ids) == 1 else {"provisions": ids})
    return case


def one_of_effect(case: dict, effects: set[str]) -> st.SearchStrategy[str]:
    """A circumstance code with one of ``effects``, valid for the case's party and not yet
    in the case (``nothing()`` if there is none)."""
    pool = [c for c in codes_with_effect(case["party"]["kind"], effects)
            if c not in case["circumstances"]]
    return st.sampled_from(pool) if pool else st.nothing()


# ------------------------------------------------------------------------------ broken cases
# Each breaker turns a valid case (dict) into one the library must refuse, and names the field
# the error must name (flat frame column names; see ``FLAT_FIELD`` for the nested model names).
def _typo(case: dict) -> tuple[dict, str]:
    pid = case.get("provision") or case["provisions"][0]
    return {**_single(case), "provision": pid[:-1] + "?"}, "provision"


def _single(case: dict) -> dict:
    c = dict(case)
    pid = c.pop("provisions", None)
    if pid:
        c["provision"] = pid[0]
    return c


BREAKERS = {
    "unknown_provision": _typo,
    "unknown_circumstance": lambda c: ({**c, "circumstances": ["no_such_circumstance"]},
                                       "circumstances"),
    "derived_circumstance": lambda c: ({**c, "circumstances": ["under_14"]}, "circumstances"),
    "end_before_start": lambda c: ({**c, "violation_end_date": (
        dt.date.fromisoformat(c["violation_date"]) - dt.timedelta(days=1)).isoformat()},
        "violation_end_date"),
    "decision_before_end": lambda c: ({**c, "decision_date": (
        dt.date.fromisoformat(c["violation_end_date"] or c["violation_date"])
        - dt.timedelta(days=1)).isoformat()}, "decision_date"),
    "before_provision_existed": lambda c: ({**c, "violation_date": "1990-01-01",
                                            "violation_end_date": None,
                                            "discovery_date": None}, "violation_date"),
    "discovered_after_decision": lambda c: ({**c, "discovery_date": (
        dt.date.fromisoformat(c["decision_date"]) + dt.timedelta(days=1)).isoformat()},
        "discovery_date"),
    "negative_gain": lambda c: ({**c, "illegal_gain_cny": Decimal("-1.00")}, "illegal_gain_cny"),
    "three_decimals": lambda c: ({**c, "turnover_cny": Decimal("1.234")}, "turnover_cny"),
    "age_on_organisation": lambda c: ({**c, "party": {"kind": "organisation", "age": 30}},
                                      "party_age"),
}

# Spellings the one input grammar refuses, in both paths (issues 12 and 13).
BREAKERS.update({
    "decimal_comma": lambda c: ({**c, "illegal_gain_cny": "1,50"}, "illegal_gain_cny"),
    "ragged_thousands": lambda c: ({**c, "turnover_cny": "1,2,3"}, "turnover_cny"),
    "trailing_comma": lambda c: ({**c, "illegal_gain_cny": "5,"}, "illegal_gain_cny"),
    "bool_age": lambda c: ({**c, "party": {"kind": "individual", "age": True},
                            "circumstances": []}, "party_age"),
    "bool_persons": lambda c: ({**c, "persons_count": True}, "persons_count"),
    "timestamp_date": lambda c: ({**c, "decision_date": "1756684800"}, "decision_date"),
    "unpadded_date": lambda c: ({**c, "violation_date": "2025-8-1"}, "violation_date"),
    "far_future_date": lambda c: ({**c, "decision_date": "9999-12-31"}, "decision_date"),
    "american_kind": lambda c: ({**c, "party": {"kind": "organization"}, "circumstances": []},
                                "party_kind"),
    "unknown_choice": lambda c: ({**c, "options": {"turnover_ceiling": "lowest"}},
                                 "turnover_ceiling"),
    "not_a_flag": lambda c: ({**c, "options": {"prefer_mitigated": "maybe"}},
                             "prefer_mitigated"),
})

# ------------------------------------------------------------------ spellings of one value
# Raw values, as a JSON case or a spreadsheet cell may hold them, for each field the shared
# readers serve; valid and invalid mixed. Both paths must accept the same ones to the same
# value and refuse the others with the same words. (A blank cell means "not given" in a frame,
# so blanks are left out here.)
_MONEY_TEXT = st.sampled_from([
    "5万", "2亿元", "3.5万元", "1万亿", "1,000,000", "1,000.50", "1,2,3", "1,50", "5,", "12,34.5",
    "1,000,00", "+5", ".5", "5.", "1e2", "1E+2", "2e-2", "１２０", "1_000", "¥300", "-0", "-5",
    "5.000", "0.001", " 7 元", "e5", ".", "1e13", "9999999999999.99", "10000000000000", "NaN",
    "inf", "abc", "0x10", "٣", "1.5万亿", "00012", "1,000万", "1,000", "１,０００"])


@st.composite
def _grouped(draw) -> str:
    """A generated amount written with thousands groups, a unit or a decimal comma."""
    whole = draw(st.integers(0, 10**12))
    cents = draw(st.integers(0, 99))
    style = draw(st.sampled_from(["grouped", "plain", "wan", "decimal_comma", "yi"]))
    if style == "grouped":
        return f"{whole:,}.{cents:02d}" if draw(st.booleans()) else f"{whole:,}"
    if style == "wan":
        return f"{whole % 10**8}.{cents:02d}万"
    if style == "yi":
        return f"{whole % 10**4}亿元"
    if style == "decimal_comma":
        return f"{whole},{cents:02d}"
    return f"{whole}.{cents:02d}"


MONEY_SPELLINGS = st.one_of(_MONEY_TEXT, _grouped(), st.integers(-5, 10**14),
                            st.booleans(), st.decimals(allow_nan=False, places=3,
                                                       min_value=-10, max_value=10**6))
WHOLE_SPELLINGS = st.one_of(st.sampled_from(
    [True, False, "30", " 30 ", "30.0", 30.0, 30.5, "3e1", "+30", "-1", "130", 130, "131", 131,
     "1000", 1000, "1001", 1001, "abc", "٣", "1_0", "0"]), st.integers(-3, 1200))
DATE_SPELLINGS = st.sampled_from(
    ["2025-8-1", "20250801", "1756684800", 1756684800, 0, "2025-08-01T00:00:00", " 2025-08-01",
     "9999-12-31", "2025-02-30", "2999-12-31", "1899-12-31", "2025/08/01", "٢٠٢٥-٠٨-٠١",
     "2025-08-01", "2026-03-01", "2030-01-01", True])
CHOICE_SPELLINGS = {
    "party_kind": st.sampled_from(["organisation", "individual", "Individual", " ORGANISATION ",
                                   "organization", "company", 1]),
    "turnover_ceiling": st.sampled_from(["higher", "Fixed", " turnover", "lowest", "HIGHER", 0]),
    "repeat_window_anchor": st.sampled_from(["decision", "Decision", "violation_end", "end"]),
}
FLAG_SPELLINGS = st.sampled_from([True, False, "true", "FALSE", "yes", "No", "1", "0", 1, 0, 2,
                                  "maybe", "t", "on", 1.0])

# frame column -> (strategy, where the value goes in the case dict)
SPELLINGS = {
    **{f: (MONEY_SPELLINGS, (f,)) for f in
       ("illegal_gain_cny", "turnover_cny", "procurement_amount_cny")},
    "party_age": (WHOLE_SPELLINGS, ("party", "age")),
    "persons_count": (WHOLE_SPELLINGS, ("persons_count",)),
    **{f: (DATE_SPELLINGS, (f,)) for f in ("violation_date", "decision_date")},
    "party_kind": (CHOICE_SPELLINGS["party_kind"], ("party", "kind")),
    "turnover_ceiling": (CHOICE_SPELLINGS["turnover_ceiling"], ("options", "turnover_ceiling")),
    "repeat_window_anchor": (CHOICE_SPELLINGS["repeat_window_anchor"],
                             ("options", "repeat_window_anchor")),
    **{f: (FLAG_SPELLINGS, ("options", f)) for f in ("prefer_mitigated",
                                                     "apply_may_circumstances")},
}


@st.composite
def respelled_cases(draw) -> tuple[dict, dict, str]:
    """(case dict, frame row, column): a valid case with one field replaced by a raw spelling,
    the same raw value in the dict and in the row."""
    column = draw(st.sampled_from(sorted(SPELLINGS)))
    strategy, path = SPELLINGS[column]
    value = draw(strategy)
    case = draw(cases(kind="individual" if column == "party_age" else None, several=False))
    row = penalty.case_to_row(case)
    row[column] = value
    if column == "party_age":
        row["party_kind"] = "individual"
    if column == "party_kind":
        case["circumstances"] = []
        row["circumstances"] = ""
    target = case
    for key in path[:-1]:
        target[key] = dict(target.get(key) or {})
        target = target[key]
    target[path[-1]] = value
    return case, row, column


# Model (nested) error field -> frame column.
FLAT_FIELD = {"party": "party_age", "party.age": "party_age", "party.kind": "party_kind",
              **{f"options.{f}": f for f in ("turnover_ceiling", "prefer_mitigated",
                                             "apply_may_circumstances", "repeat_window_anchor")}}


@st.composite
def broken_cases(draw) -> tuple[dict, str, str]:
    """(case, expected error field, breaker name)."""
    name = draw(st.sampled_from(sorted(BREAKERS)))
    case = draw(cases())
    broken, field = BREAKERS[name](case)
    return broken, field, name


def to_row(case: dict) -> dict:
    """The frame row of a case; for cases the model refuses, the row is built field by field
    with the same values (so the batch path sees exactly the same input)."""
    try:
        return penalty.case_to_row(case)
    except penalty.InputError:
        pass
    party = case.get("party", {})
    opts = case.get("options", {})
    import json

    def s(v):
        return None if v is None else str(v)

    return {
        "provision": case.get("provision") or ";".join(case.get("provisions") or []),
        "violation_date": case["violation_date"],
        "violation_end_date": case.get("violation_end_date"),
        "discovery_date": case.get("discovery_date"),
        "decision_date": case["decision_date"],
        "party_kind": party.get("kind", "organisation"),
        "party_age": party.get("age"),
        "illegal_gain_cny": s(case.get("illegal_gain_cny")),
        "turnover_cny": s(case.get("turnover_cny")),
        "procurement_amount_cny": s(case.get("procurement_amount_cny")),
        "circumstances": ";".join(case.get("circumstances", [])),
        "prior_penalties": json.dumps(case.get("prior_penalties", [])),
        "persons_count": case.get("persons_count", 1),
        "turnover_ceiling": opts.get("turnover_ceiling", "higher"),
        "prefer_mitigated": opts.get("prefer_mitigated", False),
        "apply_may_circumstances": opts.get("apply_may_circumstances", True),
        "repeat_window_anchor": opts.get("repeat_window_anchor", "violation_end"),
        "warning_alone_in_standard_band": opts.get("warning_alone_in_standard_band", False),
        "first_violation_lookback_months": opts.get("first_violation_lookback_months"),
        "confiscate_when_not_punished": opts.get("confiscate_when_not_punished", False),
        "aggravated_for_minors": opts.get("aggravated_for_minors", True),
        "apl_2021_lighter_rules_for_earlier_acts": opts.get(
            "apl_2021_lighter_rules_for_earlier_acts", True),
        "label": case.get("label"),
    }
