import re

import pytest

from storyscope.errors import EmptyInput
from storyscope.ingest.html import read_html
from storyscope.ingest.text import read_text
from storyscope.model import RawDocument

from .builders import page


def test_page_metadata_fills_the_document_and_html_is_kept_untouched():
    html = page()
    [doc] = read_html("story.html", html)
    assert doc == RawDocument(
        source="story.html",
        format="html",
        html=html,
        url="https://example.com/news/visit",
        title="Officials invited to visit",
        outlet="Example Times",
        author="Jane Doe",
        published=None,  # the page's own date is read in normalize, as page metadata, not as given
    )


def test_a_page_that_states_nothing_gives_none_not_guesses():
    [doc] = read_html("bare.html", "<html><body><p>The talks held on March 4, 2020 ended.</p></body></html>")
    assert (doc.url, doc.title, doc.author, doc.outlet, doc.published) == (None, None, None, None, None)


def test_fetched_url_wins_and_the_canonical_one_is_kept():
    [doc] = read_html("c.warc#1", page(), format="warc", url="https://example.com/visit?utm=x", fetched="2019-01-09")
    assert doc.url == "https://example.com/visit?utm=x" and doc.fetched == "2019-01-09"
    assert doc.extra == {"canonical_url": "https://example.com/news/visit"}


def test_blank_inputs_are_empty():
    with pytest.raises(EmptyInput):
        list(read_html("x.html", " \n "))
    with pytest.raises(EmptyInput):
        list(read_text("x.txt", "\n\t\n"))


def test_text_is_one_document():
    assert list(read_text("a.txt", "Line one.\nLine two.\n")) == [
        RawDocument(source="a.txt", format="text", text="Line one.\nLine two.\n")
    ]


def test_an_element_with_100k_attributes_is_refused_before_parsing():
    # libxml2 is quadratic in an element's attribute count: this page stalled it for minutes.
    import time

    from storyscope.errors import MalformedInput
    from storyscope.normalize.html import extract_html

    crowded = "<p" + "".join(f' data-a{i}="{i}"' for i in range(100_000)) + ">crowded</p>"
    html = page(paragraphs=["Words.", crowded])
    started = time.perf_counter()
    with pytest.raises(MalformedInput, match="100000 attributes"):
        list(read_html("crowded.html", html))
    with pytest.raises(MalformedInput, match="100000 attributes"):
        extract_html(html)  # a feed entry's HTML reaches normalize without read_html
    assert time.perf_counter() - started < 2.0
    assert list(read_html("few.html", page(paragraphs=['<p class="a" id="b" title="c">Fine.</p>'])))


def test_the_host_name_is_no_site_name_the_page_states():
    html = ("<html><head><title>Ferry terminal to close</title></head><body>"
            "<p>The council voted on Tuesday to close the old ferry terminal by the end of next year.</p></body></html>")
    [doc] = read_html("bare.html", html, url="https://www.harbourchronicle.example/news/ferry")
    assert doc.outlet is None


def test_a_page_past_the_element_limit_is_refused_before_parsing():
    # A 100,000-row table spent the whole per-article budget in extraction before it was
    # refused as a timeout; counted first, it is refused at once with its reason.
    from storyscope.errors import MalformedInput
    from storyscope.ingest.html import MAX_ELEMENTS, check_markup
    from storyscope.normalize.html import extract_html

    def table(elements: int) -> str:
        around = len(re.findall("<[a-z]", page(paragraphs=["<table></table>"])))
        return page(paragraphs=["<table>" + "<tr>" * (elements - around) + "</table>"])

    over = table(MAX_ELEMENTS + 1)
    with pytest.raises(MalformedInput, match=f"over {MAX_ELEMENTS} elements"):
        list(read_html("table.html", over))
    with pytest.raises(MalformedInput, match=f"over {MAX_ELEMENTS} elements"):
        extract_html(over)
    check_markup(table(MAX_ELEMENTS - 1))  # at the limit: parsed as usual
