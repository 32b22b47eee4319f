"""Stories, events, their members, and readers' story edits.

A frozen snapshot as of this revision (never import the live schema here).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_events_story_id_stories", ondelete="CASCADE"),
    )
    op.create_index("ix_events_story_id", "events", ["story_id"])
    op.create_table(
        "story_members",
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_members"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_story_members_article_id_articles",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name="fk_story_members_story_id_stories",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_story_members_event_id_events",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_story_members_story_id", "story_members", ["story_id"])
    op.create_table(
        "story_edits",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("article_id", sa.Text, nullable=False),
        sa.Column("other_id", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_story_edits"),
    )


def downgrade() -> None:
    op.drop_table("story_edits")
    op.drop_index("ix_story_members_story_id", "story_members")
    op.drop_table("story_members")
    op.drop_index("ix_events_story_id", "events")
    op.drop_table("events")
    op.drop_table("stories")
