"""Story dossiers are computed once per story, kept in the store, and recomputed when the story changes."""

import json
import sqlite3

from storyscope.library import edit_stories
from storyscope.model import StoryEdit
from storyscope.store import Store
from storyscope.web.views import DossierCache, fingerprint

from .conftest import copy_sqlite


def test_a_dossier_is_computed_once_and_again_after_a_rename(web_db, tmp_path):
    db = copy_sqlite(web_db, tmp_path / "cache.db")
    cache = DossierCache(size=2)
    with Store.open(db) as store:
        story = store.stories()[0]
        first = cache.get(store, story.id)
        assert cache.get(store, story.id[:6]) is first  # a prefix finds the same entry
    edit_stories(db, StoryEdit(kind="rename", article=story.articles[0], title="Renamed by a reader"))
    with Store.open(db) as store:
        renamed = cache.get(store, story.id)
    assert renamed is not first and renamed["story"]["title"] == "Renamed by a reader"


def test_a_dossier_is_kept_in_the_store_for_other_processes(web_db, tmp_path):
    db = copy_sqlite(web_db, tmp_path / "shared.db")
    with Store.open(db) as store:
        story = store.stories()[0]
        computed = DossierCache().get(store, story.id)
        key = fingerprint(story, store.list_articles(ids=story.articles))
        assert json.loads(store.cached_dossier(story.id, key)) == computed
        # another process's cache (a new one: empty) serves what the store holds, without computing it
        store.save_dossier(story.id, key, json.dumps(computed | {"marker": "from the store"}))
        assert DossierCache().get(store, story.id)["marker"] == "from the store"


def test_a_corrected_outlet_name_makes_a_new_dossier(web_db, tmp_path):
    db = copy_sqlite(web_db, tmp_path / "outlet.db")
    with Store.open(db) as store:
        story = store.stories()[0]
        before = DossierCache().get(store, story.id)
        outlet = next(a["outlet"] for a in before["articles"] if a["outlet"])
        store.rename_outlet(outlet, "Renamed Outlet")
        after = DossierCache().get(store, story.id)
    assert outlet not in {a["outlet"] for a in after["articles"]}
    assert "Renamed Outlet" in {a["outlet"] for a in after["articles"]}


def test_a_dossier_is_served_while_another_writer_holds_the_store(web_db, tmp_path, monkeypatch, caplog):
    """Keeping a dossier is a saving: when SQLite's one write slot stays taken past the wait (eight
    writers and fifty readers on two cores), the view answers with the dossier it computed."""
    from storyscope.store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 1)
    db = copy_sqlite(web_db, tmp_path / "busy.db")
    holder = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("DELETE FROM dossiers")  # views by earlier tests kept some in the shared store
    with Store.open(db) as store:
        story = store.stories()[0]
        key = fingerprint(story, store.list_articles(ids=story.articles))
        holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the wait
        try:
            served = DossierCache().get(store, story.id)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert served["story"]["id"] == story.id and served["articles"]
        assert store.cached_dossier(story.id, key) is None  # not kept: computed again next time
        assert "not kept in the store" in caplog.text
