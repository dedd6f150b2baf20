"""The `absorbed` column of assess_frame (APL Art. 29) for accepted and refused rows."""

from __future__ import annotations

import pandas as pd

import penalty


def test_absorbed_lists_the_other_norms_and_is_empty_for_a_refused_row(catalogue):
    frame = pd.DataFrame({
        "provision": [
            "dsl-45-1-entity-base;pipl-66-1-entity-refuse_rectify;ndsr-55-0-entity-refuse_or_serious",
            "dsl-45-1-entity-base;no-such-id",
            "dsl-45-1-entity-base",
        ],
        "violation_date": "2025-09-01", "decision_date": "2025-12-01"})
    out = penalty.assess_frame(frame, catalogue)
    single = penalty.assess({
        "provisions": frame.provision[0].split(";"), "violation_date": "2025-09-01",
        "decision_date": "2025-12-01"}, catalogue)
    assert out.loc[0, "provision_applied"] == single.provision_applied
    assert out.loc[0, "absorbed"].split(";") == single.absorbed
    assert out.loc[1, "error_field"] == "provision" and out.loc[1, "absorbed"] == ""
    assert out.loc[2, "absorbed"] == ""
