"""Places no council pack covers: every UK local authority area and its main towns, from a
published list (`knowledge/places/uk-areas.yaml`, with its source), so that "which team covers
York?" gets the national route, naming York, and never another area's team.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.errors import Problem
from bot.model import Pack
from bot.normalise import clean, scan_phrases
from bot.yamlfile import LineDict, LineList


@dataclass(frozen=True)
class UkArea:
    name: str
    nation: str
    towns: tuple[str, ...]


@dataclass(frozen=True)
class OutsideHit:
    place: str  # as the list spells it
    area: UkArea


class Elsewhere:
    """Finds UK places outside every loaded pack. A one-word name that is also an everyday
    word of the knowledge ("Street", "Reading") counts only when written with a capital."""

    def __init__(self, areas: Iterable[UkArea], packs: Iterable[Pack], common: set[str]) -> None:
        covered: set[tuple[str, ...]] = set()
        for pack in packs:
            covered.update(tuple(clean(n).split()) for n in pack.not_places)
            for covered_area in pack.areas:
                covered.update(tuple(clean(p).split()) for p in covered_area.places)
        self.phrases: dict[tuple[str, ...], OutsideHit] = {}
        for area in areas:
            for name in (area.name, *area.towns):
                key = tuple(clean(name).split())
                if key and key not in covered and key not in self.phrases:
                    self.phrases[key] = OutsideHit(name, area)
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.common = common

    def phrase_map(self, token: str) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Each place name that is not also an everyday word -> one stand-in token."""
        return {k: (token,) for k in self.phrases if len(k) > 1 or k[0] not in self.common}

    def find(self, text: str) -> list[OutsideHit]:
        hits: list[OutsideHit] = []
        for chunk, hit in scan_phrases(clean(text).split(), self.phrases, self.longest):
            if hit is None:
                continue
            if len(chunk) == 1 and chunk[0] in self.common and not _capitalised(hit.place, text):
                continue
            hits.append(hit)
        return hits


def _capitalised(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def parse_uk_areas(data: Any, shown: str) -> tuple[list[UkArea], list[Problem]]:
    """The areas file: a cited `source` (title, publisher, url) and `areas`."""
    if not isinstance(data, LineDict):
        return [], [Problem(shown, 1, "areas", "must be a mapping with `source` and `areas`")]
    problems: list[Problem] = []
    source = data.get("source")
    if not isinstance(source, dict) or not all(
        isinstance(source.get(k), str) and source.get(k) for k in ("title", "publisher", "url")
    ):
        problems.append(
            Problem(shown, data.line_of("source"), "source", "needs title, publisher and url")
        )
    raw = data.get("areas")
    if not isinstance(raw, LineList) or not raw:
        return [], [*problems, Problem(shown, data.line_of("areas"), "areas", "must be a list")]
    areas: list[UkArea] = []
    for index, item in enumerate(raw):
        name = item.get("name") if isinstance(item, dict) else None
        towns = item.get("towns", []) if isinstance(item, dict) else None
        if not isinstance(name, str) or not isinstance(towns, list):
            line = raw.line_of(index)
            problems.append(Problem(shown, line, "areas", "each area needs a `name` and `towns`"))
            continue
        areas.append(UkArea(name, str(item.get("nation", "")), tuple(str(t) for t in towns)))
    return areas, problems
