"""A web page -> one RawDocument carrying the raw HTML and what the page states.

The body is not extracted here: separating article from page furniture is
normalize's job (``normalize/html.py``), and it needs the untouched HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from lxml import etree

from storyscope.errors import EmptyInput, MalformedInput
from storyscope.ingest.pagemeta import page_metadata
from storyscope.model import InputFormat, RawDocument

# libxml2 checks each attribute of an element against the ones before it, so an element
# with n attributes costs n^2: 100,000 of them stall the parser (in C, out of reach of the
# time budget) for minutes. No real page comes near this.
MAX_ATTRIBUTES = 2000
# Only tags this long can hold that many attributes; scanning for them is linear.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{%d,}>" % (MAX_ATTRIBUTES * 3))
_ATTRIBUTE = re.compile(r"\s[^\s=<>\"'/]+\s*=")
# Extracting a body costs about 0.1 ms an element (trafilatura's passes and ours), so a page of
# 300,000 (a 100,000-row table) spends the whole per-article budget before it is refused as a
# timeout. Real article pages have a few thousand; one past this is refused at once, unparsed.
MAX_ELEMENTS = 100_000
_START_TAG = re.compile(r"<[A-Za-z]")


def check_markup(html: str) -> None:
    """Raise ``MalformedInput`` for markup that would stall the HTML parser or the extraction."""
    if len(html) > MAX_ELEMENTS * 2:  # a start tag is two characters at least
        tags = _START_TAG.finditer(html)
        if any(True for _ in islice(tags, MAX_ELEMENTS, None)):
            raise MalformedInput(f"the page has over {MAX_ELEMENTS} elements; refused unparsed")
    for tag in _LONG_TAG.finditer(html):
        count = len(_ATTRIBUTE.findall(tag.group()))
        if count > MAX_ATTRIBUTES:
            raise MalformedInput(f"an element has {count} attributes (over {MAX_ATTRIBUTES}); refused unparsed")


def read_html(
    source: str,
    html: str,
    *,
    format: InputFormat = "html",
    url: str | None = None,
    fetched: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Iterator[RawDocument]:
    """One ``RawDocument`` for a page.

    The page's own date is not carried as ``published``: that field holds a day given with the
    input (a record's field, a sidecar, the form), and normalize reads the page's date from its
    metadata again, so that its basis says "page metadata" rather than "given".
    ``url`` is where the page was fetched from (a WARC target): it wins over
    the canonical URL the page states, which is then kept in ``extra``.
    Raises ``EmptyInput`` for a blank page, ``MalformedInput`` for markup
    that cannot be parsed at all.
    """
    if not html.strip():
        raise EmptyInput("page holds only whitespace")
    check_markup(html)
    try:
        meta = page_metadata(html, url)
    except (etree.LxmlError, ValueError) as exc:
        raise MalformedInput(f"unparseable HTML: {exc}") from None
    extra = dict(extra or {})
    if url and meta.url and meta.url != url:
        extra["canonical_url"] = meta.url
    yield RawDocument(
        source=source,
        format=format,
        html=html,
        url=url or meta.url,
        title=meta.title,
        author=meta.author,
        outlet=meta.sitename,
        fetched=fetched,
        extra=extra,
    )
