"""A web page -> one RawDocument carrying the raw HTML and what the page states.

The body is not extracted here: separating article from page furniture is
normalize's job (``normalize/html.py``), and it needs the untouched HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from storyscope.errors import EmptyInput, MalformedInput
from storyscope.ingest.pagemeta import page_metadata
from storyscope.model import InputFormat, RawDocument


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

    ``url`` is where the page was fetched from (a WARC target): it wins over
    the canonical URL the page states, which is then kept in ``extra``.
    Raises ``EmptyInput`` for a blank page, ``MalformedInput`` for markup
    that cannot be parsed at all.
    """
    if not html.strip():
        raise EmptyInput("page holds only whitespace")
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
        published=meta.date,
        outlet=meta.sitename,
        fetched=fetched,
        extra=extra,
    )
