"""The urgency rules: the auditable half of "does a message describe a child in danger now?".

The rules live in `knowledge/urgency.yaml` so a reviewer can audit them without reading code.
They are organised by clause, like NegEx/ConText in clinical text: texting words are
normalised ("rn" -> "right now"), the message is split into clauses, and each clause is read
for cue slots (a `harm` being done, a `danger` with a `now`, an `always` emergency, an `alarm`
word that only the classifier weighs) and for
suppressors scoped to that clause alone (`negation`, `hypothetical`, `past`, `general`), which
an `override` ("right now") outweighs. A `child` cue may stand anywhere in the message, since
the child is often named a sentence before the danger. Every slot and suppressor is also a
feature of the trained classifier (`bot.urgency_model`), which decides with the rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.errors import Problem
from bot.normalise import clean
from bot.regex_check import backtracking_risk
from bot.yamlfile import LineDict, LineList

SLOTS = ("always", "alarm", "harm", "danger", "now", "child")
SUPPRESSORS = ("negation", "hypothetical", "past", "general")
GROUPS = (*SLOTS, *SUPPRESSORS, "override")
SETTINGS = ("texting", "languages")
# Sentence ends, line breaks and contrastive words start a new clause ("she was safe last
# week, but now he has got her"); commas do not, as frightened people run clauses together.
_CLAUSE_BREAK = re.compile(r"[.!?;:\n]+|\s+(?:but|although|though|however|whereas)\s+", re.I)


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...] = ()
    line: int = 0

    def matches(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class Findings:
    """What the rules saw in one message: the rules that decided it (empty when the rules
    alone do not call it urgent) and the slot features the classifier reads."""

    fired: tuple[str, ...]
    features: frozenset[str]
    clauses: tuple[tuple[str, bool], ...] = ()  # each clause's words, and whether suppressed

    @property
    def urgent(self) -> bool:
        return bool(self.fired)


@dataclass
class UrgencyRules:
    rules: list[Rule] = field(default_factory=list)
    texting: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # grouped once: `read` consults every group for every clause of every question
        self.groups: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self.groups.setdefault(rule.group, []).append(rule)

    def group(self, name: str) -> list[Rule]:
        return self.groups.get(name, [])

    def normalise(self, text: str) -> str:
        """Cleaned text with texting words spelt out, as the rules and the classifier read it."""
        return " ".join(self.texting.get(w, w) for w in clean(text).split())

    def clauses(self, message: str) -> list[str]:
        found = (self.normalise(part) for part in _CLAUSE_BREAK.split(message))
        return [c for c in found if c]

    def read(self, message: str) -> Findings:
        """Slot and suppressor hits per clause, and the rules' own decision."""
        clauses = self.clauses(message)
        whole = f" {' '.join(clauses)} "
        child = [r.id for r in self.group("child") if r.matches(whole)]
        features = {"child"} if child else set()
        live: list[dict[str, list[str]]] = []
        read: list[tuple[str, bool]] = []
        for clause in clauses:
            text = f" {clause} "
            hits = {g: [r.id for r in self.group(g) if r.matches(text)] for g in GROUPS}
            suppressors = [s for s in SUPPRESSORS if hits[s]]
            features.update(suppressors)
            quiet = bool(suppressors) and not hits["override"]
            for slot in ("always", "alarm", "harm", "danger", "now"):
                if hits[slot]:
                    features.add(f"{slot}~" if quiet else slot)
            live.append({} if quiet else hits)
            read.append((clause, quiet))
        fired, near = _decide(live, child)
        if fired:
            features.add("fired")
        if near:
            features.add("danger-now")
        return Findings(tuple(dict.fromkeys(fired)), frozenset(features), tuple(read))


def _decide(live: list[dict[str, list[str]]], child: list[str]) -> tuple[list[str], bool]:
    """(rules that fire, whether a danger cue stands beside a now cue).

    An `always` clause, or a child cue with `harm` being done, fires on its own. A `danger`
    beside a `now` does not: on the labelled corpus that pair was right only 85% of the time
    ("older men at the party tonight" is often a worry, not an emergency), so it is a
    feature the classifier weighs instead."""
    for hits in live:
        if hits.get("always"):
            return hits["always"], False
    if not child:
        return [], False
    near = False
    for i, hits in enumerate(live):
        if hits.get("harm"):
            return hits["harm"] + child, False
        if hits.get("danger"):
            around = live[max(0, i - 1) : i + 2]
            near = near or any(h.get("now") for h in around)
    return [], near


def parse_urgency(data: Any, shown: str) -> tuple[UrgencyRules, list[Problem]]:
    """Compile the rules; each bad pattern or example that fails is a Problem."""
    rules, problems = parse_rule_groups(data, shown, GROUPS, SETTINGS)
    words: dict[str, str] = {}
    for setting in SETTINGS:
        raw = data.get(setting) if isinstance(data, LineDict) else None
        if raw is None:
            continue
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            line = data.line_of(setting)
            problems.append(Problem(shown, line, setting, "must map a word to its English words"))
            continue
        words.update({clean(k): clean(v) for k, v in raw.items()})
    return UrgencyRules(rules, words), problems


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


RULE_FIELDS = ("id", "patterns", "examples", "note")  # `id` and `patterns` are required


def _rule(item: Any, group: str, shown: str, line: int) -> tuple[Rule | None, list[Problem]]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None, [Problem(shown, line, group, "each rule needs an `id` and `patterns`")]
    unknown = set(item) - set(RULE_FIELDS)
    if unknown:
        return None, [
            Problem(
                shown,
                line,
                sorted(unknown)[0],
                f"unknown field (known: {', '.join(RULE_FIELDS)})",
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
        at = patterns.line_of(index) if isinstance(patterns, LineList) else line
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            message = f"rule '{item['id']}': bad regular expression {pattern!r}: {exc}"
            return None, [Problem(shown, at, "patterns", message)]
        risk = backtracking_risk(pattern)  # would take seconds a question on some text
        if risk:
            message = f"rule '{item['id']}': {pattern!r} can take exponential time: {risk}"
            return None, [Problem(shown, at, "patterns", message)]
    examples = item.get("examples") or []
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        return None, [Problem(shown, line, "examples", "must be a list of text")]
    return Rule(item["id"], group, tuple(compiled), tuple(examples), line), []
