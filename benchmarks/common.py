"""What every benchmark shares: evaluation cases, percentiles, tables and result files.

The benchmarks read the same evaluation files as `pathways eval` and skip the same cases
(a council pack that is not loaded), so their figures can be set beside the eval's."""

from __future__ import annotations

import json
import math
import os
import resource
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bot.assistant import DEFAULT_COUNCIL
from bot.evaluate import FALLBACK, Case, read_cases

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = REPO.parent / "shared" / "eval" / "dev.yaml"
RESULTS = REPO / "build" / "bench"  # JSON per part, read by benchmarks.report
URGENT_TOPIC = "emergency-999"  # what a baseline must return to count as urgent
# First calls pay for lazy set-up (caches, torch kernels per input shape): not per question.
WARM_UP = (
    "hello",
    "how would a councillor know if a child in their ward was being groomed",
    "a neighbour's teenage daughter keeps getting into cars with older men late at night and "
    "comes back with new phones and clothes, what should I do about it",
)


def load_cases(files: Iterable[Path], councils: Iterable[str]) -> tuple[list[Case], list[Case]]:
    """(cases to run, cases skipped because their council pack is not loaded)."""
    loaded = set(councils)
    run: list[Case] = []
    skipped: list[Case] = []
    for path in files:
        for case in read_cases(Path(path)):
            (run if (case.council or DEFAULT_COUNCIL) in loaded else skipped).append(case)
    return run, skipped


def is_fallback(case: Case) -> bool:
    return case.expect == (FALLBACK,)


def truly_urgent(case: Case) -> bool:
    """As `pathways eval` decides: the case's `urgent`, else whether 999 is expected."""
    return case.urgent if case.urgent is not None else URGENT_TOPIC in case.expect


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, the same rule as `pathways eval`."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over from the parent through fork and exec, so a child started by a big
    parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident memory now, from /proc (0 where there is no /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-markdown table that also reads well in a terminal."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return path


def load_result(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return None
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found
