"""Placeholder; replaced below."""


def redact(text: str) -> str:
    return text
