"""A fallback that says where to go instead names the out-of-scope entry it comes from, and the
scorer credits that entry: a case may expect `fallback` or the entry by id (issue 10; the
fourth blind author labelled such messages by id, which the scorer could not credit before)."""

from __future__ import annotations

from bot import Assistant
from bot.evaluate import Case, evaluate


def test_an_out_of_scope_answer_names_its_entry(assistant: Assistant) -> None:
    reply = assistant.ask("my bin hasnt been collected this week")
    assert reply.fallback and reply.topic_id is None
    assert reply.scope_id == "oos-environment-streets"
    assert reply.to_dict()["scope_id"] == "oos-environment-streets"


def test_the_general_not_mine_and_answers_name_no_entry(assistant: Assistant) -> None:
    assert assistant.ask("what does LADO stand for").scope_id is None
    assert assistant.ask("xqzv blorp wibble").scope_id is None


def test_the_scorer_credits_the_entry_or_a_fallback_and_nothing_else(
    assistant: Assistant,
) -> None:
    question = "my bin hasnt been collected this week"
    cases = [
        Case(question=question, expect=("oos-environment-streets",)),
        Case(question=question, expect=("fallback",)),
        Case(question=question, expect=("oos-housing-benefits",)),
        Case(question=question, expect=("report-a-concern",)),
    ]
    outcomes = evaluate(assistant, cases).outcomes
    assert [o.top1 for o in outcomes] == [True, True, False, False]
    assert outcomes[0].got == "oos-environment-streets"
