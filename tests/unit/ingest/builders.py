"""Small hand-built inputs for the ingest tests: pages, feeds, WARC archives."""

from __future__ import annotations

import io
from collections.abc import Iterable

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPH = "The ministry said on Monday that officials would be allowed to visit the region under conditions."


def page(
    title: str = "Officials invited to visit",
    paragraphs: Iterable[str] = (PARAGRAPH, PARAGRAPH.replace("Monday", "Tuesday")),
    *,
    site: str = "Example Times",
    author: str = "Jane Doe",
    date: str = "2019-01-08",
    canonical: str = "https://example.com/news/visit",
    charset: str = "utf-8",
) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{date}T09:00:00Z">'
        f'<link rel="canonical" href="{canonical}"></head><body>'
        '<nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        '<aside><h3>Related</h3><ul><li><a href="/x">Another story entirely</a></li></ul></aside>'
        "<footer>Copyright Example Times</footer></body></html>"
    )


def rss(items: Iterable[str], *, title: str = "Example Times", prolog: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (
        f"{prolog}<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{title}</title><link>https://example.com/</link>{''.join(items)}</channel></rss>"
    )


def rss_item(title: str = "Story", *, content: str | None = "<p>Full text of the story.</p>", summary: str | None = "Short") -> str:
    parts = [f"<title>{title}</title>", f"<link>https://example.com/{title.lower()}</link>",
             "<dc:creator>Jane Doe</dc:creator>", "<pubDate>Tue, 08 Jan 2019 09:00:00 GMT</pubDate>",
             f"<guid>id-{title}</guid>"]  # fmt: skip
    if summary is not None:
        parts.append(f"<description>{summary}</description>")
    if content is not None:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return f"<item>{''.join(parts)}</item>"


def warc(responses: Iterable[tuple[str, str, str, bytes]], *, gzip: bool = True, request_first: bool = False) -> bytes:
    """A WARC of (url, status line, content type, body) responses."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, status, content_type, body in responses:
        if request_first:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2019-01-08T10:00:00Z"},
        )  # fmt: skip
        writer.write_record(record)
    return buffer.getvalue()
