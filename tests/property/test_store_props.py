"""Storage round-trips: whatever ProcessedArticle goes in comes back equal.

Values are generated from the model's own type hints, arbitrary within what the
schema promises on SQLite and PostgreSQL: unicode text without NUL (PostgreSQL
text cannot hold it) or lone surrogates, 32-bit integers, floats without NaN
(NaN != NaN, and SQLite stores it as NULL), and JSON-able ``extra`` values
(lists, not tuples; finite floats; string keys).
"""

from __future__ import annotations

import uuid
from dataclasses import fields, is_dataclass
from typing import Literal, get_args, get_origin, get_type_hints

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyscope import model
from storyscope.store import Store

TRICKY = "\"'“”‘’«»„\\%_😀🇺🇳👩‍👩‍👧 \t\r\n\u2028\u200b"
texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00") | st.sampled_from(TRICKY), max_size=40)
ints = st.integers(-(2**31), 2**31 - 1)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


SCALARS = {str: texts, int: ints, float: st.floats(allow_nan=False), bool: st.booleans()}


def from_hint(hint) -> st.SearchStrategy:
    """Values for one annotated model field, so a new model field is generated without touching this test."""
    args = get_args(hint)
    if type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        return st.none() | from_hint(inner)
    origin = get_origin(hint)
    if origin is Literal:
        return st.sampled_from(args)
    if origin is tuple:
        return st.lists(from_hint(args[0]), max_size=4).map(tuple)
    if origin is dict:
        return st.dictionaries(texts, json_values, max_size=4)
    if is_dataclass(hint):
        return records(hint)
    return SCALARS[hint]


def records(cls: type, **overrides: st.SearchStrategy) -> st.SearchStrategy:
    hints = get_type_hints(cls)
    strategies = {f.name: from_hint(hints[f.name]) for f in fields(cls)} | overrides
    return st.builds(cls, **strategies)


processed_articles = st.builds(
    model.ProcessedArticle, records(model.Article, id=texts.filter(bool)), records(model.ArticleAnalysis)
)

FRESH_STORE_PER_EXAMPLE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fresh_store(tmp_path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")


@FRESH_STORE_PER_EXAMPLE
@given(processed=processed_articles)
def test_written_then_read_back_is_equal(tmp_path, processed):
    with fresh_store(tmp_path) as store:
        assert store.add(processed).status == "added"
        assert store.get(processed.article.id) == processed
        assert list(store.iter_processed()) == [processed]
        assert store.add(processed).status == "unchanged"
        assert store.get(processed.article.id) == processed


@FRESH_STORE_PER_EXAMPLE
@given(batch=st.lists(processed_articles, max_size=5, unique_by=lambda p: p.article.id))
def test_a_batch_of_distinct_pages_comes_back_whole(tmp_path, batch):
    batch = [  # distinct URLs, so no article becomes another one's version
        model.ProcessedArticle(model.Article(**{**vars(p.article), "url": None}), p.analysis) for p in batch
    ]
    with fresh_store(tmp_path) as store:
        assert [r.status for r in store.add_many(batch)] == ["added"] * len(batch)
        back = list(store.iter_processed())
        assert sorted(back, key=lambda p: p.article.id) == sorted(batch, key=lambda p: p.article.id)
        assert store.counts()["quotes"] == sum(len(p.analysis.quotes) for p in batch)
        assert [r.status for r in store.add_many(batch)] == ["unchanged"] * len(batch)


@FRESH_STORE_PER_EXAMPLE
@given(pages=st.lists(processed_articles, min_size=1, max_size=5, unique_by=lambda p: p.article.id), url=texts)
def test_new_texts_for_one_url_form_one_linear_version_chain(tmp_path, pages, url):
    pages = [model.ProcessedArticle(model.Article(**{**vars(p.article), "url": url}), p.analysis) for p in pages]
    with fresh_store(tmp_path) as store:
        statuses = [r.status for r in store.add_many(pages)]
        assert statuses == ["added"] + ["new-version"] * (len(pages) - 1)
        rows = store.versions(pages[0].article.id)
        assert [(r.id, r.version) for r in rows] == [(p.article.id, n) for n, p in enumerate(pages, 1)]
        assert [p.article.id for p in store.iter_processed()] == [pages[-1].article.id]
        assert all(store.get(p.article.id) == p for p in pages)
