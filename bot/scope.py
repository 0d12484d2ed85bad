"""The scope check: Pathways covers children. A message only about adults (an adult at
risk, a workplace matter between colleagues) is answered as out of scope, with the
right route, instead of a confident answer written for children.

Rules live in `knowledge/scope.yaml`; the child cues are the urgency detector's own
`child` group, so "what counts as a child" is defined once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.errors import Problem
from bot.normalise import clean
from bot.urgency import Rule, UrgencyRules, parse_rule_groups

GROUPS = ("adult",)
SETTINGS = ("answer_topic", "adult_topics")


@dataclass
class ScopeRules:
    adult: list[Rule] = field(default_factory=list)
    answer_topic: str | None = None
    line: int = 1
    # out-of-scope entries about adults only: never the answer to a message naming a child
    adult_topics: tuple[str, ...] = ()

    def adult_cues(self, message: str) -> list[str]:
        """Ids of the adult rules that fire (only meaningful when no child cue does)."""
        text = f" {clean(message)} "
        return [rule.id for rule in self.adult if rule.matches(text)]


def mentions_child(message: str, urgency: UrgencyRules) -> bool:
    """Whether the message has a child cue (the urgency rules' `child` group)."""
    text = f" {clean(message)} "
    return any(rule.matches(text) for rule in urgency.group("child"))


def parse_scope(data: Any, shown: str) -> tuple[ScopeRules, list[Problem]]:
    rules, problems = parse_rule_groups(data, shown, GROUPS, SETTINGS)
    topic = data.get("answer_topic") if isinstance(data, dict) else None
    line = data.line_of("answer_topic") if hasattr(data, "line_of") else 1
    if topic is not None and not isinstance(topic, str):
        problems.append(Problem(shown, line, "answer_topic", "must be a topic id"))
        topic = None
    adult_topics = data.get("adult_topics", []) if isinstance(data, dict) else []
    if not isinstance(adult_topics, list) or not all(isinstance(t, str) for t in adult_topics):
        line = data.line_of("adult_topics") if hasattr(data, "line_of") else 1
        problems.append(Problem(shown, line, "adult_topics", "must be a list of topic ids"))
        adult_topics = []
    return ScopeRules(rules, topic, line, tuple(adult_topics)), problems
