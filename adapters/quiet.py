"""Chat libraries log whole requests at INFO and DEBUG (slack-bolt on a failed signature
check or a listener error, the Teams SDK on every activity), question text included. Their
records below WARNING are dropped by a filter on their loggers: a filter, not a level, so it
holds whatever level an operator or a test sets."""

from __future__ import annotations

import logging


class NoBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


def quiet(logger: logging.Logger) -> logging.Logger:
    if not any(isinstance(f, NoBodies) for f in logger.filters):
        logger.addFilter(NoBodies())
    return logger


def quiet_all(prefix: str) -> None:
    """Every logger created so far under `prefix` (a filter is not inherited by children)."""
    for name, found in list(logging.root.manager.loggerDict.items()):
        if isinstance(found, logging.Logger) and (name == prefix or name.startswith(prefix + ".")):
            quiet(found)
