"""The OpenAPI document stays true: it is valid OpenAPI 3.1, its paths and methods are exactly
the app's routes, and the app's real replies (and errors) validate against its schemas."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate

IGNORED_METHODS = {"HEAD", "OPTIONS"}  # Flask adds these to every route


@pytest.fixture()
def spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    return document


def test_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def routes(app: Flask) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        found |= {(path, m.lower()) for m in (rule.methods or set()) - IGNORED_METHODS}
    return found


def test_paths_match_the_url_map(app: Flask, spec: dict[str, Any]) -> None:
    documented = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert documented == routes(app)


def check(spec: dict[str, Any], path: str, method: str, response: Any) -> None:
    """Validate one real response against the schema the document gives for it."""
    documented = spec["paths"][path][method]["responses"][str(response.status_code)]
    if "$ref" in documented:
        documented = spec["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
    schema = documented["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": spec["components"]}, format_checker=FormatChecker()
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json)]
    assert not errors, f"{method.upper()} {path} {response.status_code}: {errors}"


ASKS = [
    "how do I report a concern",
    "a child is being attacked right now",
    "zxqv blorf wibble",
    "which police team covers leyland",
    "do I need to pay for a taxi licence",
    "hello",
]


@pytest.mark.parametrize("question", ASKS)
def test_ask_replies_match_the_schema(
    client: FlaskClient, spec: dict[str, Any], question: str
) -> None:
    response = client.post("/api/ask", json={"question": question, "role": "member"})
    check(spec, "/api/ask", "post", response)


def test_every_topic_reply_matches_the_schema(client: FlaskClient, spec: dict[str, Any]) -> None:
    listing = client.get("/api/topics")
    check(spec, "/api/topics", "get", listing)
    for topic in listing.get_json()["topics"]:
        response = client.get(f"/api/topics/{topic['id']}")
        check(spec, "/api/topics/{topic_id}", "get", response)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/healthz", {}),
        ("get", "/api/welcome", {}),
        ("get", "/api/topics/no-such-topic", {}),
        ("get", "/api/topics", {"query_string": {"council": "atlantis"}}),
        ("post", "/api/ask", {"json": {}}),
        ("post", "/api/ask", {"data": "x", "content_type": "text/plain"}),
        ("post", "/api/ask", {"data": "x" * 20_000, "content_type": "application/json"}),
    ],
)
def test_other_responses_match_the_schema(
    client: FlaskClient, spec: dict[str, Any], method: str, path: str, kwargs: dict[str, Any]
) -> None:
    response = getattr(client, method)(path, **kwargs)
    template = "/api/topics/{topic_id}" if path.startswith("/api/topics/") else path
    check(spec, template, method, response)


def test_rate_limited_reply_matches_the_schema(make_app: Any) -> None:
    client = make_app(RATE_LIMIT="1 per minute").test_client()
    spec = client.get("/api/openapi.json").get_json()
    client.post("/api/ask", json={"question": "hello"})
    response = client.post("/api/ask", json={"question": "hello"})
    assert response.status_code == 429
    check(spec, "/api/ask", "post", response)
