"""Confidence bands over a reply's calibrated confidence: how sure Pathways is of an answer,
in three words. A "low" answer says so in the reply (messages.UNSURE_NOTE) and is one whose
words the curator's queue keeps (bot.usage).

Read on the shipped ranker (threshold 0.466, chosen across fourteen corpus authors) over the
tuning sets' 861 answers (dev.yaml, own-holdout, own-tune, matching-blind, matching-blind2;
2026-12-03): answers under 0.70 were right 59% of the time (34 of them), 0.70-0.90 93% (58),
from 0.90 99% (769). So "low" is under 0.70, where about two answers in five are wrong, and
"high" starts at 0.90. READ_AT is the threshold they were read with: a test fails when a
retrain moves it, so the bands are read again."""

from __future__ import annotations

HIGH_FROM = 0.90
MEDIUM_FROM = 0.70
READ_AT = 0.466


def band(confidence: float) -> str:
    if confidence >= HIGH_FROM:
        return "high"
    return "medium" if confidence >= MEDIUM_FROM else "low"
