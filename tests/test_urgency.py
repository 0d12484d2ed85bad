"""A child in danger now leads with 999 whatever else matched; alarming words in a
question that is not about right now do not raise a false alarm."""

from __future__ import annotations

import pytest

from bot import Assistant

URGENT = [
    "a child is being hurt right now",
    "theres a girl in a car with older men now outside the chippy",
    "shes not come home and hes got her",
    "my 13 year old niece has just rung from a house party, she says men are touching her",
    "lad from the estate just messaged me saying a man has locked him in a flat",
    "young girl crying in the hotel bar with two older men, they're taking her upstairs now",
    "my son is 12, he went off in a strangers van 20 minutes ago and isn't answering",
    "girl outside the takeaway looks about 14, a man is pushing her into his car right now",
    "help a child is in danger",
    "immediate danger child",
    "teenager at the bus station is being forced into a taxi by older blokes at the moment",
    "the girl we work with is at a flat with older men tonight and she is scared",
    "a boy has just told me a man is waiting outside school for him and he is frightened",
    "Our foster child hasn't come home and her phone is off. She was with an older man earlier",
    "someone is live streaming a kid being abused",
    "she doesn't know where she is and she's only 15",
    "there is a girl at my front door crying, she says men have been hurting her",
    "a little boy is being kept in a flat by some men, his sister messaged me",
    "child at immediate risk what do i do",
    "our 13 year old didnt come home last night and we cant reach her",
    "a man is trying to pull a girl into his van outside the shop",
    "999",
    "a girl is barely standing and two men are walking her to a car",
    "someone just pushed a young lad into the back of a van by the park",
    "i can hear a girl calling for help from the flat upstairs",
    "the man who usually picks her up is outside right now and she is terrified",
]

NOT_URGENT = [
    "what are the signs a child is being groomed",
    "what are the dangers of sexting for young people",
    "last year a girl in my ward was exploited, how do i scrutinise what happened",
    "not an emergency but i am worried about a boy who has new trainers and cash",
    "what should i do if a child tells me they are being abused",
    "which children are most at risk of exploitation",
    "how do hotels spot exploitation",
    "a constituent told me years ago her daughter was groomed, can i still report it",
    "what training do taxi drivers do about child exploitation",
    "shes safe at home now but told me yesterday an older man gave her vodka",
    "for months lads have been hanging around the school gates in cars",
    "he is not in danger but i think he is being groomed online",
    "council meeting live stream link please",
    "the lads usually hang about by the chippy with the girls, should i go round tonight",
    "shes not in danger right now but older men keep messaging her",
]


@pytest.mark.parametrize("message", URGENT)
def test_urgent_messages_lead_with_999(assistant: Assistant, message: str) -> None:
    reply = assistant.ask(message)
    assert reply.urgent, message
    assert reply.topic_id == assistant.urgent_topic.id
    assert reply.urgent_rules, "an urgent reply records which rules fired (auditable)"
    assert reply.to_text().startswith("If a child is in immediate danger, call 999 now.")
    assert reply.contacts[0].phone == "999"


# Borderline: a reasonable reader could call these emergencies. Recall first: they must at
# least carry the "if this is happening now, call 999" line.
BORDERLINE = ["kid sent nudes to a man online what now"]


@pytest.mark.parametrize("message", BORDERLINE)
def test_borderline_messages_at_least_mention_999(assistant: Assistant, message: str) -> None:
    assert assistant.ask(message).urgency.level in ("urgent", "possible")


@pytest.mark.parametrize("message", NOT_URGENT)
def test_alarming_but_not_immediate_is_not_urgent(assistant: Assistant, message: str) -> None:
    reply = assistant.ask(message)
    assert not reply.urgent, (message, reply.urgent_rules)


def test_urgent_wins_over_a_strong_match(assistant: Assistant) -> None:
    reply = assistant.ask("which police team covers leyland, a girl is being raped there right now")
    assert reply.urgent and reply.topic_id == "emergency-999"
    assert [s.id for s in reply.suggestions] == ["deter-team"]


def test_urgent_on_every_council_and_role(assistant: Assistant) -> None:
    for role in (None, "member", "officer", "licensing", "public"):
        assert assistant.ask("a child is being abused right now", role=role).urgent
