"""Monotonicity of the outcome in the circumstances and in the illegal gains.

What holds, by the rules in ``penalty/rules/bands.py`` and ``ranges.py``:

* Adding an aggravating circumstance (Provision Art. 9) never lowers a bound of ``fine``,
  ``float_fine``, the persons' fines or ``total_exposure``: a case with no mitigating side moves
  from standard to aggravated (both split points rise); a case with a mitigating side gets a
  null band and every band up to aggravated, so the low end keeps its lowest band and the high
  end reaches the statutory maximum; "shall not punish" (or an expired limitation) stays no
  penalty. Where both the old and the new default band are set, the new one is never milder.
  (When the new band is null there is no band to compare: the union bounds above say it.)
* Adding a mitigating circumstance (shall/may not punish, shall/may be lenient or mitigated;
  Provision Arts. 7, 8) never raises a bound of those ranges, and never makes a set default
  band more severe.
* For a gain-multiple provision, with gains at or above the statutory threshold, more gains
  never lower the statutory range nor any band bound (the multiples are whole hundredths, so
  splitting the money range equals splitting the multiple interval; rounding is down).
  If APL Art. 37 picks different versions for the two amounts, the applied ceiling (the lower
  of the two versions' ceilings) still never falls.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, example, given
from hypothesis import strategies as st

import penalty

from ._helpers import ORDER, fen, rng
from .strategies import AGGRAVATING_EFFECT, CAT, GAIN_IDS, MILD_EFFECTS, cases, one_of_effect


def bounds(a: penalty.Assessment) -> dict[str, tuple[int, int] | None]:
    """Every union range a circumstance can move, in fen."""
    out = {"fine": rng(a.fine), "float_fine": rng(a.float_fine),
           "total_exposure": rng(a.total_exposure)}
    for p in a.responsible_persons:
        out[f"persons:{p.provision}"] = rng(p.fine)
        out[f"persons_float:{p.provision}"] = rng(p.float_fine)
    return out


@st.composite
def case_plus(draw, effects: set[str]) -> tuple[dict, str]:
    case = draw(cases())
    return case, draw(one_of_effect(case, effects))


def _with(case: dict, code: str) -> dict:
    return {**case, "circumstances": [*case["circumstances"], code]}


_BASE = {"violation_date": "2025-09-01", "violation_end_date": None, "discovery_date": None,
         "decision_date": "2025-12-01", "party": {"kind": "organisation"},
         "illegal_gain_cny": None, "turnover_cny": None, "procurement_amount_cny": None,
         "prior_penalties": [], "persons_count": 1, "options": {},
         "provision": "dsl-45-1-entity-base"}


@given(case_plus({AGGRAVATING_EFFECT}))
@example((_BASE | {"circumstances": []}, "serious_network_security_harm"))
@example((_BASE | {"circumstances": ["eliminated_or_reduced_harm"]}, "evidence_tampering"))
@example((_BASE | {"circumstances": ["minor_corrected_no_harm"]}, "retaliation"))
def test_aggravation_never_lowers(pair):
    case, code = pair
    before, after = penalty.assess(case), penalty.assess(_with(case, code))
    b0, b1 = bounds(before), bounds(after)
    assert b0.keys() == b1.keys()
    for k in b0:
        if b0[k] is not None:
            assert b1[k][0] >= b0[k][0] and b1[k][1] >= b0[k][1], (k, b0[k], b1[k])
    if before.band is not None and after.band is not None:
        assert ORDER[after.band] >= ORDER[before.band], (before.band, after.band)


@given(case_plus(MILD_EFFECTS))
@example((_BASE | {"circumstances": []}, "eliminated_or_reduced_harm"))
@example((_BASE | {"circumstances": ["evidence_tampering"]}, "first_offence_minor_harm_corrected"))
@example((_BASE | {"circumstances": []}, "minor_corrected_no_harm"))
def test_mitigation_never_raises(pair):
    case, code = pair
    before, after = penalty.assess(case), penalty.assess(_with(case, code))
    b0, b1 = bounds(before), bounds(after)
    assert b0.keys() == b1.keys()
    for k in b0:
        if b0[k] is not None:
            assert b1[k][0] <= b0[k][0] and b1[k][1] <= b0[k][1], (k, b0[k], b1[k])
    if before.band is not None and after.band is not None:
        assert ORDER[after.band] <= ORDER[before.band], (before.band, after.band)


def _threshold(pid: str) -> Decimal:
    t = CAT.provisions[pid].fine.gain_threshold_cny
    return Decimal("0.01") if t is None or t <= 0 else Decimal(t).quantize(Decimal("0.01"))


@st.composite
def gain_pairs(draw) -> tuple[dict, Decimal, Decimal]:
    case = draw(cases(provision=st.sampled_from(GAIN_IDS), several=False))
    t = _threshold(case["provision"])
    cents = st.integers(int(t * 100), 10**12)
    g1, g2 = sorted((draw(cents), draw(cents)))
    return case, Decimal(g1) / 100, Decimal(g2) / 100


@given(gain_pairs())
@example((_BASE | {"provision": "dsl-47-0-entity-base", "circumstances": []},
          Decimal("100000.00"), Decimal("100000.01")))
def test_more_gains_never_lower_the_range(triple):
    case, g1, g2 = triple
    assume(g1 < g2)
    a1 = penalty.assess({**case, "illegal_gain_cny": g1})
    a2 = penalty.assess({**case, "illegal_gain_cny": g2})
    if a1.statutory is None:  # the applied version carries no fine for either amount
        assert a2.statutory is None
        return
    s1, s2 = rng(a1.statutory), rng(a2.statutory)
    assert s2[1] >= s1[1]
    if a1.provision_applied != a2.provision_applied:
        return  # APL Art. 37 switched versions: only the applied ceiling is monotone
    assert s2[0] >= s1[0]
    assert a1.bands == a2.bands
    for b in a1.ranges:
        assert fen(a2.ranges[b].low_cny) >= fen(a1.ranges[b].low_cny), b
        assert fen(a2.ranges[b].high_cny) >= fen(a1.ranges[b].high_cny), b
        assert fen(a2.float_ranges[b].low_cny) >= fen(a1.float_ranges[b].low_cny), b
        assert fen(a2.float_ranges[b].high_cny) >= fen(a1.float_ranges[b].high_cny), b
    assert rng(a2.fine)[0] >= rng(a1.fine)[0] and rng(a2.fine)[1] >= rng(a1.fine)[1]
