"""Names of people, word by word. A word is a name when

- a title comes before it (Mr, Mrs, Cllr, Dr ...), or a word that introduces a person
  ("my daughter", "called", "her name is", "I'm");
- it is capitalised mid-sentence and is neither an English word nor a word of the knowledge
  base, or it is a known given name (knowledge/redaction/names.txt);
- it starts a sentence and is a given name that is not also an English word, or one that is
  ("Hope", "Grace") followed by what a person does ("Hope hasn't been to school");
- it is written in lower case and is a given name that is not also an English word ("tyler");
- it stands next to a name and is capitalised, or is no word people use here (a surname:
  "Rachel Fox", "Mei Ling Chen", "callum wright"), or is a given name joined to one by "and";
- it is written in lower case and is in no word list of ours (English, the knowledge's words,
  not-names.txt, the topic corpus's lower-case words): "marek", "aziz";
- it follows "called", "named", "aka", "they call him" (whatever the word), a title ("Mr
  Smith", "mrs b") or an initial ("A. Whitworth"); two or three capitals ("LM") or dotted
  initials are initials unless an acronym we know;
- it was read as a name elsewhere in the same message ("Dean Marsh ... Dean's number").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.redact_links import cited_hosts
from bot.redact_patterns import PATTERNS, Span

TITLES = frozenset(
    "mr mrs ms miss mx dr cllr councillor sir dame prof pc dc ds sgt rev revd imam "
    "father sister brother uncle auntie aunty".split()
)
INTRODUCERS = frozenset(
    "daughter son niece nephew brother sister cousin granddaughter grandson stepdaughter "
    "stepson godson goddaughter friend mate bestie boyfriend girlfriend partner ex neighbour "
    "child kid pupil student girl boy lad lass teen teenager baby teacher colleague manager "
    "driver mum mam mom mother dad father auntie aunt uncle nan nana gran granny grandma "
    "grandad grandpa husband wife carer worker officer constituent resident tenant landlord "
    "man woman guy bloke lady called named calls aka im i'm its it's nephews nieces "
    "daughters sons foster youngster lil little big daddy bro cuz fella dear hi hiya hey hello "
    "thanks cheers regards".split()
)
PHRASES = (
    ("name", "is"),
    ("name", "was"),
    ("names",),
    ("name's",),
    ("known", "as"),
    ("goes", "by"),
    ("this", "is"),
    ("i", "am"),
    ("her", "name"),
    ("his", "name"),
    ("call", "him"),
    ("call", "her"),
    ("calls", "him"),
    ("calls", "her"),
    ("calls", "himself"),
    ("calls", "herself"),
    ("called", "him"),
    ("called", "her"),
)
# What follows a sentence-initial given name that is also an English word, when it is a name.
PERSON_VERBS = frozenset(
    "is isn't was wasn't has hasn't had hadn't said says told tells keeps kept goes went gets "
    "got came comes doesn't didn't can't won't needs wants lives lived stays stayed left "
    "ran runs showed shows asked asks was's and rang rings phoned texted messaged sent reckons "
    "thinks knows saw met picks picked drives drove works worked brought took takes gave gives "
    "bought buys shes hes she's he's".split()
)
STOP = frozenset(
    "a an the and or but if so to of in on at by for from with about as into onto over under "
    "is was are were be been being am has have had do does did not no yes i me my we us our "
    "you your he him his she her they them their it its this that these those there here "
    "who whom whose which what when where why how all any some every each both either "
    "can could will would should may might must shall just also only very too now then "
    "than up down out off again still even ever never always often says said told keeps "
    "because while since until after before during against between through how s t "
    "worried concerned scared someone anyone something anything please thanks hi hello hey "
    "ok okay dear re fw fwd im ive hes shes theyre dont doesnt didnt cant wont isnt wasnt "
    "whats thats theres youre lets u ur pls plz cos coz tho gonna wanna dunno yeah yep nope "
    "hiya won't can't don't doesn't didn't isn't wasn't aren't weren't haven't hasn't hadn't "
    "shouldn't wouldn't couldn't i'm i've i'd i'll he's she's it's they're we're you're".split()
)
_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*|[^\W\d_]")  # "Siân", "O'Neill"
_SENTENCE_END = re.compile(r"(?:[.!?:\n]|\s[-–—]\s)\s*$")  # not ";": a field separator too
_PLACEHOLDER = re.compile(r"\[[a-z]+\]")


@dataclass(frozen=True)
class Words:
    english: frozenset[str]
    names: frozenset[str]
    keep: frozenset[str]  # capitalised words of the knowledge base: places, teams, acronyms
    usual: frozenset[str]  # English words people use when they ask about CSE (the corpora)
    said: frozenset[str]  # every lower-case word of the corpora ("fella", "carer", "u")
    allowed: frozenset[str] = frozenset()  # not-names.txt: "tbh", "cctv", "chippy"
    sites: frozenset[str] = frozenset()  # sites the knowledge cites: kept in a message
    stop: frozenset[str] = STOP

    @cached_property
    def own_names(self) -> frozenset[str]:
        """The knowledge's capitalised words that are not given names: places, teams,
        acronyms, programmes ("leyland", "lado", "engage", "bullfinch"). The tagger never
        takes these out ("Lee" or "Amber", which the knowledge also writes, it may)."""
        return self.keep - self.names

    @classmethod
    def load(cls, knowledge: Path) -> Words:
        folder = knowledge / "redaction"
        english = frozenset(_lines(folder / "english-words.txt"))
        names = frozenset(w for line in _lines(folder / "names.txt") for w in line.split())
        said = _corpus_words(knowledge)
        allowed = frozenset(w for line in _lines(folder / "not-names.txt") for w in line.split())
        curated = _curated_texts(knowledge)
        keep = _knowledge_words(curated)
        sites = cited_hosts(curated)
        return cls(english, names, keep, english & said, said, allowed, sites=sites)


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _curated_texts(root: Path) -> list[str]:
    """The curated knowledge's files (topics, packs, contacts, scope), read once for the
    words and the sites below. The learned corpora and the urgency patterns are left out:
    their authors' messages may hold invented names and sites."""
    skip = ("training", "urgency", "redaction")
    return [
        path.read_text("utf-8")
        for path in sorted(root.rglob("*.yaml"))
        if not any(part in skip for part in path.relative_to(root).parts)
        and "urgency" not in path.name
    ]


