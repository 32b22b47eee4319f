"""Which outlet published a page, and how we know.

Evidence, strongest first: what the collector gave (a sidecar, a form); what the page's metadata
states (``og:site_name``, a JSON-LD publisher); a known outlet's name for the page's registered
domain (``data/outlets.csv``, one line per outlet); the name the page prints for itself (a
masthead at its top, a team byline, a copyright or "more stories from" footer, a "Published in"
note, a promo for its own newsletter, an about line, its author's bio, the name its contact address
spells, a photo credit), in an HTML page's furniture as well as its body; a printed name that the
address's registered domain spells; that registered domain itself (the public suffix list bundled
with ``tld``: "sg.news.example.com" is "example.com"); and last, the agency of a dateline ("(TPA)")
when the page spells it out, since a reprint carries its agency's dateline under another masthead.
A medium that someone in the text spoke to ("told Radio X") is never the page's outlet, nor is an
abbreviation the page never spells out ("HBR's reporter", "(CNS)").
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


# A printed name: capitalised words ("The Rift Courier", "Le Courrier Européen"), no possessive.
_NAME = r"[A-ZÀ-Ý][\w.&-]*(?:\s+(?:of\s+|&\s+)?[A-ZÀ-Ý][\w.&-]*){0,5}"
# "Published in Daily Indus Mirror, March 13th, 2022": a print edition's note.
_PUBLISHED_IN = re.compile(rf"^(?i:(?:first |originally )?published in )(?:the )?(?P<name>{_NAME})\s*(?:,|$)")
# "Subscribe to The Delta Ledger’s morning briefing", "Sign up for the Carrow Health Business newsletter".
_READER_PROMO = re.compile(
    rf"^(?i:(?:subscribe to|sign up (?:for|to)|get)\s+)(?:the\s+)?(?:(?P<owner>{_NAME})['’]s\s|(?P<name>{_NAME})\s+newsletter\b)")
# An author bio: "… is a courts reporter at The Rift Courier.", "… is Le Courrier Européen's Brussels correspondent."
_BIO_EMPLOYER = re.compile(rf"^[^.]*?\bis\s+(?:(?P<owner>{_NAME})['’]s\s|(?:a|an|the)\s[^.]*?\b(?:at|for|with)\s+(?P<name>{_NAME}))")
# An about line: "JuriSur is an independent blog.", "The Delta Ledger is a weekly newspaper …".
_ABOUT = re.compile(
    rf"^(?P<name>{_NAME})\s+is\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?"
    r"(?:blog|newspaper|news\s?(?:site|website|service|agency|magazine|outlet)|website|site|magazine|"
    r"publication|newsletter|journal|broadcaster|news\s+agency|agency)\b")
# An address's local part is 64 characters at most (RFC 5321). Unbounded, the search ran from
# every word boundary of a long line to its end: a 75,000-character line of "1.1.1." took 67 s.
_EMAIL_DOMAIN = re.compile(r"\b[\w.+-]{1,64}@(?P<domain>[\w-]+(?:\.[\w-]+)+)")


def _named(match: re.Match | None, full_text: str) -> str | None:
    """The name a match caught, unless it is a bare abbreviation the page never spells out."""
    name = match and (match.groupdict().get("owner") or match.group("name"))
    if not name:
        return None
    name = name.rstrip(" .")
    if name.isupper() and len(name) <= 5:
        return metadata.expand_abbreviation(name, full_text)
    return name


def self_mention(separation: Separation, full_text: str) -> str | None:
    """The name the page gives itself in passing: a "Published in X" note, a reader promo for its
    own newsletter, an about line at its foot ("X is an independent blog"), its author's bio ("… a
    reporter at X"). A bio's "the Courier's" is a short form, not the printed name, so only
    capitalised names count."""
    residue = [r.text for r in separation.residue]
    bios = [r.text for r in separation.residue if r.reason == "author-bio"]
    # An about line reads as a sentence: on a page of text it may close the body.
    about = residue + metadata.foot_lines(separation)
    for pattern, lines in ((_PUBLISHED_IN, residue), (_READER_PROMO, residue), (_ABOUT, about), (_BIO_EMPLOYER, bios)):
        for line in lines:
            if name := _named(pattern.search(line), full_text):
                return name
    return None


def contact_name(separation: Separation, full_text: str) -> str | None:
    """'Email news@dailyklaxon.co.uk' in the page's furniture: the name printed on the page that the
    address spells ('Klaxon'), the longest one that makes up at least half of it."""
    for line in (r.text for r in separation.residue):
        for match in _EMAIL_DOMAIN.finditer(line):
            domain = registered_domain(f"http://{match.group('domain')}") or match.group("domain")
            if spelled := names_spelled_by(domain, full_text):
                return max(spelled, key=len)
    return None


def _letters(name: str) -> str:
    """'The Lisbon Chronicle' -> 'lisbonchronicle': how a domain would spell a name."""
    return re.sub(r"[\W_]", "", re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)).lower()


def names_spelled_by(domain: str, full_text: str) -> list[str]:
    """Printed names whose letters stand in the domain's first label and make up at least half of it
    ('Tierra Viva' in tierraviva-network.org)."""
    label = _letters(domain.split(".")[0])
    printed = [name for line in full_text.split("\n") for name in re.findall(_NAME, line)]  # a name is on one line
    return [name for name in printed if len(letters := _letters(name)) * 2 >= len(label) and letters in label]


def domain_name(domain: str, full_text: str) -> str | None:
    """The name the page prints that its registered domain spells: all of the domain's label
    ('JuriSur', jurisur.org), or two words or more of it ('Tierra Viva', tierraviva-network.org).
    One word that is only part of it is too often a place ('Brenmouth', brenmouthpost.co.uk)."""
    label = _letters(domain.split(".")[0])
    spelled = [n for n in names_spelled_by(domain, full_text) if _letters(n) == label or len(n.split()) > 1]
    return max(spelled, key=len) if spelled else None


# A photo credit: "Picture: Brenmouth Evening Post", "… raise the flag. / Tierra Viva".
_CREDIT = re.compile(rf"(?:\b(?:photo|picture|image|credit)s?\s*(?::|by)\s*|\s/\s)(?P<name>{_NAME})\s*\)?\s*$",
                     re.IGNORECASE)

# Agencies and picture desks credit their photos on every outlet's pages.
_PHOTO_SOURCE = re.compile(r"\b(?:Agency|Wire|Press|Images|Pictures|Photos)$")


def credited_name(separation: Separation) -> str | None:
    """The outlet a photo credit names: credits name agencies and photographers too, so only a
    name that reads like an outlet's ('… Evening Post') or that the page's foot repeats counts."""
    foot = metadata.foot_lines(separation)
    for line in (r.text for r in separation.residue if r.reason == "caption"):
        if (match := _CREDIT.search(line)) and (_reads_like_outlet(name := match["name"])
                                                or any(other.startswith(name) for other in foot)):
            return name
    return None


def _reads_like_outlet(name: str) -> bool:
    """'Harbour Evening Post' does; 'Island Press Agency' and 'Ana Ruiz' do not."""
    return bool(re.search(rf"\b(?:{metadata.OUTLET_HEADS})$", name)) and not _PHOTO_SOURCE.search(name)


def page_stated(separation: Separation, full_text: str) -> tuple[str | None, str | None]:
    """(name, basis) from what the page prints about itself: masthead, team byline, footer, a
    mention in passing, a contact address."""
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
    if mention := self_mention(separation, full_text):
        return clean_name(mention), "mention"
    if contact := contact_name(separation, full_text):
        return clean_name(contact), "contact address"
    if credited := credited_name(separation):
        return clean_name(credited), "photo credit"
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
        if spelled := domain_name(domain, full_text):
            return clean_name(spelled), "name the address spells"
        return domain, "url"
    if separation.body:
        _, agency = metadata.dateline(separation.body[0])
        if agency and (expanded := metadata.expand_abbreviation(agency, full_text)):
            return expanded, "dateline"  # a bare "(CNS)" credits the copy's source, by letters only
    return None, None
