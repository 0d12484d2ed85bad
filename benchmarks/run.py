"""`make bench`: every part of issue 5 in one bounded run, then docs/benchmarks.md.

A part that cannot run here (no wrk, no web service, no embedding model) says why and
the others go on; a part that crashes is reported and makes the run fail at the end,
after the page has been written from whatever did run.

Usage: python -m benchmarks.run [EVAL_FILE ...] [--knowledge DIR] [--seconds 10]
  The first evaluation file also drives the scale and throughput parts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import quality, report, scale, store, throughput, urgency
from benchmarks.common import DEFAULT_EVAL, RESULTS, save


def part(name: str, step: Callable[[], dict[str, Any] | None]) -> bool:
    """Run one part and save its result (None: the part saved its own, in its own
    interpreter); False if it crashed."""
    print(f"\n== {name} ==", flush=True)
    started = time.perf_counter()
    load = os.getloadavg()[0]  # other work on the machine moves every figure: say how much
    try:
        found = step()
        if found is not None:
            save(name, {**found, "load_average": load})
    except Exception:  # a crash in one part must not hide the others' figures
        traceback.print_exc()
        print(f"{name}: failed (see above)")
        return False
    print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return True


def alone(module: str, knowledge: Path | None) -> None:
    """Run a part in a fresh interpreter: memory read in this one would count the baselines'
    libraries (torch alone is ~500 MB), not Pathways. The part saves its own figures."""
    command = [sys.executable, "-m", module]
    if knowledge is not None:
        command += ["--knowledge", str(knowledge)]
    subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_EVAL])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--seconds", type=int, default=10, help="each throughput run")
    parser.add_argument("--command", default=None, help="how this run was started, for the page")
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    for stale in RESULTS.glob("*.json"):
        stale.unlink()  # the page must never mix this run's figures with an older run's
    first = args.files[:1]
    ok = [
        part("quality", lambda: quality.run(args.files, args.knowledge)),
        part("scale", lambda: scale.run(first, args.knowledge)),
        part("urgency", lambda: urgency.run(None, args.knowledge)),
        part("throughput", lambda: throughput.run(first, args.knowledge, args.seconds)),
        part("soak", lambda: alone("benchmarks.soak", args.knowledge)),
        part("store", lambda: store.run(args.knowledge)),
    ]
    command = args.command or shlex.join(
        [Path(sys.executable).name, "-m", "benchmarks.run", *sys.argv[1:]]
    )
    path = report.write(command, started)
    elapsed = dt.datetime.now(dt.UTC) - started
    print(f"\nwrote {path} and {report.PLOT.name} in {elapsed.total_seconds():.0f} s")
    if not all(ok):
        sys.exit(1)


if __name__ == "__main__":
    main()
