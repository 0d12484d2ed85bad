"""Every user-facing string the core writes, in one place (adapters never write reply text)."""

ROLES = ("member", "officer", "licensing", "public")

PLACEHOLDER_CONTACT = "(local number not yet configured: ask your safeguarding lead)"

URGENT_LEAD = "**If a child is in immediate danger, call 999 now.**"
# Above the normal answer when the urgency detector is unsure (the `possible` tier).
POSSIBLE_LEAD = "If this is happening now, call 999."

FALLBACK_TITLE = "I'm not sure I have the right answer"
OUTSIDE_TITLE = "This is outside what Pathways covers"

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

TOO_LONG_ANSWER = (
    "Your message is {length} characters long; Pathways reads up to {limit}. Please shorten it "
    "to the question you want answered.\n\n"
    "**If a child is in immediate danger, call 999 now.**"
)

OUT_OF_FIELD_ANSWER = (
    "That is outside what Pathways covers. It answers questions about child sexual "
    "exploitation: spotting the signs, reporting a concern, who to contact, training and "
    "staying safe on ward visits. For other council matters, contact your council.\n\n"
    "**If a child is in immediate danger, call 999 now.** "
    "If you are worried about a child, see *Report a concern about a child*."
)

ALSO_MATCHED = "You may also need: {title}."

# Above an answer in the "low" confidence band (bot.bands: how often those were wrong).
UNSURE_NOTE = (
    "I'm not certain this is what you asked. If it isn't, try a topic below or ask in other words."
)

AREA_NOTE = "**{place}** is in {area}."

OUTSIDE_NOTE = (
    "**{place}** is not in an area Pathways holds local guidance for. It covers {councils}. "
    "Do not use those councils' teams for {place}: use the national route below."
)

SECOND_PLACE_NOTE = "**{place}** is covered by {council}: ask about it on its own for its route."

OTHER_COUNCIL_NOTE = "**{place}** is covered by {council}."

INTERNAL_ERROR = (
    "Sorry, something went wrong on our side. "
    "If a child is in immediate danger, call 999 now; otherwise please try again."
)

SOURCE_LINE = "Source: {sources}. Last reviewed {reviewed}."
DRAFT_LINE = "Draft guidance, not yet approved by the council."


# --- Web service and chat widget (adapters/web) ---------------------------------------------
# What the widget says on opening, and the message of each JSON error the API can return.

WEB_GREETING = (
    "Hello. I answer questions about acting on child sexual exploitation, from guidance "
    "reviewed for {council}: reporting a concern, training, police teams and staying safe. "
    "Ask a question or choose one below."
)

WEB_STARTERS = (
    "How do I report a concern?",
    "What training do I need?",
    "Which police team covers my area?",
    "Staying safe on ward visits",
)

API_ERRORS = {
    "unsupported_media_type": (
        "Send the question as JSON, with the header Content-Type: application/json."
    ),
    "invalid_json": (
        "The request body must be a JSON object, "
        'such as {"question": "How do I report a concern?"}.'
    ),
    "missing_question": "Please include a question.",
    "invalid_question": "The question must be text.",
    "empty_question": "Please type a question.",
    "question_too_long": "Please keep your question to {limit} characters or fewer.",
    "invalid_characters": (
        "The question contains control characters that cannot be used. Please type it again."
    ),
    "invalid_field": "'{field}' must be text.",
    "unknown_topic": "There is no topic with that id. See /api/topics for the list.",
    "not_found": "There is nothing at this address.",
    "method_not_allowed": "This address does not accept that kind of request.",
    "payload_too_large": "The request is too large. Keep it under {limit}.",
    "rate_limited": (
        "You have asked a lot of questions in a short time. Please wait a little and try "
        "again. If a child is in immediate danger, call 999 now."
    ),
    "rate_limited_wait": (
        "You have asked a lot of questions in a short time. Please try again in {seconds} "
        "seconds. If a child is in immediate danger, call 999 now."
    ),
    "bad_request": "The request could not be understood.",
    "uri_too_long": "The address is too long.",
    "headers_too_large": "The request's headers are too large.",
    "unauthorized": "This request did not carry a valid Bot Framework token.",
    "invalid_feedback": (
        'The request body must be a JSON object, such as {"topic_id": "report-a-concern", '
        '"helpful": true}.'
    ),
    "unknown_feedback_field": (
        "'{field}' is not a feedback field: send topic_id, helpful, and optionally reason and "
        "council (feedback carries no text)."
    ),
    "missing_topic_id": "Please include topic_id: the answer's topic, or null for a fallback.",
    "unknown_feedback_topic": "There is no topic with that id. See /api/topics for the list.",
    "invalid_helpful": "'helpful' must be true or false.",
    "invalid_reason": "'reason' must be one of {reasons}.",
    "reason_when_helpful": "A reason goes with helpful: false.",
    "store_unavailable": "The usage store cannot be read just now. Please try again later.",
    "invalid_since": "'since' must be a date such as 2026-12-01.",
    "admin_unauthorized": (
        "This page needs the admin token (Authorization: Bearer ...) or a sign-in through "
        "the council's authenticating proxy."
    ),
    "unauthorized_slack": "This request did not carry a valid Slack signature.",
    "teams_unavailable": (
        "Microsoft's signing keys could not be fetched to check this request. Try again later."
    ),
}


# --- Chat platforms (adapters/slack, adapters/teams) ----------------------------------------
# Section and button labels of a chat reply, the Slack App Home, and what a chat says when a
# reply is cut to fit a platform's limits or a clicked topic no longer exists.

CHAT_STEPS = "What to do"
CHAT_CONTACTS = "Contacts"
CHAT_DETAIL = "More detail"
CHAT_DID_YOU_MEAN = "Did you mean"
CHAT_SEE_ALSO = "See also"
CHAT_RELATED = "Related topics"
CHAT_STARTERS = "Try asking"
CHAT_SHORTENED = "(Shortened to fit this chat: ask a narrower question for the rest.)"
CHAT_UNKNOWN_TOPIC = "That topic is no longer available. Please ask your question again."

SLACK_HOME_TITLE = "Pathways"
SLACK_HOW_TO_ASK = (
    "Ask me here in a direct message (the Messages tab), mention me in a channel, or type "
    "**/safeguarding** and your question anywhere: only you see the answer to that one."
)

# One limit for every surface (widget, API, Slack, Teams, CLI): long enough for a story whose
# last line is the emergency; the urgency check always reads the whole message.
MAX_QUESTION = 4000  # characters


# --- What is kept (issue 12): shown on the chat page, in the widget and the Slack App Home ---
PRIVACY_KEPT = (
    "Pathways records which topic answered each question, with the hour, council and role but "
    "never who asked; the words of a question it could not answer are kept with names, "
    "numbers and addresses taken out, and everything is deleted after {days} days."
)
PRIVACY_NO_WORDS = (
    "Pathways records which topic answered each question, with the hour, council and role but "
    "never who asked and never your words, and everything is deleted after {days} days."
)
PRIVACY_NOTHING_KEPT = "Pathways keeps nothing you type on its server."
FEEDBACK_THANKS = "Thank you: your feedback helps keep these answers right."
FEEDBACK_ASK = "Was this helpful?"
FEEDBACK_HELPFUL = "Helpful"
FEEDBACK_UNHELPFUL = "Not helpful"
FEEDBACK_WHY = "Not helpful because..."
FEEDBACK_SEND = "Send"
