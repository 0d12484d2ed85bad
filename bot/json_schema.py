"""JSON Schemas for the knowledge files, produced from the validator's own declarations
(`bot.schema`, the corpora's field lists), so editors and `pathways check` agree.

`pathways schema --write` writes them to `schemas/`; a test fails when the shipped files and
these declarations differ. Editors validate and complete with them (VS Code's YAML extension
through `.vscode/settings.json`); `pathways check` stays the full judge (word counts,
references, dates, phone numbers in the text are beyond a schema).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot import schema
from bot.messages import ROLES
from bot.scope import GROUPS as SCOPE_GROUPS
from bot.scope import SETTINGS as SCOPE_SETTINGS
from bot.topic_corpus import OPTIONAL, REQUIRED, STYLES
from bot.urgency import GROUPS as URGENCY_GROUPS
from bot.urgency import RULE_FIELDS
from bot.urgency import SETTINGS as URGENCY_SETTINGS
from bot.urgency_corpus import FIELDS as URGENCY_FIELDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://pathways.example/schemas/"  # an id only: nothing is fetched from it
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}
TEXT = {"type": "string", "pattern": r"\S"}
ID = {"type": "string", "pattern": schema.ID_PATTERN.pattern}
URL = {"type": "string", "pattern": r"^https?://\S+$"}
SOURCE = {
    "oneOf": [
        {"type": "string", "pattern": r"\S", "description": "a seed document's file name"},
        {
            "type": "object",
            "required": ["publisher", "url"],
            "additionalProperties": False,
            "properties": {"publisher": TEXT, "url": URL, "title": TEXT},
        },
    ]
}

# The JSON Schema of each check in `bot.schema` (what a schema can say of it).
FRAGMENTS: dict[schema.Check, dict[str, Any]] = {
    schema._text: TEXT,
    schema._texts: {"type": "array", "items": TEXT},
    schema._date: DATE,
    schema._bool: {"type": "boolean"},
    schema._ident: ID,
    schema._idents: {"type": "array", "items": ID},
    schema._category: {"enum": list(schema.CATEGORIES)},
    schema._audience: {"type": "array", "minItems": 1, "items": {"enum": list(ROLES)}},
    schema._answer: {
        **TEXT,
        "description": f"at most {schema.MAX_ANSWER_WORDS} words; more goes in `detail`",
    },
    schema._questions: {"type": "array", "minItems": schema.MIN_QUESTIONS, "items": TEXT},
    schema._source: SOURCE,
    schema._sources: {"type": "array", "minItems": 1, "items": SOURCE},
    schema._url: URL,
    schema._phone: {"type": "string", "pattern": r"^[0-9 ]{3,15}$"},
    schema._email: {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"},
    schema._mapping: {"type": "object"},
    schema._list: {"type": "array"},
    schema._verification: {
        "oneOf": [
            {"const": schema.NOT_VERIFIED},
            {
                "type": "object",
                "required": ["page", "read"],
                "additionalProperties": False,
                "properties": {"page": URL, "read": DATE},
            },
        ]
    },
    schema._status: {"enum": list(schema.STATUSES)},
    schema._placeholder: {
        "oneOf": [{"type": "boolean"}, {**TEXT, "description": "why there is no contact yet"}]
    },
    schema._role: {**TEXT, "description": "a role, never a person's name"},
    schema._checked: {"oneOf": [DATE, {"const": schema.NOT_VERIFIED}]},
}


def record(spec: Mapping[str, tuple[schema.Check, bool]], **nested: Any) -> dict[str, Any]:
    """An object schema from one of `bot.schema`'s declarations; `nested` refines fields
    that the declaration checks only as a list or mapping (their items are checked there)."""
    return {
        "type": "object",
        "required": [k for k, (_, required) in spec.items() if required],
        "additionalProperties": False,
        "properties": {k: nested.get(k, FRAGMENTS[check]) for k, (check, _) in spec.items()},
    }


def _corpus(fields: Mapping[str, type], optional: Mapping[str, type], **refine: Any) -> Any:
    kinds = {str: TEXT, bool: {"type": "boolean"}}
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": list(fields),
            "additionalProperties": False,
            "properties": {k: refine.get(k, kinds[v]) for k, v in {**fields, **optional}.items()},
        },
    }


RULE = {
    "type": "object",
    "required": list(RULE_FIELDS[:2]),
    "additionalProperties": False,
    "properties": {
        "id": TEXT,
        "patterns": {"type": "array", "minItems": 1, "items": TEXT},
        "examples": {"type": "array", "items": TEXT},
        "note": TEXT,
    },
}
WORD_MAP = {"type": "object", "additionalProperties": TEXT}


def _rules(groups: tuple[str, ...], settings: Mapping[str, Any]) -> dict[str, Any]:
    """A rule file (urgency.yaml, scope.yaml): its groups of rules and its settings."""
    group = {"type": "array", "minItems": 1, "items": RULE}
    return {
        "type": "object",
        "required": list(groups),
        "additionalProperties": False,
        "properties": {**{g: group for g in groups}, **settings},
    }


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for each kind of knowledge file a curator edits."""
    contact = record(schema.CONTACT)
    found = {
        "topics": {"type": "array", "items": record(schema.TOPIC)},
        "contacts": {
            "type": "object",
            "required": ["contacts"],
            "additionalProperties": False,
            "properties": {"contacts": {"type": "array", "items": contact}},
        },
        "pack": record(
            schema.PACK,
            contacts={"type": "array", "items": contact},
            areas={"type": "array", "items": record(schema.AREA)},
            local={"type": "object", "additionalProperties": record(schema.LOCAL)},
        ),
        "sources": {
            "type": "object",
            "required": ["documents"],
            "additionalProperties": False,
            "properties": {
                "documents": {"type": "object", "additionalProperties": record(schema.DOCUMENT)}
            },
        },
        "links": {
            "type": "object",
            "required": ["links"],
            "additionalProperties": False,
            "properties": {"links": {"type": "array", "items": record(schema.LINK)}},
        },
        "urgency-rules": _rules(URGENCY_GROUPS, {s: WORD_MAP for s in URGENCY_SETTINGS}),
        "scope": _rules(
            SCOPE_GROUPS,
            dict(zip(SCOPE_SETTINGS, (ID, {"type": "array", "items": ID}), strict=True)),
        ),
        "synonyms": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "spelling": WORD_MAP,
                "synonyms": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": TEXT},
                },
                "stopwords": {"type": "array", "items": TEXT},
            },
        },
        "topic-corpus": _corpus(REQUIRED, OPTIONAL, style={"enum": list(STYLES)}),
        "urgency-corpus": _corpus(URGENCY_FIELDS, {}),
    }
    return {
        f"{name}.schema.json": {"$schema": DRAFT, "$id": f"{BASE}{name}.schema.json", **body}
        for name, body in found.items()
    }


# Which files each schema is for (relative to the repository), for editors' settings.
FILES = {
    "topics.schema.json": ["knowledge/core/*.yaml", "knowledge/councils/*/topics.yaml"],
    "contacts.schema.json": ["knowledge/contacts.yaml"],
    "pack.schema.json": ["knowledge/councils/*/pack.yaml"],
    "sources.schema.json": ["knowledge/sources.yaml"],
    "links.schema.json": ["knowledge/links.yaml"],
    "urgency-rules.schema.json": ["knowledge/urgency.yaml"],
    "scope.schema.json": ["knowledge/scope.yaml"],
    "synonyms.schema.json": ["knowledge/synonyms.yaml"],
    "topic-corpus.schema.json": ["knowledge/training/*.yaml"],
    "urgency-corpus.schema.json": ["knowledge/urgency/corpus/*.yaml"],
}


def rendered(body: Mapping[str, Any]) -> str:
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
