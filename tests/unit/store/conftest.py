"""A fresh SQLite store per test, and the sample-article factory."""

from __future__ import annotations

import pytest
from store_samples import make_article

from storyscope.store import Store


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'store.db'}") as opened:
        yield opened


@pytest.fixture
def article():
    return make_article
