"""Batch throughput: 1,000,000 cases CSV -> CSV through the real command line (`penalty batch`).

Generates a CSV of N rows (default 1,000,000) over the catalogue's provisions in force, with
amounts, circumstances, prior penalties, a share of malformed rows and labels that look like
formulas; runs `penalty batch IN.csv -o OUT.csv` in a subprocess; checks that every row came
back, in order; prints the timing as JSON, with the ratio to the budget (60 s for 1,000,000 rows).

    python bench/batch_csv.py [--rows N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import penalty

BUDGET_SECONDS_PER_MILLION = 60.0


def make_input(path: Path, n: int, seed: int = 0) -> None:
    cat = penalty.load_catalogue()
    rng = np.random.default_rng(seed)
    day = pd.Timestamp("2025-09-01")
    ids = np.array([p.id for p in cat.in_force(day.date())])
    codes = [c for c, v in cat.circumstances.items() if not v.derived and
             "organisation" in v.party]
    circ_choices = np.array(["", "", "", codes[0], f"{codes[1]};{codes[2]}", codes[-2],
                             json.dumps([codes[3]]), "not_a_code"], dtype=object)
    prior = np.array(["", "", "", '[{"decided_on": "2025-03-01"}, {"decided_on": "2025-05-01"}]'],
                     dtype=object)
    start = day + pd.to_timedelta(rng.integers(0, 120, n), unit="D")
    decision = start + pd.to_timedelta(rng.integers(30, 400, n), unit="D")
    gains = rng.integers(0, 5_000_000_00, n)
    gains_text = pd.Series(gains // 100).astype(str) + "." + pd.Series(gains % 100).astype(str)\
        .str.zfill(2)
    # provisions fining natural persons only take an individual party (an organisation there is
    # an input error), so the share of error rows stays what the malformed cells make it
    natural = {p.id for p in cat.in_force(day.date()) if p.liable != "entity"}
    provision = rng.choice(ids, n)
    kind = np.where(np.isin(provision, list(natural)), "individual", "organisation")
    df = pd.DataFrame({
        "provision": provision,
        "violation_date": start.strftime("%Y-%m-%d"),
        "decision_date": decision.strftime("%Y-%m-%d"),
        "party_kind": kind,
        "illegal_gain_cny": np.where(rng.random(n) < 0.5, gains_text, ""),
        "turnover_cny": np.where(rng.random(n) < 0.3, "2500000000.00", ""),
        "procurement_amount_cny": "1000000",
        "circumstances": rng.choice(circ_choices, n),
        "prior_penalties": rng.choice(prior, n),
        "persons_count": rng.integers(0, 4, n).astype(str),
        "label": np.where(rng.random(n) < 0.01, "=HYPERLINK(\"http://x\")", "client issue"),
    })
    df.to_csv(path, index=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, default=None, help="keep the files in this folder")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="penalty-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    src, dst = folder / "cases.csv", folder / "results.csv"
    t = time.perf_counter()
    make_input(src, args.rows)
    gen = time.perf_counter() - t
    exe = Path(sys.executable).with_name("penalty")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else
                                                            ["-m", "penalty"]),
           "batch", str(src), "-o", str(dst), "--no-progress", "--json"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ}, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    summary = json.loads(proc.stdout)
    out = pd.read_csv(dst, dtype=str, keep_default_na=False, usecols=["row", "error"])
    rows_ok = len(out) == args.rows and (out["row"].astype(np.int64).to_numpy()
                                         == np.arange(1, args.rows + 1)).all()
    budget = BUDGET_SECONDS_PER_MILLION * args.rows / 1_000_000
    report = {
        "rows": args.rows, "rows_out": len(out), "rows_in_order": bool(rows_ok),
        "rows_with_error": summary["rows_with_error"],
        "input_mb": round(src.stat().st_size / 2**20, 1),
        "output_mb": round(dst.stat().st_size / 2**20, 1), "generate_seconds": round(gen, 2),
        "batch_wall_seconds": round(wall, 2), "batch_internal_seconds": summary["seconds"],
        "rows_per_second": round(args.rows / wall), "budget_seconds": budget,
        "ratio_to_budget": round(wall / budget, 3), "cpus": os.cpu_count(),
    }
    print(json.dumps(report, indent=2))
    if not args.keep:
        src.unlink()
        dst.unlink()
        folder.rmdir()
    return 0 if rows_ok and wall <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
