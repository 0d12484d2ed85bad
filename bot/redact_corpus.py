"""The redaction corpus: realistic messages full of personal details, each with the exact
substrings that are personal, written by independent authors (one file each) who saw neither
the redactor nor each other's messages.

It lives in `knowledge/redaction/corpus/*.yaml` so a curator can read and extend it. The
rules were built against it and the tagger (`bot.redact_tagger`) learns from it; the tagger
records this corpus's hash (with the word lists its features read), so a tagger that no
longer matches is refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import Problem
from bot.topic_corpus import files_hash, training_files
from bot.yamlfile import corpus_message, list_items

CORPUS_DIR = Path("redaction") / "corpus"
TAGGER_FILE = Path("redaction") / "tagger.npz"
WORD_LISTS = ("english-words.txt", "names.txt", "not-names.txt")  # read by the features
KINDS = frozenset("name phone email address postcode dob age school vehicle handle".split())
# Bumped whenever the tagger's features or training change, so old taggers read as stale.
METHOD_VERSION = "redaction-tagger-2"  # 2: a web address is one "<link>" feature


@dataclass(frozen=True)
class Labelled:
    text: str
    personal: tuple[str, ...]
    kinds: tuple[str, ...]
    author: str  # the file's name: one author per file
    file: str
    line: int


def corpus_files(root: Path) -> list[Path]:
    return sorted((root / CORPUS_DIR).glob("*.yaml"))


def redaction_hash(root: Path) -> str:
    """What the tagger depends on: its corpus, the word lists, the topic corpus (its
    threshold must leave those questions whole) and the method version."""
    lists = [root / "redaction" / name for name in WORD_LISTS]
    paths = [*corpus_files(root), *lists, *training_files(root)]
    return files_hash(root, paths, METHOD_VERSION)


def read_corpus(root: Path) -> tuple[list[Labelled], list[Problem]]:
    """Every labelled message, or problems naming file, line and field."""
    found: list[Labelled] = []
    problems: list[Problem] = []
    for item, shown, line in list_items(corpus_files(root), root, problems):
        message = _message(item, shown, line, problems)
        if message is not None:
            found.append(message)
    return found, problems


def _message(item: Any, shown: str, line: int, problems: list[Problem]) -> Labelled | None:
    item = corpus_message(item, shown, line, ["text", "personal", "kinds"], problems)
    if item is None:
        return None
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(shown, item.line_of("text"), "text", "must be non-empty text"))
        return None
    personal, kinds = item.get("personal"), item.get("kinds")
    if not isinstance(personal, list) or not all(isinstance(p, str) and p for p in personal):
        what = "must be a list of the message's personal substrings"
        problems.append(Problem(shown, item.line_of("personal"), "personal", what))
        return None
    missing = [p for p in personal if p not in text]
    if missing:
        what = f"{missing[0]!r} is not in the text (copy it exactly)"
        problems.append(Problem(shown, item.line_of("personal"), "personal", what))
        return None
    if not isinstance(kinds, list) or not all(k in KINDS for k in kinds):
        what = f"must be a list of kinds ({', '.join(sorted(KINDS))})"
        problems.append(Problem(shown, item.line_of("kinds"), "kinds", what))
        return None
    author = Path(shown).stem
    return Labelled(text, tuple(personal), tuple(kinds), author, shown, line)
