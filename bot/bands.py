"""Confidence bands over a reply's calibrated confidence: how sure Pathways is of an answer,
in three words. A "low" answer says so in the reply (messages.UNSURE_NOTE) and is one whose
words the curator's queue keeps (bot.usage).

Read on the shipped ranker (threshold 0.608, chosen across seventeen corpus authors) over the
tuning sets' 862 answers that were not urgent (dev.yaml, own-holdout, own-tune, matching-blind,
matching-blind2; 2026-12-03, session 9): answers under 0.70 were right 64% of the time (14 of
22), 0.70-0.90 85% (53 of 62), from 0.90 98% (760 of 778); with fifteen authors and threshold
0.53 it had been 59%, 89% and 98% (901 answers, urgent ones included). So "low" is under 0.70,
where about one answer in three is wrong, and "high" starts at 0.90. READ_AT is the threshold
they were read with: a test fails when a retrain moves it, so the bands are read again."""

from __future__ import annotations

HIGH_FROM = 0.90
MEDIUM_FROM = 0.70
READ_AT = 0.608


def band(confidence: float) -> str:
    if confidence >= HIGH_FROM:
        return "high"
    return "medium" if confidence >= MEDIUM_FROM else "low"
