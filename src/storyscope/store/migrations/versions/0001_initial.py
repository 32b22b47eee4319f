"""Initial schema: articles with versions, their analysis records, failures, outlet lines.

A frozen snapshot of ``storyscope.store.schema`` as of this revision (never
import the live schema here: later revisions change it). A test checks that
upgrading to head yields exactly the live metadata.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CHILD_TABLES = ("residue_lines", "sentences", "entities", "quotes", "dates", "numbers")


def child_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f(f"fk_{name}_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "position", name=op.f(f"pk_{name}")),
    )


def span() -> tuple[sa.Column, ...]:
    return (
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("outlet_basis", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("dateline", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("fetched", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.Column("model", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("previous_id", sa.Text),
        sa.Column("diff", sa.Text),
        sa.ForeignKeyConstraint(["previous_id"], ["articles.id"], name=op.f("fk_articles_previous_id_articles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("url", "version", name=op.f("uq_articles_url_version")),
    )
    op.create_index(op.f("ix_articles_outlet"), "articles", ["outlet"])
    op.create_index(op.f("ix_articles_published"), "articles", ["published"])
    op.create_index(op.f("ix_articles_previous_id"), "articles", ["previous_id"])

    child_table(
        "residue_lines",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
    )
    child_table(
        "sentences",
        sa.Column("index", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    child_table(
        "entities",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        *span(),
        sa.Column("canonical", sa.Text, nullable=False),
    )
    child_table(
        "quotes",
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_kind", sa.Text, nullable=False),
        sa.Column("speaker_text", sa.Text),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
    )
    child_table(
        "dates",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("precision", sa.Text),
        *span(),
        sa.Column("relative", sa.Boolean, nullable=False),
    )
    child_table(
        "numbers",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Double, nullable=False),
        sa.Column("unit", sa.Text),
        sa.Column("qualifier", sa.Text),
        *span(),
    )

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    op.create_table(
        "outlet_lines",
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("line_hash", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("outlet", "line_hash", name=op.f("pk_outlet_lines")),
    )


def downgrade() -> None:
    op.drop_table("outlet_lines")
    op.drop_table("failures")
    for name in reversed(CHILD_TABLES):
        op.drop_table(name)
    op.drop_index(op.f("ix_articles_previous_id"), table_name="articles")
    op.drop_index(op.f("ix_articles_published"), table_name="articles")
    op.drop_index(op.f("ix_articles_outlet"), table_name="articles")
    op.drop_table("articles")
