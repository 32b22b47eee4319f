"""Full-text search: an FTS5 table over current articles and their quotes (SQLite only).

One virtual table, ``search_index``: a row per current article (title, text,
outlet) and per quote of one (text, speaker); kind, article_id and position
are stored, not indexed. It is filled here from what is already stored; the
writer keeps it in sync afterwards. On any other dialect this revision does
nothing (PostgreSQL gets its own equivalent later) and search says so.

Frozen as of this revision (never import the live store code here).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The two private-use characters that mark matches in snippets: never left in indexed text.
MARKERS = (0xE000, 0xE001)

CURRENT = "NOT EXISTS (SELECT 1 FROM articles AS later WHERE later.previous_id = articles.id)"


def clean(column: str) -> str:
    """SQL for ``column`` without the marker characters (column names only: no input)."""
    expression = column
    for code in MARKERS:
        expression = f"replace({expression}, char({code}), '')"
    return expression


def upgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "article_id UNINDEXED, position UNINDEXED, kind UNINDEXED, title, text, outlet, speaker, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
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
    if op.get_context().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_index")
