"""Every web setting, declared once: defaults, then a TOML file, then PATHWAYS_* variables,
then a caller's override. `load_config` validates the lot once, at start-up, so a typo stops
the service with a message naming the setting instead of surfacing on some later request."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from limits import parse_many

from bot.reply_cache import DEFAULT_SIZE as CACHE_SIZE
from curator.settings import (
    DEFAULT_DATABASE,
    DEFAULT_RETENTION_DAYS,
    StoreSettings,
    database_url,
)

ENV_PREFIX = "PATHWAYS_"
CONFIG_FILE_ENV = "PATHWAYS_CONFIG"  # where the optional TOML file is; read only from the env
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
STORAGE_SCHEMES = ("file", "memory", "redis", "rediss")


class ConfigError(ValueError):
    """A setting is missing, malformed or unknown; the message names it and its origin."""


@dataclass(frozen=True)
class Setting:
    name: str  # PATHWAYS_<name> in the environment, <name> (any case) in the file
    default: Any
    parse: Callable[[Any], Any]
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value.strip()


def _optional_path(value: Any) -> Path | None:
    if isinstance(value, Path):
        return value
    text = _text(value) if value is not None else ""
    return Path(text) if text else None


def _count(low: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        number = -1
        if isinstance(value, str) and value.strip().isdigit():
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        if number < low:
            raise ValueError(f"expected a whole number of at least {low}")
        return number

    return parse


def _port(value: Any) -> int:
    number = _count(1)(value)
    if number > 65535:
        raise ValueError("expected a port number between 1 and 65535")
    return number


def _origins(value: Any) -> tuple[str, ...]:
    """Exact origins such as https://intranet.example.gov.uk: no wildcard, path or slash."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError("expected a comma-separated list of origins")
    origins = tuple(_text(item) for item in items if _text(item))
    for origin in origins:
        parts = urlsplit(origin)
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or origin != (f"{parts.scheme}://{parts.netloc}")
        ):
            raise ValueError(f"'{origin}' is not an origin like https://intranet.example.gov.uk")
    return origins


