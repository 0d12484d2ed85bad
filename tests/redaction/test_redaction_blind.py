"""Blind redaction sets: messages by authors who saw neither the redactor nor any corpus,
scored and their misses never read (reading them makes a set a tuning set, as happened to
five of them: knowledge/redaction/corpus/seen-blind1..5.yaml). Each floor holds what was
measured on the set, messages with a surviving personal token:

- blind6 (170): 20 when first scored, 17 after a last sweep of digits and lone letters, 9
  after the rules learnt from the trainA/trainB corpora; 8 with the tagger (2026-12-03).
- blind8 (180, a fresh author): 23 when first scored, 10 after that change, 6 with the tagger.
- blind9 (180, another fresh author): 5 when first scored (rules); 6 with the rules once the
  topic corpus gained an author (the rules read its words as what askers say); 2 with the
  tagger.
- blind10 (180, another fresh author, written while the tagger was built): 13 with the rules
  alone; 11 with the first tagger (twelve corpus authors, its first scoring), 9 with the
  second (fourteen).
- blind11 (180, another fresh author, scored once, with the second tagger): 22 with the rules
  alone, 15 with the tagger, 92.0% of the other words kept.

The target is 0, so issue 12 stays open while any message leaks. Every fresh author so far has
found new ways to write a detail (blind3 to blind6, blind8, blind10 and blind11 leaked in 11%,
11%, 9%, 12%, 13%, 6% and 8% of their messages when first scored), so a floor here is
evidence about text nobody tuned for, and a new blind set is needed once these misses are
read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.redaction.test_redaction import score

HERE = Path(__file__).resolve().parent
# (file, messages with a surviving personal token at most, share of other words kept)
BLIND = [
    ("blind6/blind6.yaml", 8, 0.93),
    ("blind8/blind8.yaml", 6, 0.925),
    ("blind9/blind9.yaml", 2, 0.925),
    ("blind10/blind10.yaml", 9, 0.915),
    ("blind11/blind11.yaml", 15, 0.915),
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
