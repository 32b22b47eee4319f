"""store: one Store interface over SQLAlchemy; SQLite by default, PostgreSQL for teams.

    Store.open(url) -> Store      migrate and connect
    AddResult                     what add() did: "added" | "unchanged" | "new-version"
    ArticleRow                    one line of a listing
    line_key(line) -> str         the key of Store.line_counts()
"""

from .lines import line_key
from .records import AddResult, ArticleRow
from .store import Store

__all__ = ["AddResult", "ArticleRow", "Store", "line_key"]
