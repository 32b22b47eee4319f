"""Hypothesis strategies: hostile variants of an input, per reader.

Each strategy draws ``(file name, bytes)`` for one reader; ``test_hostile_props``
feeds them to ``read_sources`` (and the analysis finders) and asserts the
same contract as the corpus: a document or a one-line failure, never a crash.
Sizes stay small so the examples are quick; the corpus covers the huge ones.
"""

from __future__ import annotations

import gzip
import json

from hypothesis import strategies as st

from .corpus import PARAGRAPH, article_text, page, rss, rss_item, warc_bytes

MAGIC = [b"\x89PNG\r\n\x1a\n", b"\x7fELF", b"PK\x03\x04", b"%PDF-", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n",
         b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"", b"\x00"]
CONTROL = st.sampled_from([chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\x7f", "\u2028", "\ufeff", "\u202e"])
PUNCTUATION = st.sampled_from(list("'\",.;:!?%)(/\\-–—’”“…") + ["'s", "...", "--"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "gbk", "latin-1",
                             "koi8-r", "shift_jis", "utf-32"])
DECLARED = st.sampled_from(["utf-8", "iso-8859-1", "gbk", "utf-16", "bogus", "x" * 40, ""])


@st.composite
def runs(draw, alphabet=PUNCTUATION, max_run: int = 3000) -> str:
    """A long run of one hostile unit, like the ones that stall tokenizers and regexes."""
    return draw(alphabet) * draw(st.integers(1, max_run))


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def text_files(draw):
    hostile = draw(st.one_of(runs(), runs(CONTROL, 200), st.text(max_size=300)))
    body = article_text(hostile)
    data = draw(st.one_of(
        st.builds(_encode, st.just(body), ENCODINGS),
        st.builds(lambda magic, tail: magic + tail, st.sampled_from(MAGIC), st.binary(max_size=500)),
        st.sampled_from([b"", b" ", b"\n\n\t", b"\x00" * 10]),
    ))
    return draw(st.sampled_from(["a.txt", "a", "a.html", "a.json", "a.xml"])), data


@st.composite
def html_files(draw):
    depth = draw(st.integers(0, 3000))
    tag = draw(st.sampled_from(["div", "p", "table", "b", "a", "span", "li", "td"]))
    inner = f"<{tag}>" * depth + draw(st.one_of(runs(), st.text(max_size=200))) + (f"</{tag}>" * depth
                                                                                      if draw(st.booleans()) else "")
    attrs = "".join(f' a{i}="{draw(runs(max_run=50))}"' for i in range(draw(st.integers(0, 20))))
    html = page(f"<p{attrs}>{inner}</p>", charset=draw(DECLARED))
    if draw(st.booleans()):
        html = html[: draw(st.integers(0, len(html)))]  # cut anywhere
    return "page.html", _encode(html, draw(ENCODINGS))


@st.composite
def json_files(draw):
    value = draw(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=50),
                           st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                                                max_size=3)))
    record = {"title": "Harbour", "text": PARAGRAPH, draw(st.sampled_from(["text", "title", "url", "published",
                                                                           "html", "extra"])): value}
    depth = draw(st.integers(0, 5000))
    raw = json.dumps(record)
    if depth:
        raw = raw[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    lines = draw(st.booleans())
    data = (raw + "\n" + json.dumps({"text": PARAGRAPH}) + "\n") if lines else raw
    return ("a.jsonl" if lines else "a.json"), data.encode("utf-8", errors="surrogatepass")


@st.composite
def feed_files(draw, sentinel: str = "/etc/hostname"):
    doctype = draw(st.sampled_from([
        "", "<!DOCTYPE rss>", f'<!DOCTYPE rss SYSTEM "file://{sentinel}">',
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{sentinel}">]>', '<!DOCTYPE rss [<!ENTITY a "aaaa">]>',
        f'<!doctype rss [ <!entity % p SYSTEM "file://{sentinel}"> %p; ]>', "<!DOCTYPE rss [",
    ]))
    title = draw(st.sampled_from(["Harbour", "&x;", "&a;", "&amp;", "&#0;", "&#xD800;", "<![CDATA[x]]>"]))
    items = rss_item(draw(st.one_of(runs(), st.text(max_size=200))), title=title) * draw(st.integers(0, 5))
    feed = rss(items, doctype=doctype)
    if draw(st.booleans()):
        feed = feed[: draw(st.integers(0, len(feed)))]
    return draw(st.sampled_from(["a.rss", "a.xml", "a.atom", "a.txt"])), _encode(feed, draw(ENCODINGS))


@st.composite
def warc_files(draw):
    body = _encode(page(draw(st.one_of(runs(), st.text(max_size=200)))), draw(ENCODINGS))
    data = warc_bytes(body, gzip_records=draw(st.booleans()),
                      content_type=draw(st.sampled_from(["text/html", "text/html; charset=bogus", "image/png",
                                                         "text/html; charset=utf-16"])))
    mutation = draw(st.sampled_from(["cut", "length", "flip", "none"]))
    if mutation == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif mutation == "length":
        data = data.replace(b"Content-Length: ", b"Content-Length: " + str(draw(st.integers(0, 10**30))).encode()
                            + b"\r\nX-Old: ", 1)
    elif mutation == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    return draw(st.sampled_from(["a.warc", "a.warc.gz", "a.txt"])), data


@st.composite
def gzip_files(draw):
    inner = draw(st.one_of(st.just(article_text().encode()), st.binary(max_size=300)))
    data = gzip.compress(inner)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data += draw(st.binary(max_size=50))
    return draw(st.sampled_from(["a.txt.gz", "a.gz", "a.json.gz"])), data


@st.composite
def sidecars(draw):
    """``(name, bytes)`` of a sources.csv/sources.json full of garbage."""
    if draw(st.booleans()):
        rows = draw(st.lists(st.lists(st.text(max_size=20), max_size=6), max_size=6))
        header = draw(st.sampled_from(["file,title,url,published\n", "", "title\n", "file\n"]))
        text = header + "\n".join(",".join(row) for row in rows)
        return "sources.csv", _encode(text, draw(ENCODINGS))
    value = draw(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                              lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                                  st.sampled_from(["file", "a.txt", "title", "url"]), inner, max_size=3),
                              max_leaves=10))
    return "sources.json", json.dumps(value).encode()


READERS = {
    "text": text_files(),
    "html": html_files(),
    "json": json_files(),
    "feed": feed_files(),
    "warc": warc_files(),
    "gzip": gzip_files(),
}

hostile_sentences = st.one_of(
    runs(),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["1", "9", "Monday, ", "12/", "2024-", "the 31st of ",
                                                         "last ", "million ", "1,000,", "1.", "twenty-", "Jan. ",
                                                         "between 1999 and ", "$", "10^", "1e9"]),
              st.integers(1, 2000)),
    st.text(max_size=500),
)
