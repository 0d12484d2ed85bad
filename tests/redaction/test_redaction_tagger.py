"""The redaction tagger: its corpus's schema, reproducible training, stale or broken taggers
refused by `pathways check`, and what it may never take out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.knowledge import load_knowledge
from bot.redact import redact
from bot.redact_corpus import CORPUS_DIR, TAGGER_FILE, WORD_LISTS, read_corpus
from bot.redact_tagger import take_out
from tests.conftest import append_line, train, write_corpus

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"

# A tiny corpus of our own, for exercising `pathways train` quickly; the shipped corpus is
# written by independent authors (knowledge/redaction/corpus/).
MESSAGES = [
    ("my friend kasia is going to parties with older men", ["kasia"]),
    ("a man called tiny gives the girls lifts", ["tiny"]),
    ("her sister bea says the lads pay for her phone", ["bea"]),
    ("the flat above the bakery on Moss Street is where they go", ["bakery", "Moss Street"]),
    ("Mr Okafor rang about his niece", ["Okafor"]),
    ("what training do councillors need", []),
    ("a lad they call smudge hangs round the school gates", ["smudge"]),
    ("is there a number for the police team", []),
]


def _corpus(root: Path) -> None:
    (root / "redaction").mkdir(exist_ok=True)
    for name in WORD_LISTS:
        shutil.copy(SHIPPED / "redaction" / name, root / "redaction" / name)
    write_corpus(
        root / CORPUS_DIR,
        {
            author: [
                {"text": text, "personal": personal, "kinds": ["name"] if personal else []}
                for text, personal in MESSAGES[start : start + 4]
            ]
            for author, start in (("first", 0), ("second", 4))
        },
    )


@pytest.fixture()
def tagged(mini: Path, runner) -> Path:
    _corpus(mini)
    train(runner, mini)
    return mini


def test_the_shipped_corpus_is_big_and_by_several_authors() -> None:
    messages, problems = read_corpus(SHIPPED)
    assert problems == []
    assert len(messages) >= 2000
    assert len({m.author for m in messages}) >= 10


def test_the_shipped_tagger_is_fresh_and_records_its_validation() -> None:
    _, problems = load_knowledge(SHIPPED)
    assert not [p for p in problems if p.file.endswith("tagger.npz")]
    with np.load(SHIPPED / TAGGER_FILE, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
    figures = meta["cross_author"]
    assert len(figures["authors"]) >= 10
    # across authors, the tagger and the rules together leak in fewer messages than the rules
    assert figures["with_tagger"]["leaking"] < figures["rules_alone"]["leaking"]
    assert figures["with_tagger"]["kept"] >= 0.90
    assert figures["by_threshold"][str(meta["threshold"])]["clean_taken"] <= 0.01


def test_training_twice_gives_the_same_tagger(tagged: Path, runner) -> None:
    first = (tagged / TAGGER_FILE).read_bytes()
    train(runner, tagged)
    assert (tagged / TAGGER_FILE).read_bytes() == first


def test_a_stale_tagger_fails_check(tagged: Path, runner) -> None:
    from adapters.cli import main

    assert runner.invoke(main, ["check", "--knowledge", str(tagged)]).exit_code == 0
    with (tagged / CORPUS_DIR / "first.yaml").open("a") as f:
        f.write('- {text: "ask for jo at reception", personal: ["jo"], kinds: [name]}\n')
    result = runner.invoke(main, ["check", "--knowledge", str(tagged)])
    assert result.exit_code == 1
    assert "redaction/tagger.npz:1: model: stale" in result.output


def test_a_missing_tagger_fails_check(tagged: Path, runner) -> None:
    from adapters.cli import main

    (tagged / TAGGER_FILE).unlink()
    result = runner.invoke(main, ["check", "--knowledge", str(tagged)])
    assert result.exit_code == 1
    assert "tagger.npz:1: model: no trained redaction tagger: run `pathways train`" in (
        result.output
    )


def test_a_corrupt_tagger_is_a_clear_error_not_a_traceback(tagged: Path, runner) -> None:
    from adapters.cli import main

    (tagged / TAGGER_FILE).write_bytes(b"not a zip")
    result = runner.invoke(main, ["check", "--knowledge", str(tagged)])
    assert result.exit_code == 1
    assert "tagger.npz:1: model: unreadable tagger" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('- {text: "ring bob", personal: ["rob"], kinds: [name]}', "personal"),
        ('- {text: "ring bob", personal: "bob", kinds: [name]}', "personal"),
        ('- {text: "ring bob", personal: ["bob"], kinds: [nickname]}', "kinds"),
        ('- {text: "", personal: [], kinds: []}', "text"),
        ('- {text: "ring bob", personal: ["bob"], kinds: [name], who: me}', "who"),
    ],
)
def test_a_bad_corpus_entry_names_file_line_and_field(
    tagged: Path, runner, line: str, field: str
) -> None:
    from adapters.cli import main

    path = tagged / CORPUS_DIR / "second.yaml"
    added = append_line(path, line)
    result = runner.invoke(main, ["check", "--knowledge", str(tagged)])
    assert result.exit_code == 1
    assert f"redaction/corpus/second.yaml:{added}: {field}:" in result.output
    again = runner.invoke(main, ["train", "--only", "redaction", "--knowledge", str(tagged)])
    assert again.exit_code == 1 and f"second.yaml:{added}: {field}:" in again.output


def test_the_tagger_never_rewrites_a_placeholder_or_a_number() -> None:
    assert take_out("[name] said [detail] is at [address]", {"name", "detail", "address"}) == (
        "[name] said [detail] is at [address]"
    )
    taken = take_out("summer and Summer's mum", {"summer", "summer's"})
    assert taken == "[detail] and [detail] mum"
    # numbers are the rules' to judge: "two of them", "999" and the section stay
    kept = "Two of them rang 999 about section 47 on Sunday."
    assert redact(kept) == kept
