"""Bytes of one input -> its documents: detect, unpack, decode, hand to a reader.

No I/O here: ``sources.py`` reads files and stdin, and anything else that
obtains bytes (a fetcher, a test) calls ``read_bytes`` the same way.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from storyscope.errors import EmptyInput, InputError, MalformedInput, TooLarge, UnsupportedInput
from storyscope.ingest.decode import decode_bytes
from storyscope.ingest.detect import detect_format
from storyscope.ingest.feeds import read_feed
from storyscope.ingest.html import read_html
from storyscope.ingest.records import read_records
from storyscope.ingest.text import read_text
from storyscope.ingest.warc import read_warc
from storyscope.model import Failure, RawDocument

DEFAULT_MAX_BYTES = 50_000_000
MAX_REASON_CHARS = 300


def read_bytes(
    source: str, data: bytes, *, name: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | Failure]:
    """Every document in ``data``; what cannot be read comes out as a ``Failure``.

    ``name`` is the file name, used only where the content leaves the
    format open. Never raises for bad input.
    """
    try:
        for item in _read(source, data, name, max_bytes, unpacked=False):
            yield _one_line(item) if isinstance(item, Failure) else item
    except InputError as exc:
        yield _one_line(Failure(source, exc.code, exc.reason))
    except Exception as exc:  # noqa: BLE001 - one file's parser bug must not end the batch
        yield _one_line(Failure(source, MalformedInput.code, f"could not be read ({type(exc).__name__}: {exc})"))


def _one_line(failure: Failure) -> Failure:
    """Library messages (warcio's, feedparser's) can span lines and quote the input at any
    length; a reason is one terminal line of bounded length."""
    reason = " ".join(failure.reason.split())
    if len(reason) > MAX_REASON_CHARS:
        reason = reason[: MAX_REASON_CHARS - 1] + "…"
    return failure if reason == failure.reason else Failure(failure.source, failure.code, reason)


def _read(source: str, data: bytes, name: str, max_bytes: int, *, unpacked: bool) -> Iterator[RawDocument | Failure]:
    if len(data) > max_bytes:
        raise TooLarge(f"{len(data)} bytes is over the {max_bytes}-byte limit")
    if not data.strip():
        raise EmptyInput("file is empty" if not data else "file holds only whitespace")
    fmt = detect_format(data, name)
    if fmt == "warc":
        yield from read_warc(source, data)
        return
    if fmt == "gzip":
        if unpacked:
            raise UnsupportedInput("gzip inside gzip")
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        yield from _read(source, gunzip(data, max_bytes), inner_name, max_bytes, unpacked=True)
        return
    text = decode_bytes(data)
    if fmt == "feed":
        yield from read_feed(source, text)
    elif fmt == "html":
        yield from read_html(source, text)
    elif fmt in ("json", "jsonl"):
        yield from read_records(source, text, lines=fmt == "jsonl")
    else:
        yield from read_text(source, text)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress every gzip member, refusing output over ``max_bytes`` (no zip bombs)."""
    out = bytearray()
    rest = data
    try:
        while rest:
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += member.decompress(rest, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise TooLarge(f"decompresses to more than {max_bytes} bytes")
            if not member.eof:
                raise MalformedInput("gzip stream is truncated")
            rest = member.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise MalformedInput(f"corrupt gzip stream ({exc})") from None
    return bytes(out)
