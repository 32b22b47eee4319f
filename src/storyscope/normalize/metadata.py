"""Infer an article's metadata from what the page says about itself.

Given values (a sidecar, the JSON record, the HTML's own meta tags) always win;
inference fills only what is missing, and says how it found each outlet
(``outlet_basis``) so a reader can judge it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from ..model import ResidueLine
from .residue import Separation

# Datelines: "BEIJING:", "URUMQI (TCA) —", "LONDON, March 3 (Reuters) -", "NAIROBI —".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?\s*"
    r"(?:\((?P<agency>[^)]{2,40})\))?\s*(?::|—|–|--|-)\s+(?=\S)"
)
_AGENCY_TOKEN = re.compile(r"^[A-Z][A-Za-z&.]{1,10}$")
OUTLET_HEADS = (
    r"Times|Post|News|Herald|Journal|Tribune|Observer|Telegraph|Guardian|Express|Gazette|"
    r"Chronicle|Daily|Press|Agency|Monitor|Review|Star|Sun|Mail|Standard|Dispatch|Record|"
    r"Independent|Insider|Today|Wire|Report|Bulletin|Courier|Inquirer|Nation|Dawn|TV|Radio|"
    r"Advocate|Sentinel|Examiner|Mirror|Ledger|Network|Media|Broadcasting|Leader|Argus|Enquirer|Whistle"
)
# Footers: "Other reports by X", "View more articles fromTCA", "More stories from X".
_FOOTER_OUTLET = re.compile(
    r"\b(?:reports|articles|stories|news|posts)\s+(?:by|from)\s*(?P<name>[A-Z][\w&.’' -]{1,40}?)\s*$"
)
# "© 2024 The Harbour Times. All rights reserved.", "© The Lisbon Chronicle, Lda. Registered with …":
# the name ends where the notice's next sentence or the company's legal form begins.
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&.’' -]{1,40}?)"
    r"(?:[.,]?\s*(?:all rights|$)|[.,]\s+(?=[A-Z]))", re.I)
TEAM_SUFFIX = re.compile(r"\s+(?:web team|web desk|news desk|desk|staff|bureau|newsroom|team)$", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^(?:by|written by|reporting by)\s+", re.IGNORECASE)
_STATED_DATE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}|\b\d{1,2}\.\d{1,2}\.\d{4}\b"
    r"|\b(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])/\d{4}\b",  # 20/02/2024: day first, since the day is over 12
    re.IGNORECASE,
)


def outlet_from_url(url: str | None) -> str | None:
    """The site's host without 'www.': the most reliable outlet signal there is."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


_COMPACT_URL_DAY = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})((?:0[1-9]|1[0-2]))((?:0[1-9]|[12][0-9]|3[01]))(?![0-9])")


def url_date(url: str | None) -> str | None:
    """The publication day written in a page's address: htmldate reads "/2019/01/07/" and
    "/2022-02-20/"; a compact "-20240311" slug is handed to it in that form too."""
    if not url:
        return None
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    options = Extractor(False, datetime.now() + timedelta(days=2), datetime(1995, 1, 1), False, "%Y-%m-%d")
    path = urlsplit(url).path
    found = extract_url_date(path, options)
    if found is None and (compact := _COMPACT_URL_DAY.search(path)):
        found = extract_url_date(f"/{compact[1]}/{compact[2]}/{compact[3]}/", options)
    return found


def dateline(first_body_line: str) -> tuple[str | None, str | None]:
    """(place, agency) from a dateline opening the body, e.g. ('URUMQI', 'TCA')."""
    match = _DATELINE.match(first_body_line)
    if not match:
        return None, None
    place = match.group("place").strip(" -")
    agency = match.group("agency")
    if agency and not _AGENCY_TOKEN.match(agency.strip()):
        agency = None
    return place.title() if len(place) > 2 else None, agency.strip() if agency else None


def expand_abbreviation(abbreviation: str, text: str) -> str | None:
    """'TCA' -> 'The Times of Central Asia' when the page spells it out somewhere."""
    letters = abbreviation.replace(".", "").upper()
    for match in re.finditer(r"(?:The\s+)?[A-Z][\w’'-]*(?:\s+(?:of|the|and|for|&)?\s*[A-Z][\w’'-]*){1,6}", text):
        tokens = match.group(0).split()
        # A capitalised word before the name ("Copyright Island Gazette Network") is not part of it.
        for first in range(len(tokens)):
            if not tokens[first][0].isupper():
                continue
            phrase = " ".join(tokens[first:])
            initials = "".join(w[0] for w in tokens[first:] if w[0].isupper() and w != "The")
            if initials == letters:
                return phrase
    return None


