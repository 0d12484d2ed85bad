"""Every kind of knowledge mistake is rejected with its file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from adapters.cli import main
from bot import Assistant, KnowledgeError
from tests.conftest import edit

TOPICS = "core/topics.yaml"
PACK = "councils/testshire/pack.yaml"


def load_error(root: Path) -> KnowledgeError:
    with pytest.raises(KnowledgeError) as caught:
        Assistant.load(root, council="testshire")
    return caught.value


def test_the_mini_knowledge_loads(mini: Path) -> None:
    assistant = Assistant.load(mini, council="testshire")
    assert assistant.ask("lado meaning").topic_id == "term-lado"


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "message"),
    [
        (
            TOPICS,
            "  title: What LADO means\n",
            "  title: [What LADO means\n",
            "yaml",
            "invalid YAML",
        ),
        (TOPICS, "  title: What LADO means\n", "", "title", "missing required field"),
        (
            TOPICS,
            "  category: glossary\n",
            "  category: glossary\n  colour: blue\n",
            "colour",
            "unknown field",
        ),
        (TOPICS, "  category: glossary\n", "  category: glosary\n", "category", "must be one of"),
        (
            TOPICS,
            "  owner: Test team\n  reviewed: 2026-01-10\n  review_by: 2099-01-10\n- id: term-lado",
            "  owner: Test team\n  reviewed: 10/01/2026\n  review_by: 2099-01-10\n- id: term-lado",
            "reviewed",
            "must be a date",
        ),
        (TOPICS, "- id: term-lado", "- id: report-a-concern", "id", "duplicate topic id"),
        (TOPICS, "- id: term-lado", "- id: Term_LADO", "id", "lowercase-kebab"),
        (
            TOPICS,
            "  related: [emergency-999]",
            "  related: [no-such-topic]",
            "related",
            "unknown topic 'no-such-topic'",
        ),
        (
            TOPICS,
            "  contacts: [police-101]",
            "  contacts: [made-up-line]",
            "contacts",
            "unknown contact 'made-up-line'",
        ),
        (
            TOPICS,
            "    - explain lado\n",
            "    - cse referral\n",
            "questions",
            "also appears in 'report-a-concern'",
        ),
        (TOPICS, "    - what does lado stand for\n", "", "questions", "at least 6"),
        (
            TOPICS,
            "  answer: LADO means Local Authority Designated Officer.",
            "  answer: " + "word " * 121,
            "answer",
            "keep it to 120",
        ),
        (
            TOPICS,
            "  answer: LADO means Local Authority Designated Officer.",
            "  answer: Ring the LADO on 01234 567890.",
            "answer",
            "phone number 01234 567890 is not in any contacts",
        ),
        (
            TOPICS,
            "  sources: [002_b39880f1ed7f1913.txt]\n  owner: Test team\n  reviewed: 2026-01-10\n"
            "  review_by: 2099-01-10\n- id: term-lado",
            "  sources: [made-up.txt]\n  owner: Test team\n  reviewed: 2026-01-10\n"
            "  review_by: 2099-01-10\n- id: term-lado",
            "sources",
            "unknown document 'made-up.txt'",
        ),
        (
            PACK,
            "    route: test-police-team",
            "    route: nowhere",
            "route",
            "unknown topic 'nowhere'",
        ),
        (
            PACK,
            "    steps: [Ring the Testshire front door.]\n",
            "",
            "local",
            "missing the local steps",
        ),
        (
            PACK,
            "safeguarding_contact: testshire-lead",
            "safeguarding_contact: nobody",
            "safeguarding_contact",
            "unknown contact",
        ),
        (
            PACK,
            "    placeholder: true\n",
            "    phone: 999\n",
            "phone",
            "must be a phone number in quotes",
        ),
        (
            "urgency.yaml",
            "'\\bsos\\b'",
            "'\\bsos(\\b'",
            "patterns",
            "bad regular expression",
        ),
        ("synonyms.yaml", '"no", "yes",', "no, yes,", "stopwords", "need quotes"),
    ],
)
def test_each_mistake_names_file_line_and_field(
    mini: Path, file: str, old: str, new: str, field: str, message: str
) -> None:
    line = edit(mini / file, old, new)
    error = load_error(mini)
    found = [p for p in error.problems if p.field == field and message in p.message]
    assert found, f"expected {field}: {message} in {[str(p) for p in error.problems]}"
    problem = found[0]
    assert problem.file.endswith(file)
    assert abs(problem.line - line) <= 3, (str(problem), line)
    assert f"{problem.file}:{problem.line}: {field}: " in str(problem)


def test_overdue_review_warns_and_fails_strict(mini: Path, runner) -> None:
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    line = edit(
        mini / TOPICS,
        "  review_by: 2099-01-10\n- id: term-lado",
        f"  review_by: {past}\n- id: term-lado",
    )
    Assistant.load(mini, council="testshire")  # a warning does not stop the engine
    relaxed = runner.invoke(main, ["check", "--knowledge", str(mini)])
    assert relaxed.exit_code == 0, relaxed.output
    assert (
        f"core/topics.yaml:{line}: review_by: warning: 'report-a-concern' was due for review"
        in relaxed.output
    )
    strict = runner.invoke(main, ["check", "--strict", "--knowledge", str(mini)])
    assert strict.exit_code == 1
    assert "1 error(s)" in strict.output


def test_check_exits_1_and_prints_every_problem(mini: Path, runner) -> None:
    edit(mini / TOPICS, "  category: glossary\n", "  category: glosary\n")
    edit(mini / TOPICS, "  related: [emergency-999]", "  related: [gone]")
    result = runner.invoke(main, ["check", "--knowledge", str(mini)])
    assert result.exit_code == 1
    assert "category: must be one of" in result.output
    assert "related: 'report-a-concern' refers to unknown topic 'gone'" in result.output
    assert "Traceback" not in result.output


def test_missing_contract_topic_is_an_error(mini: Path) -> None:
    (mini / "contract.yaml").write_text(
        "topics:\n  - {id: term-lado, pack: core}\n  - {id: term-mash, pack: core}\n"
        "  - {id: test-police-team, pack: testshire}\n  - {id: other-thing, pack: testshire}\n"
    )
    messages = [str(p) for p in load_error(mini).problems]
    assert any("contract topic 'term-mash' is missing" in m for m in messages)
    assert any("contract topic 'other-thing' of pack 'testshire' is missing" in m for m in messages)
    assert not any("'term-lado'" in m for m in messages)


def test_missing_folder_and_file(tmp_path: Path, mini: Path) -> None:
    with pytest.raises(KnowledgeError, match="no such knowledge directory"):
        Assistant.load(tmp_path / "nowhere")
    (mini / "contacts.yaml").unlink()
    assert any(
        p.field == "file" and p.file.endswith("contacts.yaml") for p in load_error(mini).problems
    )


def test_yaml_tags_are_not_executed(mini: Path) -> None:
    edit(
        mini / TOPICS,
        "  title: What LADO means",
        "  title: !!python/object/apply:os.system ['echo hacked']",
    )
    assert any(p.field == "yaml" for p in load_error(mini).problems)


def test_exactly_one_urgent_topic(mini: Path) -> None:
    edit(mini / TOPICS, "  urgent: true\n", "")
    problems = load_error(mini).problems
    assert any(p.field == "urgent" and "exactly one core topic" in p.message for p in problems)


def test_a_see_reference_to_no_related_topic_warns(mini: Path, runner) -> None:
    """A "see **name**" the surfaces could not make a button of is a warning for curators."""
    line = edit(
        mini / TOPICS,
        "  answer: LADO means Local Authority Designated Officer.",
        "  answer: LADO means Local Authority Designated Officer. See **Report a concern** or"
        " **Allegations against staff**.\n  related: [report-a-concern]",
    )
    Assistant.load(mini, council="testshire")
    relaxed = runner.invoke(main, ["check", "--knowledge", str(mini)])
    assert relaxed.exit_code == 0, relaxed.output
    assert (
        f"core/topics.yaml:{line}: answer: warning: 'term-lado': 'see **Allegations against "
        "staff**' names none of its `related` topics" in relaxed.output
    )
    assert "Report a concern**' names" not in relaxed.output
