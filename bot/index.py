"""The matching index, built once at load: a rarity-weighted lexical signal (BM25 over
each topic's title, questions and keywords) to find and rank candidates, then rapidfuzz
similarity against every alternative question of the best candidates.

Scoring only the lexical candidates keeps the cost of fuzzy matching independent of the
size of the knowledge base.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.model import Topic
from bot.normalise import Lexicon, stem

K1 = 1.2
B = 0.4
CANDIDATES = 12  # topics given the (dearer) fuzzy comparison
TITLE_WEIGHT = 2
KEYWORD_WEIGHT = 2
WHOLE_CUTOFF = 85
LONG_QUERY = 9  # content words from which a question is a story, scored with long_weights
SCAN_LIMIT = 400  # postings read per query term when gathering candidates
MIN_LONE_IDF = 1.2  # a one-word question counts only if that word is this rare
# Typo corrections kept per process, least recently used dropped first: ~250 bytes each, so
# at most ~5 MB; far more distinct misspellings than a day of real questions brings.
CORRECTIONS_KEPT = 20_000


@dataclass(frozen=True)
class Match:
    topic: Topic
    score: float  # 0..1, what the assistant calls confidence
    lexical: float
    coverage: float
    fuzzy: float


class Index:
    # coverage, fuzzy, relative lexical, nearest question: tuned on our own phrasings
    weights: tuple[float, ...] = (0.30, 0.25, 0.25, 0.20)
    long_weights: tuple[float, ...] = (0.20, 0.20, 0.40, 0.20)  # stories: more BM25

    def __init__(self, topics: Iterable[Topic], lexicon: Lexicon, extra_words: Iterable[str] = ()):
        self.lexicon = lexicon
        self.topics: list[Topic] = list(topics)
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)  # term -> topic -> BM25
        self.lengths: list[int] = []
        self.questions: list[list[str]] = []
        self.plain: list[str] = []  # whole questions, stop words kept, for "what can you do"
        self.plain_owner: list[int] = []
        words: set[str] = set(extra_words)
        for i, topic in enumerate(self.topics):
            bag: Counter[str] = Counter()
            texts = [(topic.title, TITLE_WEIGHT)] + [(q, 1) for q in topic.questions]
            texts += [(k, KEYWORD_WEIGHT) for k in topic.keywords]
            content_questions = []
            for text, weight in texts:
                tokens = lexicon.tokens(text)
                words.update(tokens)
                if weight == 1:
                    self.plain.append(" ".join(tokens))
                    self.plain_owner.append(i)
                content = lexicon.content(tokens)
                for term in content:
                    bag[term] += weight
                if weight == 1 or text == topic.title:
                    content_questions.append(" ".join(content))
            self.questions.append(content_questions)
            self.lengths.append(sum(bag.values()))
            for term, count in bag.items():
                self.postings[term][i] = count
        n = max(len(self.topics), 1)
        self.avg_length = sum(self.lengths) / n if self.lengths else 1.0
        for term_postings in self.postings.values():
            for i, tf in term_postings.items():
                saturation = K1 * (1 - B + B * self.lengths[i] / self.avg_length)
                term_postings[i] = tf * (K1 + 1) / (tf + saturation)
        self.impacts = {
            t: sorted(p.items(), key=lambda item: item[1], reverse=True)
            for t, p in self.postings.items()
        }
        self._allowed: dict[frozenset[str], frozenset[int]] = {}
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }
        self.max_idf = math.log(1 + (n - 0.5) / 1.5)
        # A question that boils down to one common word ("will they know it was me who
        # reported" -> "report") would match every short query perfectly: leave such
        # questions to the lexical signal and out of the whole-question comparisons.
        self.questions = [[q for q in qs if self._informative(q)] for qs in self.questions]
        self.term_sets = [[frozenset(q.split()) for q in qs] for qs in self.questions]
        self.norms = [
            [math.sqrt(sum(self.idf.get(t, 0.0) ** 2 for t in ts)) or 1.0 for ts in sets]
            for sets in self.term_sets
        ]
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(w for w in words if len(w) >= 3 and w.isalpha()):
            self.by_initial[word[0]].append(word)
        self.known = set(words)
        # Bounded: every unknown word a client sends would otherwise be kept for ever.
        self._closest = lru_cache(maxsize=CORRECTIONS_KEPT)(self._closest_known)

    def _informative(self, content: str) -> bool:
        terms = content.split()
        return len(terms) > 1 or (len(terms) == 1 and self.idf.get(terms[0], 0.0) >= MIN_LONE_IDF)

    def correct(self, tokens: list[str]) -> list[str]:
        """Replace unknown words by the closest word the knowledge uses (typo tolerance)."""
        return [self._correct(t) for t in tokens]

    def _correct(self, token: str) -> str:
        """Only near-misses: same first letter, length within 2, high similarity; never a
        stop word ("than" is not a typo for "thank")."""
        if (
            token in self.known
            or token in self.lexicon.stopwords
            or len(token) < 4
            or not token.isalpha()
        ):
            return token
        return self._closest(token)

    def _closest_known(self, token: str) -> str:
        cutoff = 85 if len(token) >= 6 else 86
        choices = [w for w in self.by_initial.get(token[0], ()) if abs(len(w) - len(token)) <= 2]
        best = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return str(best[0]) if best else token

    def allowed(self, packs: frozenset[str]) -> frozenset[int]:
        """The topic numbers of some packs (core plus a council), computed once per set."""
        if packs not in self._allowed:
            self._allowed[packs] = frozenset(
                i for i, t in enumerate(self.topics) if t.pack in packs
            )
        return self._allowed[packs]

    def search(self, tokens: list[str], packs: frozenset[str], limit: int = 5) -> list[Match]:
        """Rank the topics of `packs` for already-normalised, corrected tokens.

        Candidates come from each term's highest-impact postings only (at most SCAN_LIMIT
        per term), so a word found in thousands of topics costs no more than a rare one;
        the candidates are then scored exactly."""
        terms = self.lexicon.content(tokens)
        unique = list(dict.fromkeys(terms))
        allowed = self.allowed(packs)
        if not unique:
            return self._whole(" ".join(tokens), allowed)
        weights = {t: self.idf.get(t, self.max_idf) for t in unique}
        total = sum(weights.values())
        rough: dict[int, float] = defaultdict(float)
        for term in unique:
            scanned = 0
            for i, impact in self.impacts.get(term, ()):
                if i in allowed:
                    rough[i] += weights[term] * impact
                    scanned += 1
                    if scanned == SCAN_LIMIT:
                        break
        if not rough:
            return []
        pool = sorted(rough, key=rough.__getitem__, reverse=True)[: 3 * CANDIDATES]
        exact = {i: self._exact(weights, i) for i in pool}
        lexical = {i: score for i, (score, _) in exact.items()}
        matched = {i: mass for i, (_, mass) in exact.items()}
        ranked = sorted(pool, key=lexical.__getitem__, reverse=True)[:CANDIDATES]
        fuzzy = self._fuzzy(" ".join(terms), ranked)
        best_lexical = max(lexical[i] for i in ranked)
        query_norm = math.sqrt(sum(w * w for w in weights.values()))
        matches = []
        for i in ranked:
            coverage = matched[i] / total
            relative = lexical[i] / best_lexical
            nearest = self._nearest(weights, query_norm, i)
            w = self.long_weights if len(unique) >= LONG_QUERY else self.weights
            score = w[0] * coverage + w[1] * fuzzy[i] + w[2] * relative + w[3] * nearest
            matches.append(Match(self.topics[i], score, lexical[i], coverage, fuzzy[i]))
        matches.sort(key=lambda m: m.score, reverse=True)
        return matches[:limit]

    def _exact(self, weights: dict[str, float], i: int) -> tuple[float, float]:
        """Topic i's BM25 score and the IDF mass of the query terms it contains, in one pass."""
        score = mass = 0.0
        for term, weight in weights.items():
            impact = self.postings.get(term, {}).get(i)
            if impact is not None:
                score += weight * impact
                mass += weight
        return score, mass

    def _nearest(self, weights: dict[str, float], query_norm: float, i: int) -> float:
        """Cosine similarity (IDF-weighted) of the query to the topic's closest question."""
        best = 0.0
        for terms, norm in zip(self.term_sets[i], self.norms[i], strict=True):
            shared = sum(weights[t] ** 2 for t in terms if t in weights)
            best = max(best, shared / (query_norm * norm))
        return best

    def _whole(self, text: str, allowed: frozenset[int]) -> list[Match]:
        """Only stop words ("what can you do"): compare the whole message instead."""
        if not text:
            return []
        found = process.extractOne(text, self.plain, scorer=fuzz.ratio, score_cutoff=WHOLE_CUTOFF)
        if found is None or self.plain_owner[found[2]] not in allowed:
            return []
        topic = self.topics[self.plain_owner[found[2]]]
        score = found[1] / 100
        return [Match(topic, score, 0.0, score, score)]

    def _fuzzy(self, query: str, ranked: list[int]) -> dict[int, float]:
        """Best whole-phrase similarity of each candidate's questions to the query: the mean
        of token-set (forgives extra words) and token-sort (forgives word order) ratios."""
        owners = [i for i in ranked for _ in self.questions[i]]
        texts = [q for i in ranked for q in self.questions[i]]
        best = dict.fromkeys(ranked, 0.0)
        sets = process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=None)
        sorts = dict(
            (k, v)
            for _, v, k in process.extract(query, texts, scorer=fuzz.token_sort_ratio, limit=None)
        )
        for _, score, k in sets:
            value = (score + sorts[k]) / 200
            if value > best[owners[k]]:
                best[owners[k]] = value
        return best


__all__ = ["Index", "Match", "stem"]
