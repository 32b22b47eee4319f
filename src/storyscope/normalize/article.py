"""RawDocument -> Article: clean body, residue kept, metadata given or inferred."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

from ..errors import EmptyInput, TooLarge
from ..model import Article, RawDocument, ResidueLine
from . import metadata, outlets
from .residue import Separation, separate, separate_marked_up

# spaCy's tokenizer splits suffixes off a word one at a time, searching the whole rest of
# the word each time: a run of 10,000 apostrophes (or commas, or %) takes it minutes, and so
# does a run of mixed marks ("]]>" 4,500 times: 37 s). Runs of punctuation longer than this
# are cut to this length; no text needs more.
MAX_PUNCTUATION_RUN = 20
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_PUNCTUATION_RUN + 1))
# spaCy's own limit on one text (``nlp.max_length``): past it analysis refuses anyway, after
# the cleaning has been paid for. Refused here, with the reason.
MAX_ARTICLE_CHARS = 1_000_000
# Analysis costs time in proportion to tokens (words and punctuation marks): about 350 µs each for
# prose on one quiet core here, twice that on a busy machine (40,000 tokens of news prose: 19 s
# beside the test suite, 255 MiB at peak). Past this many, one article's analysis could overrun its
# 30 s budget. The longest feature articles are about half of it; a body this long is a book, a
# dump of many pages, or one phrase repeated.
MAX_ARTICLE_TOKENS = 40_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalize_text(text: str) -> str:
    """NFC, one paragraph per line, inner whitespace folded, runs of one punctuation mark
    capped. Quote marks are kept as written."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _PUNCTUATION_RUN.sub(lambda run: run.group(0)[:MAX_PUNCTUATION_RUN], text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def article_id(url: str | None, outlet: str | None, body: str) -> str:
    """Stable id: the same article read twice gets the same id; a changed body, a new one."""
    key = "\n".join((url or "", (outlet or "").casefold(), " ".join(body.split())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def iso_date(value: str | None) -> str | None:
    """A stated date (ISO or free text) as ISO YYYY-MM-DD, or None when it names no day."""
    if not value:
        return None
    from ..dates import resolve_expression

    head = value.strip()[:40]
    try:
        return date.fromisoformat(head[:10]).isoformat()
    except ValueError:
        pass
    resolved = resolve_expression(head, None)
    if resolved and resolved[1] == "day" and resolved[0]:
        return resolved[0]
    return None


def publication_day(given: str | None, page_metadata: str | None, separation: Separation,
                    url: str | None) -> tuple[str | None, str | None]:
    """(day, basis) from the strongest evidence there is: what was given, the page's metadata,
    a date line, the address. Each is looked at only if the ones before gave nothing."""
    for basis, find in (("given", lambda: iso_date(given)),
                        ("page metadata", lambda: iso_date(page_metadata)),
                        ("date line", lambda: iso_date(metadata.stated_date(separation))),
                        ("address", lambda: metadata.url_date(url))):
        if day := find():
            return day, basis
    return None, None


MADE_TITLE = "made from the lead"
MADE_TITLE_WORDS = 14
_SENTENCE_END = re.compile(r"(?<=[a-z0-9”\"’')])[.!?](?=\s+[A-Z“\"‘]|\s*$)")
_DATELINE_HEAD = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,30}\))?\s*(?:—|–|-|:)\s+")


def made_title(lead: str) -> str:
    """A title for a page that shows no headline: its first sentence without a dateline, cut at
    a word boundary to about a dozen words."""
    first = _SENTENCE_END.split(lead, maxsplit=1)[0]
    words = _DATELINE_HEAD.sub("", first).split()
    return " ".join(words[:MADE_TITLE_WORDS]) + ("…" if len(words) > MADE_TITLE_WORDS else "")


def to_article(raw: RawDocument, recurring: frozenset[str] = frozenset()) -> Article:
    """Clean one raw document. Raises EmptyInput when no body text remains."""
    page_residue: tuple[ResidueLine, ...] = ()
    html_meta: dict[str, str | None] = {}
    from_markup = bool(raw.html and not raw.text)
    if from_markup:
        from .html import extract_html

        extraction = extract_html(raw.html, raw.url)
        text = extraction.body_text
        page_residue = tuple(ResidueLine(text=line, reason="page", line=-1) for line in extraction.residue)
        html_meta = {
            "title": extraction.title,
            "author": extraction.author,
            "published": extraction.date,
            "outlet": extraction.outlet,
            "url": extraction.url,
        }
    else:
        text = raw.text or ""
    if len(text) > 2 * MAX_ARTICLE_CHARS:  # folding whitespace cannot bring it under the limit
        raise TooLarge(f"text of {len(text)} characters is over the {MAX_ARTICLE_CHARS}-character limit", raw.source)
    text = normalize_text(text)
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLarge(f"text of {len(text)} characters is over the {MAX_ARTICLE_CHARS}-character limit", raw.source)
    # A page's markup has already told its body from its furniture; plain text needs the full pass.
    separation = separate_marked_up(text) if from_markup else separate(text, recurring)
    if not separation.body:
        raise EmptyInput("no article text found", raw.source)
    tokens = sum(1 for _ in _TOKEN.finditer(separation.text))
    if tokens > MAX_ARTICLE_TOKENS:
        raise TooLarge(f"body of {tokens} words and punctuation marks is over the "
                       f"{MAX_ARTICLE_TOKENS}-token limit of one article's analysis", raw.source)

    url = raw.url or html_meta.get("url")
    # An HTML page's furniture (masthead, footer, "©" line) is outside its body text: the outlet's
    # name is looked for there too.
    page_lines = Separation(separation.body, separation.residue + page_residue)
    page_text = "\n".join([text, *(r.text for r in page_residue)])
    outlet, basis = outlets.choose(raw.outlet, html_meta.get("outlet"), url, page_lines, page_text)
    place, _agency = metadata.dateline(separation.body[0])
    published, published_basis = publication_day(raw.published, html_meta.get("published"), separation, url)
    title, title_basis = raw.title or html_meta.get("title") or separation.first("title"), "page"
    if not title:
        title, title_basis = made_title(separation.body[0]), MADE_TITLE
    body = separation.text
    return Article(
        id=article_id(url, outlet, body),
        source=raw.source,
        format=raw.format,
        text=body,
        title=title,
        title_basis=title_basis if title else None,
        url=url,
        outlet=outlet,
        outlet_basis=basis if outlet else None,
        author=raw.author or html_meta.get("author") or metadata.infer_author(separation, outlet),
        dateline=place,
        published=published,
        published_inferred=False,
        published_basis=published_basis,
        stated_day=None if published else metadata.stated_day_without_year(separation),
        fetched=raw.fetched,
        boilerplate=separation.residue + page_residue,
        extra=dict(raw.extra),
    )

