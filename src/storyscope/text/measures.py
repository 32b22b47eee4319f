"""Amounts told in different units or clocks, made comparable.

Outlets give one figure their own way: "about 61 km" and "38 miles", "22%" and "22 per cent",
"11:42" and "11.42am". Before two versions of a claim are said to agree or to disagree, each
figure is read as an amount of one dimension in its base unit, and each clock time as minutes
after midnight, so that a disagreement is found across units and an agreement is not taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import unit_head

# What a counted noun measures, and how many base units one of it is. Only units with one meaning
# in news copy: "pound" (money or weight) and "ton" (short, long or metric) are left as written.
_UNITS = {
    "km": ("length", 1000.0), "kilometre": ("length", 1000.0), "kilometer": ("length", 1000.0),
    "mile": ("length", 1609.344), "metre": ("length", 1.0), "meter": ("length", 1.0), "m": ("length", 1.0),
    "foot": ("length", 0.3048), "feet": ("length", 0.3048), "ft": ("length", 0.3048), "yard": ("length", 0.9144),
    "kg": ("mass", 1.0), "kilogram": ("mass", 1.0), "tonne": ("mass", 1000.0), "lb": ("mass", 0.45359237),
    "hectare": ("area", 10_000.0), "acre": ("area", 4046.8564224),
    "litre": ("volume", 1.0), "liter": ("volume", 1.0),
    "percent": ("percent", 1.0), "cent": ("percent", 1.0), "%": ("percent", 1.0),  # "per cent" ends in "cent"
}
# Two amounts converted from different units agree within this share (conversions are rounded:
# 61 km is 37.9 miles, written "38 miles").
CONVERTED_TOLERANCE = 0.02


@dataclass(frozen=True)
class Amount:
    """A figure as a comparable amount: what it measures (a dimension, or the counted noun
    itself) and its value in that dimension's base unit."""

    measures: str
    value: float
    written: str  # the unit it was written in ("mile"), singular


def amount(value: float, unit: str | None) -> Amount:
    head = unit_head(unit)
    dimension, factor = _UNITS.get(head, (head, 1.0))
    return Amount(dimension, value * factor, head)


def amount_key(a: Amount) -> tuple[str, float]:
    """An index key under which amounts that may be the same meet (two significant digits)."""
    return (a.measures, float(f"{a.value:.2g}"))


def same_amount(a: Amount, b: Amount) -> bool:
    """Do two amounts say the same (as far as their writers' rounding lets one tell)?"""
    if a.measures != b.measures:
        return False
    if a.value == b.value:
        return True
    if a.written != b.written and _UNITS.get(a.written, (None, 1.0))[1] != _UNITS.get(b.written, (None, 1.0))[1]:
        return abs(a.value - b.value) <= CONVERTED_TOLERANCE * max(abs(a.value), abs(b.value))
    return False


# "11:42", "11.42am", "6 p.m.", "18:00 GMT", "10:42 UTC", "noon"
_CLOCK = re.compile(
    r"\b(?:(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?\s?m\b\.?"
    r"|(?P<hour24>[01]?\d|2[0-3])[:h](?P<minute24>[0-5]\d)\b(?!\.\d)"
    r"|(?P<noon>noon|midday|midnight)\b)"
    r"(?:\s*(?:\(\s*)?(?P<zone>(?-i:UTC|GMT|[A-Z]{2,4}T)|local time)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClockTime:
    minutes: int  # after midnight
    zone: str | None  # as written ("UTC", "BST"), None when the page gives none or says "local time"
    text: str


def clock_times(sentence: str) -> list[ClockTime]:
    """The times of day a sentence gives."""
    found = []
    for m in _CLOCK.finditer(sentence):
        if m.group("noon"):
            minutes = 0 if m.group("noon").lower() == "midnight" else 12 * 60
        elif m.group("half"):
            hour = int(m.group("hour"))
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m.group("half").lower() == "p" else 0)
            minutes = hour * 60 + int(m.group("minute") or 0)
        else:
            minutes = int(m.group("hour24")) * 60 + int(m.group("minute24"))
        zone = m.group("zone")
        found.append(ClockTime(minutes, None if not zone or zone.lower() == "local time" else zone.upper(),
                               m.group(0).strip()))
    return found


_RANGE = re.compile(r"\b(?:between|from)\s+\S+(?:\s+[ap]\.?m\.?)?\s+(?:and|to|until)\s", re.IGNORECASE)


def point_times(sentence: str) -> list[ClockTime]:
    """The times of day a sentence gives as moments: none from a span ("between 03:00 and
    04:30"), whose ends no single moment can contradict."""
    found = clock_times(sentence)
    return [] if len(found) >= 2 and _RANGE.search(sentence) else found


def comparable_clocks(a: ClockTime, b: ClockTime) -> bool:
    """Two times can be compared when neither names a zone or both name the same one."""
    return a.zone == b.zone


def same_time(a: ClockTime, b: ClockTime) -> bool:
    """Do two times of day say the same, in one clock?"""
    return a.minutes == b.minutes and comparable_clocks(a, b)
