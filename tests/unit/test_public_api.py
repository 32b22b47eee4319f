"""The public API is what `import storyscope` offers; changing it is a decision, so it is pinned."""

from __future__ import annotations

import importlib

import storyscope

PUBLIC = [
    "Article", "ArticleAnalysis", "DateMention", "Entity", "Failure", "IngestSummary", "NumberMention",
    "ProcessedArticle", "Quote", "RawDocument", "Sentence", "Settings", "Store", "Story", "StoryEdit",
    "StoryscopeError", "cluster_stories", "edit_stories", "export_articles", "ingest_paths", "iter_article_records", "load_settings", "process_documents",
]


def test_all_is_pinned():
    assert sorted(storyscope.__all__) == sorted(PUBLIC)
    assert len(set(storyscope.__all__)) == len(storyscope.__all__)


def test_every_public_name_is_importable():
    module = importlib.reload(storyscope)
    for name in PUBLIC:
        assert getattr(module, name) is not None, name
    namespace: dict = {}
    exec("from storyscope import *", namespace)
    assert set(PUBLIC) <= set(namespace)


def test_version():
    assert isinstance(storyscope.__version__, str) and storyscope.__version__.count(".") >= 1
