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


def test_dates_and_numbers_are_marked_inside_and_outside_quotes():
    from storyscope.web.markup import annotated_segments

    text = 'On 7 January 2019 he said "12 envoys came" and left.'
    quote = {"start": 26, "end": 42, "speaker": "Lu Kang"}
    date = {"start": 3, "end": 17, "value": "2019-01-07"}
    number = {"start": 27, "end": 29, "value": 12.0, "unit": "envoys"}
    pieces = annotated_segments(text, [quote], [date], [number])
    assert "".join(p["text"] for p in pieces) == text
    outside, quoted, _ = pieces
    assert [(x["text"], x["mark"]) for x in outside["parts"]] == [
        ("On ", None), ("7 January 2019", {"kind": "date", "title": "2019-01-07"}), (" he said ", None)]
    assert quoted["quote"] is quote
    assert [(x["text"], x["mark"] and x["mark"]["title"]) for x in quoted["parts"]] == [
        ('"', None), ("12", "12 envoys"), (' envoys came"', None)]
