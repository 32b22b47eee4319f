"""Upload jobs kept in the store, so an accepted upload survives a restart of the server.

- ``jobs``: one row per job the web app accepted, in submission order (``seq``), with its state
  and its inputs and progress as JSON text; the uploaded files wait in the spool directory.

Frozen as of this revision (never import the live schema here).

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("seq", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_jobs"),
        sa.UniqueConstraint("id", name="uq_jobs_id"),
    )


def downgrade() -> None:
    op.drop_table("jobs")
