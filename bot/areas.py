"""Place names in a question -> the council area (and its routing topic) that covers them.

All the data comes from the packs' `areas`; nothing about geography lives in code.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.model import Area, Pack
from bot.normalise import Lexicon, clean, scan_phrases

MIN_FUZZY_LENGTH = 8  # shorter names have too many look-alikes (Thames/Thame, Whitney/Witney)
FUZZY_CUTOFF = 90


@dataclass(frozen=True)
class PlaceHit:
    place: str  # as the pack spells it
    area: Area


class Places:
    def __init__(self, packs: dict[str, Pack], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.phrases: dict[tuple[str, ...], list[PlaceHit]] = {}
        for pack in packs.values():
            for name in pack.not_places:  # e.g. "Ellesmere Port" is not Ellesmere
                self.phrases.setdefault(tuple(clean(name).split()), [])
            for area in pack.areas:
                for place in area.places:
                    key = tuple(clean(place).split())
                    self.phrases.setdefault(key, []).append(PlaceHit(place, area))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.single = sorted(k[0] for k, hits in self.phrases.items() if len(k) == 1 and hits)

    def phrase_map(self, token: str) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Each place name (as cleaned words) -> one stand-in token, for the matcher."""
        return {key: (token,) for key, hits in self.phrases.items() if hits}

    def find(self, text: str) -> list[PlaceHit]:
        """Places named in the text, longest name first, typos in long names forgiven."""
        words = [self.lexicon.spelling.get(w, w) for w in clean(text).split()]
        hits: list[PlaceHit] = []
        for chunk, found in scan_phrases(words, self.phrases, self.longest):
            hits.extend(self._fuzzy(chunk[0]) if found is None else found)
        return hits

    def _fuzzy(self, word: str) -> list[PlaceHit]:
        if len(word) < MIN_FUZZY_LENGTH or not word.isalpha():
            return []
        best = process.extractOne(word, self.single, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.phrases[(best[0],)] if best else []
