"""Search ranks a page in its index alone, with the filters tested before a match is ranked.

The filters (an outlet, publication days, a speaker) get their values beside each index row, so
that a match can be dropped without reading its article: the article's outlet and its
publication day (the first ten characters of ``published``); the speaker is in the index already.

- SQLite: ``search_filters``, one row per row of the FTS5 table ``search_index`` (``row`` = its
  rowid), with the article's id, outlet and day and the quote's speaker (NULL for an article).
  FTS5 reads its own stored columns row by row, so a filter tested there costs more than
  ranking; this table is read by primary key.
- PostgreSQL: ``search_index.filter_outlet`` and ``filter_day``; ``heavy``, the row's lexemes
  whose rank alone (``ts_rank_cd(document, 'lexeme', 1)``) reaches a tier ``t`` of 2^(-t/2),
  t = 0…7, as ``"lexeme t"`` with the best tier reached (with a margin of one part in a million
  in its favour), GIN-indexed, for the search's first cut; and ``document`` is kept in the row
  (storage MAIN) instead of the TOAST table, where most articles' tsvectors went (over 2 kB), so
  that ranking a match reads one relation. ``heavy`` is generated from the same expression as
  ``document`` (a generated column cannot read another). CLUSTER rewrites the table, which moves
  the stored tsvectors in line and drops the row versions the UPDATE below leaves.

Both are filled here from what is indexed; the writer keeps them in sync afterwards.

Frozen as of this revision (never import the live store code here).

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-20
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def weighted(column: str, weight: str) -> str:
    return f"setweight(to_tsvector('english'::regconfig, coalesce({column}, '')), '{weight}')"


# search_index.document as migration 0004 generates it
DOCUMENT = " || ".join([weighted("title", "A"), weighted("outlet", "B"), weighted("speaker", "B"),
                        weighted("text", "C")])

# A lexeme's rank alone is the sum of its positions' weights (A 1, B 0.4, C 0.2, D 0.1, as
# ts_rank_cd weighs them) over the log of the row's length plus one (its count of positions).
HEAVY_FUNCTION = """
CREATE FUNCTION search_index_heavy(document tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(lexeme || ' ' || greatest(ceil(2 * ln(0.999999 / rank) / ln(2)), 0)::int), '{}')
  FROM (
    SELECT u.lexeme,
           coalesce((SELECT sum(CASE w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2 ELSE 0.1 END)
                     FROM unnest(u.weights) AS w), 0.1)::float8
             / ln(sum(greatest(cardinality(u.positions), 1)) OVER () + 1) AS rank
    FROM unnest(document) AS u
  ) AS alone
  WHERE rank >= 0.999999 * 2 ^ (-7 / 2.0)
$$
"""


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE TABLE search_filters (row INTEGER PRIMARY KEY, article_id TEXT NOT NULL, "
                   "outlet TEXT, day TEXT, speaker TEXT)")
        op.execute("CREATE INDEX ix_search_filters_article_id ON search_filters (article_id)")
        op.execute("INSERT INTO search_filters (row, article_id, outlet, day, speaker) "
                   "SELECT search_index.rowid, search_index.article_id, articles.outlet, "
                   "substr(articles.published, 1, 10), search_index.speaker "
                   "FROM search_index JOIN articles ON articles.id = search_index.article_id")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE search_index ADD COLUMN filter_outlet TEXT, ADD COLUMN filter_day TEXT")
        op.execute("UPDATE search_index SET filter_outlet = articles.outlet, "
                   "filter_day = substr(articles.published, 1, 10) "
                   "FROM articles WHERE articles.id = search_index.article_id")
        op.execute(HEAVY_FUNCTION)
        op.execute(f"ALTER TABLE search_index ADD COLUMN heavy TEXT[] GENERATED ALWAYS AS "
                   f"(search_index_heavy({DOCUMENT})) STORED")
        op.execute("CREATE INDEX ix_search_index_heavy ON search_index USING gin (heavy)")
        op.execute("ALTER TABLE search_index ALTER COLUMN document SET STORAGE MAIN")
        op.execute("CLUSTER search_index USING ix_search_index_article_id")


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE search_filters")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE search_index ALTER COLUMN document SET STORAGE EXTENDED")
        op.execute("ALTER TABLE search_index DROP COLUMN heavy, DROP COLUMN filter_outlet, DROP COLUMN filter_day")
        op.execute("DROP FUNCTION search_index_heavy(tsvector)")
