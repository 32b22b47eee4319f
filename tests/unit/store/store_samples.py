"""Hand-built ProcessedArticles for the store tests (a uniquely named module, so
it can be imported from a test and from a forked writer process)."""

from __future__ import annotations

import pytest

from storyscope.model import (
    Article,
    ArticleAnalysis,
    DateMention,
    NumberMention,
    ProcessedArticle,
    Quote,
    ResidueLine,
)


def make_article(
    article_id: str,
    *,
    text: str = "The first paragraph.\nThe second paragraph.",
    url: str | None = None,
    outlet: str | None = "Example News",
    published: str | None = "2019-07-13",
    residue: tuple[str, ...] = (),
    speakers: tuple[str | None, ...] = (),
) -> ProcessedArticle:
    """A small ProcessedArticle; each speaker gets one quote, and every article one date and one number."""
    article = Article(
        id=article_id,
        source=f"{article_id}.txt",
        format="text",
        text=text,
        title=f"Title of {article_id}",
        url=url,
        outlet=outlet,
        published=published,
        boilerplate=tuple(ResidueLine(line, "promo", n) for n, line in enumerate(residue)),
    )
    quotes = tuple(
        Quote(speaker, "person", speaker, "said", f"words of {speaker}", 0, 5, "indirect", 0) for speaker in speakers
    )
    analysis = ArticleAnalysis(
        quotes=quotes,
        dates=(DateMention("July 13", "2019-07-13", "day", 0, 7, 0),),
        numbers=(NumberMention("1 million", 1e6, "people", None, 0, 9, 0),),
        model="test",
    )
    return ProcessedArticle(article, analysis)


# For a test of SQLite's own machinery (pragmas, locks, FTS5 syntax): it runs on SQLite alone,
# by parametrizing the ``backend`` fixture of conftest.py directly.
only_sqlite = pytest.mark.parametrize("backend", ["sqlite"])
