"""Reading temporal expressions: where they are in a text and what they say, before any anchor.

``candidates`` scans a text once (one precompiled pattern, tried only at tokens that can start a
date), checks each match's context (a bare "2019" is a year only after "in", "since", ...; "May"
is a month only where a month can stand) and parses it into an anchor-free spec; ``resolving``
turns specs into ISO values. The conventions are in ``storyscope.dates``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from functools import lru_cache

from ..text.numberwords import SMALL
from ..text.scan import sentence_initial, word_before

Resolution = tuple[str | None, str | None, bool]  # (value, precision, relative)

# ---------------------------------------------------------------------------
# Vocabulary

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_KEYS = tuple(m[:3].lower() for m in _MONTHS)
_SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _cased(words: Sequence[str]) -> str:
    """Alternation of the words as capitalised and as upper case (not lower case)."""
    variants = {v for w in words for v in (w, w.upper())}
    return "(?:" + "|".join(sorted(variants, key=len, reverse=True)) + ")"


_SP = r"\s{1,3}"  # bounded whitespace inside an expression: fast and never spans a paragraph gap
_MON_FULL = rf"(?<![A-Za-z]){_cased(_MONTHS)}(?![A-Za-z])"
_MON = rf"(?<![A-Za-z])(?:{_cased(_MONTHS)}|{_cased(_MONTH_ABBRS)}\.?)(?![A-Za-z])"
_WD = rf"(?<![A-Za-z]){_cased(_WEEKDAYS)}(?![A-Za-z])"
_DAY = r"(?<![\d,.])[0-3]?\d(?:st|nd|rd|th)?(?![\w])"
_Y4 = r"(?:1[5-9]\d\d|20\d\d|2100)(?!\d|[.,]\d)"
_YB = r"(?:1[89]\d\d|20\d\d|2100)"  # a bare year (1800-2100)
_YB_END = r"(?![\w%$€£]|[.,]\d|-[A-Za-z])"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_COUNT = "|".join(sorted(SMALL, key=len, reverse=True))

# Kinds, tried in this order at each position (longer forms first).
_KINDS: list[tuple[str, str]] = [
    # Saturday (February 19) / Saturday (19 February 2022)
    ("wd_paren", rf"{_WD}\s{{0,3}}\(\s{{0,3}}(?:{_MON}{_SP}{_DAY}|{_DAY}{_SP}{_MON})(?:,?{_SP}{_Y4})?\s{{0,3}}\)"),
    # (Monday,) July 13(-14)(, 2019)
    ("mdy", rf"(?:{_WD},?{_SP})?{_MON}{_SP}{_DAY}(?:\s?[-–]\s?[0-3]?\d(?!\d))?(?:,?{_SP}{_Y4})?"),
    # (Monday,) (the) 13(th) (of) July (2019)
    ("dmy", rf"(?:{_WD},?{_SP})?(?:(?i:the){_SP})?{_DAY}(?:{_SP}(?i:of))?{_SP}{_MON}(?:,?{_SP}{_Y4})?"),
    ("iso", rf"(?<![\d-]){_Y4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])"),
    ("ymd", r"(?<![\d/.])(?:1[5-9]|20)\d\d/[01]?\d/[0-3]?\d(?![\d/])"),
    ("num", r"(?<![\d/.])[0-3]?\d(?P<numsep>[/.])[0-3]?\d(?P=numsep)(?:(?:1[5-9]|20)\d\d|(?<=/)\d\d)"
            r"(?![\d/]|\.\d)"),
    # 07-Jan-2019, Jan-07-19
    ("loose", rf"(?<![\w-])(?:[0-3]?\d-{_cased(_MONTH_ABBRS)}|{_cased(_MONTH_ABBRS)}-[0-3]?\d)-(?:\d{{4}}|\d\d)"
              r"(?![\w-])"),
    # March last year / December of this year
    ("month_rel_year", rf"{_MON_FULL}(?:{_SP}(?i:of))?{_SP}(?i:last|this|next){_SP}(?i:year)(?![A-Za-z])"),
    # December 2018 / Dec. of 2018
    ("my", rf"{_MON}(?:{_SP}(?i:of))?,?{_SP}{_Y4}"),
    # the last days of December (2018) / early March / mid-January / the end of May
    ("mod_month", rf"(?:(?i:(?:the{_SP})?(?:(?:very{_SP})?(?:first|last|final|closing|opening|early|later)"
                  rf"{_SP}(?:few{_SP})?(?:days?|weeks?)|end|beginning|start|middle|turn){_SP}of)"
                  rf"{_SP}|(?i:early|late|mid)(?:-|{_SP}))(?:{_MON})(?:,?{_SP}{_Y4})?"),
    # last December / next March
    ("rel_month", rf"(?i:last|next|this){_SP}{_MON_FULL}"),
    # the 1990s / the early 2000s / the '90s
    ("decade", rf"(?:(?i:the){_SP})?(?:(?i:early|late|mid)(?:-|{_SP}))?"
               r"(?:(?:1[5-9]|20)\d0['’]?s|['’‘]\d0s)(?![\w'’])"),
    # early 2020 / mid-2019 / the end of 2018 / the first half of 2019
    ("year_mod", rf"(?:(?i:(?:the{_SP})?(?:end|beginning|start|middle|turn|(?:first|second|latter){_SP}half"
                 rf"|(?:first|second|third|fourth|last|final){_SP}quarter){_SP}of){_SP}"
                 rf"|(?i:early|late|mid)(?:-|{_SP})){_YB}{_YB_END}"),
    # summer 2019 / the spring of 2018
    ("season_y", rf"(?:(?i:early|late|mid)(?:-|{_SP}))?(?:(?i:the){_SP})?(?i:{_SEASON})"
                 rf"(?:{_SP}(?i:of))?,?{_SP}{_Y4}"),
    ("season_rel", rf"(?<![A-Za-z])(?i:last|this|next|past){_SP}(?i:{_SEASON})(?![A-Za-z])"),
    ("season", rf"(?<![A-Za-z])(?:the{_SP})?{_SEASON}(?![A-Za-z])"),
    # a year ago / three weeks ago ("a" may be glued to the word before: "foruma year ago")
    ("ago", rf"(?:(?<![A-Za-z])(?i:an|{_COUNT}|\d{{1,2}})|(?i:a)){_SP}(?i:days?|weeks?|months?|years?)"
            rf"{_SP}(?i:ago)(?![A-Za-z])"),
    # earlier this year / the end of last month / next week / last weekend
    ("rel_unit", rf"(?:(?i:(?:earlier|later|early|late|mid)(?:-|{_SP})|(?:the{_SP})?(?:end|beginning|start|middle)"
                 rf"{_SP}of{_SP}))?(?<![A-Za-z])(?i:last|this|next){_SP}(?i:week(?:end)?|month|year)(?![A-Za-z])"),
    # the end of the year
    ("the_unit", rf"(?<![A-Za-z])(?i:(?:the{_SP})?(?:end|beginning|start|middle){_SP}of{_SP}the{_SP}"
                 r"(?:week|month|year))(?![A-Za-z])"),
    ("wd", rf"(?:(?<![A-Za-z])(?i:last|next|this|past){_SP})?{_WD}"),
    ("deictic", r"(?<![A-Za-z])(?i:yesterday|today|tomorrow)(?![A-Za-z])"),
    # 1996-1997 / 2019-20 / from 2010 to 2015 / between 2010 and 2015
    ("year_range", rf"(?<![\w$€£¥.,/:-]){_YB}(?:\s?[-–—/]\s?(?:{_YB}|\d\d)|{_SP}(?:to|and|through|until){_SP}{_YB})"
                   rf"{_YB_END}"),
    ("year", rf"(?<![\w$€£¥.,/:-]){_YB}{_YB_END}"),
    # month alone: kept only where the context says it is a month (see _month_ok)
    ("month", _MON_FULL),
]

_MASTER = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS))

# The first token each kind can start with. The scan looks only at such tokens and, at each,
# tries only the kinds that can start there (in _KINDS order): a dict lookup per word is much
# cheaper than trying every pattern at every position. MONTH, WEEKDAY, SEASON, COUNT (a, an,
# one..nineteen), DIGIT and QUOTE are classes; the rest are the words themselves.
_STARTERS = {
    "wd_paren": "WEEKDAY",
    "mdy": "WEEKDAY MONTH",
    "dmy": "WEEKDAY the DIGIT",
    "iso": "DIGIT",
    "ymd": "DIGIT",
    "num": "DIGIT",
    "loose": "DIGIT MONTH",
    "month_rel_year": "MONTH",
    "my": "MONTH",
    "mod_month": "the very first last final closing opening early later end beginning start middle turn late mid",
    "rel_month": "last next this",
    "decade": "the early late mid DIGIT QUOTE",
    "year_mod": "the end beginning start middle turn first second latter third fourth last final early late mid",
    "season_y": "early late mid the SEASON",
    "season_rel": "last this next past",
    "season": "the SEASON",
    "ago": "COUNT DIGIT",
    "rel_unit": "earlier later early late mid the end beginning start middle last this next",
    "the_unit": "the end beginning start middle",
    "wd": "last next this past WEEKDAY",
    "deictic": "yesterday today tomorrow",
    "year_range": "DIGIT",
    "year": "DIGIT",
    "month": "MONTH",
}
assert set(_STARTERS) == {kind for kind, _ in _KINDS}
_CLASS_OF_WORD = {
    **{w.lower(): "MONTH" for w in (*_MONTHS, *_MONTH_ABBRS)},
    **{w.lower(): "WEEKDAY" for w in _WEEKDAYS},
    **{w: "SEASON" for w in _SEASON_CODES},
    **{w: "COUNT" for w in (*SMALL, "a", "an")},
}
_DISPATCH: dict[str, re.Pattern] = {}
for _starter in {s for starters in _STARTERS.values() for s in starters.split()}:
    _DISPATCH[_starter] = re.compile("|".join(
        f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS if _starter in _STARTERS[kind].split()
    ))
    if _starter.islower():
        _CLASS_OF_WORD.setdefault(_starter, _starter)
for _word, _cls in list(_CLASS_OF_WORD.items()):  # look words up as written: no lower() per token
    _CLASS_OF_WORD.setdefault(_word.title(), _cls)
    _CLASS_OF_WORD.setdefault(_word.upper(), _cls)
_TOKEN = re.compile(r"[A-Za-z]+|(\d+|['’‘](?=\d))")
_GLUED_AGO = re.compile(r"a(?<=[A-Za-z]a)(?=\s{1,3}(?i:days?|weeks?|months?|years?)\s{1,3}(?i:ago)\b)")


def _matches(text: str):
    """The date-like matches in text, left to right, not overlapping (like finditer on _MASTER)."""
    starts = []
    get_class = _CLASS_OF_WORD.get
    for token in _TOKEN.finditer(text):
        if token.lastindex is None:  # a word
            cls = get_class(token.group())
            if cls is not None:
                starts.append((token.start(), cls))
        else:
            starts.append((token.start(), "DIGIT" if token.group()[0].isdigit() else "QUOTE"))
    if "ago" in text:  # "foruma year ago": an "a" glued to the word before
        starts.extend((m.start(), "COUNT") for m in _GLUED_AGO.finditer(text))
        starts.sort()
    pos = 0
    for at, cls in starts:
        if at < pos:
            continue
        m = _DISPATCH[cls].match(text, at)
        if m:
            pos = m.end()
            yield m


_MONTH_FIND = re.compile(_MON)
_WD_FIND = re.compile(_WD)
_YEAR_FIND = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY_FIND = re.compile(r"(?<![\d'’])([0-3]?\d)(?:st|nd|rd|th)?(?!\d)")
_NUM_FIND = re.compile(r"\d+")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)[^\S\n]{1,3}$")
_WORD_AFTER = re.compile(r"^[^\S\n]{1,3}([A-Za-z][\w'’-]*)")
_LEAD_PREP = re.compile(
    r"^(?:on|in|since|by|from|until|till|through|throughout|during|before|after|of|at|as\s+of|for|"
    r"around|about|circa|between|to|into)\s+",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(
    r"(?:\b(?:will|shall|is\s+due|are\s+due|due\s+to|expected|forecast|scheduled|set\s+to|plans?\s+to|"
    r"planned\s+for|hopes?\s+to|hoping\s+to|intends?\s+to|going\s+to|aims?\s+to|to\s+resume)|'ll)\b",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(r"[.!?;:,\n\"“”]\s*")

# words after which a bare year / month / season is a date
_YEAR_PREPS = frozenset(
    "in since by of from until till through throughout during before after circa year early late mid "
    "between around".split()
)
_MONTH_PREPS = frozenset(
    "in since by of from until till through throughout during before after early late mid "
    "last next this each every".split()
)
_MONTH_DETERMINERS = frozenset("the their his her its our your".split())  # "their January wages"
_AMBIGUOUS_MONTHS = frozenset({"May", "March", "MAY", "MARCH"})
# lowercase words after "the 2022" that make it a year in a name ("the 2019 election")
_EVENT_NOUNS = frozenset(
    "election elections census budget report survey games olympics season campaign crisis protests riots "
    "attack attacks earthquake floods flood law act agreement accord deal summit visit meeting war uprising "
    "revolution championship championships tournament edition plan policy paper study data figures figure "
    "estimate ranking index cup final finals contest vote referendum poll polls review strategy conference "
    "convention treaty ban order ruling decision amendment constitution white world annual".split()
)
_NOT_PLURAL = frozenset("as was is has its this his us thus plus versus whereas besides news".split())
# capitalised words that may stand right before a weekday or month without making it a name
_FUNCTION_CAPS = frozenset(
    "on in since by from until till through during before after of at the last next this that early late "
    "mid and or but then when while as for each every said says say reported announced told added "
    "earlier later now also still only even just however meanwhile yesterday today again".split()
)


# ---------------------------------------------------------------------------
# Small date helpers

def _month_of(token: str) -> int:
    return _MONTH_KEYS.index(token[:3].lower()) + 1


def _iso_week(d: _dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _month_str(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(d: _dt.date, months: int) -> tuple[int, int]:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return y, m + 1


def _safe_date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _month_day_year(month: int, day: int, anchor: _dt.date) -> _dt.date | None:
    """The most recent month/day on or before anchor + 7 days (Feb 29 searches back to a leap year)."""
    limit = anchor + _dt.timedelta(days=7)
    for year in range(limit.year, limit.year - 9, -1):
        d = _safe_date(year, month, day)
        if d is not None and d <= limit:
            return d
    return None


def _next_month_day(month: int, day: int, anchor: _dt.date) -> _dt.date | None:
    """The first month/day on or after the anchor (for "will take effect on April 1")."""
    for year in range(anchor.year, anchor.year + 9):
        d = _safe_date(year, month, day)
        if d is not None and d >= anchor:
            return d
    return None


def _recent_month(month: int, anchor: _dt.date) -> str:
    """The most recent such month on or before the anchor."""
    return _month_str(anchor.year if month <= anchor.month else anchor.year - 1, month)


def _as_date(anchor: object) -> _dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, _dt.datetime):
        return anchor.date()
    if isinstance(anchor, _dt.date):
        return anchor
    if isinstance(anchor, str):
        try:
            return _dt.date.fromisoformat(anchor[:10])
        except ValueError:
            return None
    raise TypeError(f"anchor must be a date, not {type(anchor).__name__}")


def _word_before(text: str, start: int) -> str:
    return word_before(_WORD_BEFORE, text, start)


def _word_after(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text[end:end + 30])
    return m.group(1) if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    return sentence_initial(text, start, ".!?\n\"“”‘’'([:;—–-")


def _is_name_before(text: str, start: int) -> bool:
    """A capitalised, non-function word right before: "Black Friday", "Theresa May", "USA Today"."""
    before = _word_before(text, start)
    if not before or not before[0].isupper():
        return False
    low = before.lower().rstrip(".")
    if low in _FUNCTION_CAPS or low.endswith(("'s", "’s")):
        return False
    if _MONTH_FIND.fullmatch(before) or _WD_FIND.fullmatch(before):
        return False
    return True


# ---------------------------------------------------------------------------
# Candidates: (start, end, kind, spec), independent of the anchor

Candidate = tuple[int, int, str, tuple]


_COUNTED = frozenset("people percent per km kg men women children police staff yuan yen".split())


def _counted_after(text: str, end: int) -> bool:
    """Is the number followed by what it counts ("2000 people", "1990 tonnes")?"""
    after = _word_after(text, end)
    low = after.lower()
    if low in _COUNTED:
        return True
    return (after[:1].islower() and low.endswith("s") and not low.endswith("ss")
            and low not in _NOT_PLURAL and low not in _EVENT_NOUNS)


def _year_ok(text: str, start: int, end: int) -> bool:
    """A bare 1800-2100 number is a year only in a date-like context."""
    if _counted_after(text, end):
        return False
    low_before = _word_before(text, start).lower()
    if low_before in _YEAR_PREPS:
        return True
    if low_before == "the" or low_before.endswith(("'s", "’s")):
        after = _word_after(text, end)
        return bool(after) and (after[0].isupper() or after.lower() in _EVENT_NOUNS)
    return _after_year(text, start)


def _month_ok(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    before = _word_before(text, start).lower()
    if before in _MONTH_PREPS:
        return True
    if word in _AMBIGUOUS_MONTHS:
        return False  # "Theresa May", "the March organisers"
    if before in _MONTH_DETERMINERS:
        return True
    if _is_name_before(text, start) and not _sentence_initial(text, start):
        return False
    after = _word_after(text, end)
    return not (after and after[0].isupper())  # "June Carter", "April Ryan"


def _season_ok(text: str, start: int) -> bool:
    return _word_before(text, start).lower() in (
        "in", "during", "since", "by", "until", "till", "over", "through", "throughout", "before", "after",
        "this", "of",
    )


def _parts(s: str) -> tuple[int | None, int | None, int | None, int | None]:
    """(weekday, month, day, year) written in a matched expression."""
    wd = _WD_FIND.search(s)
    mon = _MONTH_FIND.search(s)
    year = _YEAR_FIND.search(s)
    rest = s[:year.start()] + " " * 4 + s[year.end():] if year else s
    day = _DAY_FIND.search(rest)
    return (
        _WEEKDAYS.index(wd.group(0).title()) if wd else None,
        _month_of(mon.group(0)) if mon else None,
        int(day.group(1)) if day else None,
        int(year.group(1)) if year else None,
    )


def _loose_parts(s: str) -> tuple[int, int, int]:
    """(year, month, day) of "07-Jan-2019" or "Jan-07-19"; a two-digit year as in numeric dates."""
    first, second, year_text = s.split("-")
    day_text, month_text = (first, second) if first.isdigit() else (second, first)
    year = int(year_text)
    if year < 100:
        year += 2000 if year < 69 else 1900
    return year, _month_of(month_text), int(day_text)


def _spec(kind: str, s: str) -> tuple | None:
    """Parse one matched expression into an anchor-free spec; None rejects it."""
    low = s.lower()
    if kind in ("wd_paren", "mdy", "dmy"):
        wd, month, day, year = _parts(s)
        if month is None or day is None or not 1 <= day <= 31:
            return None
        if _safe_date(year or 2000, month, day) is None:  # 2000 is a leap year: Feb 29 passes
            return None
        return ("day", month, day, year)
    if kind == "iso":
        y, m, d = (int(x) for x in s.split("-"))
        return ("abs_day", y, m, d) if _safe_date(y, m, d) else None
    if kind == "ymd":
        y, m, d = (int(x) for x in s.split("/"))
        return ("abs_day", y, m, d) if _safe_date(y, m, d) else None
    if kind == "num":
        a, b, y = (int(x) for x in re.split(r"[/.]", s))
        if y < 100:  # two-digit year: 00-68 -> 2000s, 69-99 -> 1900s
            y += 2000 if y < 69 else 1900
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            day, month = b, a
        elif a == b:
            day = month = a
        elif "." in s:
            day, month = a, b  # dotted numeric dates are day.month.year wherever they are written
        else:
            return ("ambiguous_day",) if a and b and a <= 12 and b <= 12 else None
        return ("abs_day", y, month, day) if _safe_date(y, month, day) else None
    if kind == "loose":  # 07-Jan-2019, Jan-07-19: the month is named, so the order is plain
        y, month, day = _loose_parts(s)
        return ("abs_day", y, month, day) if _safe_date(y, month, day) else None
    if kind == "month_rel_year":
        _, month, _, _ = _parts(s)
        shift = -1 if "last" in low else (1 if "next" in low else 0)
        return ("month_in_rel_year", month, shift)
    if kind in ("my", "mod_month"):
        _, month, _, year = _parts(s)
        if month is None:
            return None
        return ("abs_month", year, month) if year else ("recent_month", month)
    if kind == "rel_month":
        _, month, _, _ = _parts(s)
        return ("rel_month", low.split()[0], month)
    if kind == "decade":
        digits = _NUM_FIND.search(s).group(0)
        return ("abs_decade", int(digits)) if len(digits) == 4 else ("short_decade", int(digits))
    if kind == "year_mod":
        return ("abs_year", int(_YEAR_FIND.search(s).group(1)))
    if kind == "season_y":
        year = int(_YEAR_FIND.search(s).group(1))
        return ("abs_season", year, _season_code(low))
    if kind in ("season_rel", "season"):
        mod = low.split()[0] if kind == "season_rel" else "recent"
        return ("rel_season", "last" if mod == "past" else mod, _season_code(low))
    if kind == "ago":
        words = low.split()
        count = words[-3]
        n = 1 if count in ("a", "an") else (int(count) if count.isdigit() else SMALL.get(count, 0))
        if n <= 0:
            return None
        return ("ago", n, words[-2].rstrip("s"))
    if kind == "rel_unit":
        m = re.search(r"(last|this|next)\s+(weekend|week|month|year)", low)
        return ("rel_unit", m.group(1), m.group(2))
    if kind == "the_unit":
        return ("rel_unit", "this", low.split()[-1])
    if kind == "wd":
        wd, _, _, _ = _parts(s)
        words = low.split()
        mod = words[0] if len(words) > 1 else None
        return ("weekday", "last" if mod == "past" else mod, wd)
    if kind == "deictic":
        return ("deictic", {"yesterday": -1, "today": 0, "tomorrow": 1}[low])
    if kind == "year":
        return ("abs_year", int(s))
    if kind == "month":
        return ("recent_month", _month_of(s))
    return None


def _season_code(low: str) -> str:
    for name, code in _SEASON_CODES.items():
        if name in low:
            return code
    raise ValueError(low)


def _accept(text: str, start: int, end: int, kind: str) -> bool:
    """Context checks for the kinds that are not dates everywhere."""
    if kind == "year":
        return _year_ok(text, start, end)
    if kind == "year_range":
        return not _counted_after(text, end)
    if kind == "month":
        return _month_ok(text, start, end)
    if kind == "season":
        return _season_ok(text, start)
    if kind == "wd":
        if " " in text[start:end]:
            return True  # "last Monday"
        if _is_name_before(text, start) and not _sentence_initial(text, start):
            return False  # "Black Friday"
        after = _word_after(text, end)
        return not (after[:1].isupper() and _word_before(text, start).lower() == "the")  # "the Sunday Times"
    if kind == "deictic":
        return not _is_name_before(text, start)
    if kind == "rel_unit":
        # "in the last year", "over the next week": a duration, not a date
        return not (text[start:end].split()[0].lower() in ("last", "next") and
                    _word_before(text, start).lower() == "the")
    return True


_AFTER_YEAR = re.compile(rf"{_YB}\s?(?:,|and|or|to|through|until|[-–—])\s?$")


def _after_year(text: str, start: int) -> bool:
    """The second of two years: "in 2018 and 2019", "2010, 2014"."""
    return bool(_AFTER_YEAR.search(text, max(0, start - 12), start))


@lru_cache(maxsize=64)
def _candidates(text: str) -> tuple[Candidate, ...]:
    found: list[Candidate] = []
    for m in _matches(text):
        kind = m.lastgroup
        assert kind is not None
        start, end = m.span()
        if not _accept(text, start, end, kind):
            continue
        if kind == "year_range":
            found.extend(_range_parts(text, start, end))
            continue
        spec = _spec(kind, text[start:end])
        if spec is None:
            continue
        found.append((start, end, kind, spec))
    return tuple(found)


def _range_parts(text: str, start: int, end: int) -> list[Candidate]:
    nums = list(_NUM_FIND.finditer(text, start, end))
    first, second = nums[0], nums[-1]
    y1 = int(first.group(0))
    y2 = int(second.group(0))
    if len(second.group(0)) == 2:
        y2 = y1 // 100 * 100 + y2  # "2019-20"; "2019-12" is no range (y2 <= y1)
    if y2 <= y1:
        return [(first.start(), first.end(), "year", ("abs_year", y1))]
    return [
        (first.start(), first.end(), "year", ("abs_year", y1)),
        (second.start(), second.end(), "year", ("abs_year", y2)),
    ]


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every temporal expression in ``text`` (for the number finder)."""
    return [(start, end) for start, end, _, _ in _candidates(text)]



