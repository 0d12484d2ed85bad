"""Settings for the chat platforms (Slack, Teams), declared like the web's (`Setting`), but read
from the environment under the names each platform's own documentation uses (SLACK_BOT_TOKEN,
not PATHWAYS_SLACK_BOT_TOKEN). Read once, at start-up; secrets never appear in a message."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from adapters.web.config import ConfigError, Setting

T = TypeVar("T")

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class PlatformSetting(Setting):
    @property
    def env(self) -> str:
        return self.name


def read(declared: Sequence[Setting], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Each declared setting's parsed value (its default when unset or blank), by name."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in declared:
        raw = env.get(setting.env, "").strip()
        if not raw:
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.env}: {exc}") from None
    return values


def load(
    into: Callable[..., T],
    prefix: str,
    declared: Sequence[Setting],
    environ: Mapping[str, str] | None,
) -> T:
    """The settings object, one field per setting: SLACK_BOT_TOKEN -> bot_token."""
    values = read(declared, environ)
    return into(**{name.removeprefix(prefix).lower(): value for name, value in values.items()})


def require(
    what: str, values: Mapping[str, Any], names: Sequence[str], guide: str, partly: bool = True
) -> None:
    """Refuse to start `what` half-configured, naming every missing setting."""
    missing = " and ".join(name for name in names if not values.get(name))
    if not missing:
        return
    see = f"see '{guide}' in the README"
    if partly:
        raise ConfigError(
            f"{what} is partly configured: set {missing} too, or unset its settings to turn "
            f"{what} off ({see})."
        )
    raise ConfigError(f"{what} needs {missing} ({see}).")


def token(prefix: str) -> Callable[[Any], str]:
    """A credential that must start with `prefix`; the message never repeats the value."""

    def parse(value: Any) -> str:
        text = str(value).strip()
        if not text.startswith(prefix):
            raise ValueError(f"expected a token starting with '{prefix}'")
        return text

    return parse


def secret(value: Any) -> str:
    return str(value).strip()


def flag(value: Any) -> bool:
    text = str(value).strip().lower()
    if text not in TRUE + FALSE:
        raise ValueError("expected true or false")
    return text in TRUE
