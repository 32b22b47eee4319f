"""What clustering needs of each article, stored when it is stored.

- ``cluster_features``: an article's words, lead words, names and dating facts, and the MinHash
  rows of its blocking keys (every version).
- ``band_keys``: each current article's LSH band values, indexed by (band, value).
- ``term_counts``: how many current articles hold each term, per field.
- ``backfills``: a store that already holds articles gets a "cluster_features" row here; the
  store computes those articles' features with live code the first time it is opened.
- ``story_members.event_id`` indexed: an incremental run deletes a few stories among many, and
  each deleted event looks up its members (without the index, a scan of every member per event).

Frozen as of this revision (never import the live schema here).

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster_features",
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("terms", sa.Text, nullable=False),
        sa.Column("lead", sa.Text, nullable=False),
        sa.Column("names", sa.JSON, nullable=False),
        sa.Column("dating", sa.JSON, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_cluster_features"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_cluster_features_article_id_articles",
                                ondelete="CASCADE"),
    )
    op.create_table(
        "band_keys",
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "band", name="pk_band_keys"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_band_keys_article_id_articles",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_band_keys_band_value", "band_keys", ["band", "value"])
    op.create_table(
        "term_counts",
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("term", sa.Text, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("field", "term", name="pk_term_counts"),
    )
    op.create_index("ix_term_counts_field_articles", "term_counts", ["field", "articles"])
    op.create_index("ix_story_members_event_id", "story_members", ["event_id"])
    op.create_table(
        "backfills",
        sa.Column("name", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_backfills"),
    )
    # one statement, so the migration renders as SQL too (``alembic upgrade --sql``)
    op.execute("INSERT INTO backfills (name) SELECT 'cluster_features' WHERE EXISTS (SELECT 1 FROM articles)")


def downgrade() -> None:
    op.drop_table("backfills")
    op.drop_index("ix_story_members_event_id", "story_members")
    op.drop_index("ix_term_counts_field_articles", "term_counts")
    op.drop_table("term_counts")
    op.drop_index("ix_band_keys_band_value", "band_keys")
    op.drop_table("band_keys")
    op.drop_table("cluster_features")
