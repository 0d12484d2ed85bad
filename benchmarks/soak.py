"""Soak: 100,000 questions, each with two words never seen before (made-up, alphabetic, so the
typo corrector looks each one up), asked of one Assistant in this process, with the process's
resident memory read every 10,000 questions. Unbounded caches showed here as steady growth
(45 -> 140 MB after 67k questions before issue 14); bounded ones flatten once full.

Usage: python -m benchmarks.soak [--knowledge DIR --council NAME] [--questions 100000]"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import save, table
from bot import Assistant
from bot.assistant import DEFAULT_COUNCIL
from bot.index import CORRECTIONS_KEPT

QUESTIONS = 100_000
EVERY = 10_000  # questions between memory readings
LETTERS = "bcdfghjklmnpqrstvwz"  # consonants: the made-up words are no English words
TEMPLATES = ("how do i report {} near the {}", "what is {} and who is {}", "{} worried about {}")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def unique_words() -> Iterator[str]:
    """bbbbbb, bbbbbc, ...: 19^6 = 47 million distinct six-letter words."""
    for letters in itertools.product(LETTERS, repeat=6):
        yield "".join(letters)


def run(
    knowledge: Path | None = None, questions: int = QUESTIONS, council: str | None = None
) -> dict[str, Any]:
    assistant = Assistant.load(knowledge, council=council or DEFAULT_COUNCIL)
    words = unique_words()
    readings = [{"questions": 0, "rss_mb": rss_mb(), "seconds": 0.0}]
    started = time.perf_counter()
    for asked in range(1, questions + 1):
        template = TEMPLATES[asked % len(TEMPLATES)]
        assistant.ask(template.format(next(words), next(words)))
        if asked % EVERY == 0:
            elapsed = time.perf_counter() - started
            readings.append({"questions": asked, "rss_mb": rss_mb(), "seconds": elapsed})
            print(f"  {asked:>7,} questions: {readings[-1]['rss_mb']:.1f} MB", flush=True)
    # the caches are full by then (20,000 corrections, 65,536 stems: two new words a question)
    settled = next((r for r in readings if r["questions"] >= questions // 2), readings[-1])
    result = {
        "questions": questions,
        "readings": readings,
        "growth_after_settling_mb": readings[-1]["rss_mb"] - settled["rss_mb"],
        "settled_at": settled["questions"],
        "corrections_kept": assistant.index._closest.cache_info().currsize,
        "corrections_limit": CORRECTIONS_KEPT,
        "replies_kept": len(assistant.replies),
        "replies_limit": assistant.replies.size,
    }
    print(render(result))
    return result


def render(result: dict[str, Any]) -> str:
    rows = [[r["questions"], r["rss_mb"], r["seconds"]] for r in result["readings"]]
    return (
        f"Soak: {result['questions']:,} questions of two never-seen words each, one process.\n\n"
        f"{table(['questions asked', 'resident MB', 'seconds'], rows)}\n\n"
        f"Growth from {result['settled_at']:,} questions to the end: "
        f"{result['growth_after_settling_mb']:+.1f} MB; typo corrections kept: "
        f"{result['corrections_kept']:,} (limit {result['corrections_limit']:,}); replies "
        f"remembered: {result.get('replies_kept', 0):,} (limit {result.get('replies_limit', 0):,})."
        " Its own interpreter: the resident memory is Pathways' alone."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--questions", type=int, default=QUESTIONS)
    parser.add_argument("--council", default=None)
    args = parser.parse_args()
    save("soak", run(args.knowledge, args.questions, args.council))


if __name__ == "__main__":
    main()
