"""Every range lies inside its statutory bounds; bands are listed mildest first and ordered;
the float ranges contain the plain ones (Provision Arts. 5, 12; APL Art. 32). No lenient, standard
or aggravated bound lies below the statutory minimum, even where the fine is optional (a fine
below it is mitigation); mitigated always lies below it."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import example, given

import penalty

from ._helpers import GRADED, ORDER, rng
from .strategies import cases


def check_ranges(ranges: dict, float_ranges: dict | None, bands: list[str], statutory,
                 optional: bool, fine, float_fine) -> None:
    """The bounds and order properties for one set of band ranges (the unit's or a person's;
    persons report only the union of the float ranges, so ``float_ranges`` may be None)."""
    if statutory is None:  # no fine under this provision: nothing to range
        assert ranges == {} and not float_ranges and fine is None and float_fine is None
        return
    lo, hi = rng(statutory)
    assert 0 <= lo <= hi
    assert set(ranges) == set(bands)
    r = {b: rng(v) for b, v in ranges.items()}
    for b, (low, high) in r.items():
        assert 0 <= low <= high <= hi, (b, low, high, hi)
        if b in GRADED:  # inside the statutory range, optional fine or not
            assert low >= lo, (b, low, lo, optional)
            assert not ranges[b].high_exclusive
        if b == "mitigated":  # below the statutory minimum: exclusive where it is above 0
            assert high <= lo and ranges[b].high_exclusive == (lo > 0), (high, lo)
            if float_ranges is not None:
                assert float_ranges[b].high_exclusive == (lo > 0)
        if b == "no_penalty":
            assert (low, high) == (0, 0)
    # consecutive open bands do not overlap (lenient.high <= standard.low, ...)
    for a, b in pairwise(bands):
        assert r[a][1] <= r[b][0], (a, r[a], b, r[b])
    # fine is the union of the open bands' ranges
    assert rng(fine) == (min(x for x, _ in r.values()), max(y for _, y in r.values()))
    # the +-10-point float only widens, and stays inside [0, statutory high]
    if float_ranges is not None:
        assert set(float_ranges) == set(bands)
        f = {b: rng(v) for b, v in float_ranges.items()}
        for b, (flow, fhigh) in f.items():
            assert 0 <= flow <= r[b][0] and r[b][1] <= fhigh <= hi, (b, f[b], r[b])
        assert rng(float_fine) == (min(x for x, _ in f.values()), max(y for _, y in f.values()))
    f_lo, f_hi = rng(float_fine)
    assert 0 <= f_lo <= rng(fine)[0] and rng(fine)[1] <= f_hi <= hi


def check_assessment(a: penalty.Assessment) -> None:
    # bands mildest first, no repeats; the default band is one of them (null only when both
    # sides are present: then more than one band is open, up to aggravated, or for a provision
    # with only a warning, criticism or confiscation, no penalty and standard)
    codes = {x.code for x in a.reasons}
    if "order_not_penalty" in codes:  # APL Arts. 9, 28: an order to rectify has no band
        assert (a.band, a.bands, a.ranges, a.fine) == (None, [], {}, None)
        return
    assert a.bands, "at least one band is open"
    assert [ORDER[b] for b in a.bands] == sorted({ORDER[b] for b in a.bands})
    two_stage = "two_stage_only" in {n.id for n in a.assumptions}
    if two_stage:
        assert set(a.bands) <= {"no_penalty", "standard"}
    if a.band is None:
        assert len(a.bands) >= 2
        assert "aggravated" in a.bands or (two_stage and a.bands == ["no_penalty", "standard"])
    else:
        assert a.band in a.bands
    check_ranges(a.ranges, a.float_ranges, a.bands, a.statutory, a.fine_optional, a.fine,
                 a.float_fine)
    cat = penalty.load_catalogue()
    for p in a.responsible_persons:  # same bands as the unit, on their own statutory range
        assert list(p.ranges) == a.bands or p.statutory is None
        optional = cat.provisions[p.provision].fine.modality != "shall"
        check_ranges(p.ranges, None, a.bands, p.statutory, optional, p.fine, p.float_fine)
    lo, hi = rng(a.total_exposure)
    assert lo <= hi
    warning_alone = any(x.code == "fine_optional" and x.effect == "warning_alone_possible"
                        for x in a.reasons)
    if a.fine is not None:
        # where a warning alone is possible the total starts without the fine
        assert (rng(a.fine)[0] <= lo or (warning_alone and a.fine_optional)) and \
            rng(a.fine)[1] <= hi
    if warning_alone:
        assert a.fine_optional and set(a.bands) & {"lenient", "standard"}
    assert int(a.confiscation_cny * 100) <= lo


@given(cases())
@example({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
          "violation_end_date": None, "discovery_date": None, "decision_date": "2025-12-01",
          "party": {"kind": "organisation"}, "illegal_gain_cny": None, "turnover_cny": None,
          "procurement_amount_cny": None, "circumstances": ["eliminated_or_reduced_harm"],
          "prior_penalties": [], "persons_count": 1, "options": {}})
# two-stage provision, may-not-punish and an aggravating circumstance: band null, and only the
# no-penalty and standard stages exist
@example({"violation_date": "2022-03-01", "violation_end_date": None, "discovery_date": None,
          "decision_date": "2022-03-01", "party": {"kind": "individual", "age": None},
          "illegal_gain_cny": None, "turnover_cny": None, "procurement_amount_cny": None,
          "circumstances": ["first_offence_minor_harm_corrected", "serious_network_security_harm"],
          "prior_penalties": [], "persons_count": 0, "options": {},
          "provision": "alg-31-0-entity-base"})
def test_ranges_inside_statutory_and_ordered(case):
    check_assessment(penalty.assess(case))
