"""storyscope: how many news outlets tell the same events.

The public API (pinned by tests/unit/test_public_api.py):

    ingest_paths(paths, db=None, workers=None, model=None) -> IngestSummary
    export_articles(db) -> list[dict]
    cluster_stories(db) -> list[Story]            stories and events, readers' edits replayed
    edit_stories(db, StoryEdit) -> list[Story]
    process_documents(raws) -> list[ProcessedArticle | Failure]
    Store.open(url) -> Store
    load_settings() -> Settings
and the records in storyscope.model and errors in storyscope.errors.
"""

from importlib import import_module

from .torchless import hide_torch_from_thinc

hide_torch_from_thinc()  # before anything imports spaCy

# Each public name is imported when first used (PEP 562), so `import storyscope` (and the
# command line's --help and listings) does not load spaCy, scikit-learn or the store.
_WHERE = {
    "Settings": ".config", "load_settings": ".config",
    "StoryscopeError": ".errors",
    "cluster_stories": ".library", "edit_stories": ".library", "export_articles": ".library",
    "ingest_paths": ".library", "iter_article_records": ".library",
    "process_documents": ".pipeline",
    "IngestSummary": ".run.local",
    "Store": ".store",
    **{name: ".model" for name in ("Article", "ArticleAnalysis", "DateMention", "Entity", "Failure",
                                   "NumberMention", "ProcessedArticle", "Quote", "RawDocument",
                                   "Sentence", "Story", "StoryEdit")},
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'storyscope' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleAnalysis", "DateMention", "Entity", "Failure", "IngestSummary", "NumberMention",
    "ProcessedArticle", "Quote", "RawDocument", "Sentence", "Settings", "Store", "StoryscopeError",
    "Story", "StoryEdit", "cluster_stories", "edit_stories",
    "export_articles", "ingest_paths", "iter_article_records", "load_settings", "process_documents",
]
