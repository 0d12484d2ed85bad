"""Redaction's second look: what surrounds a detail the first rules found, and details told in
ordinary words. Each rule here was learnt from a corpus whose misses were read (the trainA and
trainB authors, tests/redaction/): a town inside an address, a named estate, a house described
beside its street, a quoted group-chat name, a nickname with its article."""

from __future__ import annotations

import re

# What belongs to an address the first rules (bot/redact.py) took only part of: the town
# between it and its postcode or the end of its line ("[address], Caerphilly [postcode]": a
# town alone names nobody, but the address's authors count it as part of it), and a named
# estate, block or flats ("the Ashfield estate", "[name] flats, block [name]").
_TOWN = r"[A-Z][a-z'’]+(?:(?:[ -](?:upon|under|on|in|le|de|y)[ -]|[ -])[A-Z][a-z'’]+){0,2}"
_ADDRESS_TAIL = re.compile(
    rf"\[address\](?:,?[ \t]+\[name\])?,?[ \t]+{_TOWN}"
    r"(?=[ \t]*(?:[,;.)\n]|\[(?:postcode|handle|vehicle|number)\]|$))"
)
_NAMED_PLACE = re.compile(
    r"(?:\[(?:name|address)\]|\b(?!(?:The|A|An|This|That|Our|My|Their|His|Her|Council|Police)\b)"
    r"[A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?)[ \t]+(?:[Ee]state|[Ss]cheme|[Ff]lats|[Bb]lock)\b"
    r"|\b[Bb]lock[ \t]+(?:\[name\]|[A-Z]\b)"
    r"|(?:\[name\]|\b[A-Z][a-z'’]+)[ \t]+[Cc]hildren['’]s[ \t]+[Hh]ome\b"
)
# A town just before what was read as a postcode, after a comma ("[age] [name], Hartlepool,
# [postcode]": the house number was read as an age).
_TOWN_OF_POSTCODE = re.compile(rf"(?<=,[ \t]){_TOWN}(?=,?[ \t]*\[(?:postcode|handle)\])")
# A group chat's or server's name, quoted: "a group called 'Friday Link Up'".
_GROUP_NAME = re.compile(
    r"(?i)\b(?:group|chat|server|channel|gc)(?:[ \t]+chat)?(?:[ \t]+(?:called|named))?[ \t]*"
    r"(['‘\"“])[^'’\"”\n]{1,40}['’\"”]"
)


# A nickname given with its article: "a guy called the don", "they call him the butcher" (not
# "I called the police": only after a person, or "call him/her").
_THE_NICKNAME = re.compile(
    r"(?i)\b(?:(?:someone|somebody|guy|man|bloke|lad|woman|girl|boy|fella|person|one|"
    r"him|her|he'?s|she'?s|who'?s)[ \t]+(?:called|known[ \t]+as|named|nicknamed)"
    r"|call(?:s|ed)?[ \t]+(?:him|her|them))[ \t]+the[ \t]+(?P<v>[a-z]+)\b"
)
# A home told by how it looks, beside its street: "[address], the one with boarded up windows",
# "on [address] with the blue bins outside", "the bungalow with the blue car".
# Words are joined by at least one space, so no word can be split two ways (linear time).
_LOOKS = (
    r"(?:with|next[ \t]+to|opposite|behind|above|by){article}"
    r"(?:[ \t]+(?!and\b|where\b|who\b|but\b)[\w'’-]+){{1,4}}"
)
_ARTICLE = r"[ \t]+(?:the|a|an|them|those)\b"
# A place told by what it is near, as people who give no street write it (the trainF and
# trainG corpora, 2026-12-03): "the static caravan nearest the gate", "the lock-up by the
# canal bridge", "the flat above the launderette", "the last house before the level
# crossing". A kind of building or spot, up to two words before it ("end", "static"), a word
# of where, then "the" and up to three words: the landmark.
_SPOT = (
    r"house|houses|flat|flats|bungalow|caravan|static|cottage|terrace|semi|maisonette|bedsit|"
    r"unit|lock-?ups?|garages?|shed|barn|hut|yard|shop|takeaway|pub|farm|farmhouse|room|"
    r"hostel|door|gate|shelter|stop|lay-?by|forecourt|alley|alleyway|ginnel|underpass|bench|"
    r"allotments?|chapel|warehouse|mill|pitch|tent|building|block|one|place|car|van"
)
_WHERE = (
    r"next[ \t]+to|opposite|behind|above|over|below|under|by|near|nearest|past|before|after|"
    r"beside|facing|across[ \t]+from|round[ \t]+the[ \t]+back[ \t]+of|"
    r"at[ \t]+the[ \t]+(?:back|end|top|bottom|side|far[ \t]+end)[ \t]+of|"
    r"on[ \t]+the[ \t]+corner[ \t]+(?:of|by)"
)
_BY_LANDMARK = (
    rf"\bthe(?:[ \t]+(?!{_WHERE}\b)[\w'’-]+){{0,2}}?[ \t]+(?:{_SPOT})"
    rf"[ \t]+(?:{_WHERE}|with|on|in|at)"
    r"[ \t]+the(?:[ \t]+(?!(?:and|where|who|but|to|at|in|on|a|an|is|was|are|were|has|had|for|"
    r"of|or|so|if|when|then)\b)[\w'’-]+){1,3}"
)
_DESCRIBED_HOME = re.compile(
    r"(?<=\[address\])(?:,?[ \t]+the[ \t]+one)?[ \t]+"
    + _LOOKS.format(article=_ARTICLE)
    + r"|\bthe[ \t]+(?:one|house|flat|bungalow|caravan|place)[ \t]+"
    + _LOOKS.format(article=f"(?:{_ARTICLE})?")
    + "|"
    + _BY_LANDMARK
)

# A landmark before a street the rules took: "above the chippy on [address]", "behind the
# garages off [address]" (the trainF corpus): the landmark is part of the address.
_LANDMARK_ON_STREET = re.compile(
    rf"\b(?:{_WHERE})[ \t]+the(?:[ \t]+(?!on\b|in\b|at\b|off\b)[\w'’-]+){{1,3}}"
    r"[ \t]+(?:on|in|at|off)[ \t]+\[address\]"
)

# What the rules above leave side by side is one address: "[address], [address]",
# "[address] on [address]".
_ADDRESSES_IN_A_ROW = re.compile(
    r"\[address\](?:(?:,?[ \t]+|[ \t]+(?:on|in|at|off)[ \t]+)\[address\])+"
)


def surroundings(text: str) -> str:
    """The text (its details already in brackets) with what surrounds them taken out too."""
    text = _NAMED_PLACE.sub("[address]", _ADDRESS_TAIL.sub("[address]", text))
    text = _TOWN_OF_POSTCODE.sub("[address]", text)
    text = _THE_NICKNAME.sub(lambda m: _ending(m, "v", "[name]"), text)
    text = _DESCRIBED_HOME.sub(lambda m: " " * (m.group(0)[0] in " ,\t") + "[address]", text)
    text = _LANDMARK_ON_STREET.sub("[address]", text)
    text = _GROUP_NAME.sub(lambda m: _ending(m, 1, "[handle]"), text)
    return _ADDRESSES_IN_A_ROW.sub("[address]", text)


def _ending(match: re.Match[str], group: int | str, placeholder: str) -> str:
    """The match up to where `group` starts, then the placeholder."""
    return match.group(0)[: match.start(group) - match.start()] + placeholder
