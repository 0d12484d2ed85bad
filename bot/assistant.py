"""The Assistant: load a validated knowledge base once, then answer questions."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bot import messages
from bot.areas import PlaceHit, Places
from bot.bands import band
from bot.compose import REPORT_TOPIC, Composer
from bot.elsewhere import Elsewhere, OutsideHit
from bot.engine_choice import (
    CLOSE,
    THRESHOLD,
    best_id,
    confident,
    out_of_scope_close,
    prefer,
    suggest,
)
from bot.errors import KnowledgeError, Problem, UnknownCouncilError, UnknownRoleError
from bot.focus import question_sentence
from bot.index import Index, Match
from bot.knowledge import load_knowledge
from bot.model import CORE, Knowledge, Pack, Topic
from bot.normalise import clean
from bot.ranking import Ranked, classes_for, close_to_best, learned_rank, prefer_role
from bot.reply import Reply
from bot.reply_cache import DEFAULT_SIZE as CACHE_SIZE
from bot.reply_cache import ReplyCache, reply_key
from bot.scope import mentions_child
from bot.sentence_vectors import shared_encoder
from bot.urgency_model import Urgency, assess
from bot.validate import validate

SHIPPED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_COUNCIL = "chorley"

PLACE_TOKEN = "placename"
STARTER_TOPICS = ("report-a-concern", "training-members", "help")  # offered for an empty message
SHORT_WORDS = 20  # in a longer story a town is usually incidental, not the question
PLACE_BONUS = 0.1  # for a pack's routing topics when the question names one of its places
ROLE_BONUS = 0.06  # a topic written for the asker's role wins when within CLOSE
OUTSIDE_TOPIC = "area-not-covered"
_QUESTION_END = re.compile(r"(?<=\?)\s+(?=\S)")  # "What is a LADO? How do I report?"
LOCAL_ROUTE_TOPICS = (
    "report-a-concern",
    "speak-to-someone",
    "police-non-emergency-101",
    OUTSIDE_TOPIC,
)
NOT_URGENT_PENALTY = 0.5  # the 999 topic, when the urgency detector has not fired


class Assistant:
    """Answers questions from a reviewed knowledge base; never invents an answer."""

    def __init__(
        self, knowledge: Knowledge, council: str = DEFAULT_COUNCIL, reply_cache: int = CACHE_SIZE
    ) -> None:
        council = council.strip().lower()
        if council not in knowledge.packs:
            raise UnknownCouncilError(council, sorted(knowledge.packs))
        self.knowledge = knowledge
        self.default_council = council
        self.places = Places(knowledge.packs, knowledge.lexicon)
        self.elsewhere = Elsewhere(
            knowledge.uk_areas, knowledge.packs.values(), knowledge_words(knowledge)
        )
        # Place names route (bot.areas, bot.elsewhere); for matching they are stop words, so
        # "covers Leyland" and "covers York" read alike and no topic owns a town's name.
        places = {**self.elsewhere.phrase_map(PLACE_TOKEN), **self.places.phrase_map(PLACE_TOKEN)}
        self.lexicon = knowledge.lexicon.with_phrases(places, stopwords=[PLACE_TOKEN])
        variants = [w for key in self.lexicon.phrases for w in key]
        self.index = Index(knowledge.all_topics(), self.lexicon, variants)
        self.composer = Composer(knowledge)
        self.urgent_topic = next(t for t in knowledge.topics.values() if t.urgent)
        self.topic_model = knowledge.topic_model
        # Topics that name local teams or contacts: asked about a place no pack covers, the
        # national route answers instead ("area-not-covered"), never another area's team.
        self.team_topics = {t for p in knowledge.packs.values() for t in p.routing_topics}
        self.local_routes = {
            *(t for p in knowledge.packs.values() for t in (*p.routing_topics, *p.topics)),
            *LOCAL_ROUTE_TOPICS,
        }
        self.topic_ids = {t.id: t for t in knowledge.all_topics()}
        self.replies: ReplyCache[Reply] = ReplyCache(reply_cache)

    @classmethod
    def load(
        cls,
        knowledge_dir: str | Path | None = None,
        council: str = DEFAULT_COUNCIL,
        reply_cache: int = CACHE_SIZE,
    ) -> Assistant:
        """Load and validate; raises KnowledgeError naming file, line and field."""
        root = Path(knowledge_dir) if knowledge_dir is not None else SHIPPED_KNOWLEDGE
        if not root.is_dir():
            raise KnowledgeError([_missing_dir(root)])
        knowledge, problems = load_knowledge(root)
        problems += validate(knowledge, problems)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise KnowledgeError(errors)
        return cls(knowledge, council, reply_cache)

    @property
    def version(self) -> str:
        return self.knowledge.version

    @property
    def topic_count(self) -> int:
        """Every topic of every pack, out-of-scope entries included (as `check` counts)."""
        return len(self.knowledge.all_topics())

    @property
    def councils(self) -> list[str]:
        return sorted(self.knowledge.packs)

    def pack(self, council: str | None = None) -> Pack:
        name = (council or self.default_council).strip().lower()  # "Chorley" is chorley
        if name not in self.knowledge.packs:
            raise UnknownCouncilError(name, self.councils)
        return self.knowledge.packs[name]

    def topics(self, council: str | None = None) -> list[Topic]:
        """Every answerable topic for a council: core plus its own, out-of-scope excluded."""
        pack = self.pack(council)
        found = list(self.knowledge.topics.values()) + list(pack.topics.values())
        return [t for t in found if not t.out_of_scope]

    def topic_reply(self, topic_id: str, council: str | None = None) -> Reply | None:
        """The reply for one topic by id (a clicked suggestion); None if there is none."""
        pack = self.pack(council)
        topic = self.composer.topic(topic_id, pack)
        if topic is None or topic.out_of_scope:
            return None
        return self.composer.answer(topic, pack, 1.0, urgent=topic.urgent)

    def prepare_process(self) -> None:
        """Make in this process what cannot be inherited across a fork (the sentence
        encoder's session, ~120 ms), so that a server's fresh worker does it before it takes
        a request rather than holding its first questions for it."""
        if self.topic_model is not None and self.topic_model.wants_vectors:
            shared_encoder().prepare_process()

    def ask(self, question: str, role: str | None = None, council: str | None = None) -> Reply:
        if role is not None and role not in messages.ROLES:
            raise UnknownRoleError(role, messages.ROLES)
        pack = self.pack(council)
        key = reply_key(question or "", role, pack.council)
        reply = self.replies.get(key)
        if reply is None:
            reply = self.work_out(question, role, pack)
            self.replies.put(key, reply)
        return reply

    def work_out(self, question: str, role: str | None, pack: Pack) -> Reply:
        """The reply to a question not asked lately (ask() remembers recent ones)."""
        text = (question or "").strip()
        urgency = assess(text, self.knowledge.urgency, self.knowledge.urgency_model)
        if len(text) > messages.MAX_QUESTION:
            # Read whole for urgency, never matched in part: the person is asked to shorten it.
            if urgency.urgent:
                return self.urgent(pack, urgency, None)
            limit = f"{messages.MAX_QUESTION:,}"
            answer = messages.TOO_LONG_ANSWER.format(limit=limit, length=f"{len(text):,}")
            reply = self.composer.fallback(pack, list(STARTER_TOPICS), 0.0, answer)
            return replace(reply, urgency=urgency)
        questions = [q for q in _QUESTION_END.split(text) if q.strip()]
        if not urgency.urgent and len(questions) > 1 and self.topic_model is not None:
            # Two questions in one: answered apart, before the whole text is matched.
            first = self.ask(questions[0], role, pack.council)
            if not first.fallback and first.topic_id != self.urgent_topic.id:
                return replace(self.also_asked(first, questions[-1], role, pack), urgency=urgency)
        places = self.places.find(text)
        matches = self.rank(text, pack, role, urgency.urgent)
        learned = self.learned(text, pack, role, matches)
        if learned is not None:
            matches = learned.matches
        short = len(text.split()) <= SHORT_WORDS
        if short and any(p.area.council == pack.council for p in places):
            matches = prefer(matches, pack.routing_topics, PLACE_BONUS)
        routed = self.route(places, pack, matches, short)
        if urgency.urgent:
            return self.urgent(pack, urgency, routed.topic_id if routed else best_id(matches))
        reply = self.ordinary(question, text, role, pack, matches, places, routed, learned)
        return replace(self.other_place(reply, places), urgency=urgency)

    def other_place(self, reply: Reply, places: list[PlaceHit]) -> Reply:
        """A second place in another pack ("PR7 and Banbury?"): the first is answered, and a
        note says who covers the second."""
        other = next((p for p in places if p.area.council != reply.council), None)
        if other is None or reply.fallback or reply.topic_id not in self.local_routes:
            return reply
        council = self.knowledge.packs[other.area.council].name
        note = messages.SECOND_PLACE_NOTE.format(place=other.place, council=council)
        return replace(reply, notes=(*reply.notes, note))

    def also_asked(self, reply: Reply, question: str, role: str | None, pack: Pack) -> Reply:
        """Two questions in one: the first is answered (`reply`), the second's topic offered
        first among the suggestions when the ranker is confident of it."""
        second = self.learned(question, pack, role, self.rank(question, pack, role))
        if second is None or not second.matches or second.out_of_field:
            return reply
        best = second.matches[0]
        if best.topic.id == reply.topic_id or best.topic.out_of_scope or not second.sure:
            return reply
        refs = self.composer.refs([best.topic.id, *(s.id for s in reply.suggestions)], pack)
        return replace(reply, suggestions=refs[:3])

    def ordinary(
        self,
        question: str,
        text: str,
        role: str | None,
        pack: Pack,
        matches: list[Match],
        places: list[PlaceHit],
        routed: Reply | None,
        learned: Ranked | None = None,
    ) -> Reply:
        """The answer when the message is not an emergency (or only possibly one)."""
        elsewhere = _other_council(places, pack)
        if elsewhere is not None:
            other = self.knowledge.packs[elsewhere.area.council]
            reply = self.ask(question, role, other.council)
            note = messages.OTHER_COUNCIL_NOTE.format(place=elsewhere.place, council=other.name)
            return replace(reply, notes=(note, *reply.notes))
        if not text:
            return self.composer.fallback(pack, list(STARTER_TOPICS), 0.0, messages.EMPTY_ANSWER)
        about_child = mentions_child(text, self.knowledge.urgency)
        adult_rules = [] if about_child else self.knowledge.scope.adult_cues(text)
        if adult_rules and not _sure_outside(learned):
            return self.out_of_scope(pack, matches, tuple(adult_rules))
        if routed:
            return routed
        outside = self.elsewhere.find(text) if not places else []
        unsure = learned is not None and not learned.sure
        if outside and (unsure or self.asks_for_a_local_route(matches)):
            return self.not_covered(pack, outside[0])
        if learned is not None:
            return self.learned_answer(pack, self.for_a_child(learned, about_child))
        return self.answer(pack, matches, about_child)

    def asks_for_a_local_route(self, matches: list[Match]) -> bool:
        """The best answer names local contacts, or a police team is close behind it (so
        "I live in Leeds, what is grooming?" still gets grooming)."""
        if not matches:
            return False
        if matches[0].topic.id in self.local_routes:
            return True
        return any(m.topic.id in self.team_topics for m in close_to_best(matches))

    def not_covered(self, pack: Pack, hit: OutsideHit) -> Reply:
        """A place no pack covers: say so, name the councils Pathways holds, national route."""
        topic = self.topic_ids.get(OUTSIDE_TOPIC)
        place = hit.place if hit.place == hit.area.name else f"{hit.place} ({hit.area.name})"
        names = [p.name for p in self.knowledge.packs.values()]
        councils = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        note = messages.OUTSIDE_NOTE.format(place=place, councils=councils)
        if topic is None:
            return self.composer.fallback(pack, ["report-a-concern"], 0.0, notes=(note,))
        return self.composer.answer(topic, pack, 1.0, notes=(note,))

    def learned(
        self, text: str, pack: Pack, role: str | None, engine: list[Match]
    ) -> Ranked | None:
        """The learned ranking (when the knowledge has a trained topic model), role preference
        applied as a reorder among close candidates."""
        if self.topic_model is None:
            return None
        classes = classes_for(self.knowledge, pack)
        vector = shared_encoder().encode(text) if self.topic_model.wants_vectors else None
        sentence = question_sentence(text) if self.topic_model.focus > 0 else None
        focus = self.tokens(sentence) if sentence is not None else None  # a long story's ask
        ranked = learned_rank(
            self.topic_model, self.tokens(text), classes, engine, self.topic_ids, vector, focus
        )
        words = re.findall(r"[a-z]+", text.lower())
        return replace(ranked, matches=prefer_role(ranked.matches, role, words))

    def for_a_child(self, ranked: Ranked, about_child: bool) -> Ranked:
        """A message naming a child never gets an adults-only out-of-scope answer, nor a
        plain "not CSE": those candidates go, and with them the certainty (the reply offers
        the closest topics and the reporting route). A nephew bringing home cash from older
        "mates" read as out-of-field once; telling that asker "outside what Pathways covers"
        is the confident wrong answer the brief forbids."""
        adult = set(self.knowledge.scope.adult_topics)
        if about_child and ranked.out_of_field and ranked.matches:
            return replace(ranked, out_of_field=False, sure=False)
        if not about_child or not ranked.matches or ranked.matches[0].topic.id not in adult:
            return ranked
        kept = [m for m in ranked.matches if m.topic.id not in adult]
        return replace(ranked, matches=kept, out_of_field=False, sure=False)

    def learned_answer(self, pack: Pack, ranked: Ranked) -> Reply:
        """The best topic when the calibrated confidence reaches the threshold chosen across
        authors; a confident out-of-scope entry or "not CSE" says so plainly, with no unrelated
        suggestion; below the threshold, an honest "not sure" with the closest topics."""
        matches = ranked.matches
        best = matches[0] if matches else None
        if not ranked.sure or (best is None and not ranked.out_of_field):
            return self.composer.fallback(pack, suggest(matches, 3), ranked.confidence)
        if ranked.out_of_field or best is None:
            return self.composer.fallback(
                pack,
                [],
                ranked.confidence,
                messages.OUT_OF_FIELD_ANSWER,
                title=messages.OUTSIDE_TITLE,
            )
        if best.topic.out_of_scope:
            return self.out_of_scope(pack, matches)
        if band(ranked.confidence) == "low":  # answered, but saying so, with the next closest
            closest = [*suggest(matches[1:], 2), REPORT_TOPIC]
            unsure = [t for t in dict.fromkeys(closest) if t != best.topic.id]
            return self.composer.answer(
                best.topic,
                pack,
                ranked.confidence,
                suggestions=self.composer.refs(unsure, pack),
                notes=(messages.UNSURE_NOTE,),
            )
        suggestions = self.composer.refs(suggest(close_to_best(matches), 2), pack)
        return self.composer.answer(best.topic, pack, ranked.confidence, suggestions=suggestions)

    def urgent(self, pack: Pack, urgency: Urgency, also: str | None) -> Reply:
        """The 999 answer first, whatever else matched; the match is offered after it."""
        suggestions = [also] if also and also != self.urgent_topic.id else []
        return self.composer.answer(
            self.urgent_topic,
            pack,
            1.0,
            urgent=True,
            urgent_rules=urgency.rules,
            urgency=urgency,
            suggestions=self.composer.refs(suggestions, pack),
        )

    def answer(self, pack: Pack, matches: list[Match], about_child: bool = False) -> Reply:
        """The best topic when confident; otherwise an honest fallback. An out-of-scope
        entry close behind the best makes it a fallback too, unless a child is mentioned."""
        best = matches[0] if matches else None
        if best is None or not confident(matches):
            return self.composer.fallback(pack, suggest(matches, 3), best.score if best else 0.0)
        if best.topic.out_of_scope or (not about_child and out_of_scope_close(matches)):
            return self.out_of_scope(pack, matches)
        runners = [m for m in matches[1:] if best.score - m.score <= CLOSE]
        return self.composer.answer(
            best.topic, pack, best.score, suggestions=self.composer.refs(suggest(runners, 2), pack)
        )

    def out_of_scope(
        self, pack: Pack, matches: list[Match], adult_rules: tuple[str, ...] = ()
    ) -> Reply:
        """A fallback that says where to go instead (the out-of-scope entry's answer)."""
        rival = next((m.topic.id for m in matches if m.topic.out_of_scope), None)
        topic_id = self.knowledge.scope.answer_topic if adult_rules else rival
        topic = self.knowledge.topics.get(topic_id or "")
        answer = f"{topic.answer.strip()}\n\n{messages.OUT_OF_SCOPE_ROUTE}" if topic else None
        in_scope = [m for m in matches if not m.topic.out_of_scope]
        confidence = in_scope[0].score if in_scope else 0.0
        return self.composer.fallback(
            pack,
            [],
            confidence,
            answer,
            scope_rules=adult_rules,
            scope_id=topic.id if topic else None,
            title=messages.OUTSIDE_TITLE,
        )

    def rank(self, text: str, pack: Pack, role: str | None, urgent: bool = False) -> list[Match]:
        """Candidates for the council's view of the knowledge, role preference applied.

        The 999 answer is for emergencies, and the urgency detector decides what is one: when
        it has not fired, the 999 topic is demoted so alarming words alone cannot win it,
        unless the question asks about 999 itself (one of that topic's keywords)."""
        tokens = self.tokens(text)
        matches = self.index.search(tokens, frozenset((CORE, pack.council)), limit=6)
        if not urgent and not self._asks_about_999(text):
            matches = [
                replace(m, score=m.score - NOT_URGENT_PENALTY) if m.topic.urgent else m
                for m in matches
            ]
        matches.sort(key=lambda m: m.score, reverse=True)
        if role and matches and not matches[0].topic.out_of_scope:
            # Reorder only: the role never changes a score, so never abstention either.
            matches.sort(
                key=lambda m: m.score + (ROLE_BONUS if role in m.topic.audience else 0.0),
                reverse=True,
            )
        return matches

    def tokens(self, text: str) -> list[str]:
        """The question through the lexicon, unknown words corrected to the knowledge's own."""
        tokens = self.lexicon.tokens(text)
        corrected = self.index.correct(tokens)
        return tokens if corrected == tokens else self.lexicon.tokens(" ".join(corrected))

    def _asks_about_999(self, text: str) -> bool:
        words = f" {clean(text)} "
        return any(f" {clean(k)} " in words for k in self.urgent_topic.keywords)

    def route(
        self, places: list[PlaceHit], pack: Pack, matches: list[Match], short: bool = True
    ) -> Reply | None:
        """A named place plus a question about police teams -> that area's own team. In a
        long story the team topic must lead outright: a near tie is not enough."""
        local = [p for p in places if p.area.council == pack.council]
        if not local or not matches:
            return None
        margin = CLOSE if short else 0.0
        best = matches[0].score
        if not any(m.topic.id in pack.routing_topics for m in matches if best - m.score <= margin):
            return None
        hit = local[0]
        topic = self.composer.topic(hit.area.route, pack)
        if topic is None:
            return None
        note = messages.AREA_NOTE.format(place=hit.place, area=hit.area.name)
        if hit.place.lower() == hit.area.name.lower():
            note = ""
        return self.composer.answer(
            topic, pack, max(matches[0].score, THRESHOLD), notes=(note,) if note else ()
        )


def _sure_outside(learned: Ranked | None) -> bool:
    """Whether the learned ranker is sure of an out-of-scope entry: then that entry
    (elections, a bullying manager, a controlling partner) answers an adult's message better
    than the adult cues' general one. An in-field pick, an unsure one or a plain "not CSE"
    still yields to the cues, so an adult's message never gets a child topic's answer (an
    off-topic tuning set, 2026-12-03: four adults' messages got the general entry where the
    model had the specific one; one would have got a CSE topic without the cues)."""
    if learned is None or not learned.sure or learned.out_of_field or not learned.matches:
        return False
    return learned.matches[0].topic.out_of_scope


def _other_council(places: list[PlaceHit], pack: Pack) -> PlaceHit | None:
    """A place that only another loaded council covers."""
    if any(p.area.council == pack.council for p in places):
        return None
    return places[0] if places else None


def knowledge_words(knowledge: Knowledge) -> set[str]:
    """Every word the knowledge itself uses: a town that shares its name with one of them
    ("Street", "Reading") counts as a place only when written with a capital."""
    words = set(knowledge.lexicon.stopwords)
    for topic in knowledge.all_topics():
        for text in (topic.title, topic.answer, *topic.questions, *topic.keywords):
            words.update(clean(text).split())
    return words


def _missing_dir(root: Path) -> Problem:
    return Problem(str(root), 1, "knowledge_dir", "no such knowledge directory")