def footer_name(separation: Separation, full_text: str) -> str | None:
    """The name a page's footer gives itself ("© 2024 The Harbour Times", "More stories from X")."""
    for line in reversed([r.text for r in separation.residue]):
        match = _FOOTER_OUTLET.search(line) or _COPYRIGHT.search(line)
        if match:
            name = match.group("name").strip()
            return expand_abbreviation(name, full_text) or name
    return None


_ROLE_WORDS = {"reporter", "correspondent", "staff", "desk", "team", "news", "editor", "writer", "bureau",
               "newsroom", "admin", "local", "online", "digital", "agencies", "agency", "web"}
_ROLE_AFTER_NAME = re.compile(r",\s+.*$")


def infer_author(separation: Separation, outlet: str | None) -> str | None:
    """The first byline naming a person, without the role after it ("Tom Hale, Africa
    Correspondent" -> "Tom Hale"); a team byline ("WION Web Team") is how the page credits
    itself; a role ("Staff Reporter", "Local News") or the masthead names no one."""
    head = masthead(separation)
    for line in (r.text for r in separation.residue if r.reason == "byline"):
        name = _ROLE_AFTER_NAME.sub("", _BY_PREFIX.sub("", line).split("|")[0]).strip()
        if line == head or (outlet and name.casefold() == outlet.casefold()):
            continue  # the masthead, not a person
        if TEAM_SUFFIX.search(name):
            return name  # "WION Web Team" is how the page credits itself
        if {w.casefold() for w in name.split()} & _ROLE_WORDS:
            continue
        if name:
            return name
    return _posted_by(separation) or _bio_confirmed_byline(separation)


_POSTED_BY = re.compile(r"\bby\s+(?P<name>[A-ZÀ-Ý][\w’'.-]*(?:\s+[A-ZÀ-Ý][\w’'.-]*){0,3})\s*(?:\||$)")
_BIO_SUBJECT = re.compile(
    r"^(?P<name>(?:[A-ZÀ-Ý][\w’'.-]+\s+){1,3}[A-ZÀ-Ý][\w’'.-]+)\s+(?:is|was|has|covers|writes|reports)\b")


def _posted_by(separation: Separation) -> str | None:
    """'Posted on September 12, 2024 by Danny K | 47 Comments': a blog's date line names its author."""
    first = _first_body_line(separation)
    for line in (r.text for r in separation.residue if r.reason == "date" and r.line < first):
        if match := _POSTED_BY.search(line):
            return match.group("name")
    return None


def _bio_confirmed_byline(separation: Separation) -> str | None:
    """A bare name over the article ('Kerrie Dunstan', 'Petra Lindqvist | Nov 7, 2024') is its
    byline when the author bio at the foot is about the same person."""
    others = [r.text for r in separation.residue if r.reason != "author-bio"]
    for bio in (r.text for r in separation.residue if r.reason == "author-bio"):
        subject = _BIO_SUBJECT.match(bio)
        if subject and any(re.match(re.escape(subject.group("name")) + r"\s*(?:$|[,|])", line) for line in others):
            return subject.group("name")
    return None


def _head_lines(separation: Separation) -> list[str]:
    """Where a page states its own date: date, byline and header lines first, then every
    residue line above the body."""
    preferred = [r.text for r in separation.residue if r.reason in {"date", "byline", "header"}]
    first_body_line = _first_body_line(separation)
    return preferred + [r.text for r in separation.residue if r.line < first_body_line]


def stated_date(separation: Separation) -> str | None:
    """A publication date the page states on a date line, as written ('July 13, 2019')."""
    for line in _head_lines(separation):
        match = _STATED_DATE.search(line)
        if match:
            return match.group(0)
    return None


