"""English number words -> values: "twenty-two", "one hundred and five", "half a million".

Shared by the number finder (cardinals written in words) and the date finder
("two weeks ago"). Pure functions, no state.

Vague plurals are valued at their magnitude, by analogy with the gold rule
"hundreds of thousands" -> 100000: "dozens" -> 12, "scores of" -> 20,
"hundreds" -> 100, "thousands" -> 1000, "tens of thousands" -> 10000,
"millions" -> 1000000.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
VAGUE: dict[str, int] = {
    "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000, "billions": 1_000_000_000, "trillions": 1_000_000_000_000,
}

# Every word that can be part of a cardinal written in words (longest first, for regexes).
NUMBER_WORDS: tuple[str, ...] = tuple(
    sorted([*SMALL, *TENS, *SCALES, "hundred", "dozen"], key=len, reverse=True)
)
NUMBER_WORD_RE = "(?:" + "|".join(NUMBER_WORDS) + ")"

_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)
_VAGUE_RE = re.compile(
    r"(?P<first>dozens|scores|tens|hundreds|thousands|millions|billions|trillions)"
    r"(?:\s+of\s+(?P<second>hundreds|thousands|millions|billions|trillions))?",
    re.IGNORECASE,
)


def parse_word_tokens(tokens: Sequence[str]) -> tuple[float | None, int]:
    """The value of the longest prefix of ``tokens`` that reads as one cardinal.

    Returns ``(value, n)``: ``n`` tokens were used (``and`` included); ``(None, 0)``
    when not even the first token starts a number. Tokens are single words
    ("twenty-two" comes as "twenty", "two").
    """
    total = 0.0  # completed scale groups ("two million" of "two million five")
    cur = 0.0  # the group being read, below the last scale
    prev: str | None = None  # kind of the last token read
    last_scale = float("inf")
    best: tuple[float | None, int] = (None, 0)
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i].lower()
        nxt = tokens[i + 1].lower() if i + 1 < n else ""
        if tok in ("a", "an"):
            if prev is not None or nxt not in ("hundred", "dozen", *SCALES):
                break
            cur, prev = 1.0, "a"
        elif tok == "half":
            after = tokens[i + 2].lower() if i + 2 < n else ""
            if prev is not None or nxt not in ("a", "an") or after not in ("dozen", *SCALES):
                break
            cur, prev = 0.5, "a"
            i += 1  # the "a" of "half a"
        elif tok == "and":
            if prev not in ("hundred", "scale") or (nxt not in SMALL and nxt not in TENS):
                break
            prev = "and"
            i += 1
            continue
        elif tok in SMALL:
            value = SMALL[tok]
            unit_after_tens = prev == "tens" and 1 <= value <= 9
            if not (prev in (None, "hundred", "scale", "and") or unit_after_tens):
                break
            cur += value
            prev = "unit" if value < 10 else "teen"
        elif tok in TENS:
            if prev not in (None, "hundred", "scale", "and"):
                break
            cur += TENS[tok]
            prev = "tens"
        elif tok == "hundred":
            if prev not in ("unit", "teen", "tens", "a") or not 0 < cur < 100:
                break
            cur *= 100
            prev = "hundred"
        elif tok in SCALES:
            scale = SCALES[tok]
            if prev not in ("unit", "teen", "tens", "hundred", "a") or cur <= 0 or scale >= last_scale:
                break
            total += cur * scale
            cur = 0.0
            last_scale = scale
            prev = "scale"
        elif tok == "dozen":
            if prev not in ("unit", "teen", "tens", "a") or cur <= 0 or total:
                break
            best = (cur * 12, i + 1)
            break
        else:
            break
        i += 1
        if prev != "a":
            best = (total + cur, i)
    return best


def words_to_number(text: str) -> float | None:
    """The value of ``text`` when all of it is one cardinal in words, else None."""
    tokens = _TOKEN.findall(text)
    if not tokens or _TOKEN.sub("", text).strip(" -\t\n,"):
        return None
    value, used = parse_word_tokens(tokens)
    return value if used == len(tokens) else None


def vague_value(text: str) -> float | None:
    """"hundreds of thousands" -> 100000, "dozens" -> 12; None when not a vague plural."""
    m = _VAGUE_RE.fullmatch(text.strip())
    if not m:
        return None
    first = VAGUE[m.group("first").lower()]
    second = m.group("second")
    if second is None:
        return None if m.group("first").lower() == "tens" else float(first)
    return float(first * VAGUE[second.lower()])
