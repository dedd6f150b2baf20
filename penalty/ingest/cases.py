"""Column arrays from validated ``Case`` models: the single-case path (no pandas)."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import (
    KINDS,
    LEVEL_CODES,
    CaseArrays,
    circumstance_bits,
    option_flags,
    to_fen,
    unknown_provision,
)
from penalty.models import Case
from penalty.rules.ranges import TURNOVER_CHOICES


def arrays_from_cases(cat: Catalogue, cases: list[Case]) -> CaseArrays:
    """Build the column arrays from validated ``Case`` models (one or more rows each)."""
    rows: dict[str, list] = {f.name: [] for f in fields(CaseArrays)
                             if f.name not in ("prior_offsets", "failed")}
    offsets = [0]
    for i, c in enumerate(cases):
        kind = KINDS[c.party.kind]
        circ, circ_err = circumstance_bits(cat, c.circumstances, kind)
        priors = [(p.decided_on, p.by_cac) for p in c.prior_penalties if p.same_kind]
        for j, pid in enumerate(c.provision_ids):
            idx = cat.index.get(pid, -1)
            err = unknown_provision(cat, pid) if idx < 0 else circ_err
            errf = "provision" if idx < 0 else ("circumstances" if circ_err else None)
            vals = dict(
                case=i, order=j, given=idx, start=c.violation_date,
                end=c.violation_end_date or c.violation_date,
                discovery=c.discovery_date, decision=c.decision_date, kind=kind,
                age=-1 if c.party.age is None else c.party.age,
                gains=to_fen(c.illegal_gain_cny or Decimal(0)), has_gains=c.illegal_gain_cny is not None,
                turnover=to_fen(c.turnover_cny or Decimal(0)), has_turnover=c.turnover_cny is not None,
                procurement=to_fen(c.procurement_amount_cny or Decimal(0)),
                has_procurement=c.procurement_amount_cny is not None,
                circ=circ, prior_days=priors, persons_count=c.persons_count,
                turnover_choice=TURNOVER_CHOICES[c.options.turnover_ceiling],
                prefer_mitigated=c.options.prefer_mitigated,
                apply_may=c.options.apply_may_circumstances,
                anchor_decision=c.options.repeat_window_anchor == "decision",
                level=LEVEL_CODES["none" if c.authority_level is None else c.authority_level],
                flags=option_flags(c.options),
                lookback=c.options.first_violation_lookback_months or -1,
                error=err, error_field=errf)
            for k, v in vals.items():
                rows[k].append(v)
            offsets.append(offsets[-1] + len(priors))
    priors = [d for ds in rows.pop("prior_days") for d in ds]
    return _finish(rows, offsets, [d for d, _ in priors], [cac for _, cac in priors])


_DTYPES = {
    "case": np.int64, "order": np.int64, "given": np.int64, "start": "datetime64[D]",
    "end": "datetime64[D]", "discovery": "datetime64[D]", "decision": "datetime64[D]",
    "kind": np.int8, "age": np.int64, "gains": np.int64, "has_gains": bool,
    "turnover": np.int64, "has_turnover": bool, "procurement": np.int64,
    "has_procurement": bool, "circ": np.int64, "persons_count": np.int64,
    "turnover_choice": np.int8, "prefer_mitigated": bool, "apply_may": bool,
    "anchor_decision": bool, "level": np.int8, "flags": np.int64, "lookback": np.int64,
    "error": object, "error_field": object,
}


def _finish(rows: dict[str, list], offsets: list[int], prior_days: list, prior_cac: list
            ) -> CaseArrays:
    cols = {k: np.array(rows[k], dtype=dtype)  # type: ignore[call-overload]  # None -> NaT
            for k, dtype in _DTYPES.items()}
    return CaseArrays(**cols, prior_offsets=np.array(offsets, dtype=np.int64),
                      prior_days=np.array(prior_days, dtype="datetime64[D]"),
                      prior_cac=np.array(prior_cac, dtype=bool),
                      failed=np.not_equal(cols["error"], None))  # type: ignore[call-overload]

