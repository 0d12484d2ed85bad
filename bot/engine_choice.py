"""The lexical engine's own decision rules: when its best score is confident, which runner-up
is close, when an out-of-scope entry overrules. They decide only when the knowledge has no
trained topic ranker (a small test knowledge base, a new pack before `pathways train`); with
one, `bot.ranking` decides. The constants were tuned on our own phrasings in session 1.
"""

from __future__ import annotations

from dataclasses import replace

from bot.index import Match

THRESHOLD = 0.50  # below this best score the assistant abstains
NEAR_THRESHOLD = 0.44  # ...but a best this good, with a CLEAR_LEAD over the rest, answers
CLEAR_LEAD = 0.10
CLOSE = 0.06  # a runner-up this near the best is offered as a suggestion
SURE = 0.65  # a best match this strong is not overruled by a close out-of-scope entry
OUT_OF_SCOPE_MARGIN = 0.10  # an out-of-scope rival this close makes the reply a fallback


def confident(matches: list[Match]) -> bool:
    """Above the threshold; or a little below it but far ahead of every other topic."""
    best = matches[0]
    if best.score >= THRESHOLD:
        return True
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    return best.score >= NEAR_THRESHOLD and best.score - runner_up >= CLEAR_LEAD


def out_of_scope_close(matches: list[Match]) -> bool:
    """An out-of-scope entry nearly as good as the answer: better to say "not mine"."""
    rival = next((m for m in matches if m.topic.out_of_scope), None)
    if rival is None or matches[0].score >= SURE:
        return False
    return matches[0].score - rival.score <= OUT_OF_SCOPE_MARGIN


def prefer(matches: list[Match], topic_ids: tuple[str, ...], bonus: float) -> list[Match]:
    """A named local place makes "which team covers it" the likelier question."""
    boosted = [replace(m, score=m.score + bonus) if m.topic.id in topic_ids else m for m in matches]
    return sorted(boosted, key=lambda m: m.score, reverse=True)


def best_id(matches: list[Match]) -> str | None:
    """The confident in-scope match, if any (offered alongside the 999 answer)."""
    best = matches[0] if matches else None
    if best is None or not confident(matches) or best.topic.out_of_scope:
        return None
    return best.topic.id


def suggest(matches: list[Match], limit: int) -> list[str]:
    return [m.topic.id for m in matches if not m.topic.out_of_scope][:limit]
