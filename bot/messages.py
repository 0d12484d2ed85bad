"""Every user-facing string the core writes, in one place (adapters never write reply text)."""

ROLES = ("member", "officer", "licensing", "public")

PLACEHOLDER_CONTACT = "(local number not yet configured: ask your safeguarding lead)"

URGENT_LEAD = "**If a child is in immediate danger, call 999 now.**"

FALLBACK_TITLE = "I'm not sure I have the right answer"

FALLBACK_ANSWER = (
    "I'm not sure I understood that, so I won't guess. "
    "Try one of the topics below, or ask in different words.\n\n"
    "**If a child is in immediate danger, call 999 now.** "
    "If you are worried about a child but they are not in immediate danger, "
    "report the concern: see *Report a concern about a child*."
)

EMPTY_ANSWER = (
    "Ask me about child sexual exploitation: how to report a concern, which police team "
    "covers an area, training, or staying safe on ward visits.\n\n"
    "**If a child is in immediate danger, call 999 now.**"
)

OUT_OF_SCOPE_ROUTE = (
    "**If a child is in immediate danger, call 999 now.** "
    "If you are worried about a child, see *Report a concern about a child*."
)

ALSO_MATCHED = "You may also need: {title}."

AREA_NOTE = "**{place}** is in {area}."

OTHER_COUNCIL_NOTE = "**{place}** is covered by {council}."

INTERNAL_ERROR = (
    "Sorry, something went wrong on our side. "
    "If a child is in immediate danger, call 999 now; otherwise please try again."
)

SOURCE_LINE = "Source: {sources}. Last reviewed {reviewed}."
