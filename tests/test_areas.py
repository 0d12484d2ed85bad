"""Every Lancashire district, and well-known towns in them, reach their police CSE team."""

from __future__ import annotations

import pytest

from bot import Assistant

DISTRICTS = {
    "Preston": "deter-team",
    "Chorley": "deter-team",
    "South Ribble": "deter-team",
    "West Lancashire": "deter-team",
    "Blackpool": "awaken-team",
    "Fylde": "awaken-team",
    "Lancaster": "awaken-team",
    "Morecambe": "awaken-team",
    "Wyre": "awaken-team",
    "Blackburn with Darwen": "engage-team",
    "Hyndburn": "engage-team",
    "Ribble Valley": "engage-team",
    "Pendle": "engage-team",
    "Rossendale": "engage-team",
}

TOWNS = {
    "Leyland": ("deter-team", "South Ribble"),
    "Ormskirk": ("deter-team", "West Lancashire"),
    "Skelmersdale": ("deter-team", "West Lancashire"),
    "Nelson": ("engage-team", "Pendle"),
    "Colne": ("engage-team", "Pendle"),
    "Accrington": ("engage-team", "Hyndburn"),
    "Fleetwood": ("awaken-team", "Wyre"),
    "Lytham St Annes": ("awaken-team", "Fylde"),
    "Clitheroe": ("engage-team", "Ribble Valley"),
    "Darwen": ("engage-team", "Blackburn with Darwen"),
}


@pytest.mark.parametrize(("place", "team"), DISTRICTS.items())
def test_every_district_routes_to_its_team(assistant: Assistant, place: str, team: str) -> None:
    for question in (f"which police cse team covers {place}", f"{place.lower()} cse team?"):
        reply = assistant.ask(question)
        assert reply.topic_id == team, (question, reply.topic_id)


@pytest.mark.parametrize(("town", "expected"), TOWNS.items())
def test_towns_route_and_say_their_district(
    assistant: Assistant, town: str, expected: tuple[str, str]
) -> None:
    team, district = expected
    reply = assistant.ask(f"my ward is in {town}, who do the police have for cse there")
    assert reply.topic_id == team
    assert any(town in note and district in note for note in reply.notes), reply.notes


def test_typo_in_a_town_still_routes(assistant: Assistant) -> None:
    assert assistant.ask("cse police team for skelmersdal").topic_id == "deter-team"


def test_postcode_district_routes(assistant: Assistant) -> None:
    assert assistant.ask("which cse team covers PR7").topic_id == "deter-team"


def test_a_place_does_not_hijack_other_questions(assistant: Assistant) -> None:
    assert assistant.ask(
        "how do councillors in leyland book cse training", role="member"
    ).topic_id == ("training-members")
