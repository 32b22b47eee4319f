"""English word forms shared by the stages."""

from __future__ import annotations

_ES_AFTER = ("ches", "shes", "sses", "xes", "zes", "oes")


def singular(word: str) -> str:
    """A rough singular of a plural noun: countries -> country, heroes -> hero, camps -> camp, news -> news."""
    word = word.lower()
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "news")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(_ES_AFTER):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def unit_head(unit: str | None) -> str:
    """What a number counts, singular: 'Western ambassadors' -> 'ambassador'."""
    return singular(((unit or "").split()[-1:] or [""])[0])


def light_stem(word: str) -> str:
    """'recalling', 'recalled', 'recalls' -> 'recall'; short words and figures are left alone,
    so that a claim told with another inflection still shares its words."""
    word = singular(word)
    if len(word) <= 5 or word[0].isdigit():
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word
