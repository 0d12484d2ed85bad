"""Blind redaction sets: messages by authors who saw neither the redactor nor any corpus,
scored and their misses never read (reading them would make a set a tuning set, as happened
to the first: tests/redaction/corpus-seen-blind.yaml). Each floor holds what was measured on
2026-12-02; the target is 0, so issue 12 stays open while any message leaks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.redaction.test_redaction import score

HERE = Path(__file__).resolve().parent
# (file, messages with a surviving personal token at most, share of other words kept)
BLIND = [
    ("blind2/blind2.yaml", 8, 0.92),
    ("blind3/blind3.yaml", 16, 0.92),
]


@pytest.mark.parametrize(("name", "floor", "kept_share"), BLIND)
def test_the_blind_sets_hold_their_floors(name: str, floor: int, kept_share: float) -> None:
    messages: list[dict[str, Any]] = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    assert len(messages) >= 150
    failures, kept = score(messages)
    leaking = len(failures)  # a count, so that a failure prints no message
    del failures
    assert leaking <= floor
    assert kept >= kept_share
