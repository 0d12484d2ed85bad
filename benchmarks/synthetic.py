"""Grow a real knowledge base N times by copying every topic with its wording varied.

Scaling claims mean little on a knowledge base of random strings: the engine's work depends
on how many topics share the query's words. So each copy keeps its original's vocabulary
but varies it the way people do (synonyms, a swapped word order, typos, a reshuffled list
of questions), and the copies are written as real YAML so that they go through the real
loader and validator, exactly as a council's larger knowledge base would.

Usage: python -m benchmarks.synthetic FACTOR OUT_DIR [--knowledge DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.assistant import SHIPPED_KNOWLEDGE
from bot.normalise import clean

COPY_MARK = "-x"  # copy k of topic "report-a-concern" is "report-a-concern-x{k}"
LOCAL_STEP = "{local}"  # a copy never asks a pack for local steps: packs only fill originals
SYNONYMS = {
    "child": ["kid", "young person", "youngster"],
    "children": ["kids", "young people"],
    "girl": ["teenage girl", "young woman"],
    "boy": ["lad", "young man"],
    "report": ["flag", "raise", "pass on"],
    "worried": ["concerned", "anxious"],
    "police": ["cops", "the police"],
    "help": ["support", "assist"],
    "council": ["local authority", "the council"],
    "tell": ["inform", "let know"],
    "contact": ["reach", "get hold of"],
    "someone": ["somebody", "a person"],
    "what": ["which"],
    "signs": ["indicators", "warning signs"],
    "happens": ["goes on", "occurs"],
    "do": ["should"],
    "my": ["our"],
    "i": ["we"],
    "about": ["regarding", "concerning"],
    "need": ["have"],
    "abuse": ["harm", "mistreatment"],
    "training": ["course", "learning"],
    "ward": ["area", "patch"],
}
_WORD = re.compile(r"[A-Za-z']+")


def multiply(source: Path, target: Path, factor: int, seed: int = 5) -> int:
    """Write `factor` times the topics of `source` to `target`; returns the topic count."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    rng = random.Random(seed)
    seen: set[str] = set()
    files = sorted(target.glob("core/*.yaml")) + sorted(target.glob("councils/*/*.yaml"))
    topic_files = [p for p in files if p.name != "pack.yaml"]
    originals = {
        p: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in topic_files
    }
    for topics in originals.values():
        for topic in topics or []:
            seen.update(clean(q) for q in topic["questions"])
    total = 0
    for path, topics in originals.items():
        topics = topics or []
        total += len(topics) * factor
        if factor == 1:
            continue
        for k in range(1, factor):
            # One file per round of copies: each stays the size of its original, well under
            # the loader's limit a file (100 rounds in one file passed 1 MB).
            copies = [_copy(t, k, rng, seen) for t in topics]
            out = path.with_name(f"{path.stem}-synthetic-{k:03d}.yaml")
            text = yaml.dump(copies, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
            out.write_text(text, encoding="utf-8")
    return total


def _copy(topic: dict[str, Any], k: int, rng: random.Random, seen: set[str]) -> dict[str, Any]:
    """One varied copy: new id, varied title, questions and keywords; same answer."""
    copy = dict(topic)
    copy["id"] = f"{topic['id']}{COPY_MARK}{k}"
    copy["title"] = vary(topic["title"], rng)
    copy["urgent"] = False  # only one 999 topic: the urgency detector's answer
    copy.pop("aliases", None)  # an old id names one topic: the original keeps it
    questions = [_unique(vary(q, rng), rng, seen) for q in topic["questions"]]
    rng.shuffle(questions)
    copy["questions"] = questions
    if topic.get("keywords"):
        keywords = [str(w) for w in topic["keywords"]]
        copy["keywords"] = rng.sample(keywords, max(1, len(keywords) * 3 // 4))
    if topic.get("steps"):
        copy["steps"] = [s for s in topic["steps"] if s.strip() != LOCAL_STEP] or ["See above."]
    return copy


def vary(text: str, rng: random.Random) -> str:
    """One or two of: a synonym, two neighbouring words swapped, a typo."""
    words = text.split()
    for _ in range(rng.randint(1, 2)):
        operation = rng.choice((_synonym, _swap, _typo))
        words = operation(words, rng)
    return " ".join(words)


def _synonym(words: list[str], rng: random.Random) -> list[str]:
    spots = [i for i, w in enumerate(words) if w.lower() in SYNONYMS]
    if not spots:
        return _typo(words, rng)
    i = rng.choice(spots)
    return words[:i] + [rng.choice(SYNONYMS[words[i].lower()])] + words[i + 1 :]


def _swap(words: list[str], rng: random.Random) -> list[str]:
    if len(words) < 3:
        return words
    i = rng.randrange(len(words) - 1)
    return words[:i] + [words[i + 1], words[i]] + words[i + 2 :]


def _typo(words: list[str], rng: random.Random) -> list[str]:
    spots = [i for i, w in enumerate(words) if len(w) >= 5 and _WORD.fullmatch(w)]
    if not spots:
        return words
    i = rng.choice(spots)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "transpose"))
    if kind == "drop":
        word = word[:j] + word[j + 1 :]
    elif kind == "double":
        word = word[:j] + word[j] + word[j:]
    else:
        word = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
    return words[:i] + [word] + words[i + 1 :]


def _unique(question: str, rng: random.Random, seen: set[str]) -> str:
    """The validator rejects a question asked twice; make each copy's wording its own."""
    fillers = ("please", "exactly", "again", "now", "quickly", "here", "today", "though")
    while clean(question) in seen:
        question = f"{question} {rng.choice(fillers)}"
    seen.add(clean(question))
    return question


def original_id(topic_id: str) -> str:
    """The topic a copy was made from (itself for an original)."""
    head, mark, tail = topic_id.rpartition(COPY_MARK)
    return head if mark and tail.isdigit() else topic_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--knowledge", type=Path, default=SHIPPED_KNOWLEDGE)
    args = parser.parse_args()
    total = multiply(args.knowledge, args.out, args.factor)
    print(f"{total} topics written to {args.out}")


if __name__ == "__main__":
    main()
