"""Redaction against the redaction corpus (knowledge/redaction/corpus/*.yaml: messages full
of personal data, each with the exact personal substrings, one file per independent author),
and one test per kind of detail. The scorer is bot.redact_score, shared with the blind sets
and with the tagger's training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.redact import redact, redact_by_rules
from bot.redact_score import score as score_with

CORPUS = Path(__file__).resolve().parents[2] / "knowledge" / "redaction" / "corpus"
KINDS = {
    "name",
    "phone",
    "email",
    "address",
    "postcode",
    "dob",
    "age",
    "school",
    "vehicle",
    "handle",
}


def score(messages: list[dict[str, Any]]) -> tuple[list[str], float]:
    """(a line per message a personal token survives in, the share of other words kept)."""
    return score_with(messages, redact)


def corpus(name: str = "first.yaml") -> list[dict[str, Any]]:
    return list(yaml.safe_load((CORPUS / name).read_text(encoding="utf-8")))


def test_the_corpus_is_big_and_covers_every_kind() -> None:
    messages = corpus()
    assert len(messages) >= 300
    assert {kind for m in messages for kind in m["kinds"]} == KINDS
    for message in messages:
        for personal in message["personal"]:
            assert personal in message["text"], personal


# The corpus the redactor was built against, each file by another author, misses read:
# (file, messages a personal token may still survive in, share of other words kept at least).
# first.yaml was the first. seen-blind1..5.yaml were blind sets (26 of 160, 35 of 170, 19 of
# 170, 18 of 170 and 16 of 170 messages leaked when first scored), each read once the rules
# had improved on the others, so they tune too. texting.yaml (phone-typed, lower case) and
# formal.yaml (case notes, emails, forms) came from two authors briefed for the hard cases.
# trainA.yaml (the public on phones) and trainB.yaml (professionals' pasted emails, forms and
# minutes) leaked in 50 and 108 of 220 messages as unseen text, the rules then learnt from
# them (19 and 12 left); trainC.yaml (practitioners outside the council), trainD.yaml (young
# people), trainE.yaml (councillors' casework) and trainF.yaml (details in the hardest forms)
# leaked in 34, 43, 14 and 94 of 220 as unseen text (trainE and trainF 8 and 75 with the first
# tagger) and were never read for rules.
# trainG.yaml (places described in ordinary words, rural voices) and trainH.yaml (busy
# professionals' notes and handovers) leaked in 135 and 43 of 220 as unseen text; the rules then
# learnt from trainF and trainG (places told by a landmark, letters said aloud, titles written
# "Mr.Smith"), and hedges around an age ("maybe", "not ... yet") stopped counting as personal
# (bot/redact_score.GENERIC).
# Since 2026-12-03 the tagger learns from every file here, so these figures are on its
# training data (rules alone, session 9: 0/0/0/0/3/0/8/0/17/11/24/37/14/54/86/35). Across
# authors, each held out in turn, rules and tagger leak in 217 of 3,290 messages against 289
# for the rules alone, other words kept 0.925 against 0.931 (redaction/tagger.npz's metadata).
TUNING = [
    ("first.yaml", 0, 0.955),
    ("seen-blind1.yaml", 0, 0.935),
    ("seen-blind2.yaml", 0, 0.92),
    ("seen-blind3.yaml", 0, 0.915),
    ("seen-blind4.yaml", 2, 0.91),
    ("seen-blind5.yaml", 0, 0.895),
    ("texting.yaml", 4, 0.945),
    ("formal.yaml", 0, 0.88),
    ("trainA.yaml", 6, 0.94),
    ("trainB.yaml", 5, 0.885),
    ("trainC.yaml", 9, 0.925),
    ("trainD.yaml", 13, 0.96),
    ("trainE.yaml", 5, 0.88),
    ("trainF.yaml", 19, 0.95),
    ("trainG.yaml", 42, 0.95),
    ("trainH.yaml", 22, 0.935),
]


@pytest.mark.parametrize(("name", "floor", "kept_share"), TUNING)
def test_personal_tokens_do_not_survive_the_tuning_corpora(
    name: str, floor: int, kept_share: float, capsys: pytest.CaptureFixture[str]
) -> None:
    messages = corpus(name)
    failures, kept = score(messages)
    with capsys.disabled():
        print(
            f"\nredaction, {name}: {len(messages)} messages; personal tokens surviving in "
            f"{len(failures)}; non-personal words kept: {kept:.1%}"
        )
    assert len(failures) <= floor, "\n".join(failures)
    assert kept >= kept_share  # what a curator needs to read stays


def test_a_place_told_by_a_landmark_goes_and_the_question_stays() -> None:
    redacted = redact("Is the bus stop by the school a hotspot?")
    assert redacted == "Is [address] a hotspot?"


def test_the_tagger_takes_what_the_rules_let_through() -> None:
    """Ordinary words used as details, which no rule of ours catches: the tagger does."""
    for text, gone in [
        ("grace from number 14 is out every night", "grace"),
        ("my brothers friend bear (hes 16) is seeing a woman", "bear"),
    ]:
        assert gone in redact_by_rules(text)
        assert gone not in redact(text).lower()
        assert "[detail]" in redact(text)


@pytest.mark.parametrize(
    ("text", "kind", "gone"),
    [
        ("my neighbour Kayla Briggs keeps seeing older men", "name", "Kayla Briggs"),
        ("a man called Lee takes her to hotels", "name", "Lee"),
        ("my daughter summer is being groomed", "name", "summer"),
        ("Cllr Fiona McAllister wants training", "name", "Fiona McAllister"),
        ("Mr R Singh booked the room", "name", "R Singh"),
        ("call me on 07700 900123 please", "phone", "07700 900123"),
        ("ring +44 (0)117 496 0456", "phone", "117 496 0456"),
        ("email jade.b@example.co.uk about it", "email", "jade.b@example.co.uk"),
        ("she lives at 22a Church Lane now", "address", "Church Lane"),
        ("they are at flat 3b Kingsway House", "address", "Kingsway House"),
        ("the postcode is PR7 1DP", "postcode", "PR7 1DP"),
        ("we live in m1 4bt", "postcode", "m1 4bt"),
        ("her DOB is 12/03/2011", "dob", "12/03/2011"),
        ("born 4th January 2013", "dob", "January"),
        ("she is 14 and scared", "age", "14"),
        ("a 13 year old boy", "age", "13"),
        ("she goes to Parklands High School", "school", "Parklands"),
        ("pupils at St Mary's Catholic Primary", "school", "Mary"),
        ("a silver car, reg LN68 XYZ", "vehicle", "LN68"),
        ("the plate was WU14 TAX", "vehicle", "WU14"),
        ("his insta is @jaydee_07", "handle", "jaydee_07"),
        ("his snapchat is bigdaddy_k", "handle", "bigdaddy_k"),
        # lower case, in no word list: a name
        ("my mate dariusz says the lads get paid", "name", "dariusz"),
        ("she said the man is called harbour", "name", "harbour"),
        ("a man they call rocky sells vapes", "name", "rocky"),
        ("the boss is Mr Thimbleby", "name", "Thimbleby"),
        ("reported by A. Penhaligon on Friday", "name", "Penhaligon"),
        ("Child B (TR) was seen again", "name", "TR"),
        ("seen by J.K. outside the shop", "name", "J.K."),
        ("Roxanne Pike rang. Roxanne's sister is 12", "name", "Roxanne"),
        ("the men call her 'Peaches' at the flat", "name", "Peaches"),
        ("she's about fourteen I think", "age", "fourteen"),
        ("girls aged 13/14 hang about there", "age", "13/14"),
        ("ring 0161 496 0740 ext 213", "phone", "213"),
        ("text oh seven seven double oh nine hundred six two one", "phone", "six"),
        ("mail bryony dot keane at example dot org", "email", "keane"),
        ("born on the fourth of June", "dob", "fourth"),
        ("they meet at number 14 on larch grove", "address", "larch"),
        ("we are at flat nine, Sedge Heights", "address", "Sedge"),
        ("she is at westbrook primary", "school", "westbrook"),
        ("the plate started KX 19", "vehicle", "KX"),
        ("plate was Hotel Juliet two four", "vehicle", "Juliet"),
        ("the van's letters were R P T 4 4", "vehicle", "R P T"),
        # minutes and case notes: initials that act, a reference, a flat, a bracketed email
        ("Actions:\n1. MM to visit the family with the school nurse", "name", "MM"),
        ("Strategy meeting notes. TF to hold a strategy discussion by Friday", "name", "TF"),
        ("Children discussed at the panel today: DP, 15; GP, 14 (siblings)", "name", "GP"),
        ("Our ref: HCD/0423/17, please quote it", "ref", "0423"),
        ("Flat 3F2, 27 Lochrin Brae, Edinburgh", "address", "3F2"),
        ("write to jo[dot]kerr[at]example[dot]com today", "email", "kerr"),
        ("email me on gav.mills at example.com please", "email", "example"),
        ("mobile plus four four seven seven double oh nine hundred", "phone", "plus"),
        ("she is Zara, Z for zulu, and scared", "name", "zulu"),
        ("he lives at 9 Canal Side with his brother", "address", "Canal"),
        ("I live at 5 Brinsworth Lane, S60 and saw it", "postcode", "S60"),
        ("the bloke is 24ish and drives", "age", "24ish"),
        ("a man who must be forty-odd", "age", "forty-odd"),
        ("Bridget Ward, 13, is being approached", "age", "13"),
        ("Child: Minh Nguyen, age 14\nMinh is working evenings", "age", "14"),
        ("his gamertag is MrPro Gaming 1987, and he sends codes", "handle", "Gaming"),
        # the last sweep: digits and lone letters the rules let through
        ("they took her to the 5th floor flat", "number", "5th"),
        ("the boy they call lil t is the one", "name", " t "),
        # from the trainA/trainB corpora: what surrounds an address, nicknames with "the"
        ("she lives at 4 Hill Street, Caerphilly CF83 1AB now", "address", "Caerphilly"),
        ("Address: 12 Moor Road, Hartlepool, TS24 8AB", "address", "Hartlepool"),
        ("a lad from the Ashfield estate gives them phones", "address", "Ashfield"),
        ("older lads from Kestrel flats, block C, wait at the gate", "address", "Kestrel"),
        ("picked up from Kingfisher Children's Home last night", "address", "Kingfisher"),
        ("a house on Mill Road, the one with boarded up windows", "address", "boarded"),
        ("she goes to the bungalow with the blue car", "address", "blue"),
        ("they added her to a group called 'Friday Link Up'", "handle", "Friday Link"),
        ("a guy called the don sells it", "name", "don"),
        ("they call him the butcher round here", "name", "butcher"),
        ("my daughter savannah is 14", "name", "savannah"),
        ("Action: CT to complete the referral", "name", "CT"),
        ("ask Mrs.Khan about the taxi rank", "name", "Khan"),
        ("he keeps her at the static caravan nearest the gate", "address", "gate"),
        ("they meet in the flat above the launderette most nights", "address", "launderette"),
        ("she said the last house before the level crossing", "address", "crossing"),
        ("his flat is above the launderette on Carr Lane", "address", "launderette"),
        ("postcode is bee ell three something", "postcode", "bee ell"),
        ("i think its double u en eight", "postcode", "en eight"),
        ("her page is instagram.com/jade.rowe_x if that helps", "handle", "jade"),
        ("he posts on https://www.facebook.com/wes.tomlin.7788 daily", "handle", "tomlin"),
        ("her mum runs a blog at rowefamily.co.uk/about", "link", "rowefamily"),
        ("the booking page www.kestrel-lets.com/book?guest=4", "link", "kestrel"),
    ],
)
def test_each_kind_is_replaced_by_its_placeholder(text: str, kind: str, gone: str) -> None:
    redacted = redact(text)
    assert gone not in redacted
    assert f"[{kind}]" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "Who is the LADO for Chorley?",
        "How do I make a referral to MASH?",
        "What training do councillors need on CSE?",
        "Which police team covers Leyland?",
        "Is county lines the same as CSE?",
        "Is there Operation Sanctuary training in Stockton next Tuesday?",
        "Will the police tell me what happened after I reported it?",
        "What does CAMHS do and is the YOT involved?",
        "Ask your GP to refer you, or ring the MASH.",
        "Is junction 28 services in Lancashire's area?",
        "She is in Y9 at school and goes out at night.",
        "Ring 999 or 101, open 24/7; 50% of reports are made after 9pm.",
        "Do most calls come in after 9pm, and who do I call about it?",
        "The leaflet at www.nspcc.org.uk says to ring the helpline",
        "Is https://www.gov.uk/report-child-abuse the right page for Chorley?",
        "ceop.police.uk and www.lancashire.gov.uk",
        "is this a hotspot or a lock-up, and what is county lines?",
        "Is Street Safe confidential for the young person?",
        "I saw em two times and my ex one time",
        "mondays are worst, and they meet on fridays",
    ],
)
def test_questions_without_personal_details_are_kept_whole(text: str) -> None:
    assert redact(text) == text
