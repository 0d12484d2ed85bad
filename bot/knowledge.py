"""The loader: YAML files in, typed records (bot.model) plus problems out."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from bot import schema
from bot.elsewhere import UkArea, parse_uk_areas
from bot.errors import Problem
from bot.model import (
    CORE,
    Approval,
    Area,
    Contact,
    Knowledge,
    LocalPart,
    Pack,
    Source,
    Topic,
    Verification,
)
from bot.normalise import Lexicon
from bot.redact_corpus import TAGGER_FILE, redaction_hash
from bot.redact_corpus import corpus_files as redaction_files
from bot.redact_tagger import load_tagger
from bot.safefiles import UnsafeFile, read_bytes
from bot.scope import ScopeRules, parse_scope
from bot.sentence_vectors import SentenceModelError, shared_encoder
from bot.topic_corpus import TOPIC_MODEL_FILE, topic_hash, training_files
from bot.topic_model import TopicModel, load_topic_model
from bot.urgency import UrgencyRules, parse_urgency
from bot.urgency_corpus import MODEL_FILE, corpus_files, corpus_hash
from bot.urgency_model import UrgencyModel, load_model
from bot.yamlfile import LineDict, LineList, read_yaml


def load_knowledge(root: Path) -> tuple[Knowledge, list[Problem]]:
    """Read every file under `root`; never raises on bad content, it reports problems."""
    reader = _Reader(root)
    documents = reader.documents()
    contacts = reader.contacts(root / "contacts.yaml")
    topics = reader.topic_files(sorted((root / "core").glob("*.yaml")), CORE)
    packs = {}
    for pack_file in sorted(root.glob("councils/*/pack.yaml")):
        pack = reader.pack(pack_file)
        if pack is not None:
            packs[pack.council] = pack
    knowledge = Knowledge(
        root=root,
        documents=documents,
        contacts=contacts,
        topics=topics,
        packs=packs,
        lexicon=reader.lexicon(),
        urgency=reader.urgency(),
        urgency_model=reader.urgency_model(),
        topic_model=reader.topic_model(),
        uk_areas=reader.uk_areas(),
        links=reader.links(),
        scope=reader.scope(),
        contract=reader.contract(),
        version=content_hash(root),
    )
    reader.redaction_tagger()
    problems = list(dict.fromkeys([*unsafe_files(root), *reader.problems]))  # once each
    return knowledge, problems


def content_hash(root: Path) -> str:
    """A short hash of every knowledge file's path and bytes: the `knowledge_version`.
    An unsafe file counts by name only (`unsafe_files` reports it)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        try:
            digest.update(read_bytes(path, root))
        except UnsafeFile:
            continue
    return digest.hexdigest()[:12]


def unsafe_files(root: Path) -> list[Problem]:
    """Every YAML file in the folder that cannot be read safely (see bot.safefiles), whether
    or not a part of the loader reads it, so none is silently skipped."""
    problems = []
    for path in sorted(root.rglob("*.yaml")):
        try:
            read_bytes(path, root)
        except UnsafeFile as exc:
            problems.append(Problem(path.relative_to(root.parent).as_posix(), 1, "file", str(exc)))
    return problems


