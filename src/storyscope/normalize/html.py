"""A web page -> its article body, the rest of its visible text, and its metadata.

trafilatura finds the body with its default balance of precision and recall
(tuned for precision it drops short paragraphs, list items and even whole
bodies; the few furniture lines it lets through are cut later, by
``residue.separate_marked_up``). lxml lists every visible line of the page,
and each line the body does not account for becomes residue, so nothing the
page says is silently lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree, html as lxml_html

from storyscope.errors import MalformedInput, TooLarge
from storyscope.ingest.html import check_markup
from storyscope.ingest.pagemeta import PageMetadata, load_trafilatura, metadata_of, page_metadata, stated_date_params

DEFAULT_MAX_HTML_CHARS = 20_000_000

# Elements that start a new line of visible text.
_BLOCK = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol option p pre section summary table tbody"
    " td tfoot th thead tr ul".split()
)
# Elements whose content is never shown as text.
_INVISIBLE = frozenset("head script style noscript template svg math iframe object canvas select".split())
# A page line this long that stands inside a body line is part of the body, not residue;
# shorter ones ("Home", a name) match body text by chance too often.
_MIN_CONTAINED = 30
# The headline, when the body repeats it, is among its first lines (under a kicker, a section label).
_HEADLINE_WITHIN = 3
# A label (a kicker, a section name, a menu item): this many words at most, no sentence end.
_LABEL_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?。！？]\W*$")
# trafilatura's rescue by jusText (when its own extractor finds little) walks from each short
# paragraph to the nearest long one, so a page of many short lines (a big table, thousands of
# links) costs the square of their number: a table of 6,000 elements took 13 s, one of 15,000
# 23 s and one of 60,000 nearly ten minutes (on a loaded machine). Real article pages have a
# few thousand elements; past this many the page is read by trafilatura's own extractor alone.
MAX_RESCUED_ELEMENTS = 4_000


@dataclass(frozen=True)
class HtmlExtraction:
    body_text: str  # the article's paragraphs, separated by "\n"
    residue: tuple[str, ...]  # the page's other visible lines, in page order
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD, as the page states it
    outlet: str | None = None  # the site name the page states
    url: str | None = None  # canonical URL, else the one given


def extract_html(html: str, url: str | None = None, *, max_chars: int = DEFAULT_MAX_HTML_CHARS) -> HtmlExtraction:
    """Split ``html`` into body and residue and read its metadata.

    Raises ``TooLarge`` over ``max_chars`` and ``MalformedInput`` when the
    markup cannot be parsed at all. A page without an article body gives an
    empty ``body_text`` and all its lines as residue.
    """
    if len(html) > max_chars:
        raise TooLarge(f"HTML of {len(html)} characters is over the {max_chars}-character limit")
    check_markup(html)
    try:
        body, meta = _body_and_metadata(html, url)
        page = visible_lines(html)
    except (etree.LxmlError, ValueError) as exc:
        raise MalformedInput(f"unparseable HTML: {exc}") from None
    body = _below_headline(body, meta.title)
    return HtmlExtraction(
        body_text="\n".join(body),
        residue=tuple(_residue(page, body)),
        title=meta.title,
        author=meta.author,
        date=meta.date,
        outlet=meta.sitename,
        url=meta.url,
    )


def visible_lines(html: str) -> list[str]:
    """Every line of text a reader would see on the page, whitespace collapsed."""
    # Parsing bytes lets lxml accept pages that keep their XML encoding declaration.
    parser = lxml_html.HTMLParser(encoding="utf-8")
    root = lxml_html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if event == "start":
            if tag is None or tag in _INVISIBLE or _hidden(element):
                walker.skip_subtree()  # comments, scripts, hidden blocks: only their tail shows
                continue
            if tag in _BLOCK:
                flush()
            current.append(element.text or "")
        else:
            if tag in _BLOCK:
                flush()
            current.append(element.tail or "")
    flush()
    return lines


def _body_and_metadata(html: str, url: str | None) -> tuple[list[str], PageMetadata]:
    trafilatura = load_trafilatura()
    tree, elements = _without_hidden(html)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=elements > MAX_RESCUED_ELEMENTS,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=stated_date_params(),
    )
    if document is None:
        return [], page_metadata(html, url)
    body = [" ".join(line.split()) for line in (document.text or "").split("\n")]
    body = [line for line in body if line]
    return ([] if _is_menu(body) else body), metadata_of(document, url)


def _without_hidden(html: str) -> tuple[object, int]:
    """The tree trafilatura reads, less the elements a reader never sees (its default mode keeps
    some of them, a ``hidden`` block in the article, say, that its precision mode drops), and
    how many elements the page has."""
    tree = load_trafilatura().load_html(html)
    if tree is None:
        return html, 0  # unparseable to trafilatura: it says so itself
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    for element in elements:
        if _hidden(element):
            element.drop_tree()  # the tail after it is visible and stays
    return tree, len(elements)


def _below_headline(body: list[str], title: str | None) -> list[str]:
    """The headline belongs to the metadata, and the labels above it (a kicker, a section name)
    to the page around the article; a paragraph above it (a teaser, a standfirst) stays."""
    keys = [_key(line) for line in body[:_HEADLINE_WITHIN]]
    if not title or _key(title) not in keys:
        return body
    at = keys.index(_key(title))
    return [line for line in body[:at] if not _is_label(line)] + body[at + 1 :]


def _is_menu(body: list[str]) -> bool:
    """trafilatura's default mode takes a bare list of links for text: a body of labels only is
    such a menu, and the page has no article."""
    return all(_is_label(line) for line in body)


def _is_label(line: str) -> bool:
    words = [token for token in line.split() if any(c.isalpha() for c in token)]
    return len(words) <= _LABEL_WORDS and not _SENTENCE_END.search(line)


def _residue(page: list[str], body: list[str]) -> list[str]:
    """Page lines the body does not account for, each body line used up once."""
    unmatched = Counter(_key(line) for line in body)
    body_keys = [_key(line) for line in body]
    residue = []
    for line in page:
        key = _key(line)
        if unmatched[key] > 0:
            unmatched[key] -= 1
        elif not (len(key) >= _MIN_CONTAINED and any(key in body_key for body_key in body_keys)):
            residue.append(line)
    return residue


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _key(line: str) -> str:
    return " ".join(line.split()).casefold()
