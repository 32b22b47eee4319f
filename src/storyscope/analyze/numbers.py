"""Cardinal quantities in article text: value, unit and qualifier (see tests/golden/CONVENTIONS.md).

Regex-only: one precompiled pattern finds digits ("3,000", "1.5 million", "$2bn",
"Sh450,000", "40%"), numbers in words ("twenty-two", "a million", "half a
million") and vague plurals ("hundreds of thousands"); each candidate is then
checked against its context and given a qualifier and a unit.

* Not numbers: dates and years (whatever ``dates.date_spans`` covers), times
  ("2am", "12:35"), ordinals ("1st"), numbers inside names and codes
  ("Section 230", "COVID-19", "G20", "F-16", "No. 1"), phone-like digit groups,
  the pronoun "one" ("one of the...", "no one", "one another").
* ``value``: vague plurals are worth their magnitude, like the gold rule
  "hundreds of thousands" -> 100000: "dozens" -> 12, "scores of" -> 20,
  "hundreds" -> 100, "thousands" -> 1000, "tens of thousands" -> 10000.
* ``unit``: the head noun of what is counted, as written: the last word of the
  run of words after the number, stopping at function words, at a verb or
  adverb after the head, and right after a plural noun ("12 non-Western
  countries" -> "countries"). Kept whole: currencies with their country
  ("US dollars", "Danish kroner"), gerund compounds ("polling stations"),
  "degrees Celsius", "square kilometres". "of the/its ..." is looked through
  ("three of the state's thermal plants" -> "plants"), as is "of" after a vague
  plural ("thousands of Uyghurs"). Currency signs and codes give the currency:
  "$" -> "dollars", "US$" -> "US dollars", "A$" -> "Australian dollars",
  "€" -> "euros", "£" -> "pounds", "¥"/"RMB" -> "yuan", "Rs" -> "rupees",
  "Sh"/"KSh" -> "shillings"; "%" -> "percent". A number with no unit of its
  own shares the unit of the next one it is coordinated with ("between 200 and
  300 trucks", "hundreds of thousands and possibly more than 1 million
  people"), or else takes the unit of the previous number in the same sentence
  ("212 ballots out of more than 64,000 had been contested").
* ``qualifier``: normalized to about / at least / at most / up to / more than /
  less than / nearly. A range "between X and Y" (also "X to Y", "X-Y") gives
  X "at least" and Y "at most"; "a million or more" is "at least", "50 or so"
  "about", "10 or fewer" "at most".
* ``text``: qualifier and number as written, currency sign and "%" included,
  unit words left out ("more than 3,000", "$5 million", "40%").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import NumberMention, Sentence
from ..dates import date_spans, sentence_locator
from ..text.scan import sentence_initial, word_before
from ..text.numberwords import NUMBER_WORD_RE, SCALES, SMALL, TENS, parse_word_tokens, vague_value, words_to_number

__all__ = ["find_numbers", "parse_number"]

_CURRENCY_SIGNS = {
    "US$": "US dollars", "HK$": "Hong Kong dollars", "A$": "Australian dollars", "AU$": "Australian dollars",
    "C$": "Canadian dollars", "CA$": "Canadian dollars", "NZ$": "New Zealand dollars", "S$": "Singapore dollars",
    "NT$": "New Taiwan dollars", "R$": "reais", "$": "dollars", "€": "euros", "£": "pounds", "¥": "yuan",
    "₹": "rupees", "₦": "naira", "GH₵": "cedis", "₵": "cedis", "Rs.": "rupees", "Rs": "rupees",
    "KSh": "shillings", "Ksh": "shillings", "Sh": "shillings", "Tk": "taka", "RMB": "yuan",
    "USD": "US dollars", "EUR": "euros", "GBP": "pounds",
}
_SUFFIX_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12, "trn": 1e12}
_MAGNITUDE = {"hundred": 100.0, **{k: float(v) for k, v in SCALES.items()}}

_CUR = "|".join(re.escape(c) for c in sorted(_CURRENCY_SIGNS, key=len, reverse=True))
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_GLUED_UNITS = r"km|kg|cm|mm|mph|kph|ha|MW|GW|kW|kWh|pc"
_NUMBER = re.compile(
    # digits, with an optional currency before and a scale, unit or % after
    rf"(?P<num>(?:(?P<cur>(?<![A-Za-z])(?:{_CUR}))[^\S\n]?|(?<![\w.,/:#$€£¥₹₦₵]))(?P<dig>{_DIGITS})"
    rf"(?:(?P<suf>bn|mn|trn|tn|m|k)(?![A-Za-z\d])"
    rf"|(?P<glued>{_GLUED_UNITS})(?![A-Za-z\d])"
    rf"|(?P<pct>[^\S\n]?%)"
    rf"|(?P<mag>[ \u00a0-](?i:million|billion|trillion|thousand|hundred))(?![A-Za-z])"
    rf"|(?![A-Za-z\d]|[.,/]\d)))"
    # vague plurals
    r"|(?P<vague>(?<![A-Za-z])(?i:(?:tens|hundreds|thousands|millions)\s{1,3}of\s{1,3}(?:thousands|millions|billions)"
    r"|dozens|hundreds|thousands|millions|billions|scores(?=\s{1,3}of\s))(?![A-Za-z]))"
    # numbers in words (at most 13 words: bounded work on "one one one ...")
    rf"|(?P<words>(?<![A-Za-z-])(?i:(?:half[^\S\n]{{1,3}})?an?[^\S\n]{{1,3}}(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?i:{NUMBER_WORD_RE})(?:(?i:[^\S\n]{{1,3}}and[^\S\n]{{1,3}}|[^\S\n]{{1,3}}|-)(?i:{NUMBER_WORD_RE})){{0,12}}(?![A-Za-z]))"
)
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
# _NUMBER is tried only at digits and at these words (a set lookup per word beats a regex scan)
_TRIGGER_WORDS = frozenset(
    variant
    for word in (*SMALL, *TENS, *SCALES, "hundred", "dozen", "dozens", "scores", "tens", "hundreds", "thousands",
                 "millions", "billions", "half", "a", "an")
    for variant in (word, word.title(), word.upper())
)
_TOKEN = re.compile(r"[A-Za-z]+|(\d+)")
_CURRENCY_BEFORE = re.compile(rf"(?:{_CUR})[^\S\n]?$")

_QUALIFIERS = {
    "up to": ("as many as", "as much as", "as high as", "up to"),
    "more than": ("more than", "over", "above", "upwards of", "in excess of", "greater than", "well over",
                  "just over", "well above", "well in excess of"),
    "nearly": ("nearly", "almost", "close to", "just under", "just below", "just shy of"),
    "about": ("about", "around", "roughly", "approximately", "approx.", "some", "an estimated", "estimated",
              "circa", "an approximate", "or so"),
    "at least": ("at least", "no fewer than", "no less than", "not less than", "a minimum of", "or more"),
    "at most": ("at most", "no more than", "not more than", "a maximum of", "or fewer", "or less"),
    "less than": ("less than", "fewer than", "under", "below"),
}
_QUALIFIER_OF = {phrase: norm for norm, phrases in _QUALIFIERS.items() for phrase in phrases}


def _qualifier_alternation(space: str) -> str:
    """The qualifiers that stand before a number, longest first, with ``space`` between their words."""
    phrases = sorted((p for p in _QUALIFIER_OF if not p.startswith("or ")), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", space) for p in phrases)


_PRE_QUALIFIER = re.compile(r"(?<![A-Za-z])(" + _qualifier_alternation(r"[^\S\n]+") + r")[^\S\n]+$", re.IGNORECASE)
_POST_QUALIFIER = re.compile(r"[^\S\n]+or[^\S\n]+(more|so|fewer|less)(?![A-Za-z])|\+(?![\w+])", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"[^\S\n]?(?:a\.m\.|p\.m\.|(?:am|pm|AM|PM|GMT|UTC|CET|CEST|CDT|EDT|EST|BST|IST|hrs|h)(?![A-Za-z])|o['’]clock)"
)
_PERCENT_AFTER = re.compile(
    r"[^\S\n]+(?:(?P<pp>percentage[^\S\n]+points?)|(?P<pc>per[^\S\n]?cent|percent|pct))(?![A-Za-z])", re.IGNORECASE
)
_PARTITIVE = re.compile(
    r"[^\S\n]+of[^\S\n]+(?:(?:the|its|their|his|her|our|these|those|my|your|this|that)[^\S\n]+"
    r"(?:[A-Z]?[a-z]+['’]s[^\S\n]+)?|[A-Z][\w-]*['’]s[^\S\n]+)"
)
_OF = re.compile(r"[^\S\n]+of[^\S\n]+")
_UNIT_WORD = re.compile(r"[^\S\n]{1,3}((?:[A-Z]\.){2,}|[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)")
_NUMBER_TOKEN = re.compile(rf"[^\S\n]{{1,3}}(?:\d[\d,.]*|(?i:{NUMBER_WORD_RE})(?:-(?i:{NUMBER_WORD_RE}))?)(?![\w])")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’&-]*)[^\S\n]{1,3}$")
_GAP_SHARE = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:and|or|to|[-–—])[^\S\n]*(?:(?:possibly|perhaps|maybe|probably|even|potentially)[^\S\n]+)?",
    re.IGNORECASE,
)
_COMPOUND = re.compile(r"-([A-Za-z]+)")
_PHONE_AFTER = re.compile(r"-(?:0\d|\d{4})")  # "555-0143"
_NEGATIVE_BEFORE = re.compile(r"(?:(?<![\w.,)])-|\bminus[^\S\n]+)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?|age\s+of)\s+$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween[^\S\n]+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom[^\S\n]+$", re.IGNORECASE)
_GAP_RANGE = re.compile(r"[^\S\n]*(?:and|to|[-–—])[^\S\n]*", re.IGNORECASE)

_STOP = frozenset("""
a an the this that these those of in on at to from by for with into onto over under about against between
among across through during before after since until within without per via including like such as than
near around throughout toward towards inside outside amid amidst despite except upon while whereas if because
though although when where who whom whose which what whether and or but nor so yet he she it they we you i
him her them us me his its their our my your is are was were be been being am has have had do does did will
would shall should can could may might must not no said say says told tell tells reported according went
got made make came come took take gave give saw see left fled died live remain remained remains held hold
holds met meet face faces wrote also still most less fewer only just even already now then there here ago
again each every all both another same any many much few several very too possibly perhaps later earlier
away back out up down off respectively apiece ever never more each other others next first last
withdrew fell rose grew won lost ran began became sent spent paid built brought bought caught chose drew drove
ate fought found forgot hid hit kept knew led lay quit rode rang sat sold shot shut sang sank slept spoke stood
stole struck swore swam taught tore thought threw understood woke wore arrived agreed
""".split())
_SKIP_BEFORE_HEAD = frozenset("more additional other extra further".split())
_NON_PLURAL_S = frozenset("""
news rights arms sports sales savings customs goods series species means headquarters affairs politics
economics physics works gas bus lens plus this his its was has does yes thus us always perhaps
""".split())
_IRREGULAR_PLURALS = frozenset("""
people children men women police staff personnel cattle sheep fish feet teeth mice geese data media aircraft
livestock militia crew clergy infantry
""".split())
_CURRENCY_WORDS = frozenset("""
dollar dollars yuan renminbi rmb euro euros pound pounds rupee rupees yen franc francs won dinar dinars
riyal riyals rial rials lira liras peso pesos rand baht ringgit rupiah rouble roubles ruble rubles tenge som
soms somoni manat naira cedi cedis shilling shillings kroner krona kronor krone taka kwacha birr dirham dirhams
real reais zloty forint leu lei hryvnia lari dram
""".split())
_MEASURE_WORDS = frozenset("""
percent km kg mph kilometres kilometers metres meters miles feet tonnes tons hectares acres litres liters
kilograms grams degrees megawatts gigawatts
""".split())
_GERUND_MODIFIERS = frozenset("""
polling training shipping parking housing voting living dining swimming sewing washing boarding counting
processing manufacturing fishing mining banking trading teaching nursing recording screening testing landing
charging booking marketing lending funding reporting cooking drinking breeding farming sleeping waiting
operating filling petrol gas learning detention
""".split())
_ING_NOUNS = frozenset("""
building buildings meeting meetings wedding weddings hearing hearings ceiling offering sibling siblings
evening evenings morning mornings warning warnings feeling bombing bombings shooting shootings killing
killings uprising uprisings clothing housing training funding spending recording recordings painting
paintings setting settings opening openings landing landings crossing crossings ruling rulings rating
ratings reading readings filing filings briefing briefings gathering gatherings beating beatings listing
listings earning earnings ending endings outing proceeding proceedings belonging belongings thing things
string strings spring springs king kings ring rings wing wings swing sing sting offspring being beings
""".split())
_ED_NOUNS = frozenset("speed speeds creed creeds breed breeds greed steed tweed hatred kindred seabed riverbed "
                      "bloodshed watershed newlywed newlyweds seed seeds need needs deed deeds".split())
_LY_NOUNS = frozenset("family ally assembly rally supply monopoly anomaly belly bully jelly lily folly holly "
                      "reply melee daily weekly monthly yearly quarterly elderly early friendly".split())
# the word after a hyphen that makes "10-day", "12-member", "7.1-magnitude" a counted quantity
_COMPOUND_UNITS = frozenset("""
day week month year hour minute mile kilometre kilometer km metre meter foot inch storey story member person
man woman seat bed room page point nation country game match hectare acre tonne ton lane vote judge magnitude
""".split())
_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths sixth sixths tenth tenths".split())
# capitalised words that may stand right before a number without making it part of a name
_NAME_OK_CAPS = frozenset("""
the a an some about more over nearly almost around roughly approximately up less fewer under below above
between than least most only just all another estimated in on at by for from with of and but or to as so
these those its their his her our my your last next first each every including among when where after
before since until while if whereas said says told killed injured reported
january february march april may june july august september october november december jan feb mar apr jun
jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
""".split())
_PRONOUN_ONE_BEFORE = frozenset("the this that which each every any no anyone someone".split())


@dataclass
class _Found:
    start: int  # where the qualifier (or the number) begins
    num_start: int
    num_end: int
    end: int  # after a trailing "or more"
    value: float
    unit: str | None
    qualifier: str | None
    bare_one: bool = False  # the word "one" alone: kept only with a unit of its own


# ---------------------------------------------------------------------------
# parse_number

_PARSE_DIGITS = re.compile(
    rf"(?P<neg>-|minus\s)?(?P<cur>{_CUR})?\s?(?P<dig>{_DIGITS}|\.\d+)\s?"
    rf"(?:(?P<suf>bn|mn|trn|tn|m|k|%)|-?(?P<mag>million|billion|trillion|thousand|hundred))?",
    re.IGNORECASE,
)
_STRIP_PRE = re.compile(r"^(?:" + _qualifier_alternation(r"\s+") + r")\s+", re.IGNORECASE)
_STRIP_POST = re.compile(r"(?:\s+or\s+(?:more|so|fewer|less)|\s*\+)$", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """The value of a number as written, or None.

    "3,000" -> 3000, "1.5 million" -> 1500000, "one million"/"a million" -> 1e6,
    "twenty-two" -> 22, "hundreds of thousands" -> 100000, "dozens" -> 12,
    "half a million" -> 500000, "1m" -> 1e6, "$2bn" -> 2e9, "40%" -> 40, "minus 5" -> -5.
    A leading qualifier ("more than") or trailing "or more" is allowed and ignored.
    """
    s = " ".join(text.split())
    s = _STRIP_POST.sub("", _STRIP_PRE.sub("", s, count=1))
    if not s or len(s) > 200:
        return None
    m = _PARSE_DIGITS.fullmatch(s)
    if m:
        try:
            value = float(m.group("dig").replace(",", ""))
        except ValueError:
            return None
        suf, mag = (m.group("suf") or "").lower(), (m.group("mag") or "").lower()
        if suf and suf != "%":
            value *= _SUFFIX_SCALE[suf]
        if mag:
            value *= _MAGNITUDE[mag]
        if not math.isfinite(value):
            return None
        return -value if m.group("neg") else value
    vague = vague_value(s)
    if vague is not None:
        return vague
    return words_to_number(s)


# ---------------------------------------------------------------------------
# find_numbers

def _word_before(text: str, start: int) -> str:
    return word_before(_WORD_BEFORE, text, start)


def _sentence_initial(text: str, start: int) -> bool:
    return sentence_initial(text, start, ".!?\n\"“”‘’'([:;—–«»")


def _in_name(text: str, start: int) -> bool:
    """Right after a capitalised word that is not a function word: "Section 230", "Apollo Eleven"."""
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        return True  # COVID-19, F-16
    if start >= 1 and text[start - 1] in "#№":
        return True
    before = _word_before(text, start)
    if not any(c.isupper() for c in before):
        return False  # ("iPhone 11" has a capital inside)
    low = before.lower().rstrip(".")
    if low in ("no", "nos"):
        return True
    return not (low in _NAME_OK_CAPS or low in _STOP or low.endswith(("'s", "’s", "'")))


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return True
    return (
        len(low) > 3 and word[-1] == "s" and not low.endswith(("ss", "us", "is"))
        and low not in _NON_PLURAL_S
    )


def _verbish(low: str) -> bool:
    """Participles and adverbs: adjectives before the head, the end of the phrase after it."""
    if len(low) >= 5 and low.endswith("ed") and low not in _ED_NOUNS:
        return True
    if len(low) >= 6 and low.endswith("ing") and low not in _ING_NOUNS and low not in _GERUND_MODIFIERS:
        return True
    return len(low) >= 5 and low.endswith("ly") and low not in _LY_NOUNS


def _unit_after(text: str, pos: int, vague: bool) -> str | None:
    """The head noun of what the number ending at ``pos`` counts."""
    m = _PERCENT_AFTER.match(text, pos)
    if m:
        return "percentage points" if m.group("pp") else " ".join(m.group("pc").split())
    partitive = False
    m = _PARTITIVE.match(text, pos) or (_OF.match(text, pos) if vague else None)
    if m:
        pos, partitive = m.end() - 1, not vague
    elif _OF.match(text, pos):
        return None  # "12 of them"
    run: list[str] = []
    for _ in range(7):
        if partitive and not run:
            skip = _NUMBER_TOKEN.match(text, pos)  # "two of the city's four wells"
            if skip:
                pos = skip.end()
        m = _UNIT_WORD.match(text, pos)
        if not m:
            break
        word = m.group(1)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        word = word.rstrip("'’")
        low = word.lower()
        stop = low in _STOP and not word.isupper()  # "US dollars": "US" is no pronoun
        if not word or stop and not (low in _SKIP_BEFORE_HEAD and not run):
            break
        if low in SMALL or low in TENS or low in _MAGNITUDE or low in ("dozen", "dozens"):
            break
        pos = m.end()
        if low in _SKIP_BEFORE_HEAD and not run:
            continue
        if _verbish(low):
            if run:
                break
            continue  # "two remaining wells", "12 detained Uyghurs"
        run.append(word)
        if low in _CURRENCY_WORDS or low in _MEASURE_WORDS or _is_plural(word):
            break
        if m.group(1).endswith(("'s", "’s")):
            break
    return _head(run, text, pos) if run else None


def _head(run: list[str], text: str, pos: int) -> str:
    head = run[-1]
    low = head.lower()
    if low in _CURRENCY_WORDS:
        i = len(run) - 1
        while i > 0 and run[i - 1][:1].isupper():
            i -= 1
        return " ".join(run[i:])  # "US dollars", "Danish kroner"
    if low in ("degrees", "degree"):
        nxt = _UNIT_WORD.match(text, pos)
        if nxt and nxt.group(1) in ("Celsius", "Fahrenheit", "C", "F", "centigrade"):
            return f"{head} {nxt.group(1)}"
    if len(run) >= 2 and run[-2].lower() in (_GERUND_MODIFIERS | {"square", "cubic"}):
        return f"{run[-2]} {head}"  # "polling stations", "square kilometres"
    return head


def _digits_value(m: re.Match) -> float:
    value = float(m.group("dig").replace(",", ""))
    suf = m.group("suf")
    if suf:
        value *= _SUFFIX_SCALE[suf]
    mag = m.group("mag")
    if mag:
        value *= _MAGNITUDE[mag.strip(" \u00a0-").lower()]
    return value


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, end - 1) - 1
    return i >= 0 and spans[i][1] > start


def _candidates(text: str) -> list[_Found]:
    spans = date_spans(text)
    starts = [s for s, _ in spans]
    found: list[_Found] = []
    pos = 0
    triggers = _TRIGGER_WORDS
    for token in _TOKEN.finditer(text):
        if token.lastindex is None and token.group() not in triggers:
            continue
        at = token.start()
        if at < pos:
            continue
        m = None
        if token.lastindex is not None:  # digits
            cur = _CURRENCY_BEFORE.search(text, max(0, at - 5), at)
            if cur:
                m = _NUMBER.match(text, cur.start())
        m = m or _NUMBER.match(text, at)
        if m is None:
            continue
        start, end = m.span()
        pos = end
        if _overlaps(spans, starts, start, end):
            continue
        item = _read(text, m, start, end)
        if item is None:
            continue
        if isinstance(item, int):  # a run of number words that holds more than one number
            pos = item
            continue
        if found and item.start < found[-1].end:
            item.start = item.num_start
        found.append(item)
        pos = max(item.num_end, item.end)
    return found


def _read(text: str, m: re.Match, start: int, end: int) -> _Found | int | None:
    """One candidate: a _Found, None to skip it, or an offset to rescan from."""
    unit: str | None = None
    bare_one = False
    kind = "num" if m.group("num") is not None else ("vague" if m.group("vague") is not None else "words")
    if kind == "num":
        dig = m.group("dig")
        if len(dig) > 1 and dig[0] == "0" and not dig.startswith("0.") or len(dig) > 20:
            return None  # "0143", "4929120044012345": codes and phone numbers, not quantities
        if _PHONE_AFTER.match(text, end) or _TIME_AFTER.match(text, end) or text[end:end + 1] == ":":
            return None
        cur = m.group("cur")
        if not cur and _in_name(text, start):
            return None
        value = _digits_value(m)
        if cur:
            unit = _CURRENCY_SIGNS[cur]
        elif m.group("pct"):
            unit = "percent"
        elif m.group("glued"):
            unit = "percent" if m.group("glued") == "pc" else m.group("glued")
        negative = _NEGATIVE_BEFORE.search(text, max(0, start - 7), start)
        if negative:
            value, start = -value, negative.start()  # "minus 5 degrees", "-5"
    elif kind == "vague":
        value = vague_value(m.group("vague"))
        if value is None:
            return None
    else:
        tokens = list(_WORD_TOKEN.finditer(text, start, end))
        value, used = parse_word_tokens([t.group(0) for t in tokens])
        if value is None or used == 0:
            return None
        if used < len(tokens):
            end = tokens[used - 1].end()
        words = text[start:end]
        if _TIME_AFTER.match(text, end) or words[0].isupper() and _in_name(text, start):
            return end if used < len(tokens) else None  # "Apollo Eleven"
        if words[0].isupper() and not _sentence_initial(text, start):
            after = _UNIT_WORD.match(text, end)
            if after and after.group(1)[0].isupper():
                return end if used < len(tokens) else None  # "the Two Sessions", "One Belt"
        bare_one = words.lower() == "one"
        if bare_one and _word_before(text, start).lower() in _PRONOUN_ONE_BEFORE:
            return end if used < len(tokens) else None
    # hyphen compounds: "10-day visit", "one-child policy", "two-thirds"
    compound = _COMPOUND.match(text, end)
    if compound and not unit:
        word = compound.group(1).lower()
        if word in _FRACTIONS or kind != "num" and word not in _COMPOUND_UNITS:
            return None
        unit = compound.group(1) if word in _COMPOUND_UNITS else None
    num_end = end
    qualifier = None
    q = _PRE_QUALIFIER.search(text, max(0, start - 30), start)
    q_start = start
    if q:
        qualifier = _QUALIFIER_OF[" ".join(q.group(1).lower().split())]
        q_start = q.start(1)
    post = _POST_QUALIFIER.match(text, end)
    if post:
        end = post.end()
        if qualifier is None:
            qualifier = "at least" if post.group(0).strip() == "+" else _QUALIFIER_OF["or " + post.group(1).lower()]
    if bare_one and (_OF.match(text, end) or _one_idiom(text, start, end)):
        return None  # "one of the ...", "on one hand", "One day, ..."
    if unit is None and not compound:
        unit = _unit_after(text, end, kind == "vague")
    if bare_one and qualifier is not None:
        bare_one = False  # "at least one"
    return _Found(q_start, start, num_end, end, float(value), unit, qualifier, bare_one)


def _one_idiom(text: str, start: int, end: int) -> bool:
    after = _UNIT_WORD.match(text, end)
    nxt = after.group(1).lower() if after else ""
    return nxt in ("hand", "point") or nxt == "day" and _sentence_initial(text, start)


def _is_range(text: str, start: int, gap: str) -> bool:
    """"between 200 and 300", "200 to 300", "200-300"; not "from 200 to 300" (a change) or "200 and 300"."""
    if not _GAP_RANGE.fullmatch(gap):
        return False
    if _BETWEEN_BEFORE.search(text, max(0, start - 9), start):
        return True
    return gap.strip().lower() != "and" and not _FROM_BEFORE.search(text, max(0, start - 9), start)


def _link(text: str, found: list[_Found], locate) -> list[_Found]:
    """Ranges and coordination share a unit; ranges get at least / at most; bare numbers inherit."""
    for i in range(len(found) - 1, -1, -1):
        a = found[i]
        if i + 1 < len(found):
            b = found[i + 1]
            gap = text[a.end:b.start]
            if a.unit is None and b.unit is not None and _GAP_SHARE.fullmatch(gap):
                a.unit = b.unit
                a.bare_one = False
            if (a.qualifier is None and b.qualifier is None and a.unit == b.unit and b.value > a.value
                    and _is_range(text, a.start, gap)):
                a.qualifier, b.qualifier = "at least", "at most"
    kept: list[_Found] = []
    for f in found:
        if f.unit is None and not f.bare_one and kept:
            prev = kept[-1]
            between = text[prev.end:f.start]
            if (prev.unit and locate(prev.start) == locate(f.start) and len(between) < 150
                    and not _SENTENCE_END.search(between) and not _AGE_BEFORE.search(text, max(0, f.start - 12), f.start)):
                f.unit = prev.unit
        if f.bare_one and f.unit is None:
            continue
        kept.append(f)
    return kept


def find_numbers(text: str, sentences: Sequence[Sentence] = ()) -> list[NumberMention]:
    """Every cardinal quantity in ``text`` (not dates, years, times, ordinals or numbers in names)."""
    locate = sentence_locator(sentences)
    found = _link(text, _candidates(text), locate)
    return [
        NumberMention(text=text[f.start:f.end], value=f.value, unit=f.unit, qualifier=f.qualifier,
                      start=f.start, end=f.end, sentence=locate(f.start))
        for f in found
    ]
