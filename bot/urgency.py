"""The urgency detector: does a message describe a child in danger now?

It runs before matching and its rules live in `knowledge/urgency.yaml`, so a reviewer can
audit them without reading code. A message is urgent when any `always` rule matches, or
when it has a `child` cue and either a `harm` cue (harm being done as the person writes)
or both a `danger` and a `now` cue, unless a `calm` cue says the events are past, general
or not urgent (and no `despite_calm` cue, such as "right now", says otherwise).
Recall comes first: a missed emergency is the worst error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.errors import Problem
from bot.normalise import clean
from bot.yamlfile import LineDict, LineList

GROUPS = ("always", "harm", "danger", "now", "child", "calm", "despite_calm")


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...] = ()
    line: int = 0

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass
class UrgencyRules:
    rules: list[Rule] = field(default_factory=list)

    def group(self, name: str) -> list[Rule]:
        return [r for r in self.rules if r.group == name]

    def check(self, message: str) -> tuple[bool, list[str]]:
        """(urgent, the ids of the rules that decided it) for one raw message."""
        text = f" {clean(message)} "
        always = [r.id for r in self.group("always") if r.matches(text)]
        if always:
            return True, always
        hits = {g: [r.id for r in self.group(g) if r.matches(text)] for g in GROUPS[1:]}
        if not hits["child"] or (hits["calm"] and not hits["despite_calm"]):
            return False, []
        if hits["harm"]:
            return True, hits["harm"] + hits["child"]
        if hits["danger"] and hits["now"]:
            return True, hits["danger"] + hits["now"] + hits["child"]
        return False, []


def parse_urgency(data: Any, shown: str) -> tuple[UrgencyRules, list[Problem]]:
    """Compile the rules; each bad pattern or example that fails is a Problem."""
    rules, problems = parse_rule_groups(data, shown, GROUPS)
    return UrgencyRules(rules), problems


def parse_rule_groups(
    data: Any, shown: str, groups: tuple[str, ...], settings: tuple[str, ...] = ()
) -> tuple[list[Rule], list[Problem]]:
    """Compile named groups of regular-expression rules (shared by urgency and scope)."""
    problems: list[Problem] = []
    rules: list[Rule] = []
    if not isinstance(data, LineDict):
        return rules, [Problem(shown, 1, "rules", "must be a mapping of rule groups")]
    for key in data:
        if key not in groups and key not in settings:
            known = ", ".join(groups + settings)
            problems.append(Problem(shown, data.line_of(key), key, f"unknown key (known: {known})"))
    for group in groups:
        raw = data.get(group)
        if not isinstance(raw, LineList) or not raw:
            problems.append(
                Problem(shown, data.line_of(group), group, "must be a non-empty list of rules")
            )
            continue
        for i, item in enumerate(raw):
            rule, found = _rule(item, group, shown, raw.line_of(i))
            problems.extend(found)
            if rule is not None:
                rules.append(rule)
    for rule in rules:
        for example in rule.examples:
            if not rule.matches(f" {clean(example)} "):
                problems.append(
                    Problem(
                        shown,
                        rule.line,
                        "examples",
                        f"rule '{rule.id}' does not match its example {example!r}",
                    )
                )
    return rules, problems


def _rule(item: Any, group: str, shown: str, line: int) -> tuple[Rule | None, list[Problem]]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None, [Problem(shown, line, group, "each rule needs an `id` and `patterns`")]
    unknown = set(item) - {"id", "patterns", "examples", "note"}
    if unknown:
        return None, [
            Problem(
                shown,
                line,
                sorted(unknown)[0],
                "unknown field (known: id, patterns, examples, note)",
            )
        ]
    patterns = item.get("patterns")
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) for p in patterns)
    ):
        return None, [
            Problem(
                shown, line, "patterns", f"rule '{item['id']}' needs a list of regular expressions"
            )
        ]
    compiled = []
    for index, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            return None, [
                Problem(
                    shown,
                    patterns.line_of(index) if isinstance(patterns, LineList) else line,
                    "patterns",
                    f"rule '{item['id']}': bad regular expression {pattern!r}: {exc}",
                )
            ]
    examples = item.get("examples") or []
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        return None, [Problem(shown, line, "examples", "must be a list of text")]
    return Rule(item["id"], group, tuple(compiled), tuple(examples), line), []
