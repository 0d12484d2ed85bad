"""The question inside a long story. People write several sentences of background ("I'm a
taxi marshal in Preston, been on the rank eight years ...") and then ask ("who do I tell?").
Matched whole, such a message lands where its incidental words point: a job, a town, a
committee. The ranker also reads the question sentence alone and blends the two, by a share
chosen across authors at training (bot.topic_train); this module only finds the sentence."""

from __future__ import annotations

import re

# Messages of this many words or fewer are read whole: one or two sentences are the question.
# The stories that pulled answers astray ran to 40-150 words; 25 keeps every short question
# and most two-line ones whole (the training corpus's median message is 11 words).
LONG_FROM_WORDS = 25

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_ASKING = re.compile(
    r"^\s*(?:who|what|whats|what's|how|where|when|which|why|should|shall|can|could|do|does|"
    r"did|is|are|am|would|will|must|may|please|any\s+advice|advice|help|tell\s+me|"
    r"(?:i|we)\s*(?:need|want|would\s+like|'d\s+like)\s+to\s+(?:know|understand)|"
    r"is\s+there|are\s+there)\b",
    re.IGNORECASE,
)


def question_sentence(text: str) -> str | None:
    """The sentence that asks, in a message long enough to be a story; None when the message
    is short, is one sentence, or asks nothing a sentence can be picked out for."""
    if len(text.split()) <= LONG_FROM_WORDS:
        return None
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) < 2:
        return None
    asked = [s for s in sentences if s.endswith("?")] or [s for s in sentences if _ASKING.match(s)]
    if not asked:
        return None
    found = asked[-1]
    return found if len(found.split()) >= 2 else None
