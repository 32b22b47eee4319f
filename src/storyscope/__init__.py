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

from .torchless import keep_torch_out_of_thinc

keep_torch_out_of_thinc()  # before anything imports spaCy

from .config import Settings, load_settings  # noqa: E402
from .errors import StoryscopeError
from .library import cluster_stories, edit_stories, export_articles, ingest_paths, iter_article_records
from .model import (
    Article,
    ArticleAnalysis,
    DateMention,
    Entity,
    Failure,
    NumberMention,
    ProcessedArticle,
    Quote,
    RawDocument,
    Sentence,
    Story,
    StoryEdit,
)
from .pipeline import process_documents
from .run.local import IngestSummary
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleAnalysis", "DateMention", "Entity", "Failure", "IngestSummary", "NumberMention",
    "ProcessedArticle", "Quote", "RawDocument", "Sentence", "Settings", "Store", "StoryscopeError",
    "Story", "StoryEdit", "cluster_stories", "edit_stories",
    "export_articles", "ingest_paths", "iter_article_records", "load_settings", "process_documents",
]
