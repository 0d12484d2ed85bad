"""Shared fixtures: the shipped assistant, a CLI runner, a writable copy of test knowledge."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import Assistant

# Nothing a test asks is recorded in the project's data folder: tests of the store turn it on
# with a database of their own (tests/store/conftest.py).
os.environ["PATHWAYS_STORE"] = "off"

TESTS = Path(__file__).resolve().parent
MINI_KNOWLEDGE = TESTS / "knowledge"
DEV_EVAL = TESTS.parent.parent / "shared" / "eval" / "dev.yaml"


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()


# Vague messages for the surfaces' "did you mean" tests: one the shipped ranker is unsure of in
# every council (under its threshold, closest topics offered). Which one depends on the trained
# model, so the first that qualifies is used; a retrain that leaves none fails `unclear`.
UNCLEAR = (
    "what and young?",
    "young form",
    "what young",
    "about the young ones",
    "help and young?",
    "form or young",
    "police or team",
    "young people stuff",
    "a young lad",
    "young and form?",
    "form and police?",
    "about the young lot",
)


@pytest.fixture(scope="session")
def unclear(assistant: Assistant) -> str:
    for question in UNCLEAR:
        replies = [assistant.ask(question, council=c) for c in assistant.knowledge.packs]
        if all(
            r.fallback and r.scope_id is None and len(r.suggestions) >= 2 and not r.urgent
            for r in replies
        ):
            return question
    pytest.fail("no message in tests/conftest.py UNCLEAR is unclear to this model: add one")


@pytest.fixture(scope="session")
def mini_assistant() -> Assistant:
    """The small test knowledge, for tests of the service around the engine, not its answers."""
    return Assistant.load(MINI_KNOWLEDGE, council="testshire")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    """A private copy of tests/knowledge that a test may break."""
    target = tmp_path / "knowledge"
    shutil.copytree(MINI_KNOWLEDGE, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace text once in a knowledge file; returns the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.fixture()
def chat_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """The environment without any Slack or Teams setting from the developer's shell, and a
    delivery log of this test's own."""
    from adapters import slack, teams

    for setting in (*slack.SETTINGS, *teams.SETTINGS):
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.setenv("SLACK_DELIVERIES_DB", str(tmp_path / "slack-deliveries.sqlite3"))
    return monkeypatch


def write_corpus(folder: Path, files: dict[str, list[dict[str, object]]]) -> None:
    """A small corpus of our own: one YAML list per author's file."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for name, items in files.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(items, sort_keys=False))


def append_line(path: Path, line: str) -> int:
    """Add one line to the end of a corpus file; returns its 1-based line number."""
    number = path.read_text().count("\n") + 1
    with path.open("a") as f:
        f.write(line + "\n")
    return number


def train(runner: CliRunner, root: Path) -> str:
    """`pathways train --knowledge root`, which must succeed; its output."""
    from adapters.cli import main

    result = runner.invoke(main, ["train", "--knowledge", str(root)])
    assert result.exit_code == 0, result.output
    return result.output
