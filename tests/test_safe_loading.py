"""A hostile or broken knowledge folder is refused with file:line, never a hang, a traceback or
gigabytes of memory: alias bombs, links out of the folder, loops, dangling links, directories
and FIFOs named *.yaml, oversized files and patterns that backtrack catastrophically."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml

from bot import Assistant, KnowledgeError
from bot.regex_check import backtracking_risk
from bot.safefiles import MAX_FILE_BYTES
from bot.yamlfile import MAX_NODES
from tests.conftest import edit

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def problems_of(root: Path) -> list[str]:
    """Load in a thread, so a regression that hangs fails here instead of stalling the run."""
    found: list[str] = []

    def load() -> None:
        try:
            Assistant.load(root, council="testshire")
        except KnowledgeError as error:
            found.extend(str(p) for p in error.problems)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(120)  # a guard against hanging for ever, not a speed check
    assert not worker.is_alive(), "loading the knowledge hung"
    assert found, "the knowledge loaded although it should not have"
    return found


def one(problems: list[str], text: str) -> str:
    matching = [p for p in problems if text in p]
    assert matching, f"{text!r} not in {problems}"
    return matching[0]


def test_an_alias_bomb_is_refused_with_its_line(mini: Path) -> None:
    (mini / "core" / "bomb.yaml").write_text(BOMB)
    problem = one(problems_of(mini), "aliases expand to more than")
    assert problem.startswith("knowledge/core/bomb.yaml:")
    assert int(problem.split(":")[1]) > 1  # the line where it blows up, not just the file


def test_an_alias_inside_its_own_anchor_is_refused(mini: Path) -> None:
    (mini / "core" / "loop.yaml").write_text("- &a [1, *a]\n")
    one(problems_of(mini), "knowledge/core/loop.yaml:1: yaml:")


def test_ordinary_aliases_still_load(mini: Path) -> None:
    topics = mini / "core" / "topics.yaml"
    edit(topics, "  owner: Test team\n", "  owner: &team Test team\n")
    edit(topics, "  owner: Test team\n", "  owner: *team\n")
    Assistant.load(mini, council="testshire")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, outside: p.symlink_to(outside), "a symbolic link to outside the knowledge"),
        (lambda p, outside: p.symlink_to(p.name), "a symbolic link loop"),
        (lambda p, outside: p.symlink_to("nowhere.yaml"), "a symbolic link to nothing"),
        (lambda p, outside: p.mkdir(), "not a regular file (a directory)"),
        (lambda p, outside: os.mkfifo(p), "not a regular file (a FIFO"),
    ],
    ids=["escape", "loop", "dangling", "directory", "fifo"],
)
def test_only_regular_files_inside_the_folder_are_read(
    mini: Path, tmp_path: Path, make, message: str
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("password: hunter2\n")
    make(mini / "core" / "odd.yaml", outside)
    problem = one(problems_of(mini), message)
    assert problem.startswith("knowledge/core/odd.yaml:1: file: ")
    assert "hunter2" not in problem


def test_a_link_within_the_folder_is_fine(mini: Path) -> None:
    (mini / "kept").mkdir()
    (mini / "core" / "topics.yaml").rename(mini / "kept" / "topics.yaml")
    (mini / "core" / "topics.yaml").symlink_to(mini / "kept" / "topics.yaml")
    Assistant.load(mini, council="testshire")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(mini: Path) -> None:
    with (mini / "core" / "huge.yaml").open("w") as out:
        out.write("- " + "x" * (MAX_FILE_BYTES + 1) + "\n")
    problem = one(problems_of(mini), "over the limit of 1,048,576 bytes a file")
    assert problem.startswith("knowledge/core/huge.yaml:1: file: ")


def test_the_limits_leave_room_for_every_shipped_file() -> None:
    shipped = Path(__file__).resolve().parents[1] / "knowledge"
    largest = max(p.stat().st_size for p in shipped.rglob("*.yaml"))
    assert largest * 10 < MAX_FILE_BYTES
    assert MAX_NODES >= 10 * 4_621  # places/uk-areas.yaml's node count, with room to grow


@pytest.mark.parametrize("file", ["urgency.yaml", "scope.yaml"])
def test_a_catastrophic_pattern_is_refused_with_its_line(mini: Path, file: str) -> None:
    text = (mini / file).read_text()
    start = text.index("    patterns:\n      - ") + len("    patterns:\n      - ")
    old = text[start : text.index("\n", start)]
    line = edit(mini / file, old, "'(\\w+\\s?)*$'")
    problem = one(problems_of(mini), "can take exponential time")
    assert problem.startswith(f"knowledge/{file}:{line}: patterns: ")


@pytest.mark.parametrize(
    "pattern", [r"(a+)+b", r"(a|ab)*c", r"(\w+\s?)*$", r"(a*)*", r"(x+x+)+y", r"(.*a){12}"]
)
def test_patterns_that_backtrack_exponentially_are_found(pattern: str) -> None:
    assert backtracking_risk(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\w+ ){1,6}mean",
        r"(\w+ )+x",
        r"\b(being|getting) (\w+ )?(hurt)\b.{0,40}\bnow\b",
        r"(?:ab|cd)+",
        r"(?>a+)+",
        r"a++b",
        r"(\d+\.)+x",
        r"(?<!not )\bin danger\b",
    ],
)
def test_safe_patterns_pass(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_shipped_pattern_passes() -> None:
    shipped = Path(__file__).resolve().parents[1] / "knowledge"
    patterns = [
        pattern
        for name in ("urgency.yaml", "scope.yaml")
        for group in yaml.safe_load((shipped / name).read_text()).values()
        if isinstance(group, list)
        for rule in group
        if isinstance(rule, dict)  # (scope.yaml also lists topic ids)
        for pattern in rule.get("patterns", [])
    ]
    assert len(patterns) > 100
    assert [p for p in patterns if backtracking_risk(p)] == []