class _Reader:
    """Collects problems while turning raw YAML into records."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, required: bool = True) -> tuple[Any, str]:
        shown = self.shown(path)
        if not path.exists():
            if required:
                self.problems.append(Problem(shown, 1, "file", "missing file"))
            return None, shown
        data, problems = read_yaml(path, shown, self.root)
        self.problems.extend(problems)
        return data, shown

    def section(self, path: Path, key: str, kind: type, required: bool = True) -> tuple[Any, str]:
        data, shown = self.read(path, required)
        if data is None:
            return None, shown
        if not isinstance(data, LineDict) or not isinstance(data.get(key), kind):
            self.problems.append(
                Problem(shown, getattr(data, "line", 1), key, f"file must have a top-level `{key}`")
            )
            return None, shown
        return data, shown

    def documents(self) -> dict[str, dict[str, Any]]:
        data, shown = self.section(self.root / "sources.yaml", "documents", dict)
        if data is None:
            return {}
        docs = data["documents"]
        for name, doc in docs.items():
            self.problems.extend(
                schema.check_record(doc, schema.DOCUMENT, shown, docs.line_of(name), "document")
            )
        return {k: dict(v) for k, v in docs.items() if isinstance(v, dict)}

    def contacts(self, path: Path) -> dict[str, Contact]:
        data, shown = self.section(path, "contacts", list)
        return {} if data is None else self.contact_list(data["contacts"], shown)

    def contact_list(self, raw: Any, shown: str) -> dict[str, Contact]:
        out: dict[str, Contact] = {}
        for i, item in enumerate(raw):
            line = schema.item_line(raw, i, 1)
            found = schema.check_record(item, schema.CONTACT, shown, line, "contact")
            self.problems.extend(found)
            if found:
                continue
            contact = Contact(
                id=item["id"],
                name=item["name"],
                source=Source.parse(item["source"]),
                verified=Verification.parse(item["verified"]),
                phone=item.get("phone"),
                email=item.get("email"),
                url=item.get("url"),
                note=item.get("note"),
                placeholder=bool(item.get("placeholder", False)),
                placeholder_reason=_reason(item.get("placeholder")),
                approval=Approval.parse(item),
                file=shown,
                line=line,
                review_by=item.get("review_by"),
            )
            if contact.id in out:
                self.problems.append(
                    Problem(shown, line, "id", f"duplicate contact id '{contact.id}'")
                )
            out[contact.id] = contact
        return out

    def topic_files(self, paths: list[Path], pack: str) -> dict[str, Topic]:
        out: dict[str, Topic] = {}
        for path in paths:
            data, shown = self.read(path)
            if data is None:
                continue
            if not isinstance(data, list):
                self.problems.append(Problem(shown, 1, "topics", "file must be a list of topics"))
                continue
            for i, item in enumerate(data):
                topic = self.topic(item, shown, schema.item_line(data, i, 1), pack)
                if topic is None:
                    continue
                if topic.id in out:
                    other = out[topic.id]
                    self.problems.append(
                        Problem(
                            shown,
                            topic.line,
                            "id",
                            f"duplicate topic id '{topic.id}' (also {other.file}:{other.line})",
                        )
                    )
                out[topic.id] = topic
        return out

    def topic(self, item: Any, shown: str, line: int, pack: str) -> Topic | None:
        found = schema.check_record(item, schema.TOPIC, shown, line, "topic")
        self.problems.extend(found)
        if found:
            return None
        questions = item["questions"]
        return Topic(
            id=item["id"],
            title=item["title"],
            category=item["category"],
            questions=tuple(questions),
            answer=item["answer"].strip(),
            sources=tuple(Source.parse(s) for s in item["sources"]),
            owner=item["owner"],
            reviewed=item["reviewed"],
            review_by=item["review_by"],
            pack=pack,
            audience=tuple(item.get("audience", ())),
            keywords=tuple(item.get("keywords", ())),
            detail=(item.get("detail") or "").strip() or None,
            steps=tuple(item.get("steps", ())),
            contacts=tuple(item.get("contacts", ())),
            related=tuple(item.get("related", ())),
            aliases=tuple(item.get("aliases", ())),
            urgent=item.get("urgent", False),
            approval=Approval.parse(item),
            file=shown,
            line=line,
            lines=dict(item.key_lines),
            question_lines=tuple(
                schema.item_line(questions, i, line) for i in range(len(questions))
            ),
        )

    def pack(self, path: Path) -> Pack | None:
        data, shown = self.read(path)
        if data is None:
            return None
        found = schema.check_record(data, schema.PACK, shown, getattr(data, "line", 1), "pack")
        self.problems.extend(found)
        if found:
            return None
        council = data["council"]
        if council != path.parent.name:
            self.problems.append(
                Problem(
                    shown,
                    data.line_of("council"),
                    "council",
                    f"must match the folder name '{path.parent.name}'",
                )
            )
        pack = Pack(
            council=council,
            name=data["name"],
            region=data.get("region"),
            safeguarding_contact=data["safeguarding_contact"],
            file=shown,
            path=str(path),
            contacts=self.contact_list(data["contacts"], shown),
            routing_topics=tuple(data.get("routing_topics", ())),
            not_places=tuple(data.get("not_places", ())),
            lines=dict(data.key_lines),
        )
        raw_areas = data["areas"]
        for i, raw in enumerate(raw_areas):
            line = schema.item_line(raw_areas, i, data.line_of("areas"))
            area_problems = schema.check_record(raw, schema.AREA, shown, line, "area")
            self.problems.extend(area_problems)
            if not area_problems:
                pack.areas.append(
                    Area(raw["name"], tuple(raw["places"]), raw["route"], council, line)
                )
        local = data.get("local") or LineDict()
        for topic_id, raw in local.items():
            line = local.line_of(topic_id) if isinstance(local, LineDict) else 1
            local_problems = schema.check_record(raw, schema.LOCAL, shown, line, "local part")
            self.problems.extend(local_problems)
            if not local_problems:
                pack.local[topic_id] = LocalPart(
                    (raw.get("answer") or "").strip() or None,
                    tuple(raw.get("steps", ())),
                    tuple(raw.get("contacts", ())),
                    tuple(Source.parse(s) for s in raw.get("sources", ())),
                    line,
                )
        others = sorted(p for p in path.parent.glob("*.yaml") if p.name != "pack.yaml")
        pack.topics = self.topic_files(others, council)
        return pack

    def lexicon(self) -> Lexicon:
        data, shown = self.read(self.root / "synonyms.yaml")
        if not isinstance(data, LineDict):
            return Lexicon()
        spelling = data.get("spelling") or {}
        synonyms = data.get("synonyms") or {}
        stopwords = data.get("stopwords") or []
        shapes = (
            ("spelling", _text_map(spelling)),
            ("synonyms", isinstance(synonyms, dict) and all(_texts(v) for v in synonyms.values())),
            ("stopwords", _texts(stopwords)),
        )
        for key, ok in shapes:
            if not ok:
                self.problems.append(
                    Problem(
                        shown,
                        _first_bad_line(data.get(key), data.line_of(key)),
                        key,
                        "must hold only quoted text (yes/no/on/off need quotes)",
                    )
                )
                return Lexicon()
        return Lexicon.build(spelling, synonyms, stopwords)

    def urgency(self) -> UrgencyRules:
        data, shown = self.read(self.root / "urgency.yaml")
        rules, problems = parse_urgency(data, shown)
        self.problems.extend(problems)
        return rules

    def urgency_model(self) -> UrgencyModel | None:
        """The trained model, when the knowledge has a corpus; refused when stale."""
        if not corpus_files(self.root):
            return None
        path = self.root / MODEL_FILE
        model, problems = load_model(path, self.shown(path))
        self.problems.extend(problems)
        if model is not None:
            self.fresh(
                model.path, model.corpus_hash, corpus_hash(self.root), "urgency corpus or rules"
            )
        return model

    def topic_model(self) -> TopicModel | None:
        """The learned ranker, when the knowledge has a topic corpus; refused when stale."""
        if not training_files(self.root):
            return None
        path = self.root / TOPIC_MODEL_FILE
        model, problems = load_topic_model(path, self.shown(path))
        self.problems.extend(problems)
        if model is not None:
            self.fresh(
                model.path,
                model.corpus_hash,
                topic_hash(self.root),
                "topics, lexicon or topic corpus",
            )
            if model.wants_vectors:
                try:
                    shared_encoder()
                except SentenceModelError as exc:
                    self.problems.append(Problem(model.path, 1, "model", str(exc)))
        return model

    def redaction_tagger(self) -> None:
        """Only checked here, when the knowledge has a redaction corpus: missing or stale is
        an error. (Redacting reads the shipped tagger itself: bot.redact.)"""
        if not redaction_files(self.root):
            return
        path = self.root / TAGGER_FILE
        tagger, problems = load_tagger(path, self.shown(path))
        self.problems.extend(problems)
        if tagger is not None:
            now = redaction_hash(self.root)
            self.fresh(tagger.path, tagger.corpus_hash, now, "redaction corpus or word lists")

    def fresh(self, shown: str, trained_on: str, now: str, what: str) -> None:
        """A model trained on other data than the knowledge now holds is an error."""
        if trained_on != now:
            message = f"stale: the {what} changed since it was trained; run `pathways train`"
            self.problems.append(Problem(shown, 1, "model", message))

    def links(self) -> dict[str, tuple[dt.date | None, int]] | None:
        """The link register (optional): each web address and the day its page was read."""
        data, shown = self.section(self.root / "links.yaml", "links", list, required=False)
        if data is None:
            return None
        out: dict[str, tuple[dt.date | None, int]] = {}
        for i, item in enumerate(data["links"]):
            line = schema.item_line(data["links"], i, 1)
            found = schema.check_record(item, schema.LINK, shown, line, "link")
            self.problems.extend(found)
            if not found:
                checked = item["checked"]
                read = checked if isinstance(checked, dt.date) else None
                out[item["url"]] = (read, item.line_of("url"))
        return out

    def uk_areas(self) -> list[UkArea]:
        """UK areas outside the packs (optional: without the file, no such answer)."""
        data, shown = self.read(self.root / "places" / "uk-areas.yaml", required=False)
        if data is None:
            return []
        areas, problems = parse_uk_areas(data, shown)
        self.problems.extend(problems)
        return areas

    def scope(self) -> ScopeRules:
        data, shown = self.read(self.root / "scope.yaml")
        rules, problems = parse_scope(data, shown)
        self.problems.extend(problems)
        return rules

    def contract(self) -> list[dict[str, Any]]:
        data, shown = self.read(self.root / "contract.yaml", required=False)
        if data is None:
            return []
        topics = data.get("topics") if isinstance(data, dict) else None
        if not isinstance(topics, list):
            self.problems.append(Problem(shown, 1, "topics", "contract must list `topics`"))
            return []
        return [dict(t) for t in topics if isinstance(t, dict)]


def _reason(placeholder: Any) -> str | None:
    return placeholder.strip() if isinstance(placeholder, str) else None


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _first_bad_line(value: Any, default: int) -> int:
    """The line of the first item that is not text, so the author can find it at once."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for i, item in enumerate(items):
        bad = not isinstance(item, str) if not isinstance(item, list) else not _texts(item)
        if bad:
            if isinstance(value, LineList):
                return value.line_of(i)
            if isinstance(value, LineDict):
                return value.line_of(list(value)[i])
    return default
