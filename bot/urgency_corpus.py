"""The labelled urgency corpus: messages written by independent authors, each labelled
`urgent` or not, with a short `reason` and the `author` who wrote it.

It lives in `knowledge/urgency/corpus/*.yaml` so a curator can read and extend it, and the
model trained on it (`knowledge/urgency/model.json`) records this corpus's hash, so a model
that no longer matches its corpus (or the rules whose slots it reads) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import Problem
from bot.topic_corpus import files_hash, read_phrasings, training_files
from bot.yamlfile import corpus_message, list_items

CORPUS_DIR = Path("urgency") / "corpus"
MODEL_FILE = Path("urgency") / "model.json"
FIELDS = {"text": str, "urgent": bool, "reason": str, "author": str}
# Bumped whenever the features or the training method change, so old models read as stale.
METHOD_VERSION = "urgency-lr-6"


@dataclass(frozen=True)
class Example:
    text: str
    urgent: bool
    reason: str
    author: str
    file: str
    line: int


def corpus_files(root: Path) -> list[Path]:
    return sorted((root / CORPUS_DIR).glob("*.yaml"))


def corpus_hash(root: Path) -> str:
    """The hash a model must carry: its corpus, the topic corpus (read as calm examples),
    the rules (their slots are features) and the method version."""
    paths = [root / "urgency.yaml", *corpus_files(root), *training_files(root)]
    return files_hash(root, paths, METHOD_VERSION)


def calm_examples(root: Path) -> tuple[list[Example], list[Problem]]:
    """The topic corpus's messages as calm examples: by its authors' brief none describes a
    child in danger now, and they add everyday questions from many more voices (without
    them a pothole report scored as an emergency: the urgency corpus is all about CSE)."""
    phrasings, problems = read_phrasings(root)
    calm = [
        Example(p.text, False, f"topic corpus: {p.topic}", p.author, p.file, p.line)
        for p in phrasings
    ]
    return calm, problems


def read_corpus(root: Path) -> tuple[list[Example], list[Problem]]:
    """Every labelled message, or problems naming file, line and field."""
    examples: list[Example] = []
    problems: list[Problem] = []
    for item, shown, line in list_items(corpus_files(root), root, problems):
        example = _example(item, shown, line, problems)
        if example is not None:
            examples.append(example)
    if not examples and not problems and corpus_files(root):
        problems.append(Problem(CORPUS_DIR.as_posix(), 1, "messages", "the corpus is empty"))
    return examples, problems


def _example(item: Any, shown: str, line: int, problems: list[Problem]) -> Example | None:
    item = corpus_message(item, shown, line, list(FIELDS), problems)
    if item is None:
        return None
    for key, kind in FIELDS.items():
        value = item.get(key)
        if not isinstance(value, kind) or (kind is str and not str(value).strip()):
            what = "true or false" if kind is bool else "non-empty text"
            problems.append(Problem(shown, item.line_of(key), key, f"must be {what}"))
            return None
    return Example(item["text"], item["urgent"], item["reason"], item["author"], shown, line)
