"""Pathways core: knowledge loading and validation, matching, urgency and replies.

This package cannot do any IO beyond reading the knowledge files at load time. It imports
no web, Slack or Teams library and reads no environment variables: adapters translate a
request into one `Assistant.ask` call and render the `Reply` they get back.
"""

from bot.assistant import Assistant
from bot.errors import BotError, KnowledgeError, UnknownCouncilError, UnknownRoleError
from bot.reply import Reply

__all__ = [
    "Assistant",
    "BotError",
    "KnowledgeError",
    "Reply",
    "UnknownCouncilError",
    "UnknownRoleError",
]
