"""A council can add its own pack with no code change: scaffold, fill in, check, serve."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from adapters.cli import main
from bot import Assistant


def test_scaffolded_pack_fails_until_filled_then_serves(mini: Path, runner: CliRunner) -> None:
    created = runner.invoke(main, ["new-pack", "exampleshire", "--knowledge", str(mini)])
    assert created.exit_code == 0, created.output
    pack = mini / "councils" / "exampleshire" / "pack.yaml"

    unfilled = runner.invoke(main, ["check", "--council", "exampleshire", "--knowledge", str(mini)])
    assert unfilled.exit_code == 1
    assert "exampleshire/pack.yaml:7: TODO: still to fill in: name:" in unfilled.output
    assert "missing the local steps" not in unfilled.output  # the scaffold has every slot

    text = pack.read_text()
    text = text.replace(
        '"TODO: the council\'s full name, e.g. Exampleshire County Council"',
        "Exampleshire County Council",
    )
    text = text.replace('"TODO: a district or town"', "Exampleton")
    text = text.replace(
        '["TODO: the place and its well-known towns, villages, postcode districts"]',
        "[Exampleton, Little Example]",
    )
    text = text.replace(
        '"TODO: the document or web page this contact comes from"', "002_b39880f1ed7f1913.txt"
    )
    text = re.sub(r'"TODO: ([^"]*)"', r'"Filled: \1"', text)
    pack.write_text(text)

    filled = runner.invoke(main, ["check", "--council", "exampleshire", "--knowledge", str(mini)])
    assert filled.exit_code == 0, filled.output
    assistant = Assistant.load(mini, council="exampleshire")
    reply = assistant.ask("how do i report a concern about a child")
    assert reply.topic_id == "report-a-concern"
    assert "Filled: the local step (who to contact, how)" in reply.steps
    routed = assistant.ask("how do i report a concern in little example")
    assert routed.topic_id == "report-a-concern"
    assert "**Little Example** is in Exampleton." in routed.notes


def test_new_pack_refuses_bad_or_existing_names(mini: Path, runner: CliRunner) -> None:
    bad = runner.invoke(main, ["new-pack", "Example Shire", "--knowledge", str(mini)])
    assert bad.exit_code == 1 and "lowercase-kebab" in bad.output
    again = runner.invoke(main, ["new-pack", "testshire", "--knowledge", str(mini)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_check_council_reports_only_that_pack(mini: Path, runner: CliRunner) -> None:
    runner.invoke(main, ["new-pack", "exampleshire", "--knowledge", str(mini)])
    result = runner.invoke(main, ["check", "--council", "testshire", "--knowledge", str(mini)])
    assert result.exit_code == 0, result.output
    assert "exampleshire" not in result.output
    unknown = runner.invoke(main, ["check", "--council", "atlantis", "--knowledge", str(mini)])
    assert unknown.exit_code == 1 and "Known councils: exampleshire, testshire" in unknown.output
