"""The rule pipeline (``penalty.pipeline``): each step run on its own with hand-computed values,
the steps' results frozen, and every field ``Result`` declares readable over a batch whose
cases name several provisions.

Hand ranges (split points 30 % / 70 %, float 10 points, Provision Art. 12):
  DSL 48(1) entity 50,000-500,000 -> standard 185,000-365,000, with the float 140,000-410,000
  DSL 48(1) person 10,000-100,000 -> standard  37,000- 73,000
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from unit_helpers import case

import penalty
from penalty.api import parse_case
from penalty.engine import arrays_from_cases, run
from penalty.pipeline import (
    Bands,
    Checks,
    Circumstances,
    Concurrence,
    LawVersion,
    Limitation,
    Persons,
    Ranges,
    Result,
    Totals,
    apply_limitation,
    band_ranges,
    check_dates,
    choose_bands,
    choose_governing_norm,
    choose_law_version,
    confiscation_and_totals,
    derive_circumstances,
    responsible_persons,
)
from penalty.pipeline.result import _Rows
from penalty.rules import BIT, STANDARD
from penalty.rules.limitation import WITHIN

YUAN = 100  # fen


@pytest.fixture(scope="module")
def cat():
    return penalty.load_catalogue()


def arrays(cat, *cases):
    return arrays_from_cases(cat, [parse_case(c) for c in cases])


def test_each_step_on_its_own(cat):
    ca = arrays(cat, case("dsl-48-1-entity-base", persons_count=2, illegal_gain_cny="1000"))
    checks = check_dates(cat, ca)
    assert not checks.errors.failed.any()
    assert checks.end[0] == checks.start[0] == np.datetime64("2025-09-01")  # no end date given
    law = choose_law_version(cat, ca, checks)
    entity = cat.ids.index("dsl-48-1-entity-base")
    assert law.applied.tolist() == law.at_violation.tolist() == [entity]
    assert not law.lighter[0] and law.statutory_moved is None
    assert (law.statutory.low[0], law.statutory.high[0]) == (50_000 * YUAN, 500_000 * YUAN)
    circ = derive_circumstances(cat, ca, checks, law)
    assert circ.counted.tolist() == circ.circ.tolist() == [0]
    lim = apply_limitation(cat, ca, checks, circ)
    assert lim.status.tolist() == [WITHIN] and lim.years.tolist() == [2]
    assert lim.expires[0] == np.datetime64("2027-09-01")
    bands = choose_bands(cat, ca, law, circ, lim)
    assert bands.mask.tolist() == [BIT[STANDARD]] and bands.band.tolist() == [STANDARD]
    ranges = band_ranges(cat, ca, checks, law, bands)
    assert (ranges.fine_low[0], ranges.fine_high[0]) == (185_000 * YUAN, 365_000 * YUAN)
    assert (ranges.float_fine_low[0], ranges.float_fine_high[0]) == (140_000 * YUAN,
                                                                     410_000 * YUAN)
    assert ranges.float_low[STANDARD, 0] == 140_000 * YUAN  # built when read
    persons = responsible_persons(cat, ca, law, bands, ranges)
    assert persons.provision.tolist() == [cat.ids.index("dsl-48-1-person-base")]
    assert persons.count.tolist() == [2]
    assert (persons.fine_low[0], persons.fine_high[0]) == (37_000 * YUAN, 73_000 * YUAN)
    totals = confiscation_and_totals(cat, ca, law, lim, bands, ranges, persons)
    assert totals.confiscation.tolist() == [1_000 * YUAN]
    # 185,000 + 2 x 37,000 + 1,000 and 365,000 + 2 x 73,000 + 1,000
    assert (totals.total_low[0], totals.total_high[0]) == (260_000 * YUAN, 512_000 * YUAN)
    governing = choose_governing_norm(cat, ca, law, bands, law.errors)
    assert governing.identity and governing.pick.tolist() == [0]


def test_first_error_of_a_row_wins_and_the_input_arrays_stay_untouched(cat):
    # the act ends before it starts and the decision precedes both: the end date is named
    bad = case("dsl-48-1-entity-base", violation_end_date="2025-08-01",
               decision_date="2025-07-01")
    ca = arrays(cat, case("dsl-48-1-entity-base"), bad)
    checks = check_dates(cat, ca)
    assert checks.errors.failed.tolist() == [False, True]
    assert checks.errors.error[1] == ("violation_end_date: '2025-08-01' is not valid; must be on "
                                      "or after violation_date (2025-09-01)")
    assert checks.errors.error_field.tolist() == [None, "violation_end_date"]
    assert ca.error.tolist() == [None, None] and not ca.failed.any()
    res = run(cat, ca)
    assert res.failed.tolist() == [False, True] and res.error[1] == checks.errors.error[1]


@pytest.mark.parametrize("kind", [Checks, LawVersion, Circumstances, Limitation, Bands, Ranges,
                                  Persons, Totals, Concurrence])
def test_step_results_are_frozen_and_typed(kind):
    assert dataclasses.is_dataclass(kind) and hasattr(kind, "__slots__")
    assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert all(f.type for f in dataclasses.fields(kind))


def test_every_result_field_reads_over_several_provisions(cat):
    # case 0 names two provisions (APL Art. 29: DSL 46 governs); case 1 one, with persons
    ca = arrays(cat, case(["dsl-45-1-entity-base", "dsl-46-0-entity-base"]),
                case("dsl-48-1-entity-base", persons_count=1))
    res = run(cat, ca)
    assert not res.concurrence.identity
    assert res.row.tolist() == [1, 2] and res.case.tolist() == [0, 1]
    assert res.absorbed_rows(0).tolist() == [0] and res.absorbed_rows(1).tolist() == []
    fields = [name for name, v in vars(Result).items() if isinstance(v, _Rows)]
    assert len(fields) > 70
    for name in fields:
        value = getattr(res, name)
        rows = value.rows if hasattr(value, "rows") else [value]
        if name not in ("absorbed_of", "absorbed_owner"):
            assert all(len(v) == 2 for v in rows), name
    assert res.applied.tolist() == [cat.ids.index("dsl-46-0-entity-base"),
                                    cat.ids.index("dsl-48-1-entity-base")]
    assert res.p_low[STANDARD, 1] == 37_000 * YUAN and res.p_float_high[STANDARD, 1] \
        == 82_000 * YUAN  # 73,000 + 10 % of the span 90,000
    assert res.fine_low.tolist() == [370_000 * YUAN, 185_000 * YUAN]
    assert res.fine_low is res.fine_low  # selected once, then kept
