"""Story dossiers are computed once per story and recomputed when a reader renames the story."""

from storyscope.library import edit_stories
from storyscope.model import StoryEdit
from storyscope.store import Store
from storyscope.web.views import DossierCache

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
