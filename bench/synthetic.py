"""A realistic synthetic frame of cases for the benchmark (``penalty.FRAME_COLUMNS``).

Built with numpy over the real catalogue, so it is valid by construction:

* provisions of every fine basis (each basis gets an equal share of the rows, uniform within it),
  2 % of rows naming two provisions of the same instrument version (APL Art. 29);
* violation end dates inside the provision's version (up to 2027-12-31), 30 % continuing acts,
  decisions 20-600 days later (so CSL 2017 acts decided in 2026 exercise APL Art. 37),
  discovery dates on 40 % of rows;
* on provisions fining organisations, 85 % organisations and 15 % individuals; on those
  fining natural persons only, individuals (70 % of individuals with an age from 12 to 80);
* circumstances from a weighted pool of realistic combinations (most rows have none);
* illegal gains on 80 % of gain-multiple rows and 10 % of others, turnover on 70 % of
  turnover-ceiling rows, a procurement amount on every procurement-multiple row; amounts are
  text with two decimals, as read from a CSV;
* prior penalties (JSON) on 3 % of rows; 0-3 responsible persons.

Dates are ISO text by default; ``datetime_dates=True`` gives datetime64 columns instead.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

import penalty

LAST = np.datetime64("2027-12-31", "D")

CIRCUMSTANCE_POOL: list[tuple[str, float]] = [
    ("", 0.55),
    ("eliminated_or_reduced_harm", 0.10),
    ("serious_personal_information_violation", 0.06),
    ("strong_public_reaction", 0.04),
    ("eliminated_or_reduced_harm;strong_public_reaction", 0.04),
    ("first_offence_minor_harm_corrected", 0.05),
    ("minor_corrected_no_harm", 0.03),
    ("meritorious_cooperation;confessed_unknown_violation", 0.03),
    ("evidence_tampering;obstructed_enforcement", 0.02),
    ("coerced_or_induced", 0.02),
    ("harm_to_life_health_or_finance", 0.02),
    ("serious_network_security_harm;harm_to_life_health_or_finance", 0.02),
    ("no_subjective_fault", 0.02),
]


def _money_text(fen: np.ndarray, present: np.ndarray) -> np.ndarray:
    yuan = pd.Series(fen // 100).astype(str)
    cents = pd.Series(fen % 100).astype(str).str.zfill(2)
    text = (yuan + "." + cents).to_numpy(dtype=object)
    text[~present] = None
    return text


def synthetic_frame(n: int, seed: int = 0, datetime_dates: bool = False) -> pd.DataFrame:
    cat = penalty.load_catalogue()
    A = cat.arrays
    rng = np.random.default_rng(seed)
    ids = np.array(cat.ids, dtype=object)
    bases = np.array([cat.provisions[i].fine.basis for i in cat.ids])
    # every basis an equal share of rows
    weight = np.array([1.0 / (bases == b).sum() for b in bases])
    pidx = rng.choice(len(ids), size=n, p=weight / weight.sum())
    basis = bases[pidx]

    # dates inside the provision's own version
    first = A.effective_from[pidx]
    last = np.minimum(A.effective_to[pidx] - np.timedelta64(1, "D"), LAST)
    span = (last - first).astype(np.int64)
    end = first + (rng.random(n) * (span + 1)).astype(np.int64).astype("timedelta64[D]")
    length = np.where(rng.random(n) < 0.3, rng.integers(1, 365, n), 0)
    start = np.maximum(first, end - length.astype("timedelta64[D]"))
    decision = end + rng.integers(20, 600, n).astype("timedelta64[D]")
    gap = (decision - start).astype(np.int64)
    discovery = start + (rng.random(n) * gap).astype(np.int64).astype("timedelta64[D]")
    has_discovery = rng.random(n) < 0.4

    # APL Art. 29: a second provision of the same instrument version on 2 % of rows
    version_key = [(cat.provisions[i].law, cat.provisions[i].law_version) for i in cat.ids]
    groups: dict[tuple[str, str], list[int]] = {}
    for i, k in enumerate(version_key):
        groups.setdefault(k, []).append(i)
    sibling = np.array([next((j for j in groups[k] if j != i), i)
                        for i, k in enumerate(version_key)])
    provision = ids[pidx].copy()
    two = (rng.random(n) < 0.02) & (sibling[pidx] != pidx)
    provision[two] = ids[pidx[two]] + ";" + ids[sibling[pidx[two]]]
    needs_proc = (basis == "procurement_multiple") | (
        two & (bases[sibling[pidx]] == "procurement_multiple"))

    # provisions fining natural persons only (individuals, responsible persons) take an
    # individual party; an organisation there is an input error (issue 9, point 7)
    natural_only = np.array([cat.provisions[i].liable != "entity" for i in cat.ids])
    individual = (rng.random(n) < 0.15) | natural_only[pidx]
    age = np.where(individual & (rng.random(n) < 0.7), rng.integers(12, 81, n), -1)
    codes, p = zip(*CIRCUMSTANCE_POOL)
    circ = np.array(codes, dtype=object)[rng.choice(len(codes), n, p=np.array(p) / sum(p))]

    gain_fen = np.exp(rng.normal(11.0, 2.0, n)).astype(np.int64)  # median ~ CNY 600
    has_gain = np.where(basis == "gain_multiple", rng.random(n) < 0.8, rng.random(n) < 0.1)
    turnover_fen = np.exp(rng.normal(22.0, 2.5, n)).astype(np.int64)  # median ~ CNY 36 m
    has_turnover = np.where(basis == "fixed_or_turnover", rng.random(n) < 0.7,
                            rng.random(n) < 0.02)
    proc_fen = np.exp(rng.normal(17.0, 1.5, n)).astype(np.int64)  # median ~ CNY 240,000

    prior_pool = [json.dumps([{"decided_on": f"{y}-{m:02d}-15"} for (y, m) in pair])
                  for pair in ([(2024, 3)], [(2024, 11), (2025, 2)], [(2025, 6), (2025, 9)],
                               [(2023, 5)], [(2026, 1), (2026, 4)])]
    prior = np.where(rng.random(n) < 0.03,
                     np.array(prior_pool, dtype=object)[rng.integers(0, len(prior_pool), n)],
                     None)

    def day_text(d: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        text = np.datetime_as_string(d, unit="D").astype(object)
        if present is not None:
            text[~present] = None
        return text

    frame = pd.DataFrame({
        "provision": provision,
        "violation_date": day_text(start),
        "violation_end_date": day_text(end, end != start),
        "discovery_date": day_text(discovery, has_discovery),
        "decision_date": day_text(decision),
        "party_kind": np.where(individual, "individual", "organisation").astype(object),
        "party_age": pd.array(np.where(age >= 0, age, 0), dtype="Int64").copy(),
        "illegal_gain_cny": _money_text(gain_fen, has_gain),
        "turnover_cny": _money_text(turnover_fen, has_turnover),
        "procurement_amount_cny": _money_text(proc_fen, needs_proc | (rng.random(n) < 0.01)),
        "circumstances": circ,
        "prior_penalties": prior,
        "persons_count": rng.integers(0, 4, n),
    })
    frame.loc[age < 0, "party_age"] = pd.NA
    if datetime_dates:
        for col in ("violation_date", "violation_end_date", "discovery_date", "decision_date"):
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
    return frame


def sample_cases(k: int, seed: int = 1) -> list[dict]:
    """``k`` case dicts for the single-case path, drawn from the same distribution."""
    frame = synthetic_frame(k, seed=seed).astype(object)
    frame = frame.where(frame.notna(), None)
    out = []
    for r in frame.itertuples(index=False):
        ids = r.provision.split(";")
        party = {"kind": r.party_kind}
        if r.party_kind == "individual" and r.party_age is not None:
            party["age"] = int(r.party_age)
        case = {
            "violation_date": r.violation_date, "violation_end_date": r.violation_end_date,
            "discovery_date": r.discovery_date, "decision_date": r.decision_date,
            "party": party, "illegal_gain_cny": r.illegal_gain_cny,
            "turnover_cny": r.turnover_cny, "procurement_amount_cny": r.procurement_amount_cny,
            "circumstances": [c for c in r.circumstances.split(";") if c],
            "prior_penalties": json.loads(r.prior_penalties) if r.prior_penalties else [],
            "persons_count": int(r.persons_count),
        }
        case.update({"provision": ids[0]} if len(ids) == 1 else {"provisions": ids})
        out.append(case)
    return out
