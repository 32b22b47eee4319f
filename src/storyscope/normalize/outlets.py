"""Which outlet published a page, and how we know.

Evidence, strongest first: what the collector gave (a sidecar, a form); what the page's metadata
states (``og:site_name``, a JSON-LD publisher); a known outlet's name for the page's registered
domain (``data/outlets.csv``, one line per outlet); the name the page prints for itself (a
masthead on its first line, a team byline, a copyright or "more stories from" footer); the
registered domain of its address (the public suffix list bundled with ``tld``: "sg.news.example.com"
is "example.com"); and last, the agency of a dateline ("(TPA)"), since a reprint carries its
agency's dateline under another masthead. A medium that someone in the text spoke to ("told Radio
X") is never the page's outlet.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from . import metadata
from .residue import Separation

_YEAR_AROUND = re.compile(r"^\s*(?:19|20)\d\d\s+|\s+(?:19|20)\d\d\s*$")
_COMPANY_SUFFIX = re.compile(r"[,\s]+(?:Ltd|Limited|Inc|LLC|PLC|GmbH|S\.A)\.?$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,4}$")
_SMALL_WORDS = {"THE", "AND", "OF", "FOR", "ON", "IN", "AT", "BY"}  # capitals in a masthead, not acronyms


@cache
def known_outlets() -> dict[str, str]:
    """Registered domain (or host) -> the outlet's name, from the table shipped with storyscope."""
    text = resources.files("storyscope.normalize").joinpath("data/outlets.csv").read_text(encoding="utf-8")
    return {row["domain"].lower(): row["name"] for row in csv.DictReader(text.splitlines())}


def site(url: str | None) -> str | None:
    """The address's host without "www." or a trailing dot ("news.example.lk." -> "news.example.lk")."""
    return (metadata.outlet_from_url(url) or "").rstrip(".") or None


def registered_domain(url: str | None) -> str | None:
    """"example.com" for "https://sg.news.example.com/a", "example.co.uk" for "www.example.co.uk"."""
    name = site(url)
    if not name:
        return None
    from tld import get_fld

    try:
        return get_fld(f"http://{name}", fail_silently=True) or name
    except Exception:  # noqa: BLE001 - tld raises its own types for odd hosts: the host will do
        return name


def known_name(url: str | None) -> str | None:
    """The table's name for the page's host or, failing that, its registered domain."""
    name = site(url)
    if not name:
        return None
    return known_outlets().get(name) or known_outlets().get(registered_domain(url) or "")


def clean_name(name: str) -> str:
    """A printed name as a reader would write it: no year beside it, no "Ltd", capitals only
    where an all-capitals masthead has them in acronyms ("HARMATTAN TV NEWS" -> "Harmattan TV News")."""
    name = _COMPANY_SUFFIX.sub("", _YEAR_AROUND.sub("", name.strip(" .,|-–—"))).strip()
    if name.isupper() and len(name.split()) > 1 or name.isupper() and len(name) > 4:
        name = " ".join(w if _ACRONYM.match(w) and len(w) <= 3 and w not in _SMALL_WORDS else w.capitalize()
                        for w in name.split())
    return name


def page_stated(separation: Separation, full_text: str) -> tuple[str | None, str | None]:
    """(name, basis) from what the page prints about itself: masthead, team byline, footer."""
    head = metadata.masthead(separation)
    if head:
        return clean_name(head), "masthead"
    for line in (r.text for r in separation.residue if r.reason == "byline"):
        if metadata.TEAM_SUFFIX.search(line):
            team = metadata.TEAM_SUFFIX.sub("", line).strip()
            return clean_name(metadata.expand_abbreviation(team, full_text) or team), "byline"
    footer = metadata.footer_name(separation, full_text)
    if footer:
        return clean_name(footer), "footer"
    return None, None


def choose(given: str | None, page_metadata: str | None, url: str | None, separation: Separation,
           full_text: str) -> tuple[str | None, str | None]:
    """(outlet, basis): the strongest evidence there is (see the module's docstring)."""
    if given:
        return given, "given"
    if page_metadata:
        return page_metadata, "page-metadata"
    if (name := known_name(url)) is not None:
        return name, "known outlet"
    name, basis = page_stated(separation, full_text)
    if name:
        return name, basis
    if (domain := registered_domain(url)) is not None:
        return domain, "url"
    if separation.body:
        _, agency = metadata.dateline(separation.body[0])
        if agency:
            return metadata.expand_abbreviation(agency, full_text) or agency, "dateline"
    return None, None
