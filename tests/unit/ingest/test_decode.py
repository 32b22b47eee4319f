import codecs

import pytest

from storyscope.errors import UndecodableInput
from storyscope.ingest.decode import clean_text, decode_bytes, declared_charset, utf16_without_bom

WESTERN = "Beijing said it \u201cwelcomes\u201d the visit \u2013 the officials\u2019 caf\u00e9 was na\u00efve."


def test_utf8_passes_through():
    assert decode_bytes(WESTERN.encode("utf-8")) == WESTERN


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + WESTERN.encode("utf-8"),
        WESTERN.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_BE + WESTERN.encode("utf-16-be"),
        WESTERN.encode("utf-32"),
        WESTERN.encode("utf-16-le"),  # no BOM: recognised by its NUL rhythm
        WESTERN.encode("utf-16-be"),
    ],
)
def test_byte_order_marks_and_utf16_are_honoured(data):
    assert decode_bytes(data) == WESTERN


def test_cp1252_without_declaration_is_read_as_windows_1252():
    assert decode_bytes(WESTERN.encode("cp1252")) == WESTERN


def test_central_european_text_is_not_forced_into_cp1252():
    text = "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144, powiedzia\u0142 minister w \u015brod\u0119."
    assert decode_bytes(text.encode("cp1250")) == text


def test_declared_charset_is_used_when_the_bytes_are_not_utf8():
    html = '<html><head><meta charset="koi8-r"></head><p>\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440</p>'
    assert decode_bytes(html.encode("koi8-r")) == html
    xml = '<?xml version="1.0" encoding="windows-1251"?><rss><title>\u041d\u043e\u0432\u043e\u0441\u0442\u0438</title></rss>'
    assert decode_bytes(xml.encode("cp1251")) == xml


def test_http_charset_given_by_the_caller_counts_as_a_declaration():
    text = "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u0434\u043d\u044f"
    assert decode_bytes(text.encode("cp1251"), declared="windows-1251") == text


def test_latin1_label_means_windows_1252_as_in_browsers():
    data = b'<meta charset="iso-8859-1"><p>\x93hi\x94 caf\xe9</p>'
    assert decode_bytes(data) == '<meta charset="iso-8859-1"><p>\u201chi\u201d caf\u00e9</p>'


def test_valid_utf8_wins_over_a_wrong_declaration():
    html = '<meta charset="iso-8859-1"><p>caf\u00e9</p>'
    assert decode_bytes(html.encode("utf-8")) == html


def test_declared_utf16_in_ascii_bytes_is_ignored():
    assert declared_charset(b'<meta charset="utf-16"><p>hello</p>') == "utf-16"
    assert decode_bytes(b'<meta charset="utf-16"><p>hello</p>') == '<meta charset="utf-16"><p>hello</p>'


def test_unknown_declared_label_is_no_evidence():
    assert decode_bytes(b'<meta charset="no-such-codec"><p>caf\xe9 au lait</p>').endswith("caf\u00e9 au lait</p>")


def test_broken_utf16_after_a_bom_is_undecodable():
    with pytest.raises(UndecodableInput, match="utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b")  # a lone surrogate


def test_bytes_no_encoding_fits_are_undecodable():
    with pytest.raises(UndecodableInput, match="no text encoding fits"):
        decode_bytes(bytes(range(128, 256)) * 3)


def test_newlines_are_normalized_and_control_characters_dropped():
    assert decode_bytes(b"one\r\ntwo\rthree\x00\x07\x1b\x7f\tend\n") == "one\ntwo\nthree\tend\n"
    assert clean_text("a\u000bb\u000cc") == "abc"


def test_utf16_rhythm_needs_text_not_binary():
    assert utf16_without_bom("hello world".encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom(b"\x00\x01\x02\x03" * 10) is None
    assert utf16_without_bom(b"plain ascii") is None
