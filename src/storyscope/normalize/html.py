"""A web page -> its article body, the rest of its visible text, and its metadata.

trafilatura finds the body (tuned for precision: a missed paragraph can be
recovered from the residue, a menu item in the body pollutes every later
stage). lxml lists every visible line of the page, and each line the body
does not account for becomes residue, so nothing the page says is silently
lost.
"""

from __future__ import annotations

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
    if body and meta.title and _key(body[0]) == _key(meta.title):
        body = body[1:]  # the headline belongs to the metadata, not the body
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
    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=stated_date_params(),
    )
    if document is None:
        return [], page_metadata(html, url)
    body = [" ".join(line.split()) for line in (document.text or "").split("\n")]
    return [line for line in body if line], metadata_of(document, url)


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
