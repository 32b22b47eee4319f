import gzip

import pytest

from storyscope.errors import BinaryInput, UnsupportedInput
from storyscope.ingest.detect import detect_format, extension_format, xml_root

from .builders import page, rss, rss_item, warc

ATOM = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>'
RDF = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (page(), "html"),
        ("<html><body>hi</body></html>", "html"),
        ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
        ("Intro line\n<div><p>a</p><p>b</p><p>c</p></div>", "html"),  # a fragment with many tags
        (rss([rss_item()]), "feed"),
        (ATOM, "feed"),
        (RDF, "feed"),
        ('<!-- saved --><!DOCTYPE rss PUBLIC "-//Netscape" "x.dtd"><rss version="0.91"></rss>', "feed"),
        ('{"text": "hello"}', "json"),
        ('[\n  {"text": "a"},\n  {"text": "b"}\n]', "json"),
        ('{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        # markup quoted inside JSON strings does not make the file a web page
        ('{"title": "<b>x</b>", "text": "<p>a</p><p>b</p><script>c</script><i>d</i>"}', "json"),
        ('{"text": "<p>a</p><p>b</p><p>c</p>"}\n{"text": "<p>d</p><p>e</p>"}\n', "jsonl"),
        ("[Reuters] Officials said on Monday...", "text"),
        ("{sic} is how the quote began.", "text"),
        ("Plain words and a < sign.", "text"),
    ],
)
def test_content_decides(content, expected):
    assert detect_format(content.encode("utf-8"), "misleading.txt") == expected


def test_utf16_html_is_recognised_through_its_encoding():
    assert detect_format(page().encode("utf-16"), "page.txt") == "html"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("story.html", "html"), ("story.json", "json"), ("lines.jsonl", "jsonl"), ("x.ndjson", "jsonl"), ("a.txt", "text")],
)
def test_extension_settles_what_content_leaves_open(name, expected):
    assert detect_format(b"Just a sentence without markup.", name) == expected


def test_jsonl_by_name_even_when_the_first_line_is_broken():
    assert detect_format(b'{"text": \n{"text": "b"}\n', "x.jsonl") == "jsonl"


def test_warc_plain_and_gzipped_and_other_gzip():
    assert detect_format(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x") == "warc"
    assert detect_format(warc([("https://a.example/", "200 OK", "text/html", b"<p>x</p>")]), "x.bin") == "warc"
    assert detect_format(gzip.compress(b"hello"), "x.gz") == "gzip"


def test_a_file_named_warc_is_held_to_it():
    assert detect_format(b"\x1f\x8b\x08\x00 cut", "crawl.warc.gz") == "warc"
    assert detect_format(b"not an archive", "crawl.warc") == "warc"


def test_a_web_page_with_a_stray_nul_byte_is_read_as_a_page():
    page = b"<!DOCTYPE html><html><body><p>The council voted on Tuesday.\x00</p>" + b"<p>More.</p>" * 50 + b"</body></html>"
    assert detect_format(page, "story.html") == "html"
    commented = b"\n<!-- THEME DEBUG -->\n" + page
    assert detect_format(commented, "story.html") == "html"
    many = b"<html><body>" + b"\x00" * 40 + b"</body></html>"
    with pytest.raises(BinaryInput, match="NUL bytes"):
        detect_format(many, "story.html")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%...", "PDF document"),
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"PK\x03\x04....", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
        (b"text with a \x00 NUL byte in it", "NUL bytes"),
        (bytes(range(1, 32)) * 10, "control bytes"),
    ],
)
def test_binary_input_is_refused_with_its_kind(data, kind):
    with pytest.raises(BinaryInput, match=kind):
        detect_format(data, "story.txt")


def test_xml_that_is_neither_feed_nor_page_is_unsupported():
    with pytest.raises(UnsupportedInput, match="urlset"):
        detect_format(b'<?xml version="1.0"?><urlset><url/></urlset>', "sitemap.xml")


def test_helpers():
    assert xml_root('<?xml version="1.0"?>\n<!-- c -->\n<Atom:Feed>') == "feed"
    assert xml_root("no markup") is None
    assert extension_format("A.WARC.GZ") == "warc"
    assert extension_format("notes") is None


def test_a_first_line_nested_past_the_parser_is_no_json_lines_record():
    """A fuzzed .json whose first line nests 10,000 deep raised RecursionError out of detection."""
    deep = '{"a":' * 10_000 + "1" + "}" * 10_000
    data = (deep + '\n{"text": "The harbour reopened."}\n').encode()
    assert detect_format(data, "x.json") == "json"
