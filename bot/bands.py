"""Confidence bands over a reply's calibrated confidence: how sure Pathways is of an answer,
in three words. A "low" answer says so in the reply (messages.UNSURE_NOTE) and is one whose
words the curator's queue keeps (bot.usage).

Read on the shipped ranker (threshold 0.53, chosen across fifteen corpus authors) over the
tuning sets' 901 answers (dev.yaml, own-holdout, own-tune, matching-blind, matching-blind2;
2026-12-03): answers under 0.70 were right 59% of the time (16 of 27), 0.70-0.90 89% (55 of
62), from 0.90 98% (797 of 812); with fourteen authors and threshold 0.466 it had been 59%,
93% and 99%. So "low" is under 0.70, where about two answers in five are wrong, and "high"
starts at 0.90. READ_AT is the threshold they were read with: a test fails when a retrain
moves it, so the bands are read again."""

from __future__ import annotations

HIGH_FROM = 0.90
MEDIUM_FROM = 0.70
READ_AT = 0.53


def band(confidence: float) -> str:
    if confidence >= HIGH_FROM:
        return "high"
    return "medium" if confidence >= MEDIUM_FROM else "low"