def _knowledge_words(texts: list[str]) -> frozenset[str]:
    """Every capitalised word the curated knowledge uses (places, teams, organisations,
    acronyms), lower-cased."""
    schools = dict(PATTERNS)["school"]
    found: set[str] = set()
    for text in texts:
        text = schools.sub(" ", text)  # a school's name stays a name
        found.update(m.lower() for m in re.findall(r"\b[A-Z][A-Za-z'’&-]+", text))
    return frozenset(w.removesuffix("'s").removesuffix("’s") for w in found)


def _corpus_words(root: Path) -> frozenset[str]:
    """Words written in lower case in the training corpora: what askers actually say."""
    found: set[str] = set()
    for folder in (root / "training", root / "urgency" / "corpus"):
        for path in sorted(folder.glob("*.yaml")):
            text = path.read_text("utf-8")
            found.update(re.findall(r"(?<![\w'-])[a-z]+(?:-[a-z]+)*(?![\w'-])", text))
    return frozenset(found)


_SUFFIXES = ("'s", "’s", "s'", "'re", "’re", "'ve", "'ll", "'d", "'m", "n't", "'")


def _base(word: str) -> str:
    """Lower case, without a possessive or a contraction: "Jade's" -> "jade"."""
    low = word.lower()
    for suffix in _SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 1:
            return low[: -len(suffix)]
    return low


