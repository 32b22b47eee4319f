"""The stage order for one batch of documents: normalize, then analyze.

Pure functions of their inputs (plus the loaded spaCy pipeline): the local
runner and any distributed executor call exactly these, so results do not
depend on how the work was scheduled. A failure on one document becomes a
``Failure`` outcome; it never stops the batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .analyze.analysis import analyze_batch
from .analyze.nlp import DEFAULT_MODEL
from .errors import ConfigError, ProcessingTimeout, StoryscopeError
from .model import Article, Failure, ProcessedArticle, RawDocument
from .normalize.article import to_article

Outcome = ProcessedArticle | Failure


def normalize_documents(
    raws: Sequence[RawDocument], recurring: Mapping[str, frozenset[str]] | None = None
) -> list[Article | Failure]:
    """Clean each document; ``recurring`` maps an outlet to keys of lines its pages repeat."""
    results: list[Article | Failure] = []
    for raw in raws:
        try:
            results.append(to_article(raw, (recurring or {}).get(raw.outlet or "", frozenset())))
        except ProcessingTimeout:
            raise  # the runner's budget ran out: its one-shot alarm must reach the runner
        except StoryscopeError as exc:
            results.append(Failure(raw.source, exc.code, exc.reason))
        except Exception as exc:  # a reader bug must not stop the batch; report it
            results.append(Failure(raw.source, "normalize", f"could not clean the text ({exc.__class__.__name__}: {exc})"))
    return results


def analyze_articles(articles: Sequence[Article], model: str = DEFAULT_MODEL) -> list[Outcome]:
    """Analyse a batch; if the batch fails, retry one by one so only the bad article fails."""
    if not articles:
        return []
    try:
        return list(analyze_batch(articles, model))
    except (ConfigError, ProcessingTimeout):
        raise  # a missing spaCy pipeline or a spent time budget is the runner's to handle
    except Exception:
        pass
    outcomes: list[Outcome] = []
    for article in articles:
        try:
            outcomes.extend(analyze_batch([article], model))
        except ProcessingTimeout:
            raise
        except Exception as exc:
            outcomes.append(Failure(article.source, "analysis", f"analysis failed ({exc.__class__.__name__}: {exc})"))
    return outcomes


def process_documents(
    raws: Sequence[RawDocument],
    model: str = DEFAULT_MODEL,
    recurring: Mapping[str, frozenset[str]] | None = None,
) -> list[Outcome]:
    """Normalize and analyse a batch of raw documents, outcomes in input order."""
    cleaned = normalize_documents(raws, recurring)
    articles = [c for c in cleaned if isinstance(c, Article)]
    analysed = iter(analyze_articles(articles, model))
    return [next(analysed) if isinstance(c, Article) else c for c in cleaned]
