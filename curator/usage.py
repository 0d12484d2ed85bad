"""`Usage`: what adapters call after answering (`asked`) and on a thumbs up or down
(`feedback`). Both return at once; with the store off they do nothing at all."""

from __future__ import annotations

import datetime as dt

from bot import messages
from bot.redact import words
from bot.reply import Reply
from bot.usage import FeedbackRecord, question_record, to_hour
from curator.settings import StoreSettings
from curator.store import Store
from curator.writer import Writer


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Usage:
    def __init__(self, settings: StoreSettings, writer: Writer | None = None) -> None:
        self.settings = settings
        self.writer = writer

    @classmethod
    def off(cls) -> Usage:
        """Records nothing: for a surface built without a store (tests, tools)."""
        return cls(StoreSettings(enabled=False))

    @property
    def recording(self) -> bool:
        return self.writer is not None

    def asked(self, reply: Reply, question: str, surface: str, role: str | None = None) -> None:
        if self.writer is None:
            return
        moment = now()  # when it was asked, not when the writer gets to it
        keep = self.settings.keep_words
        self.writer.submit(lambda: question_record(reply, question, surface, role, moment, keep))

    def feedback(
        self,
        topic_id: str | None,
        helpful: bool,
        surface: str,
        knowledge_version: str,
        reason: str | None = None,
        council: str | None = None,
    ) -> None:
        if self.writer is None:
            return
        record = FeedbackRecord(
            hour=to_hour(now()),
            council=council,
            surface=surface,
            topic_id=topic_id,
            helpful=helpful,
            reason=reason,
            knowledge_version=knowledge_version,
        )
        self.writer.submit(lambda: record)

    def privacy_note(self) -> str:
        """The one sentence each surface shows about what is kept, and for how long."""
        if self.writer is None:
            return messages.PRIVACY_NOTHING_KEPT
        kept = messages.PRIVACY_KEPT if self.settings.keep_words else messages.PRIVACY_NO_WORDS
        return kept.format(days=self.settings.retention_days)

    def close(self, timeout: float = 5.0) -> bool:
        return self.writer.close(timeout) if self.writer else True


def open_usage(settings: StoreSettings) -> Usage:
    """A Usage recording to the configured database, or recording nothing when the store is
    off. The database is migrated now if it can be reached; if not, the service starts all
    the same and the writer retries."""
    if not settings.enabled:
        return Usage(settings)
    words()  # the redaction word lists, read now (before workers fork), not mid-request
    writer = Writer(Store(settings.database_url))
    writer.try_ready()
    return Usage(settings, writer)
