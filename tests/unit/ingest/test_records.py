import json

import pytest

from storyscope.errors import EmptyInput, MalformedInput
from storyscope.ingest.records import read_records
from storyscope.model import Failure, RawDocument

RECORD = {
    "url": "https://example.com/a",
    "title": "A title",
    "text": "Body line one.\r\nBody line two.",
    "outlet": "Example Times",
    "published": "2019-01-08",
    "author": "Jane Doe",
    "section": "World",
    "tags": ["china", "un"],
}


def read(text, **kwargs):
    return list(read_records("in.json", text, **kwargs))


def test_one_object_is_one_document_with_unknown_keys_in_extra():
    [doc] = read(json.dumps(RECORD))
    assert doc == RawDocument(
        source="in.json",
        format="json",
        text="Body line one.\nBody line two.",
        url="https://example.com/a",
        title="A title",
        outlet="Example Times",
        published="2019-01-08",
        author="Jane Doe",
        extra={"section": "World", "tags": ["china", "un"]},
    )


def test_array_items_are_numbered_from_one_and_bad_items_fail_alone():
    docs = read(json.dumps([RECORD, "not an object", {"html": "<p>Hi</p>"}]))
    assert [d.source for d in docs] == ["in.json#1", "in.json#2", "in.json#3"]
    assert isinstance(docs[1], Failure) and docs[1].code == "malformed" and "a string, not an object" in docs[1].reason
    assert docs[2].html == "<p>Hi</p>" and docs[2].text is None


def test_json_lines_keep_line_numbers_and_a_bad_line_fails_alone():
    text = json.dumps(RECORD) + "\n\n{broken\n" + json.dumps({"text": "third"}) + "\n"
    docs = read(text, lines=True)
    assert [d.source for d in docs] == ["in.json#1", "in.json#3", "in.json#4"]
    failure = docs[1]
    assert isinstance(failure, Failure) and failure.code == "malformed"
    assert failure.reason.startswith("line 3 is not valid JSON")
    assert docs[2].text == "third"


def test_concatenated_values_are_read_as_lines_whatever_the_name():
    docs = read('{"text": "a"}\n{"text": "b"}')
    assert [d.text for d in docs] == ["a", "b"]


def test_record_without_text_or_html_is_an_empty_failure():
    [failure] = read('[{"title": "only a title", "text": "  "}]')
    assert failure == Failure("in.json#1", "empty", "record has no text or html")


def test_field_types():
    [doc] = read('{"text": "x", "published": 2019, "title": "", "author": null}')
    assert doc.published == "2019" and doc.title is None and doc.author is None
    [failure] = read('[{"text": "x", "title": ["a list"]}]')
    assert failure.code == "malformed" and "'title' is a list" in failure.reason


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("   ", EmptyInput, "whitespace"),
        ("[]", EmptyInput, "no records"),
        ('{"text": ', MalformedInput, "invalid JSON at line 1"),
        ("42", MalformedInput, "holds a number"),
        ("[" * 100_000, MalformedInput, "invalid JSON"),
    ],
)
def test_whole_document_problems_raise(text, error, message):
    with pytest.raises(error, match=message):
        read(text)


def test_deep_nesting_in_one_line_fails_that_line_only():
    docs = read("[" * 100_000 + "\n" + '{"text": "fine"}', lines=True)
    assert isinstance(docs[0], Failure) and docs[1].text == "fine"


def test_a_number_over_python_digit_limit_is_malformed_not_a_crash():
    from storyscope.errors import MalformedInput

    with pytest.raises(MalformedInput, match="invalid JSON"):
        list(read_records("big.json", '{"text": "Words.", "published": ' + "9" * 5000 + "}"))
    results = list(read_records("big.jsonl", '{"text": "a", "n": ' + "9" * 5000 + '}\n{"text": "b"}\n', lines=True))
    assert isinstance(results[0], Failure) and "4300" in results[0].reason
    assert isinstance(results[1], RawDocument)


def test_lone_surrogate_escapes_become_replacement_characters():
    [doc] = read_records("s.json", '{"title": "\\ud800 x", "text": "Words \\udfff here."}')
    assert doc.title == "\ufffd x" and doc.text == "Words \ufffd here."
    doc.text.encode("utf-8")  # storable


def test_an_extra_field_nested_past_the_limit_is_left_out_and_the_article_kept():
    """JSON nested 500 deep parses, but pickling the document to an analysis process raised
    RecursionError: the article was lost to a field storyscope does not read."""
    import pickle

    from storyscope.ingest.records import DEEP_EXTRA, MAX_EXTRA_DEPTH

    deep = "[" * 500 + "]" * 500
    shallow = "[" * MAX_EXTRA_DEPTH + "1" + "]" * MAX_EXTRA_DEPTH
    text = f'{{"text": "The harbour reopened on Monday.", "deep": {deep}, "shallow": {shallow}, "tags": {{"a": [1]}}}}'
    [doc] = read_records("x.json", text)
    assert doc.text == "The harbour reopened on Monday."
    assert doc.extra["deep"] == DEEP_EXTRA and doc.extra["tags"] == {"a": [1]}
    assert doc.extra["shallow"] == json.loads(shallow)
    assert pickle.loads(pickle.dumps(doc)) == doc
