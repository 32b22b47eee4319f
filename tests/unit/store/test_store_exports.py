"""The store's public surface is pinned: changing it is a decision, not an accident."""

import storyscope.store


def test_exported_members():
    assert sorted(storyscope.store.__all__) == ["AddResult", "ArticleRow", "SearchHit", "Store"]
    for name in storyscope.store.__all__:
        assert getattr(storyscope.store, name).__module__.startswith("storyscope.store.")
