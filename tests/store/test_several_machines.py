"""Several machines, on loopback: two real `pathways serve` instances started together against one
real Redis (the rate limit) and one empty PostgreSQL database (the curator store), as a deploy
behind a load balancer has them. The curator's commands, run for real, see both instances'
questions and feedback, and the limit is one limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bot.redact import redact
from tests.postgres import Cluster
from tests.redis_server import redis_server
from tests.serving import ROOT, Served, pathways_serve_together

LIMIT = 6  # questions a minute per client, across both instances
ANSWERED = "lado meaning"  # answered by the test knowledge (term-lado)
# One fallback through each instance, with personal details the store must not keep.
GAPS = {
    "a": "zxqv blorf wibble, from Kayla Briggs on 07700 900123",
    "b": "quorp flange snib, write to jo.bloggs@example.org",
}
PERSONAL = ("Kayla", "Briggs", "07700", "900123", "jo.bloggs", "example.org")
FLUSH = 30.0  # seconds the writers may take on a slow shared machine; never waited out


def pathways(database: str, *args: str) -> Any:
    """A curator command, run as a person runs it, on the shared database; its JSON output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATHWAYS_")}
    env["PATHWAYS_DATABASE_URL"] = database
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def written(database: str, questions: int, feedback: int) -> dict[str, Any]:
    """`pathways report --format json` once both instances' writers have written `questions`
    questions and `feedback` thumbs (they write every quarter of a second)."""
    deadline = time.monotonic() + FLUSH
    while True:
        figures: dict[str, Any] = pathways(database, "report", "--format", "json")
        thumbs = sum(f["helpful"] + f["not_helpful"] for f in figures["feedback"].values())
        if (figures["questions"], thumbs) == (questions, feedback):
            return figures
        assert time.monotonic() < deadline, f"not all written after {FLUSH} s: {figures}"
        time.sleep(0.2)


def test_two_instances_share_one_redis_and_one_postgresql(
    tmp_path: Path, postgres: Cluster
) -> None:
    database = postgres.create_database("several_machines")  # empty: both instances migrate it
    with redis_server(tmp_path) as port:
        settings = {
            "RATE_LIMIT": f"{LIMIT} per minute",
            "RATE_LIMIT_STORAGE": f"redis://127.0.0.1:{port}/0",
            "STORE": "on",
            "DATABASE_URL": database,
        }
        logs = [tmp_path / "a.log", tmp_path / "b.log"]
        with pathways_serve_together(logs, workers=1, **settings) as (a, b):
            # a's askers are members, b's officers: the report tells the instances apart
            role: dict[str, str] = {a.url: "member", b.url: "officer"}
            asked: list[tuple[Served, str]] = [
                (a, ANSWERED), (b, ANSWERED), (a, GAPS["a"]), (b, GAPS["b"]),
                (a, ANSWERED), (b, ANSWERED), (a, ANSWERED), (b, ANSWERED),
            ]  # fmt: skip
            replies = [
                served.post("/api/ask", {"question": question, "role": role[served.url]})
                for served, question in asked
            ]
            thumbs = [
                a.post("/api/feedback", {"topic_id": "term-lado", "helpful": True}),
                b.post(
                    "/api/feedback", {"topic_id": None, "helpful": False, "reason": "wrong topic"}
                ),
            ]
            figures = written(database, questions=LIMIT, feedback=2)
            queue = pathways(database, "unanswered", "--json")
            outputs = [served.output() for served in (a, b)]

    statuses = [status for status, _ in replies]
    assert statuses == [200] * LIMIT + [429] * 2  # one limit: 3 on each, then both refuse
    assert [reply.get("fallback") for _, reply in replies[:4]] == [False, False, True, True]
    assert thumbs == [(202, {"recorded": True})] * 2
    for output in outputs:  # both migrated at start-up, neither lost its database
        assert "Pathways is serving" in output and "cannot write to the database" not in output

    assert figures["questions"] == LIMIT  # refused questions are not counted
    assert figures["by_role"] == {"member": 3, "officer": 3}
    assert figures["by_surface"] == {"web": LIMIT}
    assert figures["by_topic"] == {"term-lado": 4, "fallback": 2}
    assert figures["fallbacks"] == {"count": 2, "rate": 0.333}
    assert figures["feedback"] == {
        "fallback": {"helpful": 0, "not_helpful": 1, "reasons": {"wrong topic": 1}},
        "term-lado": {"helpful": 1, "not_helpful": 0, "reasons": {}},
    }

    # kept as redacted (the words' own fate is tests/redaction's business)
    assert sorted(gap["example"] for gap in queue) == sorted(redact(t) for t in GAPS.values())
    assert all("[email]" in gap["example"] or "[phone]" in gap["example"] for gap in queue)
    assert [gap["count"] for gap in queue] == [1, 1]
    said = json.dumps(queue)
    assert not [word for word in PERSONAL if word in said]
