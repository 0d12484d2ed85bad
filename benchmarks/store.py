"""What recording costs a question (issue 12): `/api/ask` with the store on and off, through
the real app (Flask's test client, no network), alternating so both see the same machine, and
the call the request itself makes (`Usage.asked`: a record queued, no database work).

Usage: python -m benchmarks.store [--questions 1500] [--knowledge DIR]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import percentile, save
from bot import Assistant

QUESTIONS = (
    "how do I report a concern",
    "what does CSE stand for",
    "which police team covers leyland",
    "my neighbour Kayla Briggs keeps getting into cars with older men, ring 07700 900123",
    "zxqv blorf wibble",
    "what training do councillors need",
    "is the taxi licence fee going up",
    "who is the LADO",
)
TARGET_MS = 1.0  # issue 12: storing adds at most 1 ms p99 to /api/ask


ROUNDS = 3  # the tail of a shared machine moves: the median round is reported


def run(knowledge: Path | None = None, questions: int = 1500) -> dict[str, Any]:
    assistant = Assistant.load(knowledge)
    rounds = sorted(
        (one_round(assistant, questions) for _ in range(ROUNDS)), key=lambda r: r["added_p99_ms"]
    )
    result = {
        **rounds[len(rounds) // 2],
        "rounds_added_p99_ms": [r["added_p99_ms"] for r in rounds],
    }
    result["note"] = (
        f"Store on (SQLite) against off, {questions} alternating questions each through the app, "
        f"median of {ROUNDS} rounds: p99 {result['ask_p99_ms']['on']} ms against "
        f"{result['ask_p99_ms']['off']} ms, added {result['added_p99_ms']} ms (rounds: "
        f"{', '.join(str(r) for r in result['rounds_added_p99_ms'])}); the request's own call "
        f"to record (Usage.asked) p99 {result['asked_call_p99_ms']} ms. Target: at most "
        f"{TARGET_MS} ms."
    )
    return result


def one_round(assistant: Assistant, questions: int) -> dict[str, Any]:
    from adapters.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/pathways.sqlite3"
        on = create_app(
            {"STORE": "on", "DATABASE_URL": url, "RATE_LIMIT": "100000 per minute"},
            assistant=assistant,
        )
        off = create_app({"STORE": "off", "RATE_LIMIT": "100000 per minute"}, assistant=assistant)
        clients = {"on": on.test_client(), "off": off.test_client()}
        times: dict[str, list[float]] = {"on": [], "off": []}
        for i in range(questions + 50):
            body = {"question": QUESTIONS[i % len(QUESTIONS)]}
            for mode in ("off", "on") if i % 2 else ("on", "off"):
                started = time.perf_counter()
                answer = clients[mode].post("/api/ask", json=body)
                elapsed = (time.perf_counter() - started) * 1000
                assert answer.status_code == 200, answer.get_data(as_text=True)
                if i >= 50:  # the first are warm-up
                    times[mode].append(elapsed)
        usage = on.extensions["pathways.usage"]
        reply = assistant.ask(QUESTIONS[3])
        call_ms = []
        for _ in range(questions):
            started = time.perf_counter()
            usage.asked(reply, QUESTIONS[3], "web", None)
            call_ms.append((time.perf_counter() - started) * 1000)
        written = usage.close(timeout=300)
    result = {
        "questions": questions,
        "ask_p50_ms": {m: round(statistics.median(t), 3) for m, t in times.items()},
        "ask_p99_ms": {m: round(percentile(t, 0.99), 3) for m, t in times.items()},
        "added_p99_ms": round(percentile(times["on"], 0.99) - percentile(times["off"], 0.99), 3),
        "asked_call_p99_ms": round(percentile(call_ms, 0.99), 4),
        "all_written": written,
        "target_ms": TARGET_MS,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--questions", type=int, default=1500)
    args = parser.parse_args()
    result = run(args.knowledge, args.questions)
    save("store", result)
    print(result["note"])


if __name__ == "__main__":
    main()
