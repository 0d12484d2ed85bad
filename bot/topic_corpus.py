"""The topic corpus: how real people ask, written by independent authors, each message
labelled with the topic that should answer it (or an out-of-field class).

It lives in `knowledge/training/*.yaml`, apart from the knowledge's own `questions`, so the
knowledge stays short and reviewable while the learned parts see thousands of phrasings. By
its authors' brief no message describes a child in danger now, so the urgency model also
reads these messages as calm examples from many more voices.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import Problem
from bot.safefiles import UnsafeFile, read_bytes
from bot.yamlfile import corpus_message, list_items, read_yaml

TRAINING_DIR = Path("training")
TOPIC_MODEL_FILE = TRAINING_DIR / "model.npz"
# Bumped whenever the ranker's features or training change, so old models read as stale.
TOPIC_METHOD = "topics-lr-7"  # 7: a long story's question sentence read alone too (bot.focus)
OUT_OF_FIELD = "out-of-field"  # a class of its own: not CSE, and no out-of-scope entry fits
STYLES = ("keywords", "question", "story")
REQUIRED = {"text": str, "topic": str, "style": str, "author": str}
OPTIONAL = {"council": str}


@dataclass(frozen=True)
class Phrasing:
    text: str
    topic: str
    style: str
    author: str
    council: str | None
    file: str
    line: int


def training_files(root: Path) -> list[Path]:
    return sorted((root / TRAINING_DIR).glob("*.yaml"))


def files_hash(root: Path, paths: list[Path], seed: str) -> str:
    digest = hashlib.sha256(seed.encode())
    for path in paths:
        try:
            data = read_bytes(path, root)
        except UnsafeFile:  # missing, or reported by the loader
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(data)
    return digest.hexdigest()[:16]


# The parts of a topic or pack the ranker learns from or matches against. An edit to an answer,
# a contact or a date leaves the model fresh; a new question, title or place does not.
MATCHED_TOPIC_FIELDS = ("id", "title", "category", "questions", "keywords", "audience", "aliases")
MATCHED_PACK_FIELDS = ("council", "areas", "routing_topics", "not_places")


def topic_hash(root: Path) -> str:
    """What the ranker depends on: the topic corpus, the lexicon and places, and the matched
    fields of each topic and pack (unreadable files count whole, so they still change it)."""
    paths = [root / "synonyms.yaml", root / "places" / "uk-areas.yaml", *training_files(root)]
    digest = hashlib.sha256(files_hash(root, paths, TOPIC_METHOD).encode())
    for path in sorted((root / "core").glob("*.yaml")) + sorted(root.glob("councils/*/*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(_matched_parts(path, root))
    return digest.hexdigest()[:16]


def _matched_parts(path: Path, root: Path) -> bytes:
    try:
        raw = read_bytes(path, root)
    except UnsafeFile:  # reported by the loader
        return b""
    data, problems = read_yaml(path, path.name, root)  # aliases bounded as everywhere
    if data is None:
        return raw
    records = data if isinstance(data, list) else [data]
    keep = [
        {k: r.get(k) for k in (*MATCHED_TOPIC_FIELDS, *MATCHED_PACK_FIELDS) if k in r}
        for r in records
        if isinstance(r, dict)
    ]
    return json.dumps(keep, sort_keys=True, default=str).encode()


def read_phrasings(
    root: Path, topics: set[str] | None = None, councils: set[str] | None = None
) -> tuple[list[Phrasing], list[Problem]]:
    """Every labelled phrasing, or problems naming file, line and field. With `topics`
    (and `councils`), labels are checked against the knowledge."""
    found: list[Phrasing] = []
    problems: list[Problem] = []
    for item, shown, line in list_items(training_files(root), root, problems):
        phrasing = _phrasing(item, shown, line, problems)
        if phrasing is None:
            continue
        if topics is not None and phrasing.topic not in topics | {OUT_OF_FIELD}:
            what = f"unknown topic {phrasing.topic!r}"
            problems.append(Problem(shown, item.line_of("topic"), "topic", what))
        elif councils is not None and phrasing.council not in councils | {None}:
            what = f"unknown council {phrasing.council!r}"
            problems.append(Problem(shown, item.line_of("council"), "council", what))
        else:
            found.append(phrasing)
    return found, problems


def _phrasing(item: Any, shown: str, line: int, problems: list[Problem]) -> Phrasing | None:
    item = corpus_message(item, shown, line, [*REQUIRED, *OPTIONAL], problems)
    if item is None:
        return None
    for key in REQUIRED:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, item.line_of(key), key, "must be non-empty text"))
            return None
    if item["style"] not in STYLES:
        line = item.line_of("style")
        problems.append(Problem(shown, line, "style", f"must be one of {', '.join(STYLES)}"))
        return None
    council = item.get("council")
    if council is not None and not isinstance(council, str):
        problems.append(Problem(shown, item.line_of("council"), "council", "must be a council id"))
        return None
    return Phrasing(
        item["text"], item["topic"], item["style"], item["author"], council, shown, line
    )
