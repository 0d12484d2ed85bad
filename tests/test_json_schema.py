"""The JSON Schemas editors use are made from the validator's declarations, accept the shipped
knowledge, and reject what `pathways check` rejects."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from adapters.cli import main
from bot.json_schema import FILES, rendered, schemas

REPO = Path(__file__).resolve().parent.parent


def _as_json(path: Path) -> Any:
    """YAML as an editor's language server sees it: dates are plain strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schemas()[name])


def test_shipped_schemas_are_the_generated_ones() -> None:
    for name, body in schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == rendered(body), name
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_shipped_file_validates(name: str) -> None:
    files = [p for pattern in FILES[name] for p in sorted(REPO.glob(pattern))]
    assert files, name
    for path in files:
        errors = list(_validator(name).iter_errors(_as_json(path)))
        assert not errors, f"{path}: {errors[0].message}"


def test_editor_settings_point_every_file_at_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert {Path(k).name for k in mapped} == set(FILES)
    for schema_path, patterns in mapped.items():
        assert (REPO / schema_path).is_file()
        assert patterns == FILES[Path(schema_path).name]
    for path in (REPO / "knowledge").rglob("councils/*/pack.yaml"):
        rel = path.relative_to(REPO).as_posix()
        assert any(fnmatch.fnmatch(rel, p) for p in FILES["pack.schema.json"])


BROKEN = {
    "missing id": {"title": "x"},
    "unknown field": {"id": "a-topic", "colour": "red"},
    "bad category": {"id": "a-topic", "category": "gossip"},
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_topic_is_rejected(case: str) -> None:
    path = REPO / "knowledge" / "core" / "referral.yaml"
    topics = _as_json(path)
    topics[0] = {**{k: v for k, v in topics[0].items() if k != "id"}, **BROKEN[case]}
    assert list(_validator("topics.schema.json").iter_errors(topics))


def test_a_verification_date_without_a_page_is_rejected() -> None:
    contacts = _as_json(REPO / "knowledge" / "contacts.yaml")
    contacts["contacts"][0]["verified"] = "2026-11-23"
    assert list(_validator("contacts.schema.json").iter_errors(contacts))
    contacts["contacts"][0]["verified"] = {"page": "https://example.org/", "read": "2026-11-23"}
    assert not list(_validator("contacts.schema.json").iter_errors(contacts))
