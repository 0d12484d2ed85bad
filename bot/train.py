"""`pathways train`: rebuild every learned model whose corpus the knowledge holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.errors import KnowledgeError, Problem
from bot.redact_corpus import corpus_files as redaction_files
from bot.topic_corpus import training_files
from bot.urgency_corpus import corpus_files

MODELS = ("urgency", "topics", "redaction")


def train_all(
    root: Path, report: Callable[[str], None] = print, only: str | None = None
) -> list[str]:
    """Train the urgency model, the topic ranker and the redaction tagger (each only if its
    corpus is there, and only the one named by `only`); progress goes to `report`, one
    summary line per model."""
    from bot.redact_train import train_redaction
    from bot.topic_train import train_topics
    from bot.urgency_train import train

    lines = []
    if corpus_files(root) and only in (None, "urgency"):
        figures = train(root, report)
        cross, everyday = figures["cross_author"], figures["topic_corpus"]
        lines.append(
            f"urgency, cross-author: urgent recall {cross['recall']:.3f}, precision "
            f"{cross['precision']:.3f}, recall with 'possible' "
            f"{cross['recall_with_possible']:.3f}; on everyday questions 999 first "
            f"{everyday['urgent_false_alarms']:.3f}, "
            f"'possible' line {everyday['possible_line']:.3f}"
        )
    if training_files(root) and only in (None, "topics"):
        topics = train_topics(root, report)
        lines.append(
            f"topics, cross-author: right {topics['right']:.3f}, in-field top-1 "
            f"{topics['in_field_top1']:.3f}, off-field answered "
            f"{topics['off_field_answered']:.3f}, answers from confidence {topics['answer_at']}"
        )
    if redaction_files(root) and only in (None, "redaction"):
        tagger = train_redaction(root, report)
        rules, both = tagger["rules_alone"], tagger["with_tagger"]
        lines.append(
            f"redaction, cross-author: messages leaking {rules['leaking']} with the rules "
            f"alone, {both['leaking']} with the tagger (of {tagger['messages']}); other words "
            f"kept {rules['kept']:.3f} -> {both['kept']:.3f}; tagger threshold "
            f"{tagger['threshold']}"
        )
    if not lines:
        what = (
            "nothing to train: no urgency/corpus/*.yaml, no training/*.yaml and no "
            "redaction/corpus/*.yaml"
        )
        raise KnowledgeError([Problem(root.as_posix(), 1, "corpus", what)])
    return lines