def _rate_limit(value: Any) -> str:
    text = _text(value)
    try:
        parse_many(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a rate limit like '20 per minute'") from None
    return text


def _storage(value: Any) -> str:
    text = _text(value)
    if urlsplit(text).scheme not in STORAGE_SCHEMES:
        raise ValueError(f"'{text}' is not file://, memory:// or a redis:// URL")
    return text


def _switch(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text not in ("on", "off", "true", "false", "1", "0"):
        raise ValueError("expected on or off")
    return text in ("on", "true", "1")


def _database(value: Any) -> str:
    text = _text(value)
    database_url(text)  # raises ValueError naming what is wrong
    return text


def _header(value: Any) -> str:
    text = _text(value)
    if text and not all(c.isalnum() or c == "-" for c in text):
        raise ValueError(f"'{text}' is not an HTTP header name such as X-Forwarded-Email")
    return text


def _url(value: Any) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{text}' is not an http(s) URL")
    return text


SETTINGS: tuple[Setting, ...] = (
    Setting("KNOWLEDGE", None, _optional_path, "Knowledge folder; empty means the shipped one."),
    Setting("COUNCIL", "chorley", _text, "Council pack used when a request names none."),
    Setting(
        "ALLOWED_ORIGINS",
        (),
        _origins,
        "Comma-separated intranet origins that may call the API (CORS) and frame the chat "
        "page (CSP frame-ancestors). Empty: same origin only.",
    ),
    Setting("RATE_LIMIT", "20 per minute", _rate_limit, "Questions per client on /api/ask."),
    Setting(
        "RATE_LIMIT_STORAGE",
        "file://",
        _storage,
        "Where rate-limit counters live: file:// (a file every worker of this instance shares; "
        "file:///path names one), memory:// (one process) or a redis:// URL shared by "
        "several instances.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        _count(0),
        "Reverse proxies in front of the service whose X-Forwarded-For is trusted, so the "
        "rate limit applies per real client.",
    ),
    Setting("EXIT_URL", DEFAULT_EXIT_URL, _url, "Where quick exit on the chat page goes."),
    Setting("HOST", "127.0.0.1", _text, "Address `pathways serve` listens on."),
    Setting("PORT", 8000, _port, "Port `pathways serve` listens on."),
    Setting("WORKERS", 2, _count(1), "gunicorn worker processes for `pathways serve`."),
    Setting(
        "REPLY_CACHE",
        CACHE_SIZE,
        _count(0),
        "Recent replies each worker remembers, so a question asked again is answered at once "
        "(kept in memory under a digest, never the question's text); 0 turns it off.",
    ),
    Setting(
        "STORE",
        None,  # on
        _switch,
        "on or off: off records nothing at all (no questions, no feedback).",
    ),
    Setting(
        "STORE_WORDS",
        None,  # on
        _switch,
        "on or off: off keeps no words of any question, not even redacted ones (redaction "
        "misses some details; see the README's privacy note).",
    ),
    Setting(
        "DATABASE_URL",
        None,  # curator.DEFAULT_DATABASE
        _database,
        "Where records are kept: sqlite:///path (default data/pathways.sqlite3 in the "
        "project folder) or postgresql://user:password@host/database for several instances.",
    ),
    Setting(
        "RETENTION_DAYS",
        DEFAULT_RETENTION_DAYS,
        _count(1),
        "Days a record is kept; `pathways purge` (daily, from cron) deletes older ones.",
    ),
    Setting(
        "ADMIN_TOKEN",
        "",
        _text,
        "Bearer token for /admin. With neither this nor ADMIN_USER_HEADER, /admin is not served.",
    ),
    Setting(
        "ADMIN_USER_HEADER",
        "",
        _header,
        "Header an authenticating reverse proxy sets for signed-in users (e.g. "
        "X-Forwarded-Email from oauth2-proxy); its presence admits a request to /admin.",
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class WebConfig:
    knowledge: Path | None
    council: str
    allowed_origins: tuple[str, ...]
    rate_limit: str
    rate_limit_storage: str
    trusted_proxies: int
    exit_url: str
    host: str
    port: int
    workers: int
    reply_cache: int
    store: bool | None  # None: on
    store_words: bool | None  # None: on
    database_url: str | None  # None: curator.DEFAULT_DATABASE
    retention_days: int
    admin_token: str
    admin_user_header: str

    def store_settings(self) -> StoreSettings:
        return StoreSettings(
            self.database_url or DEFAULT_DATABASE,
            self.store is not False,
            self.retention_days,
            self.store_words is not False,
        )


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> WebConfig:
    """Defaults, then the file named by PATHWAYS_CONFIG, then PATHWAYS_*, then `overrides`."""
    env = os.environ if environ is None else environ
    raw: dict[str, tuple[Any, str]] = {s.name: (s.default, "default") for s in SETTINGS}
    file_name = env.get(CONFIG_FILE_ENV, "").strip()
    if file_name:
        for key, value in _read_file(Path(file_name)).items():
            raw[_known(key, file_name)] = (value, file_name)
    for setting in SETTINGS:
        if setting.env in env:
            raw[setting.name] = (env[setting.env], setting.env)
    for key, value in (overrides or {}).items():
        if value is not None:
            raw[_known(key, "the configuration given")] = (value, "the configuration given")
    values = {name.lower(): _parse(BY_NAME[name], *raw[name]) for name in raw}
    return WebConfig(**values)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{CONFIG_FILE_ENV}: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _known(key: str, origin: str) -> str:
    name = key.upper().removeprefix(ENV_PREFIX)
    if name not in BY_NAME:
        known = ", ".join(s.name.lower() for s in SETTINGS)
        raise ConfigError(f"{origin}: unknown setting '{key}'. Known settings: {known}.")
    return name


def _parse(setting: Setting, value: Any, origin: str) -> Any:
    if origin == "default":
        return value
    try:
        return setting.parse(value)
    except (TypeError, ValueError) as exc:
        where = setting.env if origin == setting.env else f"{setting.name.lower()} in {origin}"
        raise ConfigError(f"{where}: {exc}") from None
