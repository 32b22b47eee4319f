import gzip
import io
import json
import os

import pytest
from local_server import serving

from storyscope.ingest import read_sources
from storyscope.ingest.sources import is_url, iter_inputs
from storyscope.model import Failure, RawDocument

from .builders import page, rss, rss_item, warc

TEXT = "Officials said on Monday that the visit would go ahead.\n"
WESTERN = "The minister\u2019s \u201cfinal\u201d word \u2013 caf\u00e9 talks resume.\n"


def outcome(item):
    if isinstance(item, Failure):
        return (os.path.basename(item.source), item.code)
    return (os.path.basename(item.source), item.format)


@pytest.fixture
def corpus(tmp_path):
    """One good input of each kind, plus one of each way an input goes wrong."""
    html_response = ("https://example.com/a", "200 OK", "text/html", page().encode())
    full_warc = warc([html_response, html_response, html_response])
    files = {
        "01_story.html": page().encode(),
        "02_plain.txt": TEXT.encode(),
        "03_feed.xml": rss([rss_item("One"), rss_item("Two")]).encode(),
        "04_records.jsonl": b'{"text": "first"}\n{"text": "second",\n{"text": "third", "desk": "World"}\n',
        "05_array.json": json.dumps([{"html": "<p>a</p>"}, {"text": "b"}]).encode(),
        "06_crawl.warc.gz": full_warc,
        "07_cut.warc.gz": full_warc[: len(full_warc) - 150],
        "08_utf16.txt": WESTERN.encode("utf-16"),
        "09_cp1252.txt": WESTERN.encode("cp1252"),
        "10_empty.txt": b"",
        "11_blank.txt": b" \n\t\n",
        "12_photo.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "13_garbage.txt": bytes(range(128, 256)) * 3,
        "14_sitemap.xml": b'<?xml version="1.0"?><urlset><url/></urlset>',
        "15_big.txt": b"word " * 50_000,
        "16_packed.txt.gz": gzip.compress(TEXT.encode()),
        "17_bomb.txt.gz": gzip.compress(b"a" * 300_000),
        ".hidden.txt": TEXT.encode(),
        "000.gold.json": b'{"article": "02_plain.txt"}',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text(TEXT)
    return tmp_path


def test_mixed_directory_reads_every_good_input_and_fails_each_bad_one_once(corpus):
    results = list(read_sources([str(corpus)], max_bytes=200_000))
    assert [outcome(r) for r in results] == [
        ("01_story.html", "html"),
        ("02_plain.txt", "text"),
        ("03_feed.xml#1", "feed"),
        ("03_feed.xml#2", "feed"),
        ("04_records.jsonl#1", "json"),
        ("04_records.jsonl#2", "malformed"),
        ("04_records.jsonl#3", "json"),
        ("05_array.json#1", "json"),
        ("05_array.json#2", "json"),
        ("06_crawl.warc.gz#1", "warc"),
        ("06_crawl.warc.gz#2", "warc"),
        ("06_crawl.warc.gz#3", "warc"),
        ("07_cut.warc.gz#1", "warc"),
        ("07_cut.warc.gz#2", "warc"),
        ("07_cut.warc.gz", "malformed"),
        ("08_utf16.txt", "text"),
        ("09_cp1252.txt", "text"),
        ("10_empty.txt", "empty"),
        ("11_blank.txt", "empty"),
        ("12_photo.txt", "binary"),
        ("13_garbage.txt", "undecodable"),
        ("14_sitemap.xml", "unsupported"),
        ("15_big.txt", "too-large"),
        ("16_packed.txt.gz", "text"),
        ("17_bomb.txt.gz", "too-large"),
        ("nested.txt", "text"),
    ]
    by_name = {os.path.basename(r.source): r for r in results}
    assert by_name["08_utf16.txt"].text == WESTERN
    assert by_name["09_cp1252.txt"].text == WESTERN
    assert by_name["16_packed.txt.gz"].text == TEXT
    assert by_name["04_records.jsonl#3"].extra == {"desk": "World"}
    reasons = {os.path.basename(r.source): r.reason for r in results if isinstance(r, Failure)}
    assert reasons == {
        "04_records.jsonl#2": "line 2 is not valid JSON (column 19: Expecting property name enclosed in double quotes)",
        "07_cut.warc.gz": "WARC archive is truncated inside record 3",
        "10_empty.txt": "file is empty",
        "11_blank.txt": "file holds only whitespace",
        "12_photo.txt": "binary file (PNG image)",
        "13_garbage.txt": "no text encoding fits (tried utf-8 and detection)",
        "14_sitemap.xml": "XML document with root <urlset> is neither a feed nor a web page",
        "15_big.txt": "250000 bytes is over the 200000-byte limit",
        "17_bomb.txt.gz": "decompresses to more than 200000 bytes",
    }
    assert all("\n" not in reason for reason in reasons.values())


def test_paths_that_cannot_be_read(tmp_path):
    results = list(read_sources([str(tmp_path / "missing.txt"), "ftp://example.com/story", str(tmp_path)]))
    assert results == [
        Failure(str(tmp_path / "missing.txt"), "unreadable", "cannot be read: no such file or directory"),
        Failure("ftp://example.com/story", "unsupported",
                "only http and https URLs are fetched; save the page and pass the file"),
    ]


def test_http_urls_pass_through_the_expansion_without_a_fetch(tmp_path, monkeypatch):
    monkeypatch.setattr("storyscope.ingest.fetch.fetch_url", lambda *a, **k: pytest.fail("expanding must not fetch"))
    (tmp_path / "a.txt").write_text(TEXT)
    inputs = ["https://example.com/a", "HTTP://Example.com/b", str(tmp_path)]
    assert list(iter_inputs(inputs)) == [*inputs[:2], str(tmp_path / "a.txt")]
    assert [is_url(u) for u in ("http://x", "HTTPS://x", "hTtP://x", "ftp://x", "http:/x", "news.txt", "-")] == [
        True, True, True, False, False, False, False]


def test_a_forbidden_url_is_one_failure_and_the_other_inputs_are_read(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    results = list(read_sources(["http://127.0.0.1:9/", str(tmp_path / "a.txt"), "HTTPS://[::ffff:10.0.0.1]/x"]))
    assert [outcome(r) for r in results] == [("", "fetch-refused"), ("a.txt", "text"), ("x", "fetch-refused")]
    assert results[0] == Failure("http://127.0.0.1:9/", "fetch-refused",
                                 "127.0.0.1 is a loopback address; not fetched")
    assert results[2].source == "HTTPS://[::ffff:10.0.0.1]/x" and "a private address" in results[2].reason


def test_a_url_in_an_allowed_network_is_fetched_with_the_url_as_its_address():
    with serving({"/story.html": (200, {"Content-Type": "text/html"}, page().encode())}) as base:
        [refused] = read_sources([f"{base}/story.html"])
        [document] = read_sources([f"{base}/story.html"], allow="127.0.0.1/32")
    assert "127.0.0.1 is a loopback address" in refused.reason
    assert document.url == document.source == f"{base}/story.html" and document.format == "html"


def test_permission_denied_is_unreadable_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(TEXT)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    [failure] = read_sources([str(tmp_path / "locked.txt")])
    assert failure == Failure(str(tmp_path / "locked.txt"), "unreadable", "cannot be read: permission denied")


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    (tmp_path / "big.txt").write_bytes(b"x" * 101)
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("a file over the cap must not be opened"))
    [failure] = read_sources([str(tmp_path / "big.txt")], max_bytes=100)
    assert failure.code == "too-large"


class Stream(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.asked = []

    def read(self, size=-1):
        self.asked.append(size)
        return super().read(size)


def test_stdin_is_read_once_and_never_past_the_cap():
    stream = Stream(b'{"text": "from a pipe"}')
    [doc] = read_sources(["-"], stdin=stream)
    assert doc == RawDocument(source="<stdin>", format="json", text="from a pipe")
    big = Stream(b"x" * 1000)
    [failure] = read_sources(["-"], stdin=big, max_bytes=10)
    assert failure.code == "too-large" and big.asked == [11]


def test_directory_link_loops_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    results = list(read_sources([str(tmp_path)]))
    assert [outcome(r) for r in results] == [("a.txt", "text"), ("loop", "unsupported")]
    assert results[1].reason == "a linked directory, not followed (it could loop)"


def test_a_single_path_string_is_one_path(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    [doc] = read_sources(str(tmp_path / "a.txt"))
    assert doc.text == TEXT


def test_failure_reasons_are_one_line_even_when_a_library_message_is_not(monkeypatch):
    from storyscope.errors import MalformedInput
    from storyscope.ingest import read_bytes

    def explode(source, text):
        raise MalformedInput("first line\nsecond line")

    monkeypatch.setattr("storyscope.ingest.dispatch.read_text", explode)
    assert list(read_bytes("x.txt", b"hello")) == [Failure("x.txt", "malformed", "first line second line")]