def stated_day_without_year(separation: Separation) -> str | None:
    """A day the page's head gives for itself without a year ("Malindi | Saturday 14 August",
    "Wednesday 25 June, 11:20"), as written: its story can tell the year."""
    from ..dates import day_parts, find_dates

    for line in _head_lines(separation):
        for mention in find_dates(line):
            parts = day_parts(mention.text)
            if parts and parts[1] and parts[2] and parts[3] is None:
                return mention.text
    return None


def _first_body_line(separation: Separation) -> int:
    """Line number of the first body line: residue above it is the page head."""
    above = {r.line for r in separation.residue}
    line = 0
    while line in above:
        line += 1
    return line


_NAV_SEPARATOR = re.compile(r"\s[|›»>/·]\s")


_ABOVE_MASTHEAD = {"navigation", "breadcrumb", "marker"}  # a cookie notice, a "Subscribe | Log in" bar


def _top_line(separation: Separation) -> ResidueLine | None:
    """The page's first line, past at most two lines of furniture above the masthead."""
    top = [r for r in separation.residue if r.line >= 0][:3]
    skipped = 0
    while skipped < len(top) - 1 and top[skipped].reason in _ABOVE_MASTHEAD and top[skipped].line == skipped:
        skipped += 1
    first = top[skipped] if top else None
    return first if first is not None and first.line <= skipped + 1 else None


def _repeated_at_foot(top: ResidueLine, separation: Separation) -> bool:
    """The page's first line opens a line at its foot too ('ANN - Agencia Nacional de Noticias.
    Public news agency …'): a site prints its own name at its head and at its foot."""
    foot = foot_lines(separation, after=top.line)
    return len(top.text.split()) > 1 and any(line.casefold().startswith(top.text.casefold()) for line in foot)


def foot_lines(separation: Separation, after: int = -1) -> list[str]:
    """The page's foot: the body's last line and the last two residue lines (past line ``after``)."""
    return [*separation.body[-1:], *[r.text for r in separation.residue if r.line > after][-2:]]


# First cells of a navigation bar that name no site.
_NAVIGATION_HOME = {"home", "menu", "start", "main", "index", "news", "top", "search"}


def _name_opening_navigation(separation: Separation) -> str | None:
    """'KBS News | Live | Radio', 'LEDGERLINE | Markets • Companies': the site's name as the first cell
    of the navigation bar on the page's first line, when it reads like an outlet's name ('… News')
    or when the page names it again within a sentence ("according to Ledgerline's analysis"); a
    breadcrumb's "Home" or a section ("Politics | Economy") is no name."""
    first = next((r for r in separation.residue if r.line == 0), None)
    if first is None or not _NAV_SEPARATOR.search(first.text):
        return None
    name = _NAV_SEPARATOR.split(first.text, maxsplit=1)[0].strip()
    words = name.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or name.casefold() in _NAVIGATION_HOME:
        return None
    if len(words) > 1 and re.search(rf"\b(?:{OUTLET_HEADS})\b", name.title()):
        return name
    written = name.title() if name.isupper() else name
    again = re.compile(rf"(?<=[a-z,:] ){re.escape(written)}\b")
    lines = [r.text for r in separation.residue if r is not first] + list(separation.body)
    return name if any(again.search(line) for line in lines) else None


def masthead(separation: Separation) -> str | None:
    """'The Monaro Ridge Advocate', 'ACB NEWS', 'THE INKWELL': the page's first line when it names a
    news outlet, when it is a short capitalised name that the site's navigation follows, or when
    the page's footer repeats it; or the name that opens the navigation bar on that line. A
    breadcrumb ("Home › News") is never one."""
    if opening := _name_opening_navigation(separation):
        return opening
    top = _top_line(separation)
    if (top is None or len(top.text.split()) > 6 or top.text.endswith((".", "!", "?"))
            or _NAV_SEPARATOR.search(top.text)):
        return None
    if re.search(rf"\b(?:{OUTLET_HEADS})\b", top.text.title()) or _repeated_at_foot(top, separation):
        return top.text
    following = [r for r in separation.residue if top.line < r.line <= top.line + 3]
    words = top.text.split()
    if (len(words) <= 4 and not _STATED_DATE.search(top.text) and all(w[:1].isupper() for w in words)
            and top.reason in {"header", "byline", "recurring", "teaser"}
            and any(r.reason in {"breadcrumb", "navigation"} or _NAV_SEPARATOR.search(r.text) for r in following)):
        return top.text
    return None
