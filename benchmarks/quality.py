"""Part 1: answer quality of Pathways against the obvious baselines, side by side.

Each baseline sees the same knowledge base (the alternative questions of the topics the
case's council can see), the same cases and the same scoring as `pathways eval`. To be
fair, each gets the abstention threshold that maximises its own top-1 on the very cases
it is scored on (abstaining counts as correct on a `fallback` case): an advantage Pathways
does not get: its confidence threshold is chosen across the authors of its training corpus.

Usage: python -m benchmarks.quality [EVAL_FILE ...] [--knowledge DIR]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import baselines
from benchmarks.common import (
    DEFAULT_EVAL,
    REPO,
    URGENT_TOPIC,
    WARM_UP,
    is_fallback,
    load_cases,
    percentile,
    save,
    table,
    truly_urgent,
)
from bot import Assistant
from bot.assistant import DEFAULT_COUNCIL, THRESHOLD
from bot.evaluate import FALLBACK, Case, evaluate
from bot.knowledge import CORE

HEADERS = (
    "engine",
    "threshold",
    "top-1",
    "top-3",
    "urgent recall",
    "out-of-scope answered",
    "p50 ms",
    "p99 ms",
)
NOTE = (
    "Baselines rank topics by their best-matching alternative question and abstain below a "
    "threshold tuned on these same cases to maximise their own top-1 (abstaining is correct "
    "on a `fallback` case); a best match on an out-of-scope entry counts as abstaining, as "
    "it does for Pathways. Baselines have no urgency detector: their urgent recall counts "
    f"the urgent cases where they answered with the 999 topic ({URGENT_TOPIC}). Pathways "
    "times are whole `Assistant.ask` calls (urgency check, matching and composing the "
    "reply), baselines' only scoring and ranking, each after the same three warm-up "
    "questions; the embedding model runs on one CPU thread. A threshold of `none`: never "
    "abstaining gave that baseline its best top-1."
)


@dataclass(frozen=True)
class Ranked:
    case: Case
    best: str  # topic id of the best match
    score: float
    others: tuple[str, ...]  # the next in-scope topics, best first
    millis: float
    cpu_millis: float  # this process's CPU time: other work on the machine inflates it less


def rank_all(
    baseline: baselines.Baseline, topics: Sequence[baselines.TopicLike], cases: list[Case]
) -> list[Ranked]:
    """Score every case, keeping only the topics the case's council can see."""
    ids = np.array([t.id for t in topics])
    packs = np.array([t.pack for t in topics])
    in_scope = np.array([not t.out_of_scope for t in topics])
    masks: dict[str, np.ndarray] = {}
    for text in WARM_UP:
        baseline.scores(text)
    out = []
    for case in cases:
        council = case.council or DEFAULT_COUNCIL
        mask = masks.setdefault(council, (packs == CORE) | (packs == council))
        start, cpu = time.perf_counter(), time.process_time()
        scores = np.where(mask, baseline.scores(case.question), -np.inf)
        order = np.argsort(-scores, kind="stable")[:5]
        millis = (time.perf_counter() - start) * 1000
        cpu_millis = (time.process_time() - cpu) * 1000
        best = int(order[0])
        others = tuple(str(ids[i]) for i in order[1:] if in_scope[i])
        out.append(Ranked(case, str(ids[best]), float(scores[best]), others, millis, cpu_millis))
    return out


def tune_threshold(ranked: list[Ranked], out_of_scope: set[str]) -> float:
    """The threshold with the best top-1 (the lowest of equals: it answers the most)."""
    candidates = sorted({r.score for r in ranked} | {-np.inf})
    best, best_hits = -np.inf, -1
    for threshold in candidates:
        hits = sum(_got(r, threshold, out_of_scope) in r.case.expect for r in ranked)
        if hits > best_hits:
            best, best_hits = threshold, hits
    return best


def _got(r: Ranked, threshold: float, out_of_scope: set[str]) -> str:
    return r.best if r.score >= threshold and r.best not in out_of_scope else FALLBACK


