"""A long story's question sentence: found, and read alone beside the whole message when the
trained model gives it a share (chosen across authors at training)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.assistant import Assistant
from bot.focus import LONG_FROM_WORDS, question_sentence
from bot.topic_train import FOCUS_SHARES

STORY = (
    "I have been a taxi driver in Preston for years and I did the licensing training course "
    "the council runs for drivers last spring, which was good. Lately a group of girls of "
    "about 14 keep getting into cars with much older men at the rank late at night. Who should "
    "I tell about it?"
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Who is the LADO?", None),  # short: read whole
        (STORY, "Who should I tell about it?"),
        (
            "I chair the scrutiny panel and we have a report coming on exploitation next month "
            "with several recommendations about training. I need to know what training "
            "members must do before then. Thanks in advance for any pointers",
            "I need to know what training members must do before then.",
        ),
        (
            "I just wanted to say that the session on exploitation last week was really useful "
            "and the trainer was excellent and everyone on our committee said the same thing "
            "afterwards in the meeting.",
            None,  # one sentence, asking nothing
        ),
    ],
)
def test_the_question_sentence_of_a_story(text: str, found: str | None) -> None:
    assert question_sentence(text) == found


def test_only_long_messages_are_stories() -> None:
    words = ["word"] * LONG_FROM_WORDS
    assert question_sentence(" ".join(words) + ". Who do I call?") is not None
    assert question_sentence(" ".join(words[:-4]) + ". Who do I call?") is None


def test_the_shipped_share_was_chosen_from_the_candidates(assistant: Assistant) -> None:
    assert assistant.topic_model is not None
    assert assistant.topic_model.focus in FOCUS_SHARES


def test_a_share_for_the_question_sentence_changes_what_a_story_gets(
    assistant: Assistant,
) -> None:
    model = assistant.topic_model
    assert model is not None
    whole = Assistant(assistant.knowledge, reply_cache=0)
    whole.topic_model = replace(model, focus=0.0)
    focused = Assistant(assistant.knowledge, reply_cache=0)
    focused.topic_model = replace(model, focus=0.5)
    assert abs(focused.ask(STORY).confidence - whole.ask(STORY).confidence) > 0.05
    short = "How do I report a concern about a child?"
    assert focused.ask(short).to_dict() == whole.ask(short).to_dict()  # short: read whole
