"""Verified means checked, approval is recorded against a role, and draft content says so on
every surface until a council approves it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from adapters.cli import main
from adapters.slack.blocks import to_blocks
from adapters.teams.card import to_card
from bot import Assistant, messages
from tests.conftest import edit

LEAD = "  - id: testshire-lead\n"


def check(runner: CliRunner, root: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(main, ["check", "--knowledge", str(root), *extra])
    return result.exit_code, result.output


def test_a_verification_date_without_a_checked_page_fails(runner: CliRunner, mini: Path) -> None:
    contacts = mini / "contacts.yaml"
    line = edit(
        contacts,
        'verified: {page: "https://www.police.uk/pu/contact-us/", read: 2026-11-23}',
        "verified: 2026-11-23",
    )
    code, out = check(runner, mini)
    assert code == 1
    assert f"contacts.yaml:{line}: verified: a verification date needs the page" in out


def test_a_number_nobody_checked_fails(runner: CliRunner, mini: Path) -> None:
    edit(
        mini / "contacts.yaml",
        'verified: {page: "https://www.police.uk/pu/contact-us/", read: 2026-11-23}',
        "verified: not yet verified",
    )
    code, out = check(runner, mini)
    assert code == 1
    assert "'police-999' gives a contact that nobody has checked" in out


def test_a_placeholder_may_not_carry_a_number(runner: CliRunner, mini: Path) -> None:
    pack = mini / "councils" / "testshire" / "pack.yaml"
    edit(pack, "    placeholder: true\n", '    placeholder: true\n    phone: "01632 960000"\n')
    code, out = check(runner, mini)
    assert code == 1 and "'testshire-lead' is a placeholder with a number" in out


def test_approval_names_a_role_and_a_date(runner: CliRunner, mini: Path) -> None:
    pack = mini / "councils" / "testshire" / "pack.yaml"
    edit(pack, "    placeholder: true\n", "    placeholder: true\n    status: approved\n")
    code, out = check(runner, mini)
    assert code == 1 and "'testshire-lead' is approved: give `approved_by`" in out
    edit(
        pack,
        "    status: approved\n",
        "    status: approved\n    approved_by: Cllr Jane Smith\n    approved: 2026-11-30\n",
    )
    code, out = check(runner, mini)
    assert code == 1 and "approved_by: must name a role" in out
    edit(pack, "approved_by: Cllr Jane Smith", "approved_by: Testshire safeguarding lead")
    assert check(runner, mini)[0] == 0


def test_production_fails_on_drafts_and_placeholders_with_a_list(
    runner: CliRunner, mini: Path
) -> None:
    assert check(runner, mini)[0] == 0
    code, out = check(runner, mini, "--production")
    assert code == 1
    assert "not ready for production: topic 'report-a-concern' is a draft" in out
    assert "not ready for production: contact 'testshire-lead' (Testshire" in out


def test_the_shipped_packs_are_drafts_and_production_refuses_them(runner: CliRunner) -> None:
    code, out = check(runner, Path("knowledge"), "--production", "--quiet")
    assert code == 1
    assert "contact 'chorley-safeguarding-lead' is a draft" in out


def test_draft_replies_say_so_on_every_surface(assistant: Assistant) -> None:
    reply = assistant.ask("how do I report a concern")
    assert reply.draft and reply.to_dict()["draft"] is True
    assert reply.to_text().endswith(messages.DRAFT_LINE)
    blocks = to_blocks(reply)
    assert any(e.get("text") == messages.DRAFT_LINE for b in blocks for e in b.get("elements", []))
    card = to_card(reply)
    assert [e["text"] for e in card["body"] if e.get("id") == "draft"] == [messages.DRAFT_LINE]


def test_approved_content_carries_no_draft_marker(mini: Path) -> None:
    approved = "    status: approved\n    approved_by: Testshire safeguarding lead\n"
    approved += "    approved: 2026-11-30\n"
    core = mini / "core" / "topics.yaml"
    text = core.read_text(encoding="utf-8")
    core.write_text(text.replace("  reviewed:", approved.replace("    ", "  ") + "  reviewed:"))
    for path in (mini / "contacts.yaml", mini / "councils" / "testshire" / "pack.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    verified:", approved + "    verified:"))
    tested = Assistant.load(mini, council="testshire")
    reply = tested.ask("how do I report a concern")
    assert reply.topic_id == "report-a-concern" and not reply.draft
    assert messages.DRAFT_LINE not in reply.to_text()
    assert not any(e.get("id") == "draft" for e in to_card(reply)["body"])


def test_answers_say_how_old_their_documents_are(assistant: Assistant) -> None:
    reply = assistant.ask("what is the deter team", council="chorley")
    dated = [s for s in reply.sources if s.document]
    assert dated and all(s.date for s in dated)
    assert "2017" in reply.source_line or "2016" in reply.source_line


def test_every_web_address_is_in_the_link_register(runner: CliRunner, mini: Path) -> None:
    (mini / "links.yaml").write_text(
        'links:\n  - url: "https://www.nspcc.org.uk/"\n    checked: 2026-12-02\n',
        encoding="utf-8",
    )
    code, out = check(runner, mini)
    assert code == 1
    assert "https://www.police.uk/pu/contact-us/ is not in links.yaml" in out


def test_an_unchecked_link_is_listed_and_refused_in_production(runner: CliRunner) -> None:
    code, out = check(runner, Path("knowledge"))
    assert code == 0 and "https://stop-ce.org/: not yet verified" in out
    code, out = check(runner, Path("knowledge"), "--production")
    assert code == 1 and "not ready for production: https://stop-ce.org/" in out
