"""A committed snapshot of ``assess`` outputs over a fixed grid of cases (STYLE habit 10), so any
change to results shows up as a readable diff.

Grid: every catalogue provision with a fine x five circumstance sets x two dates. Each outcome
records the band, the open bands, the union and float fines, whether the fine is optional, the
statutory range, the persons' fines, the total exposure, which ranges end below their high
(mitigated), the limitation, and the reason codes and assumptions. A case that
the engine refuses (the provision, or its counterpart, not in force on that date) is recorded
with its error field, so changes to validation show up too.

After an intended change, regenerate and commit the file (and say in CHANGELOG.md which
provisions and dates changed)::

    PENALTY_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest tests/snapshot -q
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import penalty
from penalty.catalogue.yamlfile import safe_load

SNAPSHOT = Path(__file__).parent / "grid.json"
UPDATE = os.environ.get("PENALTY_UPDATE_SNAPSHOT") == "1"

CIRCUMSTANCE_SETS: dict[str, list[str]] = {
    "none": [],
    "mitigating": ["eliminated_or_reduced_harm"],
    "aggravating": ["serious_network_security_harm"],
    "may_no_penalty": ["first_offence_minor_harm_corrected"],
    "both_sides": ["eliminated_or_reduced_harm", "serious_network_security_harm"],
}
# (violation, decision): the 2017 CSL text in force; then the 2026 text (and the AI
# anthropomorphic-interaction measures, in force 2026-07-15).
DATES: dict[str, tuple[str, str]] = {
    "2025": ("2025-09-01", "2025-12-01"),
    "2026": ("2026-08-01", "2026-11-01"),
}
# Amounts for the bases that need them: gains above most thresholds, a procurement amount, and
# a turnover whose 5 % (100,000,000) exceeds the fixed 50,000,000 ceiling.
AMOUNTS = {"illegal_gain_cny": "300000", "procurement_amount_cny": "2000000",
           "turnover_cny": "2000000000"}


def grid_cases(cat: penalty.Catalogue) -> dict[str, dict[str, Any]]:
    cases = {}
    for p in cat.provisions.values():
        if p.fine.basis == "none":
            continue
        party = {"kind": "organisation" if p.liable == "entity" else "individual"}
        for c_label, circumstances in CIRCUMSTANCE_SETS.items():
            for d_label, (violation, decision) in DATES.items():
                cases[f"{p.id} | {c_label} | {d_label}"] = {
                    "provision": p.id, "violation_date": violation, "decision_date": decision,
                    "party": party, "circumstances": circumstances, **AMOUNTS}
    return cases


def _range(r) -> list[str] | None:
    return None if r is None else [str(r.low_cny), str(r.high_cny)]


def outcome(case: dict[str, Any]) -> dict[str, Any]:
    try:
        a = penalty.assess(case)
    except penalty.InputError as e:
        return {"error_field": e.field}
    return {"band": a.band, "bands": a.bands, "fine": _range(a.fine),
            "float_fine": _range(a.float_fine), "fine_optional": a.fine_optional,
            "statutory": _range(a.statutory), "provision_applied": a.provision_applied,
            "persons": [[p.provision, p.count, _range(p.fine)] for p in a.responsible_persons],
            "total": _range(a.total_exposure),
            "exclusive": sorted(b for b, r in a.ranges.items() if r.high_exclusive),
            "limitation": [a.limitation.status, a.limitation.period_years],
            "reasons": sorted({r.code for r in a.reasons}),
            "assumptions": sorted(x.id for x in a.assumptions)}


def current(cat: penalty.Catalogue) -> dict[str, dict[str, Any]]:
    return {key: outcome(case) for key, case in grid_cases(cat).items()}


def dump(results: dict[str, dict[str, Any]]) -> str:
    """One case per line, so a git diff shows exactly the cases that changed."""
    lines = [f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True, ensure_ascii=False)}"
             for k, v in sorted(results.items())]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def readable_diff(old: dict[str, Any], new: dict[str, Any], limit: int = 40) -> str:
    removed = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    changed = sorted(k for k in set(old) & set(new) if old[k] != new[k])
    out = [(f"{len(changed)} case(s) changed, {len(added)} added, {len(removed)} removed "
            f"(of {len(new)}):")]
    for k in changed[:limit]:
        out.append(f"  {k}")
        for field in sorted(set(old[k]) | set(new[k])):
            if old[k].get(field) != new[k].get(field):
                out.append(f"      {field}: {old[k].get(field)!r} -> {new[k].get(field)!r}")
    out += [f"  + {k}: {new[k]}" for k in added[:limit]]
    out += [f"  - {k}: {old[k]}" for k in removed[:limit]]
    if max(len(changed), len(added), len(removed)) > limit:
        out.append(f"  ... (first {limit} of each kind shown)")
    out.append("If the change is intended: PENALTY_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest "
               "tests/snapshot -q, then commit tests/snapshot/grid.json and note it in "
               "CHANGELOG.md.")
    return "\n".join(out)


def _ids_with_a_fine_in_the_yaml() -> set[str]:
    """Read from the provision files themselves, not through the catalogue the grid loops over."""
    ids = set()
    for path in sorted((penalty.catalogue.data_dir() / "provisions").glob("*.yaml")):
        raw = safe_load(path.read_text(encoding="utf-8"))
        for entry in raw["provisions"]:
            if entry["fine"]["basis"] != "none":
                ids.add(entry["id"])
    return ids


def test_grid_covers_every_provision_with_a_fine(catalogue):
    expected = _ids_with_a_fine_in_the_yaml()
    assert len(expected) > 150  # the data has 164 on 2026-12-01; a broken read finds none
    per_id = Counter(key.split(" | ")[0] for key in grid_cases(catalogue))
    assert set(per_id) == expected
    assert set(per_id.values()) == {5 * 2}  # five circumstance sets x two dates, each id
    if not UPDATE:  # and the committed snapshot has the same grid
        committed = Counter(key.split(" | ")[0] for key in json.loads(SNAPSHOT.read_text("utf-8")))
        assert committed == per_id


def test_outputs_match_the_committed_snapshot(catalogue):
    results = current(catalogue)
    if UPDATE:
        SNAPSHOT.write_text(dump(results), encoding="utf-8")
    assert SNAPSHOT.exists(), ("no snapshot yet: run with PENALTY_UPDATE_SNAPSHOT=1 to create "
                               f"{SNAPSHOT}")
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if committed != results:
        pytest.fail(readable_diff(committed, results), pytrace=False)
