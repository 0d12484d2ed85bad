"""Slack's settings, declared once. HTTP mode needs the bot token and signing secret; Socket
Mode needs the bot token and an app-level token. None set: Slack is off, not broken."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.settings import PlatformSetting, load, require, secret, token
from adapters.web.config import _url

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DELIVERIES_DB = str(Path(tempfile.gettempdir()) / "pathways-slack-deliveries.sqlite3")
GUIDE = "Slack set-up"

SETTINGS: tuple[PlatformSetting, ...] = (
    PlatformSetting(
        "SLACK_BOT_TOKEN",
        None,
        token("xoxb-"),
        "Bot User OAuth Token (xoxb-...), from the app's OAuth & Permissions page. Both modes.",
    ),
    PlatformSetting(
        "SLACK_SIGNING_SECRET",
        None,
        secret,
        "Signing Secret, from the app's Basic Information page. HTTP mode (/slack/events).",
    ),
    PlatformSetting(
        "SLACK_APP_TOKEN",
        None,
        token("xapp-"),
        "App-level token (xapp-...) with connections:write. Socket Mode "
        "(`pathways slack --socket`) only.",
    ),
    PlatformSetting(
        "SLACK_API_URL",
        DEFAULT_API_URL,
        _url,
        "Slack Web API base URL. Change it only for GovSlack (https://slack-gov.com/api/).",
    ),
    PlatformSetting(
        "SLACK_DELIVERIES_DB",
        DEFAULT_DELIVERIES_DB,
        secret,
        "SQLite file where the event ids already answered are kept for an hour, shared by "
        "every worker so a retried delivery is answered once (ids only, no message text).",
    ),
)


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    deliveries_db: str = DEFAULT_DELIVERIES_DB

    def serves_http(self) -> bool:
        """Whether to serve /slack/events: off when neither HTTP setting is given (or when only
        Socket Mode's pair is); a ConfigError naming what is missing when half given."""
        if not self.signing_secret and (not self.bot_token or self.app_token):
            return False
        require("Slack", self._given(), ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"), GUIDE)
        return True

    def check_socket_mode(self) -> None:
        needed = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
        require("Slack Socket Mode", self._given(), needed, GUIDE, partly=False)

    def _given(self) -> dict[str, str | None]:
        return {
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_APP_TOKEN": self.app_token,
        }


def load_settings(environ: Mapping[str, str] | None = None) -> SlackSettings:
    return load(SlackSettings, "SLACK_", SETTINGS, environ)