def _future_context(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future ("will meet on", "forecast for")?"""
    window_start = max(0, start - 60)
    window = text[window_start:start]
    cut = 0
    for m in _CLAUSE_START.finditer(window):
        cut = m.end()
    return bool(FUTURE_CUE.search(window, cut))


def day_parts(text: str) -> tuple[int | None, int | None, int | None, int | None] | None:
    """(weekday 0-6, month, day, year) written in a day expression ("Monday", "Jan. 7",
    "Monday 15 April", "July 13, 2019"; absent parts None), or None when ``text`` names no day."""
    s = _LEAD_PREP.sub("", " ".join(text.split()), count=1)
    m = _MASTER.fullmatch(s)
    if m is None or m.lastgroup not in ("wd_paren", "mdy", "dmy", "wd", "iso", "loose"):
        return None
    if m.lastgroup == "iso":
        y, mo, d = (int(x) for x in s.split("-"))
        return None, mo, d, y
    if m.lastgroup == "loose":
        y, mo, d = _loose_parts(s)
        return None, mo, d, y
    if m.lastgroup == "wd" and len(s.split()) > 1:  # "last Monday", "next Friday": not the day itself
        return None
    return _parts(s)

def future_clause(text: str, start: int) -> bool:
    """Does the clause before ``start`` speak of the future ("will meet on", "is due to")?"""
    return _future_context(text, start)
