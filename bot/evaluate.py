"""Score the assistant against evaluation files: a YAML list of
`{q, expect, council?, role?, urgent?}` where `expect` is a topic id, a list of
acceptable ids, or `fallback`. A case with `urgent` and no `expect` scores urgency only."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.assistant import Assistant
from bot.errors import BotError
from bot.reply import Reply

FALLBACK = "fallback"


class EvalFileError(BotError):
    """An evaluation file that cannot be read or has a malformed case."""


@dataclass(frozen=True)
class Case:
    question: str
    expect: tuple[str, ...]
    council: str | None = None
    role: str | None = None
    urgent: bool | None = None
    where: str = ""


@dataclass
class Outcome:
    case: Case
    reply: Reply
    millis: float

    @property
    def got(self) -> str:
        """The most specific of what the reply counts as (shown for a miss)."""
        return self.answered_as[-1]

    @property
    def answered_as(self) -> tuple[str, ...]:
        """What the reply counts as: a fallback that points to an out-of-scope entry is both
        a fallback (right where the case expects one) and that entry (right where the case
        names it)."""
        if self.reply.fallback:
            return (FALLBACK, self.reply.scope_id) if self.reply.scope_id else (FALLBACK,)
        return (str(self.reply.topic_id),)

    @property
    def top1(self) -> bool:
        return any(a in self.case.expect for a in self.answered_as)

    @property
    def flagged(self) -> bool:
        """The reply leads with 999 or carries the "if this is happening now" line."""
        return self.reply.urgent or self.reply.possibly_urgent

    @property
    def top3(self) -> bool:
        offered = [*self.answered_as] + [s.id for s in self.reply.suggestions]
        return any(e in offered for e in self.case.expect)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[Case] = field(default_factory=list)
    skipped_councils: set[str] = field(default_factory=set)
    urgent_topic: str = ""
    categories: dict[str, str] = field(default_factory=dict)

    def truly_urgent(self, case: Case) -> bool:
        return case.urgent if case.urgent is not None else case.expect == (self.urgent_topic,)

    def summary(self) -> dict[str, Any]:
        judged = self.outcomes
        done = [o for o in judged if o.case.expect]  # urgency-only cases have no topic
        n = len(done)
        urgent = [o for o in judged if self.truly_urgent(o.case)]
        calm = [o for o in judged if not self.truly_urgent(o.case)]
        flagged = [o for o in judged if o.reply.urgent]
        oos = [o for o in done if o.case.expect == (FALLBACK,)]
        times = sorted(o.millis for o in judged)
        categories: dict[str, list[bool]] = {}
        for o in done:
            categories.setdefault(self.category(o), []).append(o.top1)
        return {
            "cases": n,
            "skipped": len(self.skipped),
            "skipped_councils": sorted(self.skipped_councils),
            "top1": _ratio(sum(o.top1 for o in done), n),
            "top3": _ratio(sum(o.top3 for o in done), n),
            "urgent_recall": _ratio(sum(o.reply.urgent for o in urgent), len(urgent)),
            "urgent_precision": _ratio(
                sum(self.truly_urgent(o.case) for o in flagged), len(flagged)
            ),
            "urgent_or_possible_recall": _ratio(sum(o.flagged for o in urgent), len(urgent)),
            "possible_line_on_calm": _ratio(sum(o.reply.possibly_urgent for o in calm), len(calm)),
            "out_of_scope_answered": _ratio(sum(not o.reply.fallback for o in oos), len(oos)),
            "per_category": {k: _ratio(sum(v), len(v)) for k, v in sorted(categories.items())},
            "p50_ms": round(statistics.median(times), 3) if times else 0.0,
            "p99_ms": round(_percentile(times, 0.99), 3) if times else 0.0,
        }

    def category(self, outcome: Outcome) -> str:
        if outcome.case.expect == (FALLBACK,):
            return "out-of-scope"
        if self.truly_urgent(outcome.case):
            return "urgent"
        return self.categories.get(outcome.case.expect[0], "other")

    def misses(self) -> list[Outcome]:
        return [
            o
            for o in self.outcomes
            if (o.case.expect and not o.top1) or self.truly_urgent(o.case) != o.reply.urgent
        ]


def read_cases(path: Path) -> list[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: cannot read evaluation file: {exc}") from exc
    if not isinstance(data, list):
        raise EvalFileError(f"{path}: must be a YAML list of cases")
    cases = []
    for i, raw in enumerate(data, 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
            raise EvalFileError(f"{path}: case {i} needs `q` (text)")
        if "expect" not in raw and not isinstance(raw.get("urgent"), bool):
            raise EvalFileError(f"{path}: case {i} needs `expect`, or `urgent` for urgency only")
        expect = raw.get("expect", ())
        expect = tuple(expect) if isinstance(expect, list | tuple) else (str(expect),)
        urgent = raw.get("urgent")
        cases.append(
            Case(
                raw["q"],
                expect,
                raw.get("council"),
                raw.get("role"),
                bool(urgent) if urgent is not None else None,
                f"{path}#{i}",
            )
        )
    return cases


def evaluate(assistant: Assistant, cases: list[Case]) -> Report:
    report = Report(
        urgent_topic=assistant.urgent_topic.id,
        categories={t.id: t.category for t in assistant.knowledge.all_topics()},
    )
    for case in cases:
        council = case.council or assistant.default_council
        if council not in assistant.councils:
            report.skipped.append(case)
            report.skipped_councils.add(council)
            continue
        merged = tuple(dict.fromkeys(assistant.knowledge.canonical(e) for e in case.expect))
        case = replace(case, expect=merged)  # ids merged into another topic name that topic
        start = time.perf_counter()
        reply = assistant.ask(case.question, role=case.role, council=council)
        millis = (time.perf_counter() - start) * 1000
        report.outcomes.append(Outcome(case, reply, millis))
    return report


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _percentile(sorted_values: list[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]
