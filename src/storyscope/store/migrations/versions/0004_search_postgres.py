"""Full-text search on PostgreSQL: ``search_index`` with a generated tsvector and a GIN index.

The PostgreSQL counterpart of 0003 (which made the FTS5 table on SQLite): the same
table name and the same rows, one per current article (title, text, outlet) and per
quote of one (text, speaker), so the writer keeps both in sync with the same
statements. ``document`` is computed by PostgreSQL from the other columns with the
``english`` configuration: title weighted A, outlet and speaker B, text C. It is
filled here from what is already stored. On any other dialect this revision does
nothing.

Frozen as of this revision (never import the live store code here).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The two private-use characters that mark matches in snippets: never left in indexed text.
MARKERS = (0xE000, 0xE001)

CURRENT = "NOT EXISTS (SELECT 1 FROM articles AS later WHERE later.previous_id = articles.id)"


def weighted(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('english'::regconfig, coalesce({column}, '')), '{weight}')"


DOCUMENT = " || ".join([weighted("title", "A"), weighted("outlet", "B"), weighted("speaker", "B"),
                        weighted("text", "C")])


def clean(column: str) -> str:
    """SQL for ``column`` without the marker characters (column names only: no input)."""
    expression = column
    for code in MARKERS:
        expression = f"replace({expression}, chr({code}), '')"
    return expression


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE search_index ("
        "article_id TEXT NOT NULL, position INTEGER, kind TEXT NOT NULL, "
        "title TEXT, text TEXT, outlet TEXT, speaker TEXT, "
        f"document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED, "
        "CONSTRAINT fk_search_index_article_id_articles FOREIGN KEY (article_id) "
        "REFERENCES articles (id) ON DELETE CASCADE)"
    )
    op.execute("CREATE INDEX ix_search_index_document ON search_index USING gin (document)")
    op.execute("CREATE INDEX ix_search_index_article_id ON search_index (article_id)")
    op.execute(
        "INSERT INTO search_index (article_id, position, kind, title, text, outlet, speaker) "
        f"SELECT id, NULL, 'article', {clean('title')}, {clean('text')}, {clean('outlet')}, NULL "
        f"FROM articles WHERE {CURRENT}"
    )
    op.execute(
        "INSERT INTO search_index (article_id, position, kind, title, text, outlet, speaker) "
        f"SELECT quotes.article_id, quotes.position, 'quote', NULL, {clean('quotes.text')}, NULL, "
        f"{clean('quotes.speaker')} FROM quotes JOIN articles ON articles.id = quotes.article_id WHERE {CURRENT}"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_index")
