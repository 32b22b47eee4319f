"""RSS/Atom/RDF feeds -> one RawDocument per entry, via feedparser.

Safety first: feedparser is handed bytes (a ``str`` would be taken for a URL
or a file name and fetched), and documents that declare entities or carry an
internal DTD subset are refused before parsing, so no entity is expanded and
no external DTD is ever resolved. A plain ``<!DOCTYPE>`` is dropped for the
same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import feedparser

from storyscope.errors import EmptyInput, MalformedInput
from storyscope.model import Failure, RawDocument

_ENTITY = re.compile(r"<!ENTITY", re.I)
# One way to match each character (the subset's "[" is where one run ends and the next starts): with
# two overlapping runs, a DOCTYPE that never closes backtracked in quadratic time (370 kB: minutes).
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:(\[)[^>]*)?>", re.I)
# We decoded the text already; the prolog must not make feedparser decode it again differently.
# feedparser's fallback parser turns a character reference into chr(n).encode("utf-8"): a
# surrogate (&#xD800;) or a number past U+10FFFF crashes it. Such references become U+FFFD.
# Any number of digits: feedparser reads every reference, so one of thousands of digits, left to
# it, raised an OverflowError (found by bench/fuzz.py).
_CHARREF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_PROLOG_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
# feedparser finds a prolog's encoding with ^<\?.*encoding=['"](.*?)['"].*\?> on the first line: a long
# first line that opens with <? and has many "encoding=" but no ?> after them backtracks in cubic
# time (20,000 characters: 55 s; bench/fuzz.py found one of 285,000). A declaration is short: a
# first line longer than this is cut after the declaration's ?>, and refused when there is none.
MAX_FIRST_LINE = 1000
# feedparser looks for ENTITY and DOCTYPE declarations before the first element with
# ^\s*<!ENTITY at each line start: \s* runs on over the lines below, so a run of blank lines
# there costs its square (180,000 of them: two and a half minutes; found by bench/fuzz.py). No
# feed means anything by such a run: one of over 100 white-space characters becomes a line break.
_LONG_SPACE = re.compile(r"\s{101,}")
# expat names a namespaced element "URI localname" and Python's SAX reader splits that on any
# white space, so a namespace URI holding two non-ASCII spaces (U+00A0, U+0085) became four parts
# and feedparser raised a ValueError (found by bench/fuzz.py). No URI holds white space: it is
# percent-encoded, which keeps distinct namespaces distinct.
_NAMESPACE = re.compile(r"""(xmlns(?::[\w.-]+)?\s*=\s*)(["'])([^"'<>]*)\2""")


def read_feed(source: str, text: str) -> Iterator[RawDocument | Failure]:
    """Entries of a feed as ``RawDocument(format="feed")``, source ``path#N``.

    A feed broken beyond reading raises ``MalformedInput``; one with no
    entries ``EmptyInput``; an entry without content or summary becomes a
    Failure of its own.
    """
    parsed = feedparser.parse(_safe_bytes(text))
    if not parsed.entries:
        if parsed.bozo:
            raise MalformedInput(f"not a readable feed: {parsed.get('bozo_exception')}")
        raise EmptyInput("feed has no entries")
    outlet = _clean(parsed.feed.get("title"))
    feed_url = _clean(parsed.feed.get("link"))
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_document(f"{source}#{number}", entry, outlet, feed_url)


def _safe_bytes(text: str) -> bytes:
    if _ENTITY.search(text):
        raise MalformedInput("feed declares XML entities; refused so none is expanded")
    doctype = _DOCTYPE.search(text)
    if doctype and doctype.group(1):
        raise MalformedInput("feed has a DTD internal subset; refused so no entity is expanded")
    text = _DOCTYPE.sub("", text, count=1)
    text = _CHARREF.sub(_valid_charref, text)
    text = _PROLOG_ENCODING.sub(r"\1\2utf-8\2", text, count=1)
    text = _NAMESPACE.sub(_spaceless_namespace, text)
    text = _LONG_SPACE.sub("\n", text)
    return _short_first_line(text).encode("utf-8")


def _spaceless_namespace(declaration: re.Match) -> str:
    uri = "".join(quote(c) if c.isspace() else c for c in declaration.group(3))
    return f"{declaration.group(1)}{declaration.group(2)}{uri}{declaration.group(2)}"


def _short_first_line(text: str) -> str:
    """``text`` with a processing instruction that opens it alone on its first line (see MAX_FIRST_LINE)."""
    if not text.lstrip().startswith("<?"):
        return text
    text = text.lstrip()  # nothing may precede an XML declaration
    first_line = text.find("\n")
    if 0 <= first_line <= MAX_FIRST_LINE or len(text) <= MAX_FIRST_LINE:
        return text
    end = text.find("?>", 0, MAX_FIRST_LINE)
    if end < 0:
        raise MalformedInput(f"the XML declaration is not closed within {MAX_FIRST_LINE} characters")
    return text[: end + 2] + "\n" + text[end + 2:]


def _valid_charref(ref: re.Match) -> str:
    hexadecimal, decimal = ref.group(1), ref.group(2)
    digits = (hexadecimal or decimal).lstrip("0")
    if len(digits) > 7:  # past U+10FFFF in either base, and not worth converting
        return "&#xFFFD;"
    code = int(digits or "0", 16 if hexadecimal else 10)
    return ref.group() if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"


def _entry_document(source: str, entry: Any, outlet: str | None, feed_url: str | None) -> RawDocument | Failure:
    body, body_type = _body(entry)
    if body is None:
        return Failure(source, EmptyInput.code, "feed entry has no content or summary")
    extra: dict[str, Any] = {}
    for key, value in (("entry_id", entry.get("id")), ("feed_url", feed_url)):
        if _clean(value):
            extra[key] = value
    if entry.get("content") and _clean(entry.get("summary")):
        extra["summary"] = entry.get("summary")  # the standfirst, when the full text is the body
    is_html = body_type != "text/plain"
    return RawDocument(
        source=source,
        format="feed",
        html=body if is_html else None,
        text=None if is_html else body,
        url=_clean(entry.get("link")),
        title=_clean(entry.get("title")),
        author=_clean(entry.get("author")),
        published=_clean(entry.get("published") or entry.get("updated")),
        outlet=outlet,
        extra=extra,
    )


def _body(entry: Any) -> tuple[str | None, str | None]:
    """The fullest body an entry carries: content:encoded/atom:content, else the summary."""
    for part in entry.get("content") or ():
        if _clean(part.get("value")):
            return part["value"], part.get("type")
    summary = entry.get("summary_detail") or {}
    if _clean(summary.get("value")):
        return summary["value"], summary.get("type")
    return None, None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
