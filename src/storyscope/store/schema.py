"""The database schema as SQLAlchemy Core tables: the one source of truth.

Portable types only (Text, Integer, Double, Boolean, DateTime, JSON), so the
same tables run on SQLite and PostgreSQL. Constraint names come from one naming
convention, so migrations and reflection agree on every dialect.

Each child table holds one tuple of a ``ProcessedArticle`` (``article.boilerplate``
or a tuple of the analysis), one row per record, keyed by article id and the
record's position in the tuple. Its value columns are named exactly like the
fields of the model record, which is what lets ``codec`` map rows generically.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("outlet_basis", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("dateline", sa.Text),
    sa.Column("published", sa.Text, index=True),
    sa.Column("published_inferred", sa.Boolean, nullable=False),
    sa.Column("fetched", sa.Text),
    sa.Column("published_basis", sa.Text),
    sa.Column("stated_day", sa.Text),
    sa.Column("title_basis", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("extra", sa.JSON, nullable=False),
    sa.Column("model", sa.Text),
    sa.Column("phrases", sa.JSON),  # the analysis's label candidates, [[start, end, head], ...]
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("previous_id", sa.Text, sa.ForeignKey("articles.id"), index=True),
    sa.Column("diff", sa.Text),
    # Two writers that race to add a new version of one URL cannot both win.
    sa.UniqueConstraint("url", "version"),
)


def _child(name: str, *columns: sa.Column) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        *columns,
    )


def _span() -> tuple[sa.Column, ...]:
    """start, end and sentence: where a mention sits in the article body."""
    return (
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
    )


residue_lines = _child(
    "residue_lines",
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
)

sentences = _child(
    "sentences",
    sa.Column("index", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
)

entities = _child(
    "entities",
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    *_span(),
    sa.Column("canonical", sa.Text, nullable=False),
)

quotes = _child(
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

dates = _child(
    "dates",
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Text),
    sa.Column("precision", sa.Text),
    *_span(),
    sa.Column("relative", sa.Boolean, nullable=False),
)

numbers = _child(
    "numbers",
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.Text),
    sa.Column("qualifier", sa.Text),
    *_span(),
)

failures = sa.Table(
    "failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

outlet_lines = sa.Table(
    "outlet_lines",
    metadata,
    sa.Column("outlet", sa.Text, primary_key=True),
    sa.Column("line_hash", sa.Text, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

# Stories and events: the clustering's latest result, replaced whole on each run.
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("position", sa.Integer, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("story_id", sa.Text, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("title", sa.Text),
    sa.Column("date", sa.Text),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("first_date", sa.Text),
    sa.Column("last_date", sa.Text),
)

story_members = sa.Table(
    "story_members",
    metadata,
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.Text, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    # indexed: deleting an event looks up its members (an incremental run deletes a few stories)
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    # the publication day the story gives a page that states none (cluster/dating.py)
    sa.Column("published", sa.Text),
    sa.Column("published_basis", sa.Text),
    sa.Column("published_sources", sa.JSON),
    sa.Column("dates", sa.JSON),  # the page's date mentions read against that day
)

# A reader's corrections (merge, split, rename), replayed on every clustering run.
story_edits = sa.Table(
    "story_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("article_id", sa.Text, nullable=False),
    sa.Column("other_id", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# Readers' corrections of outlet names, applied to every page of the outlet (store/outlet_names.py).
outlet_renames = sa.Table(
    "outlet_renames",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("old", sa.Text, nullable=False),
    sa.Column("new", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# Story dossiers as last computed, shared by every server process and kept across restarts. A row
# serves while its fingerprint (what the dossier was computed from) still matches; no foreign key:
# a clustering run replaces every story row, and a story it finds again keeps its dossier.
dossiers = sa.Table(
    "dossiers",
    metadata,
    sa.Column("story_id", sa.Text, primary_key=True),
    sa.Column("fingerprint", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # the dossier as JSON text, served as it is
    sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
)

# What clustering reads of each stored article, computed when it is stored (store/clustering.py).
# Features are kept for every version; band keys and term counts for current versions only.
cluster_features = sa.Table(
    "cluster_features",
    metadata,
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("terms", sa.Text, nullable=False),  # content words in text order, separated by spaces
    sa.Column("lead", sa.Text, nullable=False),  # those of its headline and first sentences
    sa.Column("names", sa.JSON, nullable=False),  # canonical names it mentions
    sa.Column("dating", sa.JSON, nullable=False),  # its own days and the day mentions it leaves open
    sa.Column("signature", sa.LargeBinary, nullable=False),  # its blocking keys' MinHash rows, uint32
)

# Each current article's value in each LSH band, indexed to find the stored articles a new one
# shares a band with.
band_keys = sa.Table(
    "band_keys",
    metadata,
    sa.Column("article_id", sa.Text, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Index(None, "band", "value"),
)

# How many current articles hold each term: in their words ("text"), their lead ("lead"), their
# names ("name"), their blocking keys ("key"). TF-IDF of any article without a fit over the corpus.
term_counts = sa.Table(
    "term_counts",
    metadata,
    sa.Column("field", sa.Text, primary_key=True),
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Index(None, "field", "articles"),
)

# Work an upgrade left for the store to do with live code (never in a migration): a row per job.
backfills = sa.Table(
    "backfills",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
)

# Articles accepted from the web app and not yet (or already) added: a job's inputs and progress
# as JSON text, kept so that a server stopped mid-job resumes it on start (web/intake.py, web/jobs.py).
# ``seq`` is the submission order, which is also the order the jobs run in.
jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("state", sa.Text, nullable=False),  # queued | running | clustering | done
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)
