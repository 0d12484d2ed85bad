"""A tiny error hierarchy: adapters catch `BotError` and show its message, never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One finding of the validator, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {self.field}: {tag}{self.message}"


class BotError(Exception):
    """Base of every error the core raises on purpose."""


class KnowledgeError(BotError):
    """The knowledge base is invalid; the engine never serves a half-valid one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        self.file = first.file if first else ""
        self.line = first.line if first else 0
        self.field = first.field if first else ""
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"invalid knowledge base ({len(self.problems)} problem(s)):\n{lines}")


class UnknownCouncilError(BotError):
    """A request named a council whose pack is not loaded."""

    def __init__(self, council: str, known: Sequence[str]) -> None:
        self.council = council
        self.known = list(known)
        super().__init__(f"Unknown council '{council}'. Known councils: {', '.join(self.known)}.")


class UnknownRoleError(BotError):
    """A request named a role the assistant does not know."""

    def __init__(self, role: str, known: Sequence[str]) -> None:
        self.role = role
        self.known = list(known)
        super().__init__(f"Unknown role '{role}'. Known roles: {', '.join(self.known)}.")
