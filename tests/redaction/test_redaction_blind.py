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
- blind12 (180, another fresh author, session 9): scored once, with the third tagger (sixteen
  corpus authors, 2026-12-03): 6 with the rules alone, 6 with the tagger, 94.9% of the other
  words kept.

Session 9 changed the scorer: hedges around an age ("maybe 14", "not sixteen yet") no longer
count as personal once the number is gone. Under the new scorer the previous redactor (rules
and second tagger) and this one leak in: blind6 8 / 8, blind8 6 / 6, blind9 2 / 3, blind10
9 / 10, blind11 5 / 6, blind12 6 / 6 (old scorer, this redactor: 8, 6, 3, 12, 19, 10).

The target is 0, so issue 12 stays open while any message leaks. Every fresh author so far has
found new ways to write a detail (blind3 to blind6, blind8, blind10, blind11 and blind12 leaked
in 11%, 11%, 9%, 12%, 13%, 6%, 8% and 3% of their messages when first scored), so a floor here is
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
    ("blind8/blind8.yaml", 6, 0.93),
    ("blind9/blind9.yaml", 3, 0.925),
    ("blind10/blind10.yaml", 10, 0.915),
    ("blind11/blind11.yaml", 6, 0.915),
    ("blind12/blind12.yaml", 6, 0.94),
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
