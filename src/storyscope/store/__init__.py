"""store: one Store interface over SQLAlchemy; SQLite by default, PostgreSQL for teams.

    Store.open(url) -> Store      migrate and connect
    AddResult                     what add() did: "added" | "unchanged" | "new-version"
    ArticleRow                    one line of a listing
    SearchHit                     one search result (an article or a quote, with a plain-text snippet)
    (Store.line_counts keys are normalize.residue.line_key values)
"""

from .records import AddResult, ArticleRow, SearchHit
from .store import Store

__all__ = ["AddResult", "ArticleRow", "SearchHit", "Store"]
