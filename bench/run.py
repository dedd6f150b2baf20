"""Single-case latency of ``penalty.assess`` and batch throughput of ``penalty.assess_frame``.

    python bench/run.py                       # full run: 2,000 single calls; 1e3 .. 1e6 rows
    python bench/run.py --quick               # 500 single calls; 1e3 .. 1e5 rows
    python bench/run.py --profile             # also cProfile both paths (bench/results/*.prof.txt)
    python bench/run.py --sizes 1000 50000 --single 1000 --repeat 3

Prints one line per measurement and the three targets of issue 2 (one ``assess`` under 1 ms;
1,000,000 rows under 1 s; batch at least 100x the single path per case), and writes the numbers
as JSON to bench/results/ (git-ignored). See bench/README.md for how to read them.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import sample_cases, synthetic_frame

import penalty

RESULTS = HERE / "results"
TARGET_SINGLE_MS = 1.0  # issue 2: one assess under 1 ms
TARGET_MILLION_S = 1.0  # issue 2: 1,000,000 rows under 1 s
TARGET_RATIO = 100.0  # issue 2: batch at least 100x the single path per case


def single_latency(n_calls: int, distinct: int = 200) -> dict:
    """Per-call wall time of ``assess`` over ``distinct`` realistic cases, cycled."""
    cat = penalty.load_catalogue()  # preloaded: the cached catalogue is what callers get
    cases = sample_cases(distinct)
    for c in cases[:50]:  # warm-up (imports, pydantic schema caches)
        penalty.assess(c, catalogue=cat)
    times = np.empty(n_calls)
    gc.disable()
    try:
        for i in range(n_calls):
            c = cases[i % distinct]
            t0 = time.perf_counter_ns()
            penalty.assess(c, catalogue=cat)
            times[i] = time.perf_counter_ns() - t0
    finally:
        gc.enable()
    ms = times / 1e6
    return {"calls": n_calls, "distinct_cases": distinct,
            "median_ms": float(np.median(ms)), "p95_ms": float(np.percentile(ms, 95)),
            "mean_ms": float(ms.mean()), "min_ms": float(ms.min())}


def batch_throughput(n_rows: int, repeat: int, datetime_dates: bool) -> dict:
    """Best-of-``repeat`` wall time of ``assess_frame`` on a synthetic frame of ``n_rows``."""
    frame = synthetic_frame(n_rows, seed=n_rows, datetime_dates=datetime_dates)
    penalty.assess_frame(frame.head(100))  # warm-up
    runs = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = penalty.assess_frame(frame)
        runs.append(time.perf_counter() - t0)
    errors = int(out["error"].notna().sum())
    assert len(out) == n_rows, "assess_frame must return every row"
    best = min(runs)
    return {"rows": n_rows, "dates": "datetime64" if datetime_dates else "iso_text",
            "seconds": best, "runs": runs, "rows_per_s": n_rows / best,
            "us_per_row": best / n_rows * 1e6, "error_rows": errors}


def profile(fn, label: str, top: int = 30) -> str:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    buf.write(f"==== {label}: by own time ====\n")
    stats.sort_stats("tottime").print_stats(top)
    buf.write(f"==== {label}: by cumulative time ====\n")
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def environment() -> dict:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE,
                                capture_output=True, text=True, check=False).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "penalty", "data"],
                                    cwd=HERE.parent, capture_output=True, text=True,
                                    check=False).stdout.strip())
    except OSError:
        commit, dirty = "", False
    return {"when": dt.datetime.now().isoformat(timespec="seconds"), "git_commit": commit,
            "engine_or_data_modified": dirty, "engine_version": penalty.__version__,
            "data_sha256": penalty.load_catalogue().digest, "python": platform.python_version(),
            "numpy": np.__version__, "pandas": pd.__version__, "cpus": os.cpu_count(),
            "machine": platform.machine(), "platform": platform.platform(),
            "load_average_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--single", type=int, default=2000, help="single-case calls (default 2000)")
    ap.add_argument("--sizes", type=int, nargs="+",
                    default=[1_000, 10_000, 100_000, 1_000_000], help="batch sizes (rows)")
    ap.add_argument("--repeat", type=int, default=0,
                    help="runs per batch size, best taken (default: 5 up to 1e4 rows, "
                         "3 up to 1e5, 2 above)")
    ap.add_argument("--quick", action="store_true", help="500 calls; up to 100,000 rows")
    ap.add_argument("--no-datetime", action="store_true",
                    help="skip the datetime64-date variant of the batch")
    ap.add_argument("--profile", action="store_true",
                    help="cProfile both paths into bench/results/profile-*.txt")
    ap.add_argument("--out", type=Path, default=None, help="JSON result file")
    ap.add_argument("--no-keep-memory", action="store_true",
                    help="leave the allocator alone (default: keep freed memory, as "
                         "`penalty batch --keep-memory` does; see penalty/memory.py)")
    args = ap.parse_args(argv)
    if not args.no_keep_memory:
        from penalty.memory import keep_freed_memory

        keep_freed_memory()  # a batch process opts in; the library never does
    if args.quick:
        args.single = min(args.single, 500)
        args.sizes = [s for s in args.sizes if s <= 100_000]

    RESULTS.mkdir(exist_ok=True)
    penalty.load_catalogue()
    env = environment()
    print(f"penalty {env['engine_version']} @ {env['git_commit']}"
          f"{' (modified)' if env['engine_or_data_modified'] else ''}, "
          f"python {env['python']}, numpy {env['numpy']}, pandas {env['pandas']}, "
          f"{env['cpus']} cpu(s), load {env['load_average_1m']:.1f}")
    if env["load_average_1m"] and env["load_average_1m"] > (env["cpus"] or 1):
        print("WARNING: the machine is busy (load above the number of cpus); timings are "
              "inflated. Re-run on an idle machine before comparing with the targets.")

    single = single_latency(args.single)
    per_case_single_s = single["median_ms"] / 1e3
    print(f"single  assess          median {single['median_ms']:.3f} ms   "
          f"p95 {single['p95_ms']:.3f} ms   ({single['calls']} calls)")

    batches = []
    variants = [False] if args.no_datetime else [False, True]
    for n in args.sizes:
        repeat = args.repeat or (5 if n <= 10_000 else 3 if n <= 100_000 else 2)
        for dtd in variants:
            b = batch_throughput(n, repeat, dtd)
            b["ratio_vs_single"] = per_case_single_s / (b["seconds"] / n)
            batches.append(b)
            print(f"batch   {n:>9,} rows {b['dates']:<10}  {b['seconds']:8.3f} s  "
                  f"{b['rows_per_s']:>12,.0f} rows/s  {b['us_per_row']:7.2f} us/row  "
                  f"batch/single {b['ratio_vs_single']:7.1f}x"
                  f"{'  ERRORS ' + str(b['error_rows']) if b['error_rows'] else ''}")

    million = [b for b in batches if b["rows"] == 1_000_000]
    largest = max(batches, key=lambda b: (b["rows"], -b["seconds"])) if batches else None
    targets = {
        "single_under_1ms": {"target_ms": TARGET_SINGLE_MS, "median_ms": single["median_ms"],
                             "met": single["median_ms"] < TARGET_SINGLE_MS},
        "million_under_1s": {"target_s": TARGET_MILLION_S,
                             "seconds": {b["dates"]: b["seconds"] for b in million} or None,
                             "met": bool(million) and all(b["seconds"] < TARGET_MILLION_S
                                                          for b in million)},
        "batch_100x_single": {"target_ratio": TARGET_RATIO, "rows": largest and largest["rows"],
                              "ratio": largest and min(b["ratio_vs_single"] for b in batches
                                                       if b["rows"] == largest["rows"]),
                              "met": bool(largest) and all(
                                  b["ratio_vs_single"] >= TARGET_RATIO for b in batches
                                  if b["rows"] == largest["rows"])},
    }
    print("targets (issue 2):")
    for name, t in targets.items():
        shown = {k: v for k, v in t.items() if k != "met"}
        print(f"  {'MET    ' if t['met'] else 'NOT MET'} {name}: {shown}")
    if not million:
        print("  (million_under_1s not measured: run without --quick)")

    result = {"environment": env, "single": single, "batches": batches, "targets": targets}
    if args.profile:
        cat = penalty.load_catalogue()
        cases = sample_cases(200)
        n_prof = max(args.sizes)
        frame = synthetic_frame(n_prof, seed=7)
        text = profile(lambda: [penalty.assess(cases[i % 200], catalogue=cat)
                                for i in range(args.single)], f"assess x {args.single}")
        text += profile(lambda: penalty.assess_frame(frame), f"assess_frame {n_prof:,} rows")
        path = RESULTS / f"profile-{env['when'].replace(':', '')}.txt"
        path.write_text(text)
        result["profile"] = str(path)
        print(f"profile: {path}")

    out = args.out or RESULTS / f"bench-{env['when'].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2, default=float))
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2, default=float))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
