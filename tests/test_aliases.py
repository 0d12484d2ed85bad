"""Topics merged into another keep their old ids as aliases: links, corpora, the contract
and evaluation files still resolve, and an alias cannot shadow a live topic."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from adapters.cli import main
from bot import Assistant
from bot.evaluate import evaluate, read_cases
from tests.conftest import edit


def test_an_old_id_answers_with_the_topic_it_was_merged_into(assistant: Assistant) -> None:
    reply = assistant.topic_reply("term-cse")
    assert reply is not None and reply.topic_id == "what-is-cse"
    merged = assistant.topic_reply("oxfordshire-operation-bullfinch", council="oxfordshire")
    assert merged is not None and merged.topic_id == "oxfordshire-cse-arrangements"
    assert "Operation Bullfinch" in merged.answer
    assert all(r.id != "what-is-cse" for r in assistant.topic_reply("what-is-cse").related)


def test_an_evaluation_file_naming_an_old_id_still_scores(
    assistant: Assistant, tmp_path: Path
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(yaml.safe_dump([{"q": "what does cse stand for", "expect": "term-cse"}]))
    report = evaluate(assistant, read_cases(cases))
    assert report.outcomes[0].case.expect == ("what-is-cse",)
    assert report.outcomes[0].top1


def test_the_contract_counts_a_merged_topic(assistant: Assistant) -> None:
    contract = {str(e["id"]) for e in assistant.knowledge.contract}
    assert "term-cse" in contract
    assert assistant.knowledge.canonical("term-cse") == "what-is-cse"


def test_an_alias_may_not_shadow_a_live_topic(runner: CliRunner, mini: Path) -> None:
    topics = mini / "core" / "topics.yaml"
    line = edit(
        topics, "- id: report-a-concern\n", "- id: report-a-concern\n  aliases: [emergency-999]\n"
    )
    result = runner.invoke(main, ["check", "--knowledge", str(mini)])
    assert result.exit_code == 1
    assert f"topics.yaml:{line + 1}: aliases: 'emergency-999' is a live topic id" in result.output
