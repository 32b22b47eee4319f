import pytest

from storyscope.errors import EmptyInput, MalformedInput
from storyscope.ingest.warc import read_warc
from storyscope.model import Failure, RawDocument

from .builders import page, warc

HTML = page().encode("utf-8")
RESPONSES = [
    ("https://example.com/a", "200 OK", "text/html; charset=utf-8", HTML),
    ("https://example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("https://example.com/gone", "404 Not Found", "text/html", b"<p>not here</p>"),
    ("https://example.com/b", "200 OK", "application/xhtml+xml", page("Second story").encode("utf-8")),
]


@pytest.mark.parametrize("compressed", [True, False])
def test_each_2xx_html_response_is_one_document(compressed):
    docs = list(read_warc("crawl.warc", warc(RESPONSES, gzip=compressed, request_first=True)))
    assert all(isinstance(d, RawDocument) for d in docs)
    first, second = docs
    # Records count from 1 across the whole archive, requests included.
    assert (first.source, second.source) == ("crawl.warc#2", "crawl.warc#8")
    assert first.format == "warc" and first.html == HTML.decode("utf-8")
    assert (first.url, first.fetched) == ("https://example.com/a", "2019-01-08T10:00:00Z")
    assert (first.title, first.outlet, first.author) == ("Officials invited to visit", "Example Times", "Jane Doe")
    assert first.extra["canonical_url"] == "https://example.com/news/visit"
    assert first.extra["warc_record_id"].startswith("<urn:uuid:")
    assert second.title == "Second story"


def test_charset_from_the_http_header_decodes_the_body():
    body = page("Caf\u00e9 \u201cnews\u201d").encode("cp1252").replace(b'charset="utf-8"', b"")
    [doc] = read_warc("c.warc", warc([("https://e.example/", "200 OK", "text/html; charset=windows-1252", body)]))
    assert doc.title == "Caf\u00e9 \u201cnews\u201d"


def test_a_binary_body_fails_that_record_only():
    docs = list(read_warc("c.warc", warc([
        ("https://e.example/1", "200 OK", "text/html", b"\x00\x01\x02 binary"),
        ("https://e.example/2", "200 OK", "text/html", HTML),
    ])))  # fmt: skip
    assert docs[0] == Failure("c.warc#1", "binary", "binary file (contains NUL bytes)")
    assert docs[1].source == "c.warc#2"


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_archive_gives_records_read_so_far_and_one_failure(compressed):
    data = warc([RESPONSES[0], RESPONSES[3], RESPONSES[0]], gzip=compressed)
    docs = list(read_warc("cut.warc", data[: len(data) - 200]))
    *read, failure = docs
    assert [d.source for d in read] == ["cut.warc#1", "cut.warc#2"]
    assert isinstance(failure, Failure) and failure.code == "malformed" and "truncated" in failure.reason


def test_garbage_and_archives_without_pages():
    with pytest.raises(MalformedInput, match="not a WARC archive"):
        list(read_warc("x.warc", b"this is not an archive\r\n\r\n"))
    with pytest.raises(EmptyInput, match="no 2xx HTML responses"):
        list(read_warc("x.warc", warc([RESPONSES[1], RESPONSES[2]])))


def test_a_cut_record_that_is_not_a_page_is_still_reported():
    data = warc([RESPONSES[0], RESPONSES[1]], gzip=False)
    cut = data[: data.rindex(b"\x89PNG") + 3]
    first, failure = read_warc("cut.warc", cut)
    assert first.source == "cut.warc#1"
    assert failure == Failure("cut.warc", "malformed", "WARC archive is truncated inside record 2")


def _plain_record(length: str, *, target: bool = True) -> bytes:
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + HTML
    uri = b"WARC-Target-URI: https://example.com/a\r\n" if target else b""
    return (b"WARC/1.0\r\nWARC-Type: response\r\n" + uri + b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + length.encode() + b"\r\n\r\n" + body + b"\r\n\r\n")


def test_a_response_without_target_uri_is_malformed_not_a_crash():
    with pytest.raises(MalformedInput, match="lacks a header"):
        list(read_warc("bare.warc", b"WARC/1.0\r\nWARC-Type: response\r\n"))


def test_an_absurd_content_length_is_malformed_not_a_crash():
    with pytest.raises(MalformedInput, match="not a readable WARC"):
        list(read_warc("huge.warc", _plain_record("99999999999999999999")))


def test_a_short_content_length_is_reported_briefly_and_nothing_goes_to_stderr(capfd):
    from storyscope.ingest.dispatch import MAX_REASON_CHARS, read_bytes

    results = list(read_bytes("short.warc", _plain_record("40")))
    failures = [r for r in results if isinstance(r, Failure) and r.source == "short.warc"]
    assert len(failures) == 1 and "garbled after record 1" in failures[0].reason
    assert len(failures[0].reason) <= MAX_REASON_CHARS  # warcio quotes the whole offending line
    assert capfd.readouterr().err == ""  # warcio would print the archive's bytes there
