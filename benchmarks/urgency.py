"""The urgency detector's cost and quality (issue 9): what the rules and the model add to each
question, how long loading takes with the model, and the detector's figures on each set.

Usage: python -m benchmarks.urgency [EVAL_FILE ...] [--knowledge DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, percentile, save
from bot import Assistant
from bot.evaluate import evaluate, read_cases
from bot.urgency_corpus import read_corpus
from bot.urgency_model import assess

SETS = (
    REPO.parent / "shared" / "eval" / "urgent-dev.yaml",
    REPO.parent / "shared" / "eval" / "dev.yaml",
)
BLIND = REPO / "tests" / "eval" / "urgency-blind"
LOADS = 5  # fresh interpreters timed for the load figure


def run(files: list[Path] | None = None, knowledge: Path | None = None) -> dict[str, Any]:
    assistant = Assistant.load(knowledge)
    root = assistant.knowledge.root
    corpus, _ = read_corpus(root)
    messages = [e.text for e in corpus]
    rules, model = assistant.knowledge.urgency, assistant.knowledge.urgency_model
    for text in messages[:50]:  # warm caches
        assess(text, rules, model)
    rule_ms, all_ms = [], []
    for text in messages:
        started = time.perf_counter()
        rules.read(text)
        middle = time.perf_counter()
        assess(text, rules, model)
        ended = time.perf_counter()
        rule_ms.append((middle - started) * 1000)
        all_ms.append((ended - middle) * 1000)
    long_text = " ".join(messages)[:4000]
    long_ms = min(_timed(lambda: assess(long_text, rules, model)) for _ in range(20))
    groups = [([p], _shown(p)) for p in (files or SETS) if p.exists()]
    blind = sorted(BLIND.glob("*.yaml"))
    if blind:
        groups.append((blind, f"{_shown(BLIND)}/ (blind, {len(blind)} files)"))
    sets = []
    for paths, name in groups:
        cases = [c for p in paths for c in read_cases(p)]
        summary = evaluate(assistant, cases).summary()
        sets.append({"set": name, "cases": len(cases), **_urgency_figures(summary)})
    return {
        "messages_timed": len(messages),
        "detector_p50_ms": round(statistics.median(all_ms), 3),
        "detector_p99_ms": round(percentile(sorted(all_ms), 0.99), 3),
        "rules_p99_ms": round(percentile(sorted(rule_ms), 0.99), 3),
        "long_4000_chars_ms": round(long_ms, 3),
        "load_s": _load_seconds(knowledge),
        "sets": sets,
        "note": (
            "Detector time is `assess()` (rules and model) per corpus message; load time is "
            "`Assistant.load()` in a fresh interpreter, median of "
            f"{LOADS}. The blind set (tests/eval/urgency-blind/) is scored, never read."
        ),
    }


def _urgency_figures(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("urgent_recall", "urgent_precision", "urgent_or_possible_recall")
    return {k: summary[k] for k in keys} | {"possible_on_calm": summary["possible_line_on_calm"]}


def _timed(step: Any) -> float:
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000


def _load_seconds(knowledge: Path | None) -> float:
    code = (
        "import time; t = time.perf_counter(); from bot import Assistant; "
        f"Assistant.load({str(knowledge)!r} if {knowledge is not None} else None); "
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
            ).stdout
        )
        for _ in range(LOADS)
    ]
    return round(statistics.median(runs), 3)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO.parent).as_posix()
    except ValueError:
        return path.as_posix()


def render(result: dict[str, Any]) -> str:
    lines = [
        f"Detector per question: p50 {result['detector_p50_ms']} ms, p99 "
        f"{result['detector_p99_ms']} ms (rules alone p99 {result['rules_p99_ms']} ms; a "
        f"4,000-character story {result['long_4000_chars_ms']} ms) over "
        f"{result['messages_timed']:,} corpus messages. Load with the model: "
        f"{result['load_s']} s.",
        "",
        "| set | cases | urgent recall | urgent precision | urgent or possible | "
        "'possible' on calm |",
        "|---|---|---|---|---|---|",
    ]
    for s in result["sets"]:
        lines.append(
            f"| {s['set']} | {s['cases']} | {s['urgent_recall']} | {s['urgent_precision']} | "
            f"{s['urgent_or_possible_recall']} | {s['possible_on_calm']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--knowledge", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.files or None, args.knowledge)
    save("urgency", result)
    print(render(result))


if __name__ == "__main__":
    main()
