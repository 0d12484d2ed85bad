"""Web addresses in a message, for redaction. A public body's site ("www.nspcc.org.uk",
"gov.uk/report-child-abuse") names nobody and tells the curator what the asker was reading,
so it stays whole; a profile on a social platform ("instagram.com/some.name") is a handle;
any other address (a person's blog, a business's booking page) is a `[link]`.

Public means a site the knowledge itself cites (its sources' and contacts' addresses, read
from the knowledge files) or one under a public-sector suffix (gov.uk, police.uk, nhs.uk).
Before this, the rules read the parts of "www.nspcc.org.uk" as names ("[name].nspcc.[name].uk").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# The endings a written address carries in these messages; "e.g." and "St.Mary" have none.
_ENDING = r"uk|com|org|net|info|io|co|gov|me|tv|app|gg|ly|ie|eu|biz"
LINK_PATTERN = (
    rf"(?<![\w@.+'’-])(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_ENDING})"
    r"(?![\w@-])(?:/[^\s\"'<>()\[\]]*[^\s\"'<>()\[\].,;:!?])?/?"
)
LINK = re.compile(LINK_PATTERN, re.IGNORECASE)
_CITED = re.compile(r"https?://([a-z0-9.-]+)", re.IGNORECASE)
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
PUBLIC_SUFFIXES = ("gov.uk", "police.uk", "nhs.uk")
# Sites where an address with a path is a person's page (a handle), never a public body's.
PLATFORMS = frozenset(
    "facebook.com fb.com instagram.com tiktok.com snapchat.com x.com twitter.com youtube.com "
    "youtu.be twitch.tv discord.gg discord.com reddit.com linkedin.com github.com "
    "onlyfans.com wa.me t.me telegram.me threads.net".split()
)
# An email's local part said aloud before it: "gav.mills at " (a dot, underscore or digit in it,
# as the email rule reads one), not "a blog at ".
_SPOKEN_AT = re.compile(r"(?<!\S)[\w.+-]*[._\d][\w.+-]*\s+at\s+$", re.IGNORECASE)
KEPT = "[site]"  # stands in for a public address while the rules and the tagger run


def host(address: str) -> str:
    """The site of an address, lower case, without scheme, "www." or path."""
    bare = _SCHEME.sub("", address).split("/", 1)[0].lower()
    return bare.removeprefix("www.")


def cited_hosts(texts: Iterable[str]) -> frozenset[str]:
    """The sites the curated knowledge's files (`texts`) cite, social platforms aside."""
    found = {host(m) for text in texts for m in _CITED.findall(text)}
    return frozenset(found - PLATFORMS)


def is_public(site: str, cited: frozenset[str]) -> bool:
    under = (site, *(site.split(".", i)[-1] for i in range(1, site.count(".") + 1)))
    return any(s in cited or s in PUBLIC_SUFFIXES for s in under)


def kind(address: str, cited: frozenset[str]) -> str | None:
    """None for a public address (kept), else the placeholder's kind."""
    site = host(address)
    if site in PLATFORMS:
        has_path = "/" in _SCHEME.sub("", address).rstrip("/")
        return "handle" if has_path else None
    return None if is_public(site, cited) else "link"


def set_aside(text: str, cited: frozenset[str]) -> tuple[str, list[str]]:
    """The text with each public address as `KEPT` and every other address as its
    placeholder, and the public addresses in order, for `put_back`."""
    kept: list[str] = []

    def swap(m: re.Match[str]) -> str:
        found = kind(m.group(0), cited)
        if found == "link" and _SPOKEN_AT.search(text, 0, m.start()):
            return m.group(0)  # "gav.mills at example.com": the email rules' to judge
        if found is None:
            kept.append(m.group(0))
            return KEPT
        return f"[{found}]"

    return LINK.sub(swap, text), kept


def put_back(text: str, kept: list[str]) -> str:
    addresses: Iterator[str] = iter(kept)
    return re.sub(re.escape(KEPT), lambda _: next(addresses, "[link]"), text)
