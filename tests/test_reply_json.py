"""Reply.to_dict, built field by field for speed, gives exactly what dataclasses.asdict gave
(same keys, same order, same values) for every kind of reply."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from bot import Assistant, Reply


def reference(reply: Reply) -> dict[str, Any]:
    """The slow original: asdict, then lists for tuples and each contact's display line."""
    data = asdict(reply)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = [dict(item) if isinstance(item, dict) else item for item in value]
    data["urgency"] = reply.urgency.to_dict()
    for item, contact in zip(data["contacts"], reply.contacts, strict=True):
        item["display"] = contact.display
    data["source_line"] = reply.source_line
    return data


@pytest.mark.parametrize(
    "question",
    ["lado meaning", "how do i report a concern", "a child is in danger now", "qwxz vbnm", "help"],
)
def test_the_fast_json_is_the_dataclass_json(mini_assistant: Assistant, question: str) -> None:
    reply = mini_assistant.ask(question)
    assert json.dumps(reply.to_dict()) == json.dumps(reference(reply))
