"""One close-match helper (penalty.errors.close_matches) behind every "did you mean" hint."""

from __future__ import annotations

import pytest

import penalty
from penalty.errors import close_matches


def test_best_first_and_limited():
    pool = ["pipl-66-1-entity-base", "pipl-66-2-entity-base", "dsl-45-1-person"]
    assert close_matches("pipl-66-1-entity-bas", pool) == ["pipl-66-1-entity-base",
                                                           "pipl-66-2-entity-base"]
    assert close_matches("pipl-66-1-entity-bas", pool, n=1) == ["pipl-66-1-entity-base"]
    assert close_matches("zzz", pool) == []
    assert close_matches(66, ["66", "abc"]) == ["66"]  # any value, compared as text


def test_the_catalogue_and_the_single_path_use_it():
    cat = penalty.load_catalogue()
    assert cat.close_ids("pipl-66-1-entity-bas") == close_matches("pipl-66-1-entity-bas", cat.ids)
    with pytest.raises(penalty.InputError, match="close matches: pipl-66-1-entity-base"):
        penalty.assess({"provision": "pipl-66-1-entity-bas", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01", "party": {"kind": "organisation"}})
