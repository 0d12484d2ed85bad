"""Microsoft's token-signing keys, fetched with a short timeout and kept, so an unreachable key
endpoint costs a request at most FETCH_TIMEOUT seconds (then none for RETRY_AFTER) instead of
holding a worker for the SDK's 30 s default on every request.

`KeySet` is handed to the Teams SDK's own validator in place of its PyJWKClient (it answers
the one call the validator makes, `get_signing_key_from_jwt`), so a token is still checked by
the SDK (issuer, audience, expiry, signature, `serviceurl`), with keys from here."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import jwt

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 3.0  # seconds: Microsoft's key endpoint answers in well under 1 s when up
KEEP_SECONDS = 24 * 3600  # keys rotate every few weeks, announced in advance in the key set
RETRY_AFTER = 30.0  # seconds without a new attempt after a failed fetch: one slow try per outage
MIN_REFRESH = 60.0  # seconds between re-fetches for an unknown key id (forged ids cost nothing)


class KeysUnavailable(Exception):
    """The key set could not be fetched: the request can be neither accepted nor refused."""


class KeySet:
    def __init__(self, uri: str, timeout: float = FETCH_TIMEOUT) -> None:
        self.client = jwt.PyJWKClient(uri, cache_jwk_set=False, cache_keys=False, timeout=timeout)
        self.keys: dict[str, jwt.PyJWK] | None = None
        self.fetched_at = -KEEP_SECONDS
        self.failed_at = -RETRY_AFTER
        self.lock = threading.Lock()

    def get_signing_key_from_jwt(self, token: str) -> jwt.PyJWK:
        """The key that signed `token`; InvalidTokenError for a malformed token or an unknown
        key id, KeysUnavailable when the keys cannot be fetched."""
        kid = jwt.get_unverified_header(token).get("kid")
        with self.lock:
            keys = self._current()
            if kid not in keys and time.monotonic() - self.fetched_at > MIN_REFRESH:
                keys = self._fetch()
        if not isinstance(kid, str) or kid not in keys:
            raise jwt.InvalidTokenError("token signed with an unknown key")
        return keys[kid]

    def _current(self) -> dict[str, jwt.PyJWK]:
        if self.keys is not None and time.monotonic() - self.fetched_at < KEEP_SECONDS:
            return self.keys
        return self._fetch()

    def _fetch(self) -> dict[str, jwt.PyJWK]:
        now = time.monotonic()
        if now - self.failed_at < RETRY_AFTER:
            if self.keys is not None:
                return self.keys  # keep using what we had while the endpoint is down
            raise KeysUnavailable("Microsoft's signing keys could not be fetched recently")
        try:
            data: Any = self.client.fetch_data()
            found = {key.key_id: key for key in jwt.PyJWKSet.from_dict(data).keys if key.key_id}
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, OSError, ValueError) as exc:
            self.failed_at = now
            log.warning(
                "teams: signing keys unavailable (%s); next try in %.0f s", exc, RETRY_AFTER
            )
            if self.keys is not None:
                return self.keys
            raise KeysUnavailable(str(exc)) from None
        self.keys, self.fetched_at = found, now
        return found
