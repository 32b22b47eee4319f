"""What a web page states about itself (title, author, date, site, canonical URL)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit


@cache
def load_trafilatura() -> ModuleType:
    """Import trafilatura once, on first use (it is slow to import and only HTML needs it)."""
    return importlib.import_module("trafilatura")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD as htmldate finds it
    sitename: str | None = None
    url: str | None = None  # canonical or og:url, else the url given


def page_metadata(html: str, url: str | None = None) -> PageMetadata:
    """Metadata the page states in its head, JSON-LD and markup; ``None`` where silent."""
    trafilatura = load_trafilatura()
    found = trafilatura.extract_metadata(html, default_url=url, date_config=stated_date_params())
    if found is None:
        return PageMetadata(url=url)
    return metadata_of(found, url)


def stated_date_params() -> dict[str, Any]:
    """htmldate settings for the date a page states (meta, JSON-LD, ``<time>``, URL).

    Not the extensive search, which guesses from any date phrase in the text:
    a guessed date would pass for a stated one downstream. (The fast mode
    still accepts a bare ISO timestamp in the text as a last resort.)
    """
    load_trafilatura()
    return dict(importlib.import_module("trafilatura.settings").set_date_params(extensive=False))


def metadata_of(document: object, url: str | None = None) -> PageMetadata:
    """A ``PageMetadata`` from a trafilatura ``Document`` (from extraction or metadata)."""
    return PageMetadata(
        title=_text(getattr(document, "title", None)),
        author=_text(getattr(document, "author", None)),
        date=_text(getattr(document, "date", None)),
        sitename=_stated_sitename(document, url),
        url=_text(getattr(document, "url", None)) or url,
    )


def _stated_sitename(document: object, url: str | None) -> str | None:
    """The site's name as the page states it. trafilatura falls back to the address's host name
    ("example.com") when the page states none: that is no name the page gives itself."""
    name = _text(getattr(document, "sitename", None))
    hosts = {_host(address) for address in (url, _text(getattr(document, "url", None))) if address}
    if name and _host(f"http://{name}") in hosts:
        return None
    return name


def _host(address: str) -> str:
    host = (urlsplit(address).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
