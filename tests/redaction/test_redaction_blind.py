"""Blind redaction sets: messages by authors who saw neither the redactor nor any corpus,
scored and their misses never read (reading them makes a set a tuning set, as happened to
five of them: tests/redaction/corpus-seen-blind1..5.yaml). Each floor holds what was measured
on the set: blind6, on 2026-12-03, after the redactor had learnt from blind5: personal
tokens survived in 20 of its 170 messages (32 of 889 personal items) when first scored, and
in 17 (26 items) once a last sweep of leftover digits and lone letters was added, a change
chosen on the tuning sets alone (scored twice; its misses never read), with 94.4% of the
other words kept; in 9 after the redactor learnt from two more authors' corpora
(trainA, trainB: 2026-12-03), its third scoring. blind8 (180 messages by a fresh author, on
2026-12-03): 23 leaking when first scored, 10 after that change (scored three times in all),
93.6% of the other words kept. blind9 (180, another fresh author, scored once with the
redactor as it was then): 5 leaking, 93.4% kept. The target is 0, so issue 12 stays open
while any message leaks. Every fresh author so far has found new ways to write a detail
(blind3 to blind6 and blind8 leaked in 11%, 11%, 9%, 12% and 13% of their messages when
first scored; blind9, after the redactor had learnt from ten read corpora, in 2.8%), so a
floor here is evidence about text nobody tuned for, and a new blind set is needed once these
misses are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.redaction.test_redaction import score

HERE = Path(__file__).resolve().parent
# (file, messages with a surviving personal token at most, share of other words kept)
BLIND = [
    ("blind6/blind6.yaml", 9, 0.94),
    ("blind8/blind8.yaml", 10, 0.93),
    ("blind9/blind9.yaml", 5, 0.93),
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
