"""Which URLs may become links, and how quotes cut the text."""

from __future__ import annotations

import pytest

from storyscope.web.markup import quoted_segments, safe_href


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://example.org", " HTTPS://example.org/x "])
def test_http_and_https_become_links(url):
    assert safe_href(url) == url.strip()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/passwd",
                                 "//example.org/x", "/relative", "https://", "http://[::1", "", None])
def test_other_urls_do_not(url):
    assert safe_href(url) is None


def test_segments_cover_the_text_and_mark_each_quote_once():
    text = "He said “one” and “two”, she said."
    first = {"start": text.index("one"), "end": text.index("one") + 3}
    overlapping = {"start": first["start"] + 1, "end": first["end"] + 4}
    second = {"start": text.index("two"), "end": text.index("two") + 3}
    beyond = {"start": len(text) + 5, "end": len(text) + 9}
    pieces = quoted_segments(text, [second, overlapping, first, beyond])
    assert "".join(p["text"] for p in pieces) == text
    assert [p["text"] for p in pieces if p["quote"]] == ["one", "two"]


def test_no_quotes_is_one_plain_piece():
    assert quoted_segments("plain", []) == [{"text": "plain", "quote": None}]
    assert quoted_segments("", []) == []
