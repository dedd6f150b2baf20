"""Start-up time of the command line: ``penalty assess CASE.json`` from a fresh process.

    python bench/cli_start.py                  # 10 runs of each command, /usr/bin/time
    python bench/cli_start.py --runs 20 --all  # also the import steps it is made of
    python bench/cli_start.py --instructions   # and the instructions each executes (valgrind)

Each command runs ``--runs`` times under ``/usr/bin/time``; the script prints the median and the
best wall-clock time and the median CPU time (user + system) of each. The first run warms the
catalogue cache (see ``penalty/catalogue/cache.py``) and the operating system's file cache and is
not counted; it may write the package's bytecode (``__pycache__``), as installing a package does,
even where ``PYTHONDONTWRITEBYTECODE`` is set (otherwise every timed run would compile the
package's own modules again: about 0.07-0.1 s). On a busy machine wall-clock time grows with the
load while CPU time barely moves, so the script prints the load average and compares the CPU
median with the target when the machine is busy. Target (issue 12): one assessment under 0.35 s.

``--instructions`` also counts the instructions one run of each command executes (valgrind's
callgrind, about 10 s a command): unlike the times, the count hardly depends on what else the
machine is doing (it varies by about 1% between runs), so it compares two versions of the code
on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_S = 0.35
HERE = Path(__file__).resolve().parent
CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2025-12-01", "party": {"kind": "organisation"},
        "circumstances": ["eliminated_or_reduced_harm"]}


def timed(cmd: list[str], runs: int) -> dict[str, float]:
    """Median and best wall-clock seconds and median CPU seconds of ``runs`` runs of ``cmd``."""
    walls, cpus = [], []
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        for i in range(runs + 1):
            env = None if i else {k: v for k, v in os.environ.items()
                                  if k != "PYTHONDONTWRITEBYTECODE"}
            subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%e %U %S", *cmd], check=True,
                           stdout=subprocess.DEVNULL, env=env)
            wall, user, system = map(float, Path(out.name).read_text().split()[-3:])
            if i:  # the first run warms the caches and writes the bytecode
                walls.append(wall)
                cpus.append(user + system)
    return {"wall_median": statistics.median(walls), "wall_best": min(walls),
            "cpu_median": statistics.median(cpus)}


def instructions(cmd: list[str]) -> int | None:
    """The instructions one run of ``cmd`` executes, counted by callgrind; None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(re.findall(r"Collected : (\d+)", p.stderr)[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--all", action="store_true", help="also time the imports on their own")
    ap.add_argument("--instructions", action="store_true",
                    help="also count the instructions of one run of each command (valgrind)")
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.json"
        case.write_text(json.dumps(CASE), encoding="utf-8")
        commands = {"penalty assess CASE.json": [str(bindir / "penalty"), "assess", str(case)]}
        if args.all:
            py = sys.executable
            commands = {"python -c pass": [py, "-c", "pass"],
                        "import numpy, pydantic": [py, "-c", "import numpy, pydantic"],
                        "import penalty": [py, "-c", "import penalty"],
                        "import penalty.cli": [py, "-c", "import penalty.cli"],
                        **commands}
        load = os.getloadavg()[0]
        cpus = os.cpu_count() or 1
        print(f"load average {load:.1f} on {cpus} cpus; {args.runs} runs each (after one warm-up)")
        results = {}
        for name, cmd in commands.items():
            r = results[name] = timed(cmd, args.runs)
            print(f"{name:28s} wall median {r['wall_median']:.3f} s  best {r['wall_best']:.3f} s"
                  f"   cpu median {r['cpu_median']:.3f} s")
            if args.instructions:
                n = instructions(cmd)
                print(f"{'':28s} instructions {n / 1e9:.3f} billion" if n else
                      f"{'':28s} instructions: valgrind is not installed")
    r = results["penalty assess CASE.json"]
    busy = load > cpus
    measure = r["cpu_median"] if busy else r["wall_median"]
    what = "cpu median (machine busy)" if busy else "wall median"
    verdict = "MET" if measure < TARGET_S else "NOT MET"
    print(f"target: penalty assess under {TARGET_S} s -> {verdict} ({what} {measure:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
