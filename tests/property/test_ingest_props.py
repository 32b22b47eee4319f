"""Properties of ingest on arbitrary input: it reports, it never crashes."""

import gzip
import json
import os
import re
import tempfile

from hypothesis import HealthCheck, given, settings, strategies as st

from storyscope.errors import InputError
from storyscope.ingest import decode_bytes, read_sources
from storyscope.ingest.decode import clean_text
from storyscope.ingest.records import FIELDS
from storyscope.model import Failure, RawDocument

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EXTENSIONS = ["", ".txt", ".html", ".htm", ".xml", ".rss", ".json", ".jsonl", ".ndjson", ".warc", ".warc.gz", ".gz", ".csv"]
# Prefixes that steer the readers: arbitrary bytes alone would almost always be "binary" or "text".
PREFIXES = [
    b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"<?xml version='1.0'?><rss><channel><item><title>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>', b"<!DOCTYPE html><html><body><p>", b'{"text": ',
    b'[{"html": "', b'{"text": "a"}\n{', b"\xef\xbb\xbf", b"\xff\xfe", b"filedesc://",
]  # fmt: skip

contents = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda prefix, tail: prefix + tail, st.sampled_from(PREFIXES), st.binary(max_size=1000)),
    st.builds(lambda prefix, tail: prefix + tail.encode("utf-8"), st.sampled_from(PREFIXES), st.text(max_size=500)),
    st.builds(lambda data: gzip.compress(data), st.binary(max_size=500)),
)


@FAST
@given(st.binary(max_size=3000), st.one_of(st.none(), st.sampled_from(["utf-8", "cp1252", "koi8-r", "utf-16", "bogus"])))
def test_decoding_only_ever_raises_input_errors(data, declared):
    try:
        text = decode_bytes(data, declared=declared)
    except InputError:
        return
    assert "\r" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)


@FAST
@given(contents, st.sampled_from(EXTENSIONS))
def test_read_sources_never_raises_for_any_file_under_any_extension(data, extension):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "input" + extension)
        with open(path, "wb") as handle:
            handle.write(data)
        results = list(read_sources([directory], max_bytes=100_000))
    assert results, "every input yields a document or a failure"
    for result in results:
        assert isinstance(result, (RawDocument, Failure))
        if isinstance(result, Failure):
            assert result.code and result.reason and "\n" not in result.reason
            assert not result.reason.startswith("could not be read ("), result.reason  # an unexpected exception
        assert result.source.startswith(path)


# Strings without surrounding blanks, so a blank metadata value (which states nothing) is not generated.
words = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(lambda s: s.strip() == s and s)
extra_keys = st.text(min_size=1, max_size=12).filter(lambda key: key not in FIELDS)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {"text": words.filter(lambda s: clean_text(s).strip())},
    optional={key: words for key in ("url", "title", "outlet", "published", "author", "fetched", "html")},
).flatmap(lambda known: st.dictionaries(extra_keys, json_values, max_size=4).map(lambda extra: {**extra, **known}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, min_size=1, max_size=5))
def test_jsonl_round_trip_preserves_fields_and_extra_keys(generated):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "records.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(json.dumps(record) for record in generated) + "\n")
        documents = list(read_sources([path]))
    assert [doc.source for doc in documents] == [f"{path}#{n}" for n in range(1, len(generated) + 1)]
    for record, doc in zip(generated, documents, strict=True):
        assert isinstance(doc, RawDocument) and doc.format == "json"
        for key in FIELDS:
            expected = record.get(key)
            if expected is not None:
                expected = clean_text(expected)
                expected = expected if key in ("text", "html") or expected.strip() else None
            assert getattr(doc, key) == expected, key
        assert doc.extra == {key: value for key, value in record.items() if key not in FIELDS}
