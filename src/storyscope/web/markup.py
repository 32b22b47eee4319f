"""Turning untrusted article data into safe pieces for the templates.

Nothing here builds HTML: the templates do, with autoescaping on, from the
plain pieces these functions return.
"""

from __future__ import annotations

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


def quoted_segments(text: str, quotes: list[dict]) -> list[dict]:
    """``text`` cut into consecutive pieces, each ``{"text", "quote"}`` where ``quote`` is the
    quote record covering it (or None). Quotes are placed by their character offsets; one
    that overlaps an earlier one, or falls outside the text, is left unmarked."""
    pieces: list[dict] = []
    at = 0
    for quote in sorted(quotes, key=lambda q: (q["start"], -q["end"])):
        start, end = quote["start"], min(quote["end"], len(text))
        if start < at or start >= end:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "quote": None})
        pieces.append({"text": text[start:end], "quote": quote})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "quote": None})
    return pieces
