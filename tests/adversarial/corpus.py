"""A corpus of hostile inputs, one or more per reader, written into a folder.

``write_corpus(folder)`` writes every file and returns one ``Hostile`` per
input: its path, the reader it targets and what storyscope must do with it
(``read``, ``refused`` or ``either``). The XXE inputs point at a sentinel file
holding ``Corpus.secret``; that string must never reach the store.

Sizes are parameters: ``line_bytes`` is the single huge line (20 MB for the
test suite, 200 MB in the full run of ``report.py``), ``sparse_bytes`` the
sparse file (4 GiB: created with ``truncate``, so it occupies no disk and must
be refused by its size before a byte is read), ``bomb_bytes`` what the gzip
bomb inflates to (1 GiB of zeros, about 1 MB compressed, built by streaming so
it is never held in memory).

Run ``python tests/adversarial/corpus.py FOLDER`` to write one by hand.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MB = 1_000_000
GIB = 1 << 30
TEST_LINE_BYTES = 20 * MB  # the test suite's huge line: CI stays fast
FULL_LINE_BYTES = 200 * MB  # report.py's full run
SPARSE_BYTES = 4 * GIB
BOMB_BYTES = GIB

READERS = ("text", "html", "json", "feed", "warc", "gzip", "sidecar", "dates", "numbers")

PARAGRAPH = (
    "The city council voted on Tuesday to expand the harbour at Tema, officials said. "
    '"We will build it within two years," Mayor Ana Ruiz said after the vote on 12 March 2024. '
    "The project will cost $40 million and employ 1,200 people, the council said."
)


@dataclass(frozen=True)
class Hostile:
    name: str  # path relative to the corpus folder
    reader: str  # one of READERS
    expect: str  # "read" | "refused" | "either"
    what: str  # one line: what makes it hostile


@dataclass
class Corpus:
    folder: Path
    secret: str
    sentinel: Path  # outside ``folder``: an XXE target, never an input
    inputs: list[Hostile] = field(default_factory=list)

    def by_name(self) -> dict[str, Hostile]:
        return {item.name: item for item in self.inputs}


def article_text(extra: str = "") -> str:
    """A normal news paragraph with ``extra`` (the hostile part) in the middle."""
    return f"Harbour vote in Tema\n\n{PARAGRAPH}\n\n{extra}\n\n{PARAGRAPH.replace('Tuesday', 'Wednesday')}\n"


def page(body: str, *, head: str = "", title: str = "Harbour vote", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
        f"<body><article><h1>{title}</h1><p>{PARAGRAPH}</p>{body}</article></body></html>"
    )


def rss(items: str, *, prolog: str = '<?xml version="1.0" encoding="utf-8"?>', doctype: str = "") -> str:
    return (
        f'{prolog}{doctype}<rss version="2.0"><channel><title>Port Daily</title>'
        f"<link>https://example.com/</link>{items}</channel></rss>"
    )


def rss_item(description: str, title: str = "Harbour vote") -> str:
    return (
        f"<item><title>{title}</title><link>https://example.com/harbour</link>"
        f"<pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate><description><![CDATA[<p>{description}</p><p>{PARAGRAPH}</p>]]>"
        "</description></item>"
    )


def warc_bytes(body: bytes, *, gzip_records: bool = True, content_type: str = "text/html; charset=utf-8") -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    fixed = {"WARC-Record-ID": "<urn:uuid:12345678-1234-5678-1234-567812345678>", "WARC-Date": "2024-03-12T09:00:00Z"}
    writer.write_record(writer.create_warc_record("http://example.com/harbour", "response", payload=io.BytesIO(body),
                                                  http_headers=http, warc_headers_dict=fixed))
    return buffer.getvalue()  # the same bytes each time: hypothesis replays draws against them


def write_sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that occupies (almost) no disk: nothing is written."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def write_gzip_bomb(path: Path, size: int) -> None:
    """gzip of ``size`` zero bytes, streamed in 1 MiB chunks (never ``size`` bytes in memory)."""
    chunk = bytes(1 << 20)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        left = size
        while left > 0:
            out.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def write_huge_line(path: Path, size: int) -> None:
    """One line of ``size`` bytes of words with no newline, written in chunks."""
    unit = b"harbour council vote Tema budget 2024 "
    chunk = unit * ((1 << 20) // len(unit))
    with open(path, "wb") as handle:
        left = size
        while left > 0:
            handle.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def nested_html(depth: int, *, closed: bool) -> str:
    opening = "<div>" * depth
    return page(opening + f"<p>{PARAGRAPH}</p>" + ("</div>" * depth if closed else ""))


def _xxe_doctype(sentinel: Path) -> str:
    return f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{sentinel}">]>'


def _billion_laughs() -> str:
    lines = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = "lol" if level == 1 else f"lol{level - 1}"
        lines.append(f'<!ENTITY lol{level} "{("&" + previous + ";") * 10}">')
    return "<!DOCTYPE rss [" + "".join(lines) + "]>"


def _text_inputs(c: Corpus, add: Callable, line_bytes: int, sparse_bytes: int) -> None:
    d = c.folder / "text"
    add(d / "empty.txt", b"", "text", "refused", "empty file")
    add(d / "whitespace.txt", b" \n\t\r\n   \n" * 100, "text", "refused", "whitespace only")
    add(d / "png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000), "text", "refused", "PNG under .txt")
    add(d / "elf.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "text", "refused", "ELF under .txt")
    add(d / "zip.html", b"PK\x03\x04\x14\x00\x00\x00" + os.urandom(2000), "html", "refused", "zip under .html")
    add(d / "random.txt", os.urandom(8192), "text", "refused", "random bytes")
    add(d / "nul.txt", article_text("NUL \x00 in \x00 the \x00 middle").encode(), "text", "refused", "NUL bytes in text")
    controls = "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13))
    add(d / "controls.txt", article_text(f"control bytes {controls} inside {controls}").encode(), "text", "read",
        "C0 control bytes sprinkled in text")
    add(d / "control-flood.txt", bytes(range(1, 9)) * 4000 + PARAGRAPH.encode(), "text", "refused",
        "mostly control bytes")
    path = d / "huge-line.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_huge_line(path, line_bytes)
    add(path, None, "text", "either", f"a single line of {line_bytes} bytes")
    path = d / "sparse.txt"
    write_sparse(path, sparse_bytes)
    add(path, None, "text", "refused", f"a sparse file of {sparse_bytes} bytes (refused by size)")
    add(d / "cp1252-as-utf8.html", page("<p>Caf\xe9 na\xefve \u2013 \u201cquoted\u201d</p>").encode("cp1252"),
        "html", "read", "cp1252 bytes declared as UTF-8")
    add(d / "gbk.txt", article_text("港口扩建计划获得市议会批准，市长表示两年内完工。" * 20).encode("gbk"),
        "text", "either", "GBK without declaration")
    add(d / "gbk-as-latin1.html", page("<p>" + "港口扩建计划获得批准。" * 30 + "</p>", charset="iso-8859-1").encode("gbk"),
        "html", "either", "GBK declared as latin-1")
    add(d / "utf16-bom.txt", b"\xff\xfe" + article_text().encode("utf-16-le"), "text", "read", "UTF-16 LE with BOM")
    add(d / "utf16-nobom.txt", article_text().encode("utf-16-le"), "text", "read", "UTF-16 LE without BOM")
    add(d / "utf16be-nobom.txt", article_text().encode("utf-16-be"), "text", "read", "UTF-16 BE without BOM")
    add(d / "utf16-odd.txt", b"\xff\xfe" + article_text().encode("utf-16-le") + b"\x00", "text", "either",
        "UTF-16 BOM with an odd byte count")
    add(d / "utf8-bom.txt", b"\xef\xbb\xbf" + article_text("na\u00efve caf\u00e9").encode(), "text", "read",
        "UTF-8 with BOM")
    add(d / "utf8-bom-then-latin1.txt", b"\xef\xbb\xbf" + article_text("caf\xe9").encode("latin-1"), "text",
        "refused", "UTF-8 BOM followed by latin-1 bytes")
    add(d / "utf32-bom-garbage.txt", b"\xff\xfe\x00\x00" + os.urandom(401), "text", "refused",
        "UTF-32 BOM with garbage")
    menu = "\n".join(f"Section {n} | More" for n in range(3000))
    add(d / "menu-lines.txt", (menu + "\n" + article_text()).encode(), "text", "read",
        "3,000 menu lines above the article")
    add(d / "long-token.txt", article_text("x" * 2_000_000).encode(), "text", "either", "a 2 MB word")
    # Found by fuzzing: the e-mail search of the outlet's name ran from each word boundary to the line's end.
    add(d / "dotted-line.txt", article_text("1." * 38_000).encode(), "text", "read", "a 76,000-character line of 1.1.1.")


def _html_inputs(c: Corpus, add: Callable) -> None:
    d = c.folder / "html"
    add(d / "nested-100k.html", nested_html(100_000, closed=True).encode(), "html", "either", "100k nested divs")
    add(d / "unclosed-100k.html", nested_html(100_000, closed=False).encode(), "html", "either",
        "100k unclosed divs")
    add(d / "unclosed.html", b"<html><head><title>Harbour<body><p>" + PARAGRAPH.encode() + b"<p><b><i><table><tr><td>",
        "html", "either", "unclosed everything")
    rows = "".join(f"<tr><td>{i}</td><td>row {i} of the table</td></tr>" for i in range(100_000))
    add(d / "huge-table.html", page(f"<table>{rows}</table>").encode(), "html", "either", "100k-row table")
    add(d / "huge-attribute.html", page(f'<p title="{"A" * 10_000_000}">x</p>').encode(), "html", "either",
        "a 10 MB attribute")
    many = "".join(f' data-a{i}="{i}"' for i in range(100_000))
    add(d / "many-attributes.html", page(f"<p{many}>crowded</p>").encode(), "html", "either",
        "100k attributes on one element")
    add(d / "comment-unclosed.html", page("<!-- never closed " + "x " * 100_000).encode(), "html", "either",
        "an unclosed comment")
    add(d / "script-flood.html", page("<script>" + "var a=1;" * 500_000 + "</script>").encode(), "html", "either",
        "4 MB of script")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{c.sentinel}">]>'
           f"<html><head><title>Harbour</title></head><body><article><p>{PARAGRAPH}</p><p>&xxe;</p>"
           "</article></body></html>")
    add(d / "xxe.xhtml", xxe.encode(), "html", "either", "XXE in an XHTML page")


def _json_inputs(c: Corpus, add: Callable) -> None:
    d = c.folder / "json"
    add(d / "nested-object.json", ('{"a":' * 100_000 + "1" + "}" * 100_000).encode(), "json", "refused",
        "objects nested 100k deep")
    add(d / "nested-array.json", ("[" * 100_000 + "]" * 100_000).encode(), "json", "either",
        "arrays nested 100k deep")
    add(d / "nested-text.json", json.dumps({"title": "Deep", "text": PARAGRAPH}).replace(
        '"title"', '"deep": ' + '{"a":' * 50_000 + "1" + "}" * 50_000 + ', "title"', 1).encode(),
        "json", "refused", "an article with a 50k-deep extra field")
    add(d / "nested.jsonl", ("\n".join([json.dumps({"title": "Fine", "text": PARAGRAPH}),
                                        '{"a":' * 100_000 + "1" + "}" * 100_000]) + "\n").encode(),
        "json", "either", "JSON Lines with one line nested 100k deep")
    wrong = [{"text": ["a", "list"]}, {"text": {"an": "object"}}, {"text": True}, {"text": None, "html": 5},
             {"title": 3.5, "text": PARAGRAPH, "published": ["2024"]}, {"text": PARAGRAPH, "url": {"x": 1}},
             {"text": 1e308}, "a string", 42, None, [], {"text": "   "}]
    add(d / "wrong-types.json", json.dumps(wrong).encode(), "json", "either", "every field of the wrong type")
    add(d / "wrong-types.jsonl", ("\n".join(json.dumps(w) for w in wrong) + "\n").encode(), "json", "either",
        "wrong types, one per line")
    add(d / "big-number.json", ('{"text": ' + json.dumps(PARAGRAPH) + ', "published": ' + "9" * 5000 + "}").encode(),
        "json", "either", "a 5000-digit number field")
    add(d / "nan.json", ('{"text": ' + json.dumps(PARAGRAPH) + ', "published": NaN, "score": Infinity}').encode(), "json",
        "either", "NaN and Infinity")
    add(d / "truncated.json", ('{"title": "Cut", "text": ' + json.dumps(PARAGRAPH)[:-1]).encode(), "json", "refused",
        "cut off mid-string")
    add(d / "lone-surrogate.json", ('{"title": "\\ud800", "text": ' + json.dumps(PARAGRAPH)[:-1] + ' \\udfff"}').encode(), "json",
        "either", "lone UTF-16 surrogates in escapes")
    add(d / "deep-extra.json", json.dumps({"title": "Deep", "text": PARAGRAPH}).replace(
        '"title"', '"deep": ' + "[" * 500 + "]" * 500 + ', "title"', 1).encode(), "json", "read",
        "an article with a 500-deep extra field (parsed, too deep to pickle)")
    add(d / "dup-keys.json", ('{"text": "a", "text": ' + json.dumps(PARAGRAPH) + ', "text": ""}').encode(), "json",
        "either", "duplicate keys")


def _feed_inputs(c: Corpus, add: Callable) -> None:
    d = c.folder / "feed"
    add(d / "xxe.rss", rss(rss_item(PARAGRAPH, title="Harbour &xxe;"), doctype=_xxe_doctype(c.sentinel)).encode(), "feed",
        "refused", "XXE: SYSTEM entity on the sentinel")
    add(d / "xxe-parameter.rss", rss(rss_item(PARAGRAPH), doctype=(
        f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{c.sentinel}"> %p;]>')).encode(),
        "feed", "refused", "XXE through a parameter entity")
    # Found by fuzzing: feedparser's search for declarations before the first element ran over every line below.
    add(d / "blank-lines.rss", rss(rss_item(PARAGRAPH), prolog='<?xml version="1.0" encoding="utf-8"?>' + "\n" * 180_000)
        .encode(), "feed", "read", "180,000 blank lines before the first element")
    add(d / "external-dtd.rss", rss(rss_item(PARAGRAPH, title="Harbour &xxe;"), doctype=(
        f'<!DOCTYPE rss SYSTEM "file://{c.sentinel}">')).encode(), "feed", "either", "an external DTD on the sentinel")
    atom = (f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{c.sentinel}">]>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Port Daily</title>'
            f"<entry><title>Harbour</title><id>x1</id><content type=\"html\">{PARAGRAPH} &amp;xxe; &xxe;</content>"
            "</entry></feed>")
    add(d / "xxe.atom", atom.encode(), "feed", "refused", "XXE in Atom")
    add(d / "xxe-utf16.rss", b"\xff\xfe" + rss(rss_item(PARAGRAPH, title="Harbour &xxe;"), prolog='<?xml version="1.0" '
        'encoding="utf-16"?>', doctype=_xxe_doctype(c.sentinel)).encode("utf-16-le"), "feed", "refused",
        "XXE in a UTF-16 feed")
    add(d / "billion-laughs.rss", rss(rss_item(PARAGRAPH, title="Harbour &lol9;"), doctype=_billion_laughs()).encode(), "feed",
        "refused", "billion laughs")
    xinclude = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{c.sentinel}" parse="text"/>'
    add(d / "xinclude.rss", rss(rss_item(PARAGRAPH).replace("<title>", f"<title>{xinclude}")).encode(), "feed", "either", "XInclude of the sentinel")
    add(d / "truncated.rss", rss(rss_item(PARAGRAPH) * 3)[:-200].encode(), "feed", "either", "cut off mid-feed")
    add(d / "no-entries.rss", rss("").encode(), "feed", "refused", "a feed with no entries")
    add(d / "many-entries.rss", rss(rss_item(PARAGRAPH) * 300).encode(), "feed", "read", "300 entries")
    add(d / "deep.rss", rss(rss_item("<div>" * 50_000 + PARAGRAPH)).encode(), "feed", "either",
        "50k nested tags in a description")


def _warc_inputs(c: Corpus, add: Callable) -> None:
    d = c.folder / "warc"
    good = page("<p>From the archive.</p>").encode()
    whole = warc_bytes(good)
    plain = warc_bytes(good, gzip_records=False)
    add(d / "truncated.warc.gz", whole[: len(whole) // 2], "warc", "refused", "gzip WARC cut in half")
    add(d / "truncated.warc", plain[: len(plain) - 300], "warc", "refused", "plain WARC cut inside the record")
    oversized = plain.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    add(d / "length-too-big.warc", oversized, "warc", "refused", "Content-Length larger than the record")
    header, _, rest = plain.partition(b"Content-Length: ")
    length, _, tail = rest.partition(b"\r\n")
    add(d / "length-too-small.warc", header + b"Content-Length: " + str(int(length) // 3).encode() + b"\r\n" + tail,
        "warc", "either", "Content-Length smaller than the record")
    add(d / "length-garbage.warc", header + b"Content-Length: -5x\r\n" + tail, "warc", "refused",
        "Content-Length not a number")
    add(d / "huge-length.warc", header + b"Content-Length: 99999999999999999999\r\n" + tail, "warc", "refused",
        "Content-Length of 10^20")
    add(d / "header-only.warc", b"WARC/1.0\r\nWARC-Type: response\r\n", "warc", "refused", "a header and nothing")
    add(d / "garbage.warc", b"WARC/1.0\r\n" + os.urandom(5000), "warc", "refused", "WARC magic then random bytes")
    add(d / "binary-body.warc", warc_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000)), "warc", "refused",
        "an HTML response whose body is a PNG")
    add(d / "xxe.warc", warc_bytes(('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM '
                                    f'"file://{c.sentinel}">]><html><body><article><p>{PARAGRAPH}</p><p>&xxe;</p>'
                                    "</article></body></html>").encode()), "warc", "either", "XXE inside a WARC page")
    gz_body = gzip.compress(good)
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: " + str(len(gz_body) - 20).encode() + b"\r\n\r\n" + gz_body[:-20])
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/cut\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
              + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    add(d / "truncated-content-encoding.warc", record, "warc", "either", "a gzip-encoded HTTP body cut short")


def _gzip_inputs(c: Corpus, add: Callable, bomb_bytes: int) -> None:
    d = c.folder / "gzip"
    article = gzip.compress(article_text().encode())
    add(d / "truncated.txt.gz", article[: len(article) // 2], "gzip", "refused", "gzip cut in half")
    add(d / "bad-crc.txt.gz", article[:-8] + b"\x00" * 8, "gzip", "refused", "gzip with a wrong CRC")
    add(d / "header-only.gz", b"\x1f\x8b\x08\x00", "gzip", "refused", "a gzip header and nothing")
    add(d / "gzip-in-gzip.txt.gz", gzip.compress(article), "gzip", "refused", "gzip inside gzip")
    path = d / "bomb.txt.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_gzip_bomb(path, bomb_bytes)
    add(path, None, "gzip", "refused", f"{bomb_bytes} zero bytes compressed (a zip bomb)")
    add(d / "bomb.warc.gz", gzip.compress(b"WARC/1.0\r\n" + bytes(50 * MB)), "gzip", "refused",
        "a WARC header followed by 50 MB of zeros, compressed")


def _sidecar_inputs(c: Corpus, add: Callable) -> None:
    for name, data in {
        "sidecar-garbage": os.urandom(3000),
        "sidecar-nul": b"file,title\narticle.txt,Har\x00bour\n",
        "sidecar-ragged": b"file,title\narticle.txt,Harbour,extra,cells\n\"unclosed,quote\n",
        "sidecar-noheader": b"just some words\nand more words\n",
        "sidecar-huge-field": b"file,title\narticle.txt," + b"A" * 200_000 + b"\n",
        # Short rows under a 50,000-column header: DictReader filled each row's missing columns.
        "sidecar-wide": (b"file,title," + b",".join(b"c%d" % n for n in range(50_000)) + b"\n"
                         + b"article.txt,Harbour\n" + b"x,y\n" * 20_000),
    }.items():
        d = c.folder / name
        add(d / "article.txt", article_text().encode(), "sidecar", "read", "an article beside a bad sidecar")
        add(d / "sources.csv", data, "sidecar", "either", f"{name}: a garbage sources.csv")
    d = c.folder / "sidecar-json-deep"
    add(d / "article.txt", article_text().encode(), "sidecar", "read", "an article beside a deep sources.json")
    add(d / "sources.json", ("[" * 100_000 + "]" * 100_000).encode(), "sidecar", "either",
        "sources.json nested 100k deep")


HOSTILE_DATES = [
    "On " + "1" * 5000 + " March the vote was held.",
    "/" * 20000,
    "-" * 20000 + " 2024 " + "." * 20000,
    "Monday, " * 3000 + "12 March",
    "12/" * 5000 + "2024",
    "2024-" * 5000,
    "the 31st of " * 2000 + "February",
    ", , , , ".join(["March 12"] * 2000),
    "between " + " and ".join(["1999"] * 3000),
    "last " * 5000 + "week",
    "".join(f"{d} days ago " for d in range(3000)),
    "in the 1990s" + "'" * 10000 + "s",
    "Jan. " * 4000 + "2019",
    "(" * 10000 + "12 March 2024" + ")" * 10000,
]
HOSTILE_NUMBERS = [
    "1" * 10000,
    "10^9999 people",
    "1e99999 dollars",
    "$" + "9" * 5000 + " billion",
    "1,000," * 3000 + "000 people",
    "1." * 5000 + "5 million",
    "million " * 5000,
    "one hundred " * 3000 + "people",
    "more than about at least up to " * 1000 + "40 percent",
    "0." + "0" * 10000 + "1%",
    "-" * 5000 + "5",
    "twenty-" * 3000 + "two",
]


def _analysis_inputs(c: Corpus, add: Callable) -> None:
    d = c.folder / "analysis"
    add(d / "unclosed-quote-marks.txt", article_text('He said "the plan ' + "“was " * 2000 + 'never".').encode(),
        "analysis", "read", "2,000 unclosed quote marks of mixed kinds in one paragraph")
    add(d / "json-soup.txt", article_text('"text": ' * 3_000).encode(), "analysis", "read",
        "one JSON fragment repeated: 12,000 tokens without a full stop (given to the recogniser in pieces)")
    for reader, strings in (("dates", HOSTILE_DATES), ("numbers", HOSTILE_NUMBERS)):
        d = c.folder / reader
        for number, hostile in enumerate(strings, 1):
            add(d / f"{reader}-{number:02}.txt", article_text(hostile).encode(), reader, "read",
                f"{hostile[:30]!r}... inside an article")


def write_corpus(folder: str | os.PathLike, *, line_bytes: int = TEST_LINE_BYTES, sparse_bytes: int = SPARSE_BYTES,
                 bomb_bytes: int = BOMB_BYTES, sentinel_dir: str | os.PathLike | None = None) -> Corpus:
    """Write every hostile input under ``folder``; the XXE sentinel goes to ``sentinel_dir``
    (default: beside ``folder``), outside what is ingested."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    secret = f"XXE-SENTINEL-{secrets.token_hex(16)}"
    sentinel = Path(sentinel_dir or folder.parent) / f"sentinel-{secrets.token_hex(4)}.txt"
    sentinel.write_text(secret + "\n", encoding="utf-8")
    corpus = Corpus(folder=folder, secret=secret, sentinel=sentinel)

    def add(path: Path, data: bytes | None, reader: str, expect: str, what: str) -> None:
        if data is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        corpus.inputs.append(Hostile(str(path.relative_to(folder)), reader, expect, what))

    _text_inputs(corpus, add, line_bytes, sparse_bytes)
    _html_inputs(corpus, add)
    _json_inputs(corpus, add)
    _feed_inputs(corpus, add)
    _warc_inputs(corpus, add)
    _gzip_inputs(corpus, add, bomb_bytes)
    _sidecar_inputs(corpus, add)
    _analysis_inputs(corpus, add)
    return corpus


if __name__ == "__main__":
    written = write_corpus(sys.argv[1], line_bytes=int(sys.argv[2]) if len(sys.argv) > 2 else TEST_LINE_BYTES)
    for item in written.inputs:
        print(f"{item.reader:8} {item.expect:8} {item.name}: {item.what}")
