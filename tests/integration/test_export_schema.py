"""The JSON export of the example corpus against report/export.schema.json, and its offsets."""

from __future__ import annotations

import copy
import io
import json

import pytest
from jsonschema import Draft202012Validator

from storyscope.library import iter_article_records
from storyscope.report import export
from storyscope.store import Store


@pytest.fixture(scope="module")
def exported(examples_db) -> dict:
    out = io.StringIO()
    with Store.open(examples_db) as store:
        export.write("json", iter_article_records(store), out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = export.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def messages(validator: Draft202012Validator, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_export_of_examples_is_valid(exported, validator):
    assert len(exported["articles"]) == 5
    assert messages(validator, exported) == []


def test_broken_record_fails_validation(exported, validator):
    broken = copy.deepcopy(exported)
    article = next(a for a in broken["articles"] if a["quotes"])
    article["id"] = "XYZ"
    article["quotes"][0]["kind"] = "shouted"
    found = messages(validator, broken)
    assert any(m.startswith(f"articles/{broken['articles'].index(article)}/id:") for m in found), found
    assert any("/quotes/0/kind:" in m and "shouted" in m for m in found), found
    assert len(found) == 2, found


@pytest.mark.parametrize("mutate", [
    lambda doc: doc.pop("stories"),
    lambda doc: doc.update(extra=1),
    lambda doc: doc["articles"][0].pop("text"),
    lambda doc: doc["articles"][0].update(published="January 7"),
    lambda doc: doc["articles"][0]["sentences"][0].update(start=-1),
    lambda doc: doc["articles"][0].update(format="pdf"),
], ids=["no-stories", "extra-top-level-key", "no-text", "free-text-date", "negative-offset", "unknown-format"])
def test_schema_rejects_other_breakage(exported, validator, mutate):
    broken = copy.deepcopy(exported)
    mutate(broken)
    assert messages(validator, broken)


def test_sentences_are_slices_of_the_text(exported):
    for article in exported["articles"]:
        text, sentences = article["text"], article["sentences"]
        assert sentences, article["id"]
        for sentence in sentences:
            assert 0 <= sentence["start"] < sentence["end"] <= len(text)
            assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        starts = [s["start"] for s in sentences]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)


@pytest.mark.parametrize("kind", ["quotes", "dates", "numbers", "entities"])
def test_mentions_point_into_text_and_sentences(exported, kind):
    total = 0
    for article in exported["articles"]:
        text, sentences = article["text"], article["sentences"]
        for mention in article[kind]:
            total += 1
            index = mention["sentence"]
            assert 0 <= index < len(sentences), (article["id"], mention)
            assert text[mention["start"]:mention["end"]] == mention["text"], (article["id"], mention)
            sentence = sentences[index]
            assert sentence["start"] <= mention["start"] < sentence["end"], (article["id"], mention)
    assert total, f"the examples have no {kind} at all"
