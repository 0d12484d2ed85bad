"""The pattern half of redaction: things with a shape (emails, handles, phone numbers,
postcodes, vehicle registrations, dates, ages, street addresses, school names). Names of
people, which have no shape, are `bot.redact`'s word-by-word half."""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]  # start, end, label

_CAP = r"[A-Z][\w'’.-]*"
STREET = (
    r"street|st|road|rd|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|court|ct|"
    r"place|pl|grove|gardens|gdns|terrace|walk|row|hill|park|square|sq|parade|bank|green|"
    r"mews|view|rise|towers?|house|estate|fold|brow|croft|meadows?|wharf|yard|heights|holt|"
    r"dene|garth|copse|nook|ridge|"
    r"boulevard|lodge|mill|chase|vale|gate|buildings|flats|apartments|cottages?|farm|"
    r"precinct|arcade|passage|wynd|broadway|promenade|quay|circus|embankment|approach"
)
SCHOOL = (
    r"(?:(?:primary|infants?|junior|secondary|high|grammar|prep|community|catholic|academy|"
    r"free|studio|special|c of e|ce|rc|church of england|methodist|girls'?|boys'?)\s+)*"
    r"(?:school|academy|college|primary|high|grammar|infants|juniors|university|uni|"
    r"sixth form|pru|nursery|acad)"
)
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Without a house number, only these (capitalised) end a street's name: "Church Lane".
NAMED_STREET = (
    r"Street|Road|Lane|Avenue|Close|Drive|Way|Crescent|Court|Grove|Gardens|Terrace|Walk|"
    r"Parade|Mews|Rise|Towers?|House|Estate|Square|Fold|Brow|Croft|Lodge|Point|Heights|Manor|"
    r"Grange|Villas?|Mansions|Cottages?|Farm|Barn|Hall|Apartments|Holt|Dene|Garth|Copse|Nook|"
    r"Ridge|Meadows?|Green|Row|Wharf|Park|Path|Side|Brae|Wynd|Quay|St(?!\s+[A-Z])"
)
# Words that start no street's name: "the road", "a close friend", "my way".
LITTLE = (
    r"the|a|an|my|our|your|his|her|their|this|that|same|main|busy|quiet|back|side|one|other|"
    r"which|what|no|any|every|each|on|in|at|to|of|by|from|near|off|down|up|over|across|along|"
    r"round|around|end|way|very|too|so|and|or|but|either|is|was|be|get|got|go|went|all|long|short|"
    r"whole|wrong|right|left|next|last|first|high|old|new|good|bad|big|small|private|public|"
    r"dual|slip|ring|toll|link|access|service|country|open|royal|local|nearby|same|every"
)
# Words before "high", "primary" or "academy" that name no school: "a secondary academy".
NOT_A_SCHOOL = (
    r"secondary|primary|high|grammar|junior|infant|nursery|boarding|special|catholic|state|"
    r"private|independent|faith|another|other|local|nearby|free|sponsored|rc|ce|school|"
    r"schools|at|attends|attending|went|goes|started|starts|moved|moving|changed|left|"
    r"leaving|local|police|training|football|dance|drama|youth|sports?|academies"
)
NUMBER_WORD = (
    r"zero|nought|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|double|treble|triple"
)
NUMBERISH = rf"{NUMBER_WORD}|\d+"
ORDINAL = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth|\d{1,2}(?:st|nd|rd|th)"
)
PHONETIC = (
    r"alfa|alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett?|kilo|lima|mike|"
    r"november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiske?y|x-?ray|yankee|zulu"
)
DIGIT_WORD = r"oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|treble|triple"
NOT_FIRST = r"(?!(?:The|My|Our|Your|His|Her|Their|A|An|This|That|At|In|To|From|Which|What)\b)"
NOT_ASKING = (
    r"(?!(?:Is|Are|Was|Does|Do|Did|Can|Could|Should|Would|Will|How|Why|When|Where|Who|What|"
    r"Which)\b)"
)
PLATFORM = (
    r"snap(?:chat)?|insta(?:gram)?|tik ?tok|discord|twitter|facebook|fb|kik|telegram|"
    r"whatsapp|twitch|xbox|psn|fortnite|roblox|youtube|threads|bereal|wizz|yubo|"
    r"account|handle|username|user ?name|gamertag|profile|page"
)
# Words before a number that make it something other than an age.
NOT_AGE_BEFORE = re.compile(
    r"\b(?:section|year|yr|room|no|number|bus|route|level|tier|page|step|chapter|question|"
    r"part|article|schedule|item|option|flat|unit|top|platform|gate|(?-i:ward)|junction)\W*$"
    r"|[£$#]\s*$",
    re.IGNORECASE,
)
# (on the same line, whole words: "age 14\nMinh is" is an age, not "14 min")
NOT_AGE_AFTER = re.compile(
    r"^[ \t]*(?:%|(?:pm|am|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|wks?|times|miles|mph|km|percent|people|men|women|girls|boys|children|"
    r"kids|pupils|members|councillors|staff|pounds|quid|calls|cases|referrals|"
    r"o'?clock|of)\b)",
    re.IGNORECASE,
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # each starts only where a word starts: a match starting inside a word also starts at its
    # beginning, and trying every position of a 4,000-letter word took 270 ms
    ("email", re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")),
    # disguised: "jo[dot]kerr[at]example[dot]com", "jo (at) example (dot) com"
    (
        "email",
        re.compile(
            r"(?<![\w'-])[\w'-]+(?:\s*[\[({]\s*dot\s*[\])}]\s*[\w'-]+)*\s*[\[({]\s*at\s*[\])}]\s*[\w'-]+"
            r"(?:\s*[\[({]\s*dot\s*[\])}]\s*[\w'-]+)+",
            re.IGNORECASE,
        ),
    ),
    # spelt out: "sandra dot whitlock at example dot com"
    (
        "email",
        re.compile(
            r"\b[\w'-]+(?:\s+(?:dot|at|@)\s+[\w'-]+){0,6}\s+(?:at|@)\s+[\w'-]+"
            r"(?:\s+dot\s+[\w'-]+)++",
            re.IGNORECASE,
        ),
    ),
    # half spoken, the domain written: "gav.mills at example.com" (the part before "at" has a
    # dot, an underscore or a digit, so "look at gov.uk" stays)
    (
        "email",
        re.compile(
            r"(?<![\w.+'-])(?=[\w.+'-]*[._\d])[\w.+'-]+\s+at\s+[a-z\d-]+(?:\.[a-z\d-]+)+",
            re.IGNORECASE,
        ),
    ),
    # a number read out: "oh seven seven zero zero nine ..."
    (
        "phone",
        re.compile(
            rf"\b(?P<v>(?:plus\s+)?(?:{DIGIT_WORD})(?:[\s,-]+(?:{DIGIT_WORD})){{5,}})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "handle",
        re.compile(
            r"(?:https?://)?(?:www\.)?(?:facebook|instagram|tiktok|snapchat|twitter|x|youtube)"
            r"\.com/\S+",
            re.IGNORECASE,
        ),
    ),
    ("handle", re.compile(r"(?<![\w@.])@[\w.#]*\w")),
    (
        "phone",
        re.compile(r"(?<![\w+])(?:\+\s?44\s?\(?0?\)?|\(?0)[\d\s().\-]{8,16}\d(?!\w)"),
    ),
    ("phone", re.compile(r"\b(?:ext|extension|x)\.?\s*(?P<v>\d{1,5})\b", re.IGNORECASE)),
    ("name", re.compile(r"\b(?:[A-Z]\.\s?){2,3}(?![\w.])|\b(?:[A-Z]\.\s?){2,3}(?=\.)")),  # "R.T."
    ("postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[\s-]*\d[A-Z]{2}\b", re.IGNORECASE)),
    # read out: a run of numbers in words and digits ("oh seven seven double oh nine hundred
    # four", "07700 900 two two nine"), letters one by one ("B U 6 7 W Z K", "NE8 three D Y")
    # or in the phonetic alphabet ("Kilo Tango one eight")
    (
        "phone",
        re.compile(
            rf"\b(?P<v>(?:plus\s+)?(?:{NUMBERISH})(?:(?:[\s,-]+|\s+and\s+)(?:{NUMBERISH})){{2,}}+)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "vehicle",
        re.compile(
            rf"\b(?:[A-Z0-9]|(?i:{NUMBER_WORD}))(?:\s+(?:[A-Z0-9]|(?i:{NUMBER_WORD}))\b){{2,}}+"
        ),
    ),
    (
        "vehicle",
        re.compile(rf"\b(?:{PHONETIC})(?:[\s,]+(?:{PHONETIC}|{NUMBERISH}))+\b", re.IGNORECASE),
    ),
    # a date said in words: "the ninth of January", "twenty third of the eleventh"
    (
        "dob",
        re.compile(
            rf"\b(?:(?:{NUMBERISH})[\s-]+)?(?:{ORDINAL})\s+of\s+(?:the\s+)?(?:{MONTH}|{ORDINAL})\b",
            re.IGNORECASE,
        ),
    ),
    # spelt out: "tony underscore h seventy one"
    (
        "handle",
        re.compile(
            rf"\b[\w'-]+\s+(?:underscore|dash|hyphen)\s+[\w'-]+(?:\s+(?:[a-z]|{NUMBERISH})\b)*",
            re.IGNORECASE,
        ),
    ),
    (
        "vehicle",
        re.compile(
            r"\b(?:(?i:[A-Z]{2}\d{2}\s?[A-Z]{3})|[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b",
        ),
    ),
    (
        "vehicle",
        re.compile(
            r"\b(?:reg|plate|plates|registration|numberplate|number plate|vrm)\b"
            r"(?:\s*(?:no\.?|number|is|was|:|-|starts?|starting|begins?|ends?|ending|with|"
            r"in|like|had|has))*\s*"
            r"(?P<v>(?=[A-Z]*\s?\d)[A-Z0-9]{1,4}(?:\s?(?:\d{1,3}|(?-i:[A-Z]{1,3}))){0,2})\b",
            re.IGNORECASE,
        ),
    ),
    ("vehicle", re.compile(r"\b\d{2,3}-[A-Z]{1,2}-\d{1,6}\b")),  # Irish: 151-D-12345
    ("vehicle", re.compile(r"\b[A-Z]{3}\s?\d{1,4}\b")),  # Northern Irish and older: LXZ 4471
    # long numbers: a year of birth, a date run together ("030609"), part of a phone number
    # ("ending 900 236"), a reference that may identify a case
    ("dob", re.compile(r"(?<![\d:./-])(?:19|20)\d\d(?![\d:/-]|\.\d)")),
    (
        "phone",
        re.compile(r"(?<![\d:./-])(?P<v>\d{3,}(?:[ -]\d{3,})+|(?<![£$])\d{5,})(?![\d:/-]|\.\d)"),
    ),
    # letters and digits one by one, in lower case: "y k 6 8 l u x"
    ("vehicle", re.compile(r"\b[a-z0-9](?:\s+[a-z0-9]\b){3,}+")),
    ("dob", re.compile(r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:\d{4}|\d{2})\b")),
    # scanned, a letter O for a nought: "1O/O7/2O11"
    ("dob", re.compile(r"\b(?=[\dO/.-]*\d)[\dO]{1,2}[/.-][\dO]{1,2}[/.-](?:[\dO]{4}|[\dO]{2})\b")),
    # a case's reference: "Our ref: HCD/0423/17", "crime number 14/56789/24"
    (
        "ref",
        re.compile(
            r"\b(?:ref(?:erence)?|crime|case|incident|log)\b\.?(?:\s*(?:no\.?|number|is|:))*\s*"
            r"(?P<v>[A-Z0-9]+(?:[/-][A-Z0-9]+)+)",
            re.IGNORECASE,
        ),
    ),
    # letters spelt out: "Z for zulu", "Q for queen"
    ("name", re.compile(r"\b[A-Z]\s+for\s+[A-Za-z]+\b")),
    ("dob", re.compile(r"\b(?:19|20)\d\d\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\b")),
    (
        "dob",
        re.compile(
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTH})\.?,?(?:\s+\d{{4}})?\b"
            rf"|\b(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?\b",
            re.IGNORECASE,
        ),
    ),
    ("dob", re.compile(r"\bborn(?:\s+(?:in|on))?\s+(?P<v>\d{4})\b", re.IGNORECASE)),
    ("dob", re.compile(rf"\b(?:{MONTH})\.?,?\s+(?:19|20)\d\d\b", re.IGNORECASE)),
    ("dob", re.compile(r"\bdob\W{0,3}(?P<v>\d{4})\b", re.IGNORECASE)),
    (
        "age",
        re.compile(
            r"\b(?:\d{1,2}\s*[/-]\s*)?\d{1,2}\s*-?\s*(?:yrs?|years?|y/?o|yo)\b(?:\s*-?\s*olds?\b)?"
            r"|\b\d{1,2}\s*-?\s*month\s*-?\s*old\b"
            # a range, "13/14", "14-15" (not a date, not "24/7")
            r"|\b(?!24/7\b)\d{1,2}\s*[/-]\s*\d{1,2}\b(?!\s*[/.-]\s*\d|:|\s*(?:%|pm|am))",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(
            rf"\b(?:(?:flat|apartment|apt|unit|room|house|no\.?)\s*\d+[a-z]?,?\s+)?"
            rf"\d+[a-z]?,?\s+(?:[\w'’-]+\s+){{1,3}}?(?:{STREET})\b\.?",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(
            rf"\b(?:flat|apartment|apt|unit)\s*\d+[a-z]?\d*,?\s+(?-i:(?:{_CAP}\s+){{0,3}}{_CAP})",
            re.IGNORECASE,
        ),
    ),
    # (not from a question's first word: "Is Street Safe confidential?")
    ("address", re.compile(rf"\b{NOT_ASKING}(?:{_CAP}\s+){{1,3}}(?:{NAMED_STREET})\b")),
    ("address", re.compile(rf"\b{NOT_FIRST}{_CAP}\s+(?:st|rd|road|street|lane|ave)\b")),  # Cross st
    # a house, flat or pitch by its number alone: "number 12", "no. 3", "flat 9", "plot 7"
    (
        "address",
        re.compile(
            r"\b(?:number|no\.?|flat|apartment|apt|unit|plot|pitch|caravan(?:\s+no\.?)?|"
            rf"house|room)\s*(?:#?\d{{1,4}}[a-z]?\d{{0,2}}\b|(?:{NUMBER_WORD})\b)"
            r"|\b\d{1,4}[a-rt-z]\b",  # "12a", not "under-16s" nor "late 20s" (the last sweep's)
            re.IGNORECASE,
        ),
    ),
    # a street written in lower case, "on ash grove", "above the chippy on market st": any
    # word but a little one before a street word
    (
        "address",
        re.compile(
            rf"\b(?!(?:{LITTLE})\b)[a-z][a-z'’-]+\s+(?:(?!(?:{LITTLE})\b)[a-z][a-z'’-]+\s+)?"
            r"(?:street|st|road|rd|lane|avenue|ave|grove|crescent|terrace|gardens|parade|mews|"
            r"cottages)\b"
        ),
    ),
    (
        "address",
        re.compile(rf"\b(?:at|on|near|lives at|live at)\s+(?P<v>\d{{1,4}}[a-z]?,?\s+{_CAP})"),
    ),
    ("school", re.compile(rf"\b(?:Holy|Sacred|Our Lady'?s?(?:\s+of)?)\s+{_CAP}")),
    # in lower case: "st marys", "holy family", "parkside high", "castle view primary"
    (
        "school",
        re.compile(
            rf"\b(?:st\.?|saint|holy|sacred|bishop|cardinal|our lady(?:\s+of)?)\s+"
            rf"(?!(?:{LITTLE})\b)[a-z][\w'’-]*"
            rf"|\b(?!(?:{LITTLE}|{NOT_A_SCHOOL})\b)[a-z][\w'’-]+\s+"
            rf"(?:(?!(?:{LITTLE}|{NOT_A_SCHOOL})\b)[a-z][\w'’-]+\s+)?"
            r"(?:rc\s+|ce\s+|c of e\s+)?(?:high|primary|juniors|infants|academy)\b"
        ),
    ),
    (
        "school",
        re.compile(
            rf"(?:\b(?:St\.?|Saint|Our Lady'?s?|Bishop|Cardinal|Holy|Sacred)\s+)?"
            rf"\b{NOT_FIRST}{_CAP}\s+(?:(?:{_CAP}|of|and|le|de|la)\s+){{0,4}}(?i:{SCHOOL})\b"
        ),
    ),
)


def phone_digits_fit(found: str) -> bool:
    """A UK number: 10 or 11 digits from 0, or 44 and 9 or 10 more."""
    digits = re.sub(r"\D", "", found)
    return 10 <= len(digits) <= 13  # +44 (0)7700 900 789


# Letters said aloud, as a postcode or a plate is read out: "bee ell three", "em one four",
# "double u en eight" (the trainF corpus, 2026-12-03). A run of at least three such words or
# numbers holding a letter that is no everyday word and a number is taken; "saw em two
# times" (two words) and "my ex one time" (no unusual letter) are not.
SPOKEN_LETTER = (
    r"ay|bee|cee|see|dee|ee|eff|gee|aitch|haitch|eye|jay|kay|ell|el|em|en|oh|pee|cue|ar|ess|"
    r"tee|vee|double[ -]?(?:u|you)|doubleyou|ex|why|wy|zed|zee"
)
_UNUSUAL_LETTER = re.compile(
    r"(?i)\b(?:ay|cee|dee|eff|gee|aitch|haitch|jay|kay|ell|el|em|en|pee|ar|ess|vee|wy|zed|"
    r"zee|bee|double[ -]?(?:u|you)|doubleyou)\b"
)
_SPOKEN_PART = rf"(?:{SPOKEN_LETTER}|{NUMBER_WORD}|\d{{1,2}})\b"
_SPOKEN_RUN = re.compile(rf"(?i)\b{_SPOKEN_PART}(?:[ \t,-]+{_SPOKEN_PART})++")
_SPOKEN_NUMBER = re.compile(rf"(?i)\b(?:{NUMBER_WORD}|\d{{1,2}})\b")


def spoken_codes(text: str) -> Iterator[Span]:
    for run in _SPOKEN_RUN.finditer(text):
        found = run.group(0)
        if (
            len(re.findall(r"[^ \t,-]+", found)) >= 3
            and _UNUSUAL_LETTER.search(found)
            and _SPOKEN_NUMBER.search(found)
        ):
            yield run.start(), run.end(), "postcode"


def spans(text: str) -> Iterator[Span]:
    yield from spoken_codes(text)
    for label, pattern in PATTERNS:
        for match in pattern.finditer(text):
            group = "v" if "v" in pattern.groupindex else 0
            found = match.group(group).rstrip(" -(")
            if label == "phone" and group == 0 and not phone_digits_fit(found):
                continue
            yield match.start(group), match.start(group) + len(found), label
