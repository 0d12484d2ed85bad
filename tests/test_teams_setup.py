"""Teams' settings: off when unset, a clear start-up error when half set, tokens checked when
configured from the environment, every setting in the README, and the app package template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters import teams
from adapters.web import ConfigError, create_app
from bot import Assistant
from tests.fake_bot_framework import APP_ID

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def env(chat_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    return chat_env


def test_teams_is_off_when_nothing_is_set(env: pytest.MonkeyPatch, assistant: Assistant) -> None:
    client = create_app(assistant=assistant).test_client()
    answer = client.post("/api/messages", json={"type": "message"})
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"TEAMS_APP_ID": APP_ID}, "TEAMS_APP_PASSWORD"),
        ({"TEAMS_APP_PASSWORD": "s"}, "TEAMS_APP_ID"),
    ],
)
def test_half_configured_teams_stops_start_up_naming_what_is_missing(
    env: pytest.MonkeyPatch, assistant: Assistant, given: dict[str, str], missing: str
) -> None:
    for name, value in given.items():
        env.setenv(name, value)
    with pytest.raises(ConfigError, match=f"Microsoft Teams is partly configured: set {missing}"):
        create_app(assistant=assistant)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TEAMS_APP_ID", "pathways-bot", "expected the Microsoft App ID, a GUID"),
        ("TEAMS_CLOUD", "Mars", "expected one of Public, USGov, USGovDoD, China"),
        ("TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED", "perhaps", "expected true or false"),
    ],
)
def test_malformed_settings_are_named(
    env: pytest.MonkeyPatch, assistant: Assistant, name: str, value: str, message: str
) -> None:
    env.setenv("TEAMS_APP_ID", APP_ID)
    env.setenv("TEAMS_APP_PASSWORD", "secret")
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=f"{name}: {message}"):
        create_app(assistant=assistant)


def test_configured_from_the_environment_it_refuses_requests_without_a_valid_token(
    env: pytest.MonkeyPatch, assistant: Assistant
) -> None:
    env.setenv("TEAMS_APP_ID", APP_ID)
    env.setenv("TEAMS_APP_PASSWORD", "secret")
    env.setenv("TEAMS_TENANT_ID", "contoso.onmicrosoft.com")
    client = create_app(assistant=assistant).test_client()
    activity = {"type": "message", "text": "hello", "serviceUrl": "https://smba.example/"}
    assert client.post("/api/messages", json=activity).status_code == 401
    bearer = {"Authorization": "Bearer not-a-jwt"}
    assert client.post("/api/messages", json=activity, headers=bearer).status_code == 401
    assert client.post("/api/messages", data="[1, 2", headers=bearer).status_code == 401


@pytest.mark.parametrize("setting", teams.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: teams.settings.PlatformSetting) -> None:
    assert f"`{setting.name}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_app_package_template_declares_the_bot_in_every_scope() -> None:
    folder = ROOT / "teams"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    [bot] = manifest["bots"]
    assert bot["botId"] == manifest["id"] == "{{TEAMS_APP_ID}}"
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    for icon in manifest["icons"].values():
        assert (folder / icon).read_bytes().startswith(b"\x89PNG")
