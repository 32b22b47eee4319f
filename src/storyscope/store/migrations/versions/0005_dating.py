"""Where a publication day and a title come from, days a story gives its pages, event spans.

- ``articles.published_basis``: what gave the page's publication day ("given", "page metadata",
  "date line", "address", "text"); ``articles.title_basis``: "page", or "made from the lead" for
  a page without a headline; ``articles.stated_day``: a day the page's head gives for itself
  without a year ("Saturday 14 August"), for its story to complete.
- ``story_members``: the publication day a page's story gave it (when the page gives none), with
  its basis, the pages it came from and the page's date mentions read against it.
- ``events.first_date`` / ``last_date``: the days the event's pages report, first to last.
- ``outlet_renames``: readers' corrections of outlet names.

Frozen as of this revision (never import the live schema here).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD/DROP COLUMN (SQLite 3.35+), never batch mode: rebuilding ``articles``
# on SQLite would drop the old table, and with foreign keys on, that deletes every child row.
NEW_COLUMNS = {
    "articles": ("published_basis", "stated_day", "title_basis"),
    "events": ("first_date", "last_date"),
    "story_members": ("published", "published_basis", "published_sources", "dates"),
}
JSON_COLUMNS = {"published_sources", "dates"}


def upgrade() -> None:
    for table, columns in NEW_COLUMNS.items():
        for name in columns:
            op.add_column(table, sa.Column(name, sa.JSON if name in JSON_COLUMNS else sa.Text))
    op.create_table(
        "outlet_renames",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("old", sa.Text, nullable=False),
        sa.Column("new", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outlet_renames"),
    )


def downgrade() -> None:
    op.drop_table("outlet_renames")
    for table, columns in NEW_COLUMNS.items():
        for name in reversed(columns):
            op.drop_column(table, name)
