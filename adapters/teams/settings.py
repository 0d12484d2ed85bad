"""Microsoft Teams' settings, declared once: the bot's Microsoft App ID and client secret from
its Azure Bot registration. None set: Teams is off, not broken. Token checks are never off
unless TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED is set, for local development only."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.settings import PlatformSetting, flag, load, require, secret

CLOUDS = ("Public", "USGov", "USGovDoD", "China")
GUIDE = "Microsoft Teams set-up"


def _app_id(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value).strip()))
    except ValueError:
        raise ValueError("expected the Microsoft App ID, a GUID") from None


def _tenant(value: Any) -> str:
    text = str(value).strip()
    if not text or any(c in text for c in " /\\?#"):
        raise ValueError("expected a directory (tenant) ID or a domain such as x.onmicrosoft.com")
    return text


def _cloud(value: Any) -> str:
    for cloud in CLOUDS:
        if str(value).strip().lower() == cloud.lower():
            return cloud
    raise ValueError(f"expected one of {', '.join(CLOUDS)}")


SETTINGS: tuple[PlatformSetting, ...] = (
    PlatformSetting(
        "TEAMS_APP_ID",
        None,
        _app_id,
        "Microsoft App ID of the Azure Bot (its app registration's Application (client) ID).",
    ),
    PlatformSetting(
        "TEAMS_APP_PASSWORD", None, secret, "A client secret of that app registration."
    ),
    PlatformSetting(
        "TEAMS_TENANT_ID",
        None,
        _tenant,
        "Directory (tenant) ID, for a single-tenant bot (the usual kind). Empty: multi-tenant.",
    ),
    PlatformSetting("TEAMS_CLOUD", "Public", _cloud, f"Azure cloud: {', '.join(CLOUDS)}."),
    PlatformSetting(
        "TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED",
        False,
        flag,
        "Development only: accept requests to /api/messages without a valid Bot Framework "
        "token. Logged as a warning at start; never set it on a reachable server.",
    ),
)


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str | None = None
    app_password: str | None = None
    tenant_id: str | None = None
    cloud: str = "Public"
    dangerously_allow_unauthenticated: bool = False

    def enabled(self) -> bool:
        """Off when no credential is given (unless tokens are waived for development); a
        ConfigError naming what is missing when half given."""
        if not (self.app_id or self.app_password):
            return self.dangerously_allow_unauthenticated
        given = {"TEAMS_APP_ID": self.app_id, "TEAMS_APP_PASSWORD": self.app_password}
        require("Microsoft Teams", given, ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD"), GUIDE)
        return True


def load_settings(environ: Mapping[str, str] | None = None) -> TeamsSettings:
    return load(TeamsSettings, "TEAMS_", SETTINGS, environ)