def name_spans(text: str, words: Words) -> Iterator[Span]:
    hidden = {i for m in _PLACEHOLDER.finditer(text) for i in range(m.start(), m.end())}
    tokens = [
        (m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text) if m.start() not in hidden
    ]
    shouting = sum(t.isupper() and len(t) > 1 for *_, t in tokens) > len(tokens) / 2
    flags = [False] * len(tokens)
    for i, (start, _end, _word) in enumerate(tokens):
        window = text[max(0, start - 12) : start]  # a window, not the whole text: linear
        initial = (start <= 12 and not window.strip()) or bool(_SENTENCE_END.search(window))
        if _is_name(i, tokens, text, words, initial, shouting):
            flags[i] = True
    _chain(flags, tokens, text, words)
    # a word read as a name once is that person wherever it comes again: "Dean Marsh ...
    # Dean's number", "hunter is the guy - hunter bailey"
    for i, (_start, _end, word) in enumerate(tokens):  # "amber and ruby", "Lee or william"
        if not flags[i] and _base(word) in words.names and _base(word) not in words.stop:
            for j in (i - 2, i + 2):
                between = tokens[(i + j) // 2][2] if 0 <= j < len(tokens) else ""
                if 0 <= j < len(tokens) and flags[j] and between in ("and", "or"):
                    flags[i] = True
    named = {_base(word) for (*_, word), name in zip(tokens, flags, strict=True) if name}
    flags = [
        name or (_base(word) in named and len(word) > 1)
        for (*_, word), name in zip(tokens, flags, strict=True)
    ]
    for (start, end, word), name in zip(tokens, flags, strict=True):
        if name:
            keep_s = word.lower().endswith(("'s", "’s"))
            yield start, end - (2 if keep_s else 0), "name"


def _is_name(
    i: int,
    tokens: list[tuple[int, int, str]],
    text: str,
    words: Words,
    initial: bool,
    shouting: bool,
) -> bool:
    word = tokens[i][2]
    low = _base(word)
    capital = word[0].isupper() and not shouting
    if _titled(i, tokens, text) or (
        len(word) == 1 and word.isupper() and _introduced(i, tokens, text)
    ):
        return True  # "Mr Smith", "mr b", "A. Whitworth", "Uncle T"
    if ("'" in word or "’" in word) and word.lower().replace("’", "'") in words.stop:
        return False  # "won't", "she's"
    if (
        low in words.stop
        and not (
            capital
            and low in words.names
            and (not initial or _person_follows(i, tokens, text))  # "Will told me"
        )
        and not (low in words.names and _introduced(i, tokens, text))
    ):  # "my grandson will is"
        return False
    acronym = word.isupper() and len(word) > 1
    common = low in words.english or low in words.keep
    if _quoted_alone(i, tokens, text) and low not in words.keep:
        return True
    if _named(i, tokens, text):
        return True  # "a man they call rocky", "she's called may"
    if _introduced(i, tokens, text) or (capital and _introduces_after(i, tokens, text)):
        # after "my daughter", "her friend": a name unless a word askers write ("savannah",
        # "belle" are in the dictionary, but no one asking about CSE writes them)
        known = low in words.said or low in words.keep or low in words.allowed
        return capital or low in words.names or not known
    if (
        acronym
        and not shouting
        and len(word) <= 3
        and _initials_act(i, tokens, text, words, initial)
    ):
        return True  # minutes: "TF to hold a strategy discussion", "GP, [age] (siblings)"
    if acronym and not shouting and re.match(r",\s*[A-Z]", text[tokens[i][1] :]):
        return low not in words.allowed  # "KHAN, Z", "SHAW, Kenneth"
    if acronym and not shouting:  # initials, "LM", "KD", unless a word or an acronym we know;
        # a longer word in capitals is a name when it is one, or no word at all ("KAYLA")
        known = common or low in words.allowed
        if len(word) == 2:  # "CT", "MG" are in the dictionary as abbreviations; in capitals,
            # two letters are initials unless the knowledge or the allowed list knows them
            known = low in words.keep or low in words.allowed
        return (len(word) <= 3 and not known) or low in words.names or not known
    if (low in CALENDAR or (low in words.keep and low not in words.names)) and not (
        capital and _aged(i, tokens, text)  # "Mum of April ([age]) here"
    ):
        return False  # a day, a month, a place, a team, a programme ("Operation Sanctuary")
    if capital and not initial:  # an unusual word, capitalised mid-sentence, is a name
        return low in words.names or low not in words.usual or _aged(i, tokens, text)
    if low in words.names and (capital or initial):  # "Hope hasn't been", "precious from"
        return not common or _person_follows(i, tokens, text)
    if low in words.names:  # "summer has been", "with amber"
        return not common or _person_follows(i, tokens, text)
    if not capital:  # a word in no dictionary of ours, in lower case: "marek", "aziz"; not
        # one the topic corpus's authors wrote in lower case ("hotspot", "lock-up")
        return not common and len(low) > 1 and low not in words.allowed and low not in words.said
    return capital and not common


def _initials_act(
    i: int, tokens: list[tuple[int, int, str]], text: str, words: Words, initial: bool
) -> bool:
    """Initials standing for a person in minutes and case notes: with an age after them, or
    starting a line with what they will do ("MM to visit"), unless an acronym we know."""
    if _aged(i, tokens, text):
        return True
    after = re.match(r"[ \t]+(?:to|will|and)[ \t]+[a-z]", text[tokens[i][1] :])
    low = _base(tokens[i][2])
    # two letters known only as a place ("TF", Telford's postcodes) still stand for a person
    known = low in words.allowed or (low in words.keep and len(low) > 2)
    line = text[max(0, tokens[i][0] - 12) : tokens[i][0]]
    listed = re.search(r"(?:^|\n)[ \t]*(?:\d+[.)]|[-•*]|\[age\]\.|actions?:)[ \t]*$", line, re.I)
    return bool(after and initial and (not known or (listed and len(low) == 2)))


def _titled(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """Straight after a title: a name whatever the word ("Mr Smith", "mrs b", "Mr.Smith")."""
    between = text[tokens[i - 1][1] : tokens[i][0]] if i else ""
    if not re.fullmatch(r"\.?\s+", between) and not (
        between == "." and tokens[i][2][0].isupper() and tokens[i][2].lower() not in STOP
    ):  # "Mr.Smith", not "the Dr.The end"
        return False
    before = tokens[i - 1][2]
    initial = len(before) == 1 and before.isupper() and text[tokens[i - 1][1]] == "."
    return (initial and tokens[i][2][0].isupper()) or before.lower() in TITLES - {
        "father",
        "sister",
        "brother",
    }


def _named(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """Straight after "called", "named", "aka", "they call" (quotes allowed): whatever word
    follows is what the person is called."""
    if i == 0 or not re.fullmatch(r"[\s:'\"‘“]+", text[tokens[i - 1][1] : tokens[i][0]]):
        return False
    before = tokens[i - 1][2].lower()
    if before in ("call", "calls"):  # "they call rocky", not "50% of calls come after 9pm"
        return i > 1 and _base(tokens[i - 2][2]) in CALLERS
    return before in NAMING or (
        before in ("him", "her", "himself", "herself")
        and i > 1
        and tokens[i - 2][2].lower() in NAMING
    )


NAMING = frozenset("called named aka call calls nicknamed dubbed".split())
# Who calls someone something: "they call him", "everyone calls her", "the lads call him".
CALLERS = frozenset(
    "i you he she we they everyone everybody people lads girls boys kids friends mates "
    "who which that also just".split()
)


def _introduced(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """After a title, "my daughter", "called", "her name is" and the like."""
    if i == 0:
        return False
    between = text[tokens[i - 1][1] : tokens[i][0]]
    if not re.fullmatch(r"[\s,:'\"“(]*", between):
        return False
    before = [_base(t[2]) for t in tokens[max(0, i - 2) : i]]
    if before[-1].rstrip(".") in TITLES or before[-1] in INTRODUCERS:
        return True
    return any(tuple(before[-len(p) :]) == p for p in PHRASES)


def _introduces_after(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """ "Rebel (my daughter, 14)", "Lily, my granddaughter": the person named, then who."""
    rest = text[tokens[i][1] : tokens[i][1] + 40]
    found = re.match(r"\s*[(,]\s*(?:my|our|her|his|their|a|an|the)\s+([a-z-]+)", rest)
    return bool(found and found.group(1) in INTRODUCERS)


def _aged(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """An age straight after, with perhaps a surname between: "Saffron Wild ([age])"."""
    rest = text[tokens[i][1] :]
    return bool(re.match(r"(?:[ \t]+[A-Z][\w'’-]+)?\s*(?:\(\s*\[age\]|[,;\t]\s*\[age\])", rest))


def _quoted_alone(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    """A capitalised word alone in quotes is what someone is called: "a name 'Dizzy'",
    "men known as 'Blue'"."""
    start, end, word = tokens[i]
    before, after = text[max(0, start - 1) : start], text[end : end + 1]
    return word[0].isupper() and before in ("'", "‘", '"', "“") and after in ("'", "’", '"', "”")


def _person_follows(i: int, tokens: list[tuple[int, int, str]], text: str) -> bool:
    rest = text[tokens[i][1] :]
    if re.match(r"\s*(?:\(|,\s*\[age\]|,\s*\d|\[(?:phone|email|handle|age)\]|,?[ \t]*\n)", rest):
        return True  # "Jade (14)", "Mark,\nThanks for the call"
    surname = re.match(r"[ \t]+([A-Z][a-z'’-]+)\b", rest)
    if surname and _base(surname.group(1)) not in _KEEP_AFTER_NAME and not _org(surname.group(1)):
        return True  # "Tom Marsh", "Grace Hill"
    if re.match(r"\s+(?:from|at|in)\s+(?:the|my|our|her|his|their)\b", rest):
        return True  # "Dawn at the Ibis said", "precious from my class told me"
    after = re.match(r"\s+the\s+([a-z]+)", rest)
    if after and (
        after.group(1) in INTRODUCERS or after.group(1).endswith(("er", "or", "ist", "ian"))
    ):
        return True  # "ray the driver keeps asking", "Bill the caretaker says"
    return i + 1 < len(tokens) and tokens[i + 1][2].lower() in PERSON_VERBS


# What a capitalised word after a given name is when it is not a surname: "Will Police
# take", "Hope Street" (streets are the patterns' business).
_KEEP_AFTER_NAME = frozenset("i police council street road lane and or the".split())


def _chain(flags: list[bool], tokens: list[tuple[int, int, str]], text: str, words: Words) -> None:
    """Capitalised words and initials next to a name are the rest of it."""
    changed = True
    while changed:
        changed = False
        for i, (_start, _end, word) in enumerate(tokens):
            low = _base(word)
            letter = len(word) == 1 and word.isupper()  # "Yonas T"
            if flags[i] or (low in words.stop and not letter) or _org(word, words):
                continue
            lower_word = not word[0].isupper() and low in words.usual
            # a lower-case surname only when it is no word people use here ("kayla briggs",
            # "callum wright") or it ends the name ("tracey ward, 12 ...")
            for j in (i - 1, i + 1):
                if 0 <= j < len(tokens) and flags[j]:
                    left, right = sorted((i, j))
                    gap = text[tokens[left][1] : tokens[right][0]]
                    initial = len(tokens[left][2]) == 1 and re.fullmatch(r"\.\s*", gap)
                    listed = low in words.names and re.fullmatch(r"\s*[,&]\s*", gap)
                    quoted = re.fullmatch(r"\s+['‘\"“(]|['’\"”)]\s+", gap)  # Paul 'Dodge' Dodgson
                    after_given = (
                        j == i - 1
                        and _base(tokens[j][2]) in words.names
                        and low not in PERSON_VERBS
                        and re.match(r"[,.)\n]", text[tokens[i][1] : tokens[i][1] + 1])
                    )  # "my name is tracey ward, ..."
                    surname_first = (  # "KHAN, Z", "SHAW, Kenneth"
                        j == i - 1 and tokens[j][2].isupper() and re.fullmatch(r",\s*", gap)
                    )
                    joined = bool(
                        re.fullmatch(r"\s+|-", gap) or initial or listed or quoted or surname_first
                    )
                    if joined and (not lower_word or after_given):
                        flags[i] = changed = True
                        break


CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays "
    "thursdays fridays saturdays sundays january february march april "
    "june july august september october november december christmas easter eid diwali "
    "ramadan english welsh scottish irish british polish romanian czech slovak urdu punjabi "
    "somali arabic bengali barnardo barnardos childline ofsted crimestoppers ceop samaritans "
    "nhs".split()
)
ORG_WORDS = frozenset(
    "police council team service services school academy college street road lane house "
    "hotel centre center station park cabs taxis".split()
)


def _org(word: str, words: Words | None = None) -> bool:
    return _base(word) in ORG_WORDS
