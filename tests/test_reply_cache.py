"""The reply cache: a question asked again gets the same reply without the work, and the
cache holds no question text, stays within its size and is new with each loaded knowledge."""

from __future__ import annotations

import pytest

from adapters.web.config import ConfigError, load_config
from bot.assistant import Assistant
from bot.reply_cache import ReplyCache, reply_key


@pytest.fixture(scope="module")
def small(assistant: Assistant) -> Assistant:
    """The shipped knowledge with a cache of three replies (the knowledge object is shared)."""
    return Assistant(assistant.knowledge, reply_cache=3)


def test_a_repeated_question_is_remembered(small: Assistant) -> None:
    first = small.ask("How do I report a concern about a child?")
    hits = small.replies.hits
    again = small.ask("How do I report a concern about a child?")
    assert again is first
    assert small.replies.hits == hits + 1


def test_role_and_council_are_part_of_the_key(small: Assistant) -> None:
    question = "Who is the LADO?"
    plain = small.ask(question)
    assert small.ask(question, role="officer") is not plain
    elsewhere = small.ask(question, council="shropshire")
    assert elsewhere is not plain
    assert elsewhere.council == "shropshire"


def test_a_remembered_reply_equals_one_worked_out_afresh(assistant: Assistant) -> None:
    fresh = Assistant(assistant.knowledge, reply_cache=0)
    for question in ("what is grooming", "A girl is in a car with older men now", "Hello"):
        assert assistant.ask(question).to_dict() == fresh.ask(question).to_dict()
        assert assistant.ask(question).to_dict() == fresh.ask(question).to_dict()
    assert len(fresh.replies) == 0


def test_the_cache_keeps_no_question_text(small: Assistant) -> None:
    small.ask("My neighbour Jasmine Okafor at 14 Elm Road worries me")
    for key in small.replies._items:
        assert isinstance(key, bytes) and len(key) == 32
        assert b"Okafor" not in key


def test_the_oldest_reply_goes_first() -> None:
    cache: ReplyCache[str] = ReplyCache(2)
    keys = [reply_key(q, None, "chorley") for q in ("a", "b", "c")]
    cache.put(keys[0], "A")
    cache.put(keys[1], "B")
    assert cache.get(keys[0]) == "A"  # now the most recent
    cache.put(keys[2], "C")
    assert len(cache) == 2
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) == "A" and cache.get(keys[2]) == "C"


def test_the_setting_is_read_and_checked() -> None:
    assert load_config(environ={}).reply_cache == 2048
    assert load_config(environ={"PATHWAYS_REPLY_CACHE": "0"}).reply_cache == 0
    with pytest.raises(ConfigError, match="PATHWAYS_REPLY_CACHE"):
        load_config(environ={"PATHWAYS_REPLY_CACHE": "-1"})
