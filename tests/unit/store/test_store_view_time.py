"""What ingest and earlier views leave in the store for a dossier: label candidates stored with the
analysis (migration 0006, articles stored before it included) and the dossiers table."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storyscope.model import Event, Phrase, ProcessedArticle, Story
from storyscope.store import Store
from storyscope.store.migrate import alembic_config
from storyscope.store.schema import articles

PHRASES = (Phrase(4, 19, "paragraph"), Phrase(25, 35, "camp"))


def with_phrases(processed: ProcessedArticle, phrases) -> ProcessedArticle:
    return ProcessedArticle(processed.article, replace(processed.analysis, phrases=phrases))


def story(story_id: str, *members: str, title: str = "A story") -> Story:
    return Story(story_id, title, members, (Event(f"e-{story_id}", None, None, members),))


def test_label_candidates_round_trip_and_none_stays_apart_from_empty(store, article):
    store.add_many([with_phrases(article("aaaa0001"), PHRASES), with_phrases(article("aaaa0002"), ()),
                    article("aaaa0003")])
    assert store.get("aaaa0001").analysis.phrases == PHRASES
    assert store.get("aaaa0002").analysis.phrases == ()  # found none: nothing to find again
    assert store.get("aaaa0003").analysis.phrases is None  # never looked for


def test_articles_stored_before_0006_have_no_candidates_until_saved(store_url, article):
    with Store.open(store_url) as store:
        store.add(with_phrases(article("aaaa0001"), PHRASES))
    with Store.open(store_url) as store, store.engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0005")
        assert "phrases" not in {c["name"] for c in sa.inspect(conn).get_columns("articles")}
        assert "dossiers" not in sa.inspect(conn).get_table_names()
    with Store.open(store_url) as store:  # opening upgrades to head again
        with store.engine.connect() as conn:
            head = ScriptDirectory.from_config(alembic_config()).get_current_head()
            assert MigrationContext.configure(conn).get_current_revision() == head
        assert store.get("aaaa0001").analysis.phrases is None
        assert store.get("aaaa0001").analysis.quotes == article("aaaa0001").analysis.quotes
        store.save_phrases({"aaaa0001": PHRASES})
        assert store.get("aaaa0001").analysis.phrases == PHRASES
        store.save_phrases({"aaaa0001": ()})  # found before: kept as it is
        assert store.get("aaaa0001").analysis.phrases == PHRASES


def test_a_dossier_serves_only_its_fingerprint_and_is_replaced(store):
    store.save_dossier("s1", "fp-1", '{"v": 1}')
    assert store.cached_dossier("s1", "fp-1") == '{"v": 1}'
    assert store.cached_dossier("s1", "fp-2") is None  # the story changed since
    assert store.cached_dossier("s2", "fp-1") is None
    store.save_dossier("s1", "fp-2", '{"v": 2}')
    assert store.cached_dossier("s1", "fp-2") == '{"v": 2}'
    assert store.cached_dossier("s1", "fp-1") is None


def test_regrouping_drops_the_dossiers_of_stories_gone_and_keeps_the_others(store, article):
    store.add_many([article("aaaa0001"), article("aaaa0002"), article("aaaa0003")])
    store.replace_stories([story("s1", "aaaa0001"), story("s2", "aaaa0002", "aaaa0003")])
    store.save_dossier("s1", "fp", "{}")
    store.save_dossier("s2", "fp", "{}")
    store.replace_stories([story("s1", "aaaa0001"), story("s3", "aaaa0002"), story("s4", "aaaa0003")])
    assert store.cached_dossier("s1", "fp") == "{}"
    assert store.cached_dossier("s2", "fp") is None
    with store.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM dossiers")) == 1
        assert conn.scalar(sa.select(sa.func.count()).select_from(articles)) == 3
