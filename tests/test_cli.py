"""The `pathways` command line, through click's runner (the real commands, real knowledge)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from adapters.cli import main


def test_ask_json_routes_chorley_to_deter(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "which police team covers chorley", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["topic_id"] == "deter-team"


def test_ask_human_output_leads_with_999_when_urgent(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "a child is being abused right now"])
    assert result.exit_code == 0
    assert result.output.startswith("If a child is in immediate danger, call 999 now.")


def test_ask_rejects_unknown_council_and_role(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "hello", "--council", "atlantis"])
    assert result.exit_code == 1 and "Known councils" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["ask", "hello", "--role", "mayor"])
    assert result.exit_code == 2 and "member" in result.output


def test_chat_answers_until_end_of_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["chat"], input="what does lado stand for\n\nthanks\n")
    assert result.exit_code == 0, result.output
    assert "call 999" in result.output
    assert "Local Authority Designated Officer" in result.output


def test_check_on_shipped_knowledge_is_clean_in_strict_mode(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output
    problems = [
        line for line in result.output.splitlines() if ": " in line and "topics," not in line
    ]
    assert problems and all("placeholder: " in line for line in problems), problems


def test_topics_lists_every_contract_topic(runner: CliRunner) -> None:
    import yaml

    contract = yaml.safe_load(
        (Path(__file__).parent.parent / "knowledge/contract.yaml").read_text()
    )
    result = runner.invoke(main, ["topics"])
    assert result.exit_code == 0
    wanted = [t["id"] for t in contract["topics"] if t["pack"] in ("core", "chorley")]
    assert all(f" {topic_id} " in result.output for topic_id in wanted)


def test_eval_prints_figures_and_misses(runner: CliRunner, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {q: what does lado stand for, expect: term-lado}\n"
        "- {q: a child is being hurt right now, expect: emergency-999, urgent: true}\n"
        "- {q: when are the bins collected, expect: fallback}\n"
        "- {q: what does lado stand for, expect: term-mash}\n"
        "- {q: how does the panel work, expect: some-topic, council: elsewhere}\n"
    )
    result = runner.invoke(main, ["eval", str(cases), "--json", "--misses"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cases"] == 4 and data["skipped"] == 1
    assert data["top1"] == 0.75 and data["urgent_recall"] == 1.0
    assert data["out_of_scope_answered"] == 0.0
    assert [m["expected"] for m in data["misses"]] == [["term-mash"]]
    text = runner.invoke(main, ["eval", str(cases)])
    assert "top-1 accuracy" in text.output and "skipped 1 case(s)" in text.output


def test_eval_rejects_a_malformed_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {question: no q here}\n")
    result = runner.invoke(main, ["eval", str(bad)])
    assert result.exit_code == 1 and "needs `q`" in result.output


def test_check_quiet_prints_only_the_summary_when_clean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--quiet"])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1 and "placeholder contact(s)" in result.output


def test_ask_refuses_an_empty_question_as_the_api_does(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "   "])
    assert result.exit_code == 2 and "Please type a question." in result.output


def test_chat_picks_a_suggestion_by_its_number(runner: CliRunner) -> None:
    result = runner.invoke(main, ["chat"], input="what is cse\n1\n")
    assert result.exit_code == 0
    assert "1. Warning signs of child sexual exploitation [signs-of-cse]" in result.output
    assert "WARNING SIGNS OF CHILD SEXUAL EXPLOITATION" in result.output


def test_ask_refuses_an_over_long_question_as_the_api_does(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "a" * 4001])
    assert result.exit_code == 2
    assert "4,000 characters or fewer" in result.output and "call 999" in result.output
    assert runner.invoke(main, ["ask", "what is cse " + "a" * 3980]).exit_code == 0


def test_an_over_long_emergency_still_leads_with_999(runner: CliRunner) -> None:
    story = "we had a long day at the youth club and talked about many things. " * 60
    result = runner.invoke(
        main, ["ask", story + "Right now a man is dragging a girl into his van."]
    )
    assert result.exit_code == 0
    assert result.output.lstrip().startswith("If a child is in immediate danger, call 999 now.")
