"""Slack's settings: off when unset, a clear start-up error when half set, every setting in the
README, the app manifest, and `pathways slack --socket`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from adapters import slack
from adapters.cli import main
from adapters.web import ConfigError, create_app
from bot import Assistant
from tests import fake_slack
from tests.fake_slack import FakeSlack
from tests.loopback import served

ROOT = Path(__file__).resolve().parent.parent
APP_TOKEN = fake_slack.APP_TOKEN


@pytest.fixture()
def env(chat_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    return chat_env


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    with served(FakeSlack()) as fake:
        yield fake


def test_slack_is_off_when_nothing_is_set(env: pytest.MonkeyPatch, assistant: Assistant) -> None:
    client = create_app(assistant=assistant).test_client()
    answer = client.post("/slack/events", data="{}", content_type="application/json")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


def test_socket_mode_settings_alone_do_not_mount_http(
    env: pytest.MonkeyPatch, assistant: Assistant
) -> None:
    env.setenv("SLACK_BOT_TOKEN", fake_slack.BOT_TOKEN)
    env.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    client = create_app(assistant=assistant).test_client()
    assert client.post("/slack/events").status_code == 404


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"SLACK_BOT_TOKEN": fake_slack.BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": fake_slack.SECRET}, "SLACK_BOT_TOKEN"),
    ],
)
def test_half_configured_slack_stops_start_up_naming_what_is_missing(
    env: pytest.MonkeyPatch, assistant: Assistant, given: dict[str, str], missing: str
) -> None:
    for name, value in given.items():
        env.setenv(name, value)
    with pytest.raises(ConfigError, match=f"set {missing} too") as error:
        create_app(assistant=assistant)
    assert all(value not in str(error.value) for value in given.values())


def test_a_malformed_token_is_named_but_not_repeated(
    env: pytest.MonkeyPatch, assistant: Assistant
) -> None:
    env.setenv("SLACK_BOT_TOKEN", "xoxp-a-user-token")
    env.setenv("SLACK_SIGNING_SECRET", fake_slack.SECRET)
    with pytest.raises(
        ConfigError, match="SLACK_BOT_TOKEN: expected a token starting with 'xoxb-'"
    ):
        create_app(assistant=assistant)


def test_serve_reports_a_half_configured_slack(env: pytest.MonkeyPatch, runner: CliRunner) -> None:
    env.setenv("SLACK_SIGNING_SECRET", fake_slack.SECRET)
    result = runner.invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "Slack is partly configured: set SLACK_BOT_TOKEN too" in result.output


def test_socket_mode_needs_both_tokens(env: pytest.MonkeyPatch, runner: CliRunner) -> None:
    env.setenv("SLACK_BOT_TOKEN", fake_slack.BOT_TOKEN)
    result = runner.invoke(main, ["slack", "--socket"])
    assert result.exit_code == 1
    assert "Slack Socket Mode needs SLACK_APP_TOKEN" in result.output
    assert runner.invoke(main, ["slack"]).exit_code == 2  # HTTP mode is `pathways serve`


def test_socket_mode_checks_the_bot_token_before_connecting(
    env: pytest.MonkeyPatch, runner: CliRunner, fake: FakeSlack
) -> None:
    env.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    env.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    env.setenv("SLACK_API_URL", fake.api_url)
    result = runner.invoke(main, ["slack", "--socket"])
    assert result.exit_code == 1
    assert "Slack did not accept SLACK_BOT_TOKEN" in result.output
    assert "invalid_auth" in result.output
    assert [c.path for c in fake.recorder.calls] == ["/auth.test"]


@pytest.mark.parametrize("setting", slack.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: slack.settings.PlatformSetting) -> None:
    assert f"`{setting.name}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_manifest_points_everything_at_slack_events() -> None:
    manifest = yaml.safe_load((ROOT / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/safeguarding"
    settings = manifest["settings"]
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(url.endswith("/slack/events") for url in urls)
    events = set(settings["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.im", "app_home_opened"}
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= scopes
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
