"""Turning untrusted article data into safe pieces for the templates.

Nothing here builds HTML: the templates do, with autoescaping on, from the
plain pieces these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")


def safe_href(url: str | None) -> str | None:
    """``url`` when it may become a link (http or https with a host), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def _cut(text: str, spans: list[tuple[int, int, Any]]) -> list[tuple[str, Any]]:
    """``text`` cut into consecutive pieces ``(piece, payload)``: the payload of the span covering
    the piece, else None. Spans are placed by offset, the longer first at one start; one that
    overlaps an earlier one, or falls outside the text, is skipped, so the pieces add up to ``text``."""
    pieces: list[tuple[str, Any]] = []
    at = 0
    for start, end, payload in sorted(spans, key=lambda s: (s[0], -s[1])):
        end = min(end, len(text))
        if start < at or start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], payload))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def quoted_segments(text: str, quotes: list[dict]) -> list[dict]:
    """``text`` cut into consecutive pieces, each ``{"text", "quote"}`` where ``quote`` is the
    quote record covering it (or None). Quotes are placed by their character offsets; one
    that overlaps an earlier one, or falls outside the text, is left unmarked."""
    return [{"text": piece, "quote": quote}
            for piece, quote in _cut(text, [(q["start"], q["end"], q) for q in quotes])]


def marked_segments(text: str, spans: Iterable[Sequence[int]]) -> list[dict]:
    """``text`` cut into consecutive pieces ``{"text", "mark"}``, ``mark`` True inside one of
    ``spans`` ((start, end) offsets, as search snippets carry them); spans out of the text or
    overlapping an earlier one are skipped."""
    return [{"text": piece, "mark": bool(mark)} for piece, mark in _cut(text, [(s, e, True) for s, e in spans])]


def annotated_segments(text: str, quotes: list[dict], dates: list[dict], numbers: list[dict]) -> list[dict]:
    """``text`` cut by its quotes (``{"text", "quote", "parts"}``), and each piece cut again by the
    dates and numbers inside it (``parts``: ``{"text", "mark"}``, ``mark`` None or
    ``{"kind", "title"}``), so a figure inside a quotation is marked within the quote."""
    marks = [(d["start"], d["end"], {"kind": "date", "title": d["value"] or "unresolved date"}) for d in dates]
    marks += [(n["start"], n["end"], {"kind": "number", "title": f'{n["value"]:g} {n["unit"] or ""}'.strip()})
              for n in numbers]
    pieces, at = [], 0
    for piece, quote in _cut(text, [(q["start"], q["end"], q) for q in quotes]):
        inside = [(start - at, end - at, mark) for start, end, mark in marks if at <= start and end <= at + len(piece)]
        pieces.append({"text": piece, "quote": quote,
                       "parts": [{"text": part, "mark": mark} for part, mark in _cut(piece, inside)]})
        at += len(piece)
    return pieces
