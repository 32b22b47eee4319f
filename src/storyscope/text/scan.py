"""Looking at the words around a match: shared by the date and number finders."""

from __future__ import annotations

import re

_LOOKBEHIND = 30  # characters searched for the word before a match


def word_before(pattern: re.Pattern[str], text: str, start: int) -> str:
    """The word right before ``start``, as ``pattern`` (anchored at the end, one group) defines a word."""
    match = pattern.search(text, max(0, start - _LOOKBEHIND), start)
    return match.group(1) if match else ""


def sentence_initial(text: str, start: int, openers: str) -> bool:
    """Whether only spaces stand between ``start`` and the text's start or one of ``openers``."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in openers
