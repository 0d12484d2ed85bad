"""Settings: one declaration, layered defaults -> file -> PATHWAYS_* -> override, validated
once with messages naming the setting, and every one documented in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.web import create_app
from adapters.web.config import (
    CONFIG_FILE_ENV,
    DEFAULT_EXIT_URL,
    SETTINGS,
    ConfigError,
    load_config,
)
from bot import KnowledgeError, UnknownCouncilError

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults() -> None:
    config = load_config(environ={})
    assert config.council == "chorley" and config.knowledge is None
    assert config.allowed_origins == () and config.rate_limit_storage == "file://"
    assert (config.host, config.port, config.workers) == ("127.0.0.1", 8000, 2)
    assert config.exit_url == DEFAULT_EXIT_URL


def test_file_then_environment_then_override(tmp_path: Path) -> None:
    file = tmp_path / "pathways.toml"
    file.write_text('port = 9000\nworkers = 4\nrate_limit = "5 per minute"\n', encoding="utf-8")
    env = {CONFIG_FILE_ENV: str(file), "PATHWAYS_WORKERS": "3", "PATHWAYS_RATE_LIMIT": "7/minute"}
    config = load_config({"RATE_LIMIT": "9 per hour"}, environ=env)
    assert config.port == 9000  # from the file
    assert config.workers == 3  # the environment beats the file
    assert config.rate_limit == "9 per hour"  # the override beats both


def test_origins_parse_from_a_comma_list() -> None:
    env = {"PATHWAYS_ALLOWED_ORIGINS": "https://intranet.example.gov.uk, http://localhost:8080"}
    config = load_config(environ=env)
    assert config.allowed_origins == ("https://intranet.example.gov.uk", "http://localhost:8080")


BAD = [
    ({"PATHWAYS_PORT": "eighty"}, "PATHWAYS_PORT"),
    ({"PATHWAYS_PORT": "70000"}, "PATHWAYS_PORT"),
    ({"PATHWAYS_WORKERS": "0"}, "PATHWAYS_WORKERS"),
    ({"PATHWAYS_RATE_LIMIT": "lots"}, "PATHWAYS_RATE_LIMIT"),
    ({"PATHWAYS_RATE_LIMIT_STORAGE": "mongodb://x"}, "PATHWAYS_RATE_LIMIT_STORAGE"),
    ({"PATHWAYS_ALLOWED_ORIGINS": "*"}, "PATHWAYS_ALLOWED_ORIGINS"),
    ({"PATHWAYS_ALLOWED_ORIGINS": "https://intranet.example/path"}, "PATHWAYS_ALLOWED_ORIGINS"),
    ({"PATHWAYS_EXIT_URL": "javascript:alert(1)"}, "PATHWAYS_EXIT_URL"),
    ({"PATHWAYS_TRUSTED_PROXIES": "-1"}, "PATHWAYS_TRUSTED_PROXIES"),
]


@pytest.mark.parametrize(("env", "named"), BAD)
def test_bad_setting_is_a_clear_error(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_config(environ=env)


def test_unknown_file_key_is_named(tmp_path: Path) -> None:
    file = tmp_path / "pathways.toml"
    file.write_text("prot = 9000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'prot'.*port"):
        load_config(environ={CONFIG_FILE_ENV: str(file)})


def test_unreadable_or_invalid_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(environ={CONFIG_FILE_ENV: str(tmp_path / "missing.toml")})
    broken = tmp_path / "broken.toml"
    broken.write_text("port = = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(environ={CONFIG_FILE_ENV: str(broken)})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown setting 'COLOUR'"):
        load_config({"COLOUR": "blue"}, environ={})


def test_start_up_fails_on_unknown_council(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATHWAYS_COUNCIL", "atlantis")
    with pytest.raises(UnknownCouncilError, match="atlantis"):
        create_app()


def test_start_up_fails_on_missing_knowledge(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no such knowledge directory"):
        create_app({"KNOWLEDGE": str(tmp_path / "nowhere")})


def documented() -> dict[str, str]:
    """PATHWAYS_* name -> its default, from the README's configuration table."""
    rows = re.findall(r"^\| `(PATHWAYS_[A-Z_]+)` \| ([^|]*) \|", README.read_text("utf-8"), re.M)
    return {name: default.strip() for name, default in rows}


def test_every_setting_is_documented_in_the_readme() -> None:
    table = documented()
    declared = {s.env for s in SETTINGS} | {CONFIG_FILE_ENV}
    assert set(table) == declared, "README configuration table and config.SETTINGS differ"
    for setting in SETTINGS:
        if setting.default not in (None, ()):
            assert str(setting.default) in table[setting.env], setting.env


def test_bad_file_value_names_the_key_and_the_file(tmp_path: Path) -> None:
    file = tmp_path / "pathways.toml"
    file.write_text('port = "eighty"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"port in .*pathways\.toml: expected a whole number"):
        load_config(environ={CONFIG_FILE_ENV: str(file)})
