"""Refuse regular expressions that can backtrack catastrophically. Python's engine (needed: the
rules use look-behind, which linear-time engines such as RE2 lack) takes time exponential in
the text's length on patterns like `(a+)+b` or `(a|ab)*c` when the match fails.

The check is structural, on the parsed pattern: inside a repeat with no small upper bound,
(1) another repeat whose characters can also start what follows it (`(a+)+`, `(\\w+\\s?)*`,
but not `(\\w+ )+`), or (2) alternatives that can begin with the same
character or match nothing (`(a|ab)+`, `(\\w|\\d)*`, `(x|)+`). It is conservative: such a
pattern is refused even when a later part happens to make it safe; `{0,20}`-style bounds,
possessive repeats and atomic groups are the ways round it."""

from __future__ import annotations

import importlib
import re
import string
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # `sre_parse` warns it is deprecated
_c: Any = importlib.import_module("re._constants")

SMALL_BOUND = 10  # alternatives repeated at most this often cost at most 2^10 tries
SAMPLE = frozenset(string.printable) | {"é", "\u00a0"}  # what "can begin with" is tested on
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def backtracking_risk(pattern: str) -> str | None:
    """Why `pattern` may take exponential time, or None. Assumes it compiles."""
    return _scan(_parser.parse(pattern), inside_unbounded=False)


def _scan(items: Any, inside_unbounded: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, body = arg
            unbounded = high == _c.MAXREPEAT or high > SMALL_BOUND
            if high > 1 and _ambiguous_repeat(_flat(body)):
                return "a repeat inside a repeat that can split the text many ways, such as (a+)+"
            if unbounded and _ambiguous_branch(body):
                return "alternatives in a repeat that can match the same text, such as (a|ab)+"
            found = _scan(body, inside_unbounded or unbounded)
        elif name == "BRANCH":
            found = next((r for b in arg[1] if (r := _scan(b, inside_unbounded))), None)
        elif name == "SUBPATTERN":
            found = _scan(arg[3], inside_unbounded)
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _scan(arg[1], False)
        else:  # literals, classes, anchors; possessive repeats and atomic groups never backtrack
            found = None
        if found:
            return found
    return None


def _flat(items: Any) -> list[Any]:
    """A sequence with its plain groups opened up: ((a+)b) reads as a+ b."""
    out: list[Any] = []
    for op, arg in items:
        if str(op) == "SUBPATTERN":
            out += _flat(arg[3])
        else:
            out.append((op, arg))
    return out


def _ambiguous_repeat(body: list[Any]) -> bool:
    """Whether a repeat in `body` (itself repeated) can hand characters to what follows it, in
    this round or the next: `(a+)+` can, `(\\w+ )+` cannot (a round ends at the space)."""
    for index, (op, arg) in enumerate(body):
        name = str(op)
        if name == "BRANCH" and any(_has_repeat(b) for b in arg[1]):
            return True  # conservative: a repeat among alternatives
        if name not in _REPEATS or arg[1] <= 1:
            continue
        follow, empty = _first(body[index + 1 :])
        if empty:  # the next round follows
            follow |= _first(body)[0]
        if _first(arg[2])[0] & follow:
            return True
    return False


def _has_repeat(items: Any) -> bool:
    return any(
        str(op) in _REPEATS and arg[1] > 1 or str(op) == "SUBPATTERN" and _has_repeat(arg[3])
        for op, arg in items
    )


def _ambiguous_branch(items: Any) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "SUBPATTERN" and _ambiguous_branch(arg[3]):
            return True
        if name == "BRANCH":
            branches = arg[1]
            starts = [_first(b) for b in branches]
            if any(empty for _, empty in starts):  # a branch that can match nothing
                return True
            seen: set[str] = set()
            for start, _ in starts:
                if seen & start:
                    return True
                seen |= start
    return False


def _first(items: Any) -> tuple[set[str], bool]:
    """The sample characters a sequence can begin with, and whether it can match nothing."""
    found: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: look at what follows
        if name in _REPEATS or name.startswith("POSSESSIVE"):
            inner, empty = _first(arg[2])
            found |= inner
            if arg[0] > 0 and not empty:
                return found, False
            continue
        if name in ("SUBPATTERN", "ATOMIC_GROUP"):
            inner, empty = _first(arg[3] if name == "SUBPATTERN" else arg)
            found |= inner
            if not empty:
                return found, False
            continue
        if name == "BRANCH":
            starts = [_first(b) for b in arg[1]]
            found |= set().union(*(chars for chars, _ in starts))
            if not any(empty for _, empty in starts):
                return found, False
            continue
        return found | _chars(name, arg), False
    return found, True


def _chars(name: str, arg: Any) -> set[str]:
    if name == "LITERAL":
        return {chr(arg)}
    if name == "NOT_LITERAL":
        return set(SAMPLE) - {chr(arg)}
    if name == "IN":
        return _class(arg)
    return set(SAMPLE)  # ANY, a backreference, anything unusual: could be anything


def _class(items: Any) -> set[str]:
    found: set[str] = set()
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            found.add(chr(arg))
        elif name == "RANGE":
            found |= {c for c in SAMPLE if arg[0] <= ord(c) <= arg[1]}
        elif name == "CATEGORY" and str(arg) in _CATEGORIES:
            test = re.compile(_CATEGORIES[str(arg)])
            found |= {c for c in SAMPLE if test.match(c)}
        else:
            found |= set(SAMPLE)
    return set(SAMPLE) - found if negate else found
