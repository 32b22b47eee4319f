"""Bytes -> clean text: the one place that decides a document's encoding.

Order of evidence, strongest first: a byte-order mark; the shape of UTF-16
without a mark (NUL in every other byte); valid UTF-8 (random legacy-encoded
text almost never is); the charset the document declares (HTML meta, XML
prolog, or a caller-supplied HTTP header); windows-1252 when it reads as
mostly-ASCII Western text; charset-normalizer's guess. Declarations come
after UTF-8 because pages often lie about their charset. windows-1252 is
tried before the detector because the detector misjudges short Western
texts (it reads a cp1252 "naïve" as cp1250 "naďve"), and cp1252 is by far
the commonest legacy encoding of news text.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from storyscope.errors import UndecodableInput

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declarations live near the top; looking further only costs time.
_SNIFF_BYTES = 4096
_DECLARED = (
    re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""),
    re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.I),
)

# Browsers read these labels as windows-1252 (WHATWG encoding standard); so do we.
_AS_CP1252 = {"iso8859-1", "ascii"}

# A cp1252 reading is wrong when letters are mostly non-ASCII (another script) or when
# a symbol such as ³ or ¿ sits inside a word (Central European letters read as cp1252).
_MAX_NON_ASCII_LETTERS = 0.3
_SAMPLE_CHARS = 65536  # judging the head is enough, and keeps the check cheap on large files
_SYMBOL_IN_WORD = re.compile(r"[^\W\d_][\u00a1-\u00bf\u00d7\u00f7][^\W\d_]")

# C0 controls except \t and \n (which carry layout), plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text with newlines as ``\\n`` and no control characters.

    ``declared`` is a charset stated outside the bytes (an HTTP header); one
    stated inside them is found here. Raises ``UndecodableInput`` when no
    encoding fits.
    """
    return clean_text(_decode(data, declared))


def clean_text(text: str) -> str:
    """Normalize newlines to ``\\n``, drop control characters other than ``\\t`` and replace
    lone surrogates (JSON's ``"\\ud800"`` escapes decode to them; no UTF-8 can hold one)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data`` looks like BOM-less UTF-16 text.

    Mostly-ASCII UTF-16 has a NUL in nearly every second byte and almost none
    in the others; binary files do not keep that rhythm.
    """
    sample = data[:_SNIFF_BYTES]
    half = len(sample) // 2
    if half < 2 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.7 * half and even_nuls <= 0.05 * half:
        return "utf-16-le"
    if even_nuls >= 0.7 * half and odd_nuls <= 0.05 * half:
        return "utf-16-be"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset named by an XML prolog or HTML ``<meta>`` near the top, if any."""
    head = data[:_SNIFF_BYTES]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii")
    return None


def _decode(data: bytes, declared: str | None) -> str:
    codec = bom_encoding(data) or utf16_without_bom(data)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise UndecodableInput(f"invalid {codec} text at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    tried = ["utf-8"]
    for label in (declared, declared_charset(data)):
        codec = _codec_name(label)
        if codec and codec not in tried:
            tried.append(codec)
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
    western = _as_western(data)
    if western is not None:
        return western
    best = _guess(data)
    if best is None:
        raise UndecodableInput(f"no text encoding fits (tried {', '.join(tried)} and detection)")
    return best


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None  # an unknown label is no evidence at all
    if name.startswith(("utf-16", "utf-32")):
        return None  # a declaration readable as ASCII cannot be true of UTF-16/32 bytes
    return "cp1252" if name in _AS_CP1252 else name


def _as_western(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE_CHARS]
    letters = [char for char in sample if char.isalpha()]
    non_ascii = sum(1 for char in letters if not char.isascii())
    if not letters or non_ascii > _MAX_NON_ASCII_LETTERS * len(letters) or _SYMBOL_IN_WORD.search(sample):
        return None
    return text


def _guess(data: bytes) -> str | None:
    try:
        match = charset_normalizer.from_bytes(data).best()
    except (LookupError, ValueError, UnicodeError):
        return None  # the detector chokes on some inputs; that is "no fit" too
    return None if match is None else str(match)
