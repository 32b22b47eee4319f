"""Nothing computed when a page is viewed that ingest or an earlier view could compute.

- ``articles.phrases``: the word-choice label candidates ingest finds (``analysis.phrases``), a
  JSON list of ``[start, end, head]``; NULL for the pages stored before this revision, whose
  candidates are found when a dossier first needs them and then written here.
- ``dossiers``: each story's dossier as last computed, with the fingerprint of what it was
  computed from (members, titles, outlets, days), shared by every server process.

Frozen as of this revision (never import the live schema here).

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, never batch mode (see 0005: rebuilding ``articles`` would cascade deletes)
    op.add_column("articles", sa.Column("phrases", sa.JSON))
    op.create_table(
        "dossiers",
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("story_id", name="pk_dossiers"),
    )


def downgrade() -> None:
    op.drop_table("dossiers")
    op.drop_column("articles", "phrases")
