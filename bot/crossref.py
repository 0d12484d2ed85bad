"""Cross-references inside an answer ("See **Report a concern**") resolved to the topic they
name, so each surface can offer them as something to click. Plain data, never markup.

Curators name a topic in their own words rather than by its exact title ("Report a concern"
for "Report a concern about a child"), so a name is resolved only against the topic's own
`related` list, which the curator reviewed: its id, its title, the start of its title, or
failing those the one related topic sharing at least half of the name's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# "see" then bold names later in the same sentence: "See **A**, or **B** for ..."
_SENTENCE_END = re.compile(r"[.!?\n]")
_SEE = re.compile(r"\bsee\b", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and about for in is of on or the to what who with".split())


@dataclass(frozen=True)
class CrossRef:
    """`text` as it stands in the answer (between the `**`), and the topic it names."""

    text: str
    id: str
    title: str


def cross_references(texts: Iterable[str], related: Iterable[tuple[str, str]]) -> list[CrossRef]:
    """The "see **name**" references in `texts` that name one of `related` ((id, title))."""
    candidates = list(related)
    found: dict[str, CrossRef] = {}
    for name in see_names(texts):
        hit = resolve(name, candidates)
        if hit and name not in found:
            found[name] = CrossRef(name, hit[0], hit[1])
    return list(found.values())


def see_names(texts: Iterable[str]) -> list[str]:
    """Every bold name that follows "see" in its sentence, in order."""
    names: list[str] = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text or ""):  # split, not one pattern: linear
            see = _SEE.search(sentence)
            if see:
                names += [m.group(1).strip() for m in _BOLD.finditer(sentence[see.end() :])]
    return names


def resolve(name: str, related: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The related (id, title) that `name` means, or None when none or several might."""
    lowered = name.lower()
    slug = "-".join(_WORD.findall(lowered))
    for ref in related:
        if ref[0] == slug or ref[1].lower() == lowered:
            return ref
    starts = [ref for ref in related if ref[1].lower().startswith(lowered)]
    if len(starts) == 1:
        return starts[0]
    words = _words(name)
    if not words:
        return None
    shared = [(len(words & (_words(ref[1]) | _words(ref[0]))), ref) for ref in related]
    shared.sort(key=lambda pair: -pair[0])
    if not shared or 2 * shared[0][0] < len(words):
        return None
    if len(shared) > 1 and shared[1][0] == shared[0][0]:
        return None  # two topics fit as well: offer neither rather than guess
    return shared[0][1]


def _words(text: str) -> set[str]:
    plain = text.lower().replace("'s", "").replace("\u2019s", "")
    return {w for w in _WORD.findall(plain.replace("-", " ")) if w not in _STOP}
