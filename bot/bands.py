"""Confidence bands over a reply's calibrated confidence: how sure Pathways is of an answer,
in three words. A "low" answer says so in the reply (messages.UNSURE_NOTE) and is one whose
words the curator's queue keeps (bot.usage).

Read on the shipped ranker (threshold 0.31, chosen across eleven corpus authors) over the
tuning sets' 860 answers (dev.yaml, own-holdout, own-tune, matching-blind, matching-blind2;
2026-12-03): answers under 0.70 were right 70% of the time (33 of them), 0.70-0.90 96% (67),
from 0.90 99% (760). So "low" is under 0.70, where about one answer in three is wrong, and
"high" starts at 0.90. READ_AT is the threshold they were read with: a test fails when a
retrain moves it, so the bands are read again."""

from __future__ import annotations

HIGH_FROM = 0.90
MEDIUM_FROM = 0.70
READ_AT = 0.31
BANDS = ("high", "medium", "low")


def band(confidence: float) -> str:
    if confidence >= HIGH_FROM:
        return "high"
    return "medium" if confidence >= MEDIUM_FROM else "low"