def baseline_row(
    name: str, ranked: list[Ranked], threshold: float, out_of_scope: set[str]
) -> dict[str, Any]:
    got = [_got(r, threshold, out_of_scope) for r in ranked]
    top3 = []
    for r, g in zip(ranked, got, strict=True):
        suggested = [r.best, *r.others] if r.best not in out_of_scope else list(r.others)
        offered = [g, *suggested[1:3]] if g != FALLBACK else [g, *suggested[:3]]
        top3.append(any(e in offered for e in r.case.expect))
    urgent = [g == URGENT_TOPIC for r, g in zip(ranked, got, strict=True) if truly_urgent(r.case)]
    oos = [g != FALLBACK for r, g in zip(ranked, got, strict=True) if is_fallback(r.case)]
    times = [r.millis for r in ranked]
    return {
        "engine": name,
        "threshold": round(float(threshold), 4),
        "top1": _ratio([g in r.case.expect for r, g in zip(ranked, got, strict=True)]),
        "top3": _ratio(top3),
        "urgent_recall": _ratio(urgent),
        "out_of_scope_answered": _ratio(oos),
        "p50_ms": percentile(times, 0.5),
        "p99_ms": percentile(times, 0.99),
    }


def pathways_row(assistant: Assistant, cases: list[Case]) -> dict[str, Any]:
    for text in WARM_UP:
        assistant.ask(text)
    report = evaluate(assistant, cases)
    summary = report.summary()
    answered = [o for o in report.outcomes if is_fallback(o.case) and not o.reply.fallback]
    return {
        "engine": "Pathways",
        # the out-of-scope questions it answered anyway: the "why" behind that column
        "answered_out_of_scope": [{"q": o.case.question, "got": o.got} for o in answered],
        # the learned ranker's calibrated threshold (chosen across authors), else the engine's
        "threshold": assistant.topic_model.answer_at if assistant.topic_model else THRESHOLD,
        "top1": summary["top1"],
        "top3": summary["top3"],
        "urgent_recall": summary["urgent_recall"],
        "out_of_scope_answered": summary["out_of_scope_answered"],
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
    }


def _ratio(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


def run(eval_files: list[Path], knowledge: Path | None = None) -> dict[str, Any]:
    """One table per evaluation file, every engine on the same cases."""
    assistant = Assistant.load(knowledge, reply_cache=0)  # timed without remembered replies
    topics = assistant.knowledge.all_topics()
    out_of_scope = {t.id for t in topics if t.out_of_scope}
    engines, skipped_engines = baselines.build(topics)
    for message in skipped_engines:
        print(message)
    result: dict[str, Any] = {"note": NOTE, "skipped_engines": skipped_engines, "sets": []}
    for path in eval_files:
        cases, skipped = load_cases([path], assistant.councils)
        rows = [pathways_row(assistant, cases)]
        for engine in engines:
            ranked = rank_all(engine, topics, cases)
            threshold = tune_threshold(ranked, out_of_scope)
            rows.append(baseline_row(engine.name, ranked, threshold, out_of_scope))
        councils = sorted({c.council or DEFAULT_COUNCIL for c in skipped})
        entry = {
            "file": _shown(path),
            "cases": len(cases),
            "skipped": len(skipped),
            "skipped_councils": councils,
            "rows": rows,
        }
        result["sets"].append(entry)
        print(render_set(entry))
    print(NOTE)
    return result


def render_set(entry: dict[str, Any]) -> str:
    skipped = (
        f"; {entry['skipped']} skipped (council pack not loaded: "
        f"{', '.join(entry['skipped_councils'])})"
        if entry["skipped"]
        else ""
    )
    heading = f"Answer quality on {entry['file']}: {entry['cases']} cases{skipped}"
    rows = [
        [
            r["engine"],
            "none" if r["threshold"] == -np.inf else r["threshold"],
            r["top1"],
            r["top3"],
            r["urgent_recall"],
            r["out_of_scope_answered"],
            r["p50_ms"],
            r["p99_ms"],
        ]
        for r in entry["rows"]
    ]
    return f"{heading}\n\n{table(HEADERS, rows)}\n"


def _shown(path: Path) -> str:
    """As the repository's README would name it: tests/eval/..., ../shared/eval/..."""
    resolved = path.resolve()
    for base, prefix in ((REPO, ""), (REPO.parent, "../")):
        if resolved.is_relative_to(base):
            return prefix + resolved.relative_to(base).as_posix()
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT_EVAL])
    parser.add_argument("--knowledge", type=Path, default=None)
    args = parser.parse_args()
    save("quality", run(args.files, args.knowledge))


if __name__ == "__main__":
    main()
