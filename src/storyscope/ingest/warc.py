"""WARC archives -> one RawDocument per 2xx HTML response, via warcio.

warcio reads a cut-off archive without complaint: a truncated gzip member
simply ends the iteration and a short record just yields fewer bytes. So we
check both ourselves and report a truncated or garbled archive as the
documents read so far plus one Failure naming where it broke.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from storyscope.errors import EmptyInput, InputError, MalformedInput
from storyscope.ingest.decode import decode_bytes
from storyscope.ingest.detect import check_binary, leading_bytes
from storyscope.ingest.html import read_html
from storyscope.model import Failure, RawDocument

_GARBLED = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    zlib.error,
    EOFError,
    ValueError,
    LookupError,  # an HTTP Content-Encoding warcio cannot undo
    OverflowError,  # a Content-Length too large for an index (warcio passes it to readline)
    AttributeError,  # warcio on a response record without WARC-Target-URI (it calls None.startswith)
)
_CHUNK = 1 << 20
_ARC = b"filedesc://"


class _QuietArchiveIterator(ArchiveIterator):
    """warcio writes a multi-line warning to stderr when a record's Content-Length is wrong,
    quoting the archive's bytes; we count those (``err_count``) and report one Failure instead."""

    INC_RECORD = ""


def read_warc(source: str, data: bytes) -> Iterator[RawDocument | Failure]:
    """Documents of a WARC (plain or gzipped), source ``path#N`` for the N-th record."""
    if not leading_bytes(data, len(_ARC)).startswith((b"WARC/", _ARC)):
        # warcio would take any text for a (garbled) ARC record; only real archive heads pass.
        raise MalformedInput("not a WARC archive: it does not begin with a WARC/ or ARC header")
    read = 0
    found = 0
    records = _QuietArchiveIterator(io.BytesIO(data))
    try:
        for read, record in enumerate(records, 1):
            body = record.content_stream().read() if _is_html_response(record) else None
            if _cut_short(record.raw_stream):
                yield Failure(source, MalformedInput.code, f"WARC archive is truncated inside record {read}")
                return
            if body is not None:
                found += 1
                yield from _document(f"{source}#{read}", record, body)
    except _GARBLED as exc:
        detail = "a record lacks a header it needs" if isinstance(exc, AttributeError) else exc
        if read == 0:
            raise MalformedInput(f"not a readable WARC archive: {detail}") from None
        yield Failure(source, MalformedInput.code, f"WARC archive is garbled after record {read}: {detail}")
        return
    if records.err_count:
        yield Failure(source, MalformedInput.code,
                      f"WARC archive has {records.err_count} record(s) whose Content-Length does not match the data")
    if data.startswith(b"\x1f\x8b") and _gzip_truncated(data):
        yield Failure(source, MalformedInput.code, f"WARC archive is truncated (compressed stream ends after record {read})")
    elif found == 0:
        raise EmptyInput(f"WARC archive holds no 2xx HTML responses ({read} records)")


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and "html" in content_type


def _document(source: str, record: Any, body: bytes) -> Iterator[RawDocument | Failure]:
    headers = record.rec_headers
    content_type = record.http_headers.get_header("Content-Type") or ""
    try:
        check_binary(body)
        html = decode_bytes(body, declared=_charset(content_type))
        yield from read_html(
            source,
            html,
            format="warc",
            url=headers.get_header("WARC-Target-URI"),
            fetched=headers.get_header("WARC-Date"),
            extra={"warc_record_id": headers.get_header("WARC-Record-ID"), "content_type": content_type},
        )
    except InputError as exc:
        yield Failure(source, exc.code, exc.reason)


def _cut_short(stream: Any) -> bool:
    """Read what is left of a record; True when the archive ends before its stated length."""
    while stream.read(_CHUNK):
        pass
    return getattr(stream, "limit", 0) > 0  # a LimitReader counts down the Content-Length


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _gzip_truncated(data: bytes) -> bool:
    """True when some gzip member of ``data`` ends before its end-of-stream marker.

    Decompresses in bounded chunks and throws the output away: only the
    framing matters here.
    """
    rest = data
    while rest.strip(b"\x00\r\n\t "):
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while not member.eof:
                if not pending:
                    return True
                member.decompress(pending, _CHUNK)
                pending = member.unconsumed_tail
        except zlib.error:
            return True
        rest = member.unused_data
    return False
