"""`pathways new-pack`: the skeleton of a council pack, with every local part the core
topics expect. Each value to fill in is marked TODO, and `pathways check` rejects a pack
while any TODO is left, so a half-filled pack can never be served."""

from __future__ import annotations

import datetime as dt

from bot.model import LOCAL_STEP, Knowledge

TODO = "TODO"


def local_topics(knowledge: Knowledge) -> list[str]:
    """Core topics with a "{local}" step: each pack must supply their local steps."""
    return [t.id for t in knowledge.topics.values() if t.has_local_step]


def pack_yaml(council: str, knowledge: Knowledge, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    local = "\n".join(
        f"  {topic_id}:\n"
        f'    answer: "{TODO}: one or two sentences on how this works in your council"\n'
        f'    steps:\n      - "{TODO}: the local step (who to contact, how)"\n'
        f"    contacts: [{council}-safeguarding-lead]"
        for topic_id in local_topics(knowledge)
    )
    return f"""# Council pack for {council}. Fill in every {TODO}, then run:
#   pathways check --council {council}
# Local numbers you do not have yet stay `placeholder: true` (never invent one).
# See docs/adopting-pathways.md.

council: {council}
name: "{TODO}: the council's full name, e.g. Exampleshire County Council"
region: "{TODO}: county or region"
safeguarding_contact: {council}-safeguarding-lead

contacts:
  - id: {council}-safeguarding-lead
    name: "{TODO}: e.g. Exampleshire Council safeguarding lead"
    placeholder: true
    source: "{TODO}: the document or web page this contact comes from"
    verified: not yet verified

# Topics that answer "who covers this area": a question naming one of your places and
# matching one of these topics is answered with that place's `route`.
routing_topics: [report-a-concern]

areas:
  - name: "{TODO}: a district or town"
    places: ["{TODO}: the place and its well-known towns, villages, postcode districts"]
    route: report-a-concern

# The local parts of core topics: appended to the core answer and replacing its
# "{LOCAL_STEP}" step.
local:
{local}
"""
