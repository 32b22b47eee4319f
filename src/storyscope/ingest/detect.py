"""What kind of input is this? Content first, file name second.

Content decides because names lie (a ``.txt`` that is a PDF, a feed saved as
``.html``); the extension only settles what the content leaves open, such as
an HTML fragment with few tags or a ``.jsonl`` file whose first line is bad.
The one exception: a file named ``.warc``/``.warc.gz`` is always read as WARC.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Literal

from storyscope.errors import BinaryInput, UnsupportedInput
from storyscope.ingest.decode import bom_encoding, utf16_without_bom

Format = Literal["warc", "gzip", "feed", "html", "json", "jsonl", "text"]

# Sniffing looks at the head only, so detection costs the same for any size.
_HEAD = 65536

_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00asm", "WebAssembly module"),
)
_GZIP = b"\x1f\x8b"
_WARC = b"WARC/"

# More than this share of control bytes in the head is not text.
_CONTROL_SHARE = 0.10
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")

_EXTENSIONS: dict[str, Format] = {
    ".warc": "warc", ".arc": "warc", ".gz": "gzip",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip

# Skip the XML prolog, comments, processing instructions and doctype to reach the root tag.
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf"}
_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|h[1-6]|article|section|header|footer|nav|main|ul|ol|li"
    r"|table|tr|td|img|meta|link|script|style|strong|em|b|i|title)\b[^>]*>",
    re.I,
)
_MIN_HTML_TAGS = 5
# "[Reuters] ..." is text; JSON records open with an object or an empty container.
_JSON_START = re.compile(r'\A\s*(?:\{\s*(?:"|\})|\[\s*(?:\{|\]))')


def detect_format(data: bytes, name: str = "") -> Format:
    """The format of ``data``; ``name`` (a file name) breaks ties.

    Raises ``BinaryInput`` for non-text data and ``UnsupportedInput`` for XML
    that is neither a feed nor a web page.
    """
    # A file named as an archive is held to it: a cut or garbled WARC should be
    # reported as such, not read as a page of archive headers.
    if data.startswith(_WARC) or extension_format(name) == "warc":
        return "warc"
    if data.startswith(_GZIP):
        return "warc" if gzip_holds_warc(data) else "gzip"
    check_binary(data)
    return detect_text_format(peek_text(data), name)


def detect_text_format(text: str, name: str = "") -> Format:
    """The format of decoded ``text``, for inputs that are not containers."""
    by_name = extension_format(name)
    root = xml_root(text)
    if root in _FEED_ROOTS:
        return "feed"
    if root == "html" or _HTML_START.match(text):
        return "html"
    if text.lstrip().startswith("<?xml") and root is not None:
        raise UnsupportedInput(f"XML document with root <{root}> is neither a feed nor a web page")
    # JSON before counting tags: a JSON article may quote markup in its strings
    if by_name == "jsonl" or (_JSON_START.match(text) and _looks_like_lines(text)):
        return "jsonl"
    if _JSON_START.match(text):
        return "json"
    if len(_HTML_TAG.findall(text[:_HEAD])) >= _MIN_HTML_TAGS:
        return "html"
    if by_name in ("html", "json", "feed"):
        return by_name
    return "text"


def check_binary(data: bytes) -> None:
    """Raise ``BinaryInput`` unless ``data`` could be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(f"binary file ({kind})")
    if bom_encoding(data) or utf16_without_bom(data):
        return  # UTF-16/32 text is full of NUL bytes by design
    if b"\x00" in data and not _stray_nuls_in_markup(data):
        raise BinaryInput("binary file (contains NUL bytes)")
    head = data[:_HEAD]
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    if head and controls / len(head) > _CONTROL_SHARE:
        raise BinaryInput(f"binary file ({controls} control bytes in the first {len(head)})")


_MARKUP_HEAD = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)", re.IGNORECASE | re.DOTALL)


def _stray_nuls_in_markup(data: bytes) -> bool:
    """A web page with stray NUL bytes (a crawler's or a CMS's glitch) is still a page: decoding
    drops them. A page is markup from its first bytes (comments aside); stray means at most one
    in 1,000 bytes (a binary file has NULs everywhere)."""
    return bool(_MARKUP_HEAD.match(data[:_HEAD])) and data.count(b"\x00") <= max(1, len(data) // 1_000)


def gzip_holds_warc(data: bytes) -> bool:
    """True when the first gzip member begins with a WARC header."""
    return leading_bytes(data, len(_WARC)) == _WARC


def leading_bytes(data: bytes, count: int) -> bytes:
    """The first ``count`` bytes of ``data``, decompressed first when it is gzip.

    ``b""`` when the compressed head cannot be inflated at all.
    """
    if not data.startswith(_GZIP):
        return data[:count]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_HEAD], count)
    except zlib.error:
        return b""


def extension_format(name: str) -> Format | None:
    """The format a file name suggests, looking through a ``.gz`` suffix."""
    lower = name.lower()
    if lower.endswith(".warc.gz") or lower.endswith(".arc.gz"):
        return "warc"
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def xml_root(text: str) -> str | None:
    """The local name (lower case) of the first element, after any prolog."""
    head = text[:_HEAD]
    match = _ROOT.match(head, _PROLOG.match(head).end())
    if not match:
        return None
    return match.group(1).rsplit(":", 1)[-1].lower()


def peek_text(data: bytes) -> str:
    """A lenient decoding of the head, good enough to sniff markup from."""
    codec = bom_encoding(data) or utf16_without_bom(data) or "utf-8"
    return data[:_HEAD].decode(codec, errors="replace").lstrip("\ufeff")


def _looks_like_lines(text: str) -> bool:
    """Two or more lines, the first of which is a whole JSON object on its own."""
    lines = [line for line in text[:_HEAD].splitlines() if line.strip()]
    if len(lines) < 2 or not lines[1].lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):  # a first line nested thousands deep is no record either
        return False
