"""A blind redaction set (tests/redaction/blind/): 160 messages by a second author who saw
neither the redactor nor the first corpus. Scored, its misses never read (reading them would
make it a tuning set). The floor holds what was measured on 2026-12-02: personal tokens
survived in 26 of the 160 messages (35 tokens), with 97.1% of the other words kept; the
target is 0, so issue 12 stays open on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.redaction.test_redaction import survivors

BLIND = Path(__file__).resolve().parent / "blind" / "blind.yaml"


def test_the_blind_set_holds_its_floor() -> None:
    messages: list[dict[str, Any]] = yaml.safe_load(BLIND.read_text(encoding="utf-8"))
    assert len(messages) >= 150
    leaking = words = kept = 0
    for message in messages:
        missed, outside, got = survivors(message)
        leaking += bool(missed)
        words += sum(outside.values())
        kept += sum((outside & got).values())
    assert leaking <= 26
    assert kept / words >= 0.95
