"""The clustering inputs stored with each article: features as ingest computed them, band keys and
term counts of current articles only, kept exact through new versions, deletions and an upgrade."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import sqlalchemy as sa
from alembic import command

from storyscope.cluster.features import features_of
from storyscope.cluster.keys import key_set, prepare
from storyscope.cluster.tfidf import FIELDS, field_terms
from storyscope.errors import NotFound
from storyscope.model import Entity, ProcessedArticle
from storyscope.store import Store
from storyscope.store.migrate import alembic_config
from storyscope.store.schema import band_keys, term_counts

import pytest


def page(article_id: str, text: str, names=(), url: str | None = None) -> ProcessedArticle:
    from store_samples import make_article

    made = make_article(article_id, text=text, url=url)
    entities = tuple(Entity(n, "PERSON", 0, len(n), 0, n) for n in names)
    return ProcessedArticle(made.article, replace(made.analysis, entities=entities))


def stored_counts(store: Store) -> dict[tuple[str, str], int]:
    with store.engine.connect() as conn:
        return {(f, t): n for f, t, n in conn.execute(sa.select(term_counts.c.field, term_counts.c.term,
                                                                 term_counts.c.articles))}


def counted_afresh(current: list[ProcessedArticle]) -> dict[tuple[str, str], int]:
    """What the counts must be: each current article's terms per field, and its blocking keys."""
    counts: Counter = Counter()
    for processed in current:
        features = features_of(processed)
        for field in FIELDS:
            counts.update((field, t) for t in set(field_terms(features, field)))
        counts.update(("key", k) for k in key_set(features))
    return dict(counts)


def band_key_owners(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.scalars(sa.select(band_keys.c.article_id).distinct()))


HARBOUR = "Dockworkers at Saltmouth harbour walked out over the pension reform.\nCranes stood idle."
HARBOUR_EDITED = "Dockworkers at Saltmouth harbour ended their walkout after talks.\nShips sailed at dawn."
FLOOD = "The Danne river burst its embankment and flooded Meridal.\nRescue boats reached the villages."


def test_term_counts_stay_exact_across_adds_new_versions_and_deletions(store):
    first = page("aaaa0001", HARBOUR, ["Saltmouth"], url="https://example.com/harbour")
    flood = page("bbbb0001", FLOOD, ["Meridal", "Danne"])
    store.add_many([first, flood])
    assert stored_counts(store) == counted_afresh([first, flood])
    assert band_key_owners(store) == {"aaaa0001", "bbbb0001"}

    edited = page("aaaa0002", HARBOUR_EDITED, ["Saltmouth"], url="https://example.com/harbour")
    assert store.add(edited).status == "new-version"
    assert stored_counts(store) == counted_afresh([edited, flood])  # the first version counted off
    assert band_key_owners(store) == {"aaaa0002", "bbbb0001"}

    store.delete(["aaaa0002"])  # the edit deleted: the first version is current again
    assert stored_counts(store) == counted_afresh([first, flood])
    assert band_key_owners(store) == {"aaaa0001", "bbbb0001"}
    assert [row.id for row in store.list_articles()] == ["aaaa0001", "bbbb0001"]
    assert [hit.article_id for hit in store.search("cranes")] == ["aaaa0001"]  # searched again

    store.delete(["bbbb"])  # by prefix
    assert stored_counts(store) == counted_afresh([first])
    store.delete(["aaaa0001"])
    assert stored_counts(store) == {} and band_key_owners(store) == set()
    with pytest.raises(NotFound):
        store.delete(["aaaa0001"])


def test_deleting_a_superseded_version_keeps_the_page_and_its_counts(store):
    versions = [page(f"cccc000{n}", f"{HARBOUR} Version {n} wording{n}.", url="https://example.com/v") for n in (1, 2, 3)]
    for processed in versions:
        store.add(processed)
    store.delete(["cccc0002"])
    assert [v.id for v in store.versions("cccc0003")] == ["cccc0001", "cccc0003"]
    assert stored_counts(store) == counted_afresh([versions[2]])
    assert band_key_owners(store) == {"cccc0003"}


def test_versions_of_one_page_in_one_batch_count_the_newest_only(store):
    versions = [page(f"dddd000{n}", f"{FLOOD} Update {n} wording{n}.", url="https://example.com/f") for n in (1, 2, 3)]
    store.add_many(versions)
    assert stored_counts(store) == counted_afresh([versions[2]])
    assert band_key_owners(store) == {"dddd0003"}


def test_features_read_back_are_those_computed_at_ingest(store):
    processed = page("eeee0001", HARBOUR, ["Saltmouth", "Dockers Union"])
    store.add(processed)
    (stored,) = store.clustering_inputs(["eeee0001"])
    expected = prepare(processed)
    assert stored.features == expected.features
    assert np.array_equal(stored.signature, expected.signature)
    assert stored.headline.text == "Title of eeee0001" and stored.headline.own


def test_a_store_from_before_the_inputs_were_kept_gets_them_when_opened(store_url):
    articles = [page("ffff0001", HARBOUR, ["Saltmouth"], url="https://example.com/h"),
                page("ffff0002", HARBOUR_EDITED, ["Saltmouth"], url="https://example.com/h"),
                page("ffff0003", FLOOD, ["Meridal"])]
    with Store.open(store_url) as store:
        store.add_many(articles)
        expected = stored_counts(store)
    with Store.open(store_url) as store, store.engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0006")
    with Store.open(store_url) as store:  # upgraded, then the inputs computed from the stored analyses
        assert stored_counts(store) == expected == counted_afresh(articles[1:])
        assert band_key_owners(store) == {"ffff0002", "ffff0003"}
        assert [s.features for s in store.clustering_inputs(["ffff0001", "ffff0003"])] == [
            features_of(articles[0]), features_of(articles[2])]
