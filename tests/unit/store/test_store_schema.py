"""Migrations, dialect portability and SQLite connection settings."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import fields

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storyscope.errors import ConfigError
from storyscope.store import Store
from storyscope.store.codec import ARTICLE_FIELDS, CHILDREN
from storyscope.store.engine import BUSY_TIMEOUT_S, writing
from storyscope.store.migrate import alembic_config
from storyscope.store.schema import articles, metadata
from storyscope.store.search import is_index_table

from store_samples import only_sqlite


def not_search_index(name, type_, _parent_names) -> bool:
    # Excluded on purpose: migration 0003 creates the FTS5 table `search_index` by hand (SQLite
    # only, so it is not in `metadata`) and FTS5 keeps its data in shadow tables beside it;
    # migration 0004 creates PostgreSQL's `search_index` (tsvector + GIN) by hand too, and 0007
    # SQLite's `search_filters` beside the FTS5 table.
    # Reflected, they would all read as tables to remove. test_search_index_exists checks them.
    return not (type_ == "table" and is_index_table(name))


def diffs(engine: sa.Engine, target: sa.MetaData) -> list:
    opts = {"compare_type": True, "include_name": not_search_index}
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts=opts), target)


def test_migrated_schema_equals_metadata(store):
    assert diffs(store.engine, metadata) == []


SEARCH_TABLES = {
    "sqlite": {"search_index", "search_index_data", "search_index_idx", "search_index_content",
               "search_index_docsize", "search_index_config",  # FTS5 and its shadow tables
               "search_filters"},  # what the filters test, per index row (migration 0007)
    "postgresql": {"search_index"},  # a plain table with a generated tsvector column
}


def test_search_index_exists_and_is_all_that_is_excluded(store, backend):
    tables = set(sa.inspect(store.engine).get_table_names())
    excluded = {name for name in tables if is_index_table(name)}
    assert excluded == SEARCH_TABLES[backend]
    assert tables - excluded == set(metadata.tables) | {"alembic_version"}


def test_comparison_is_not_vacuous(store):
    changed = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    sa.Table("articles", changed, sa.Column("surprise", sa.Text), extend_existing=True)
    assert [d[0] for d in diffs(store.engine, changed)] == ["add_column"]


def test_reopening_keeps_the_database_at_head(store_url, article):
    url = store_url
    with Store.open(url) as first:
        first.add(article("aaaa0001"))
    with Store.open(url) as second:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with second.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head
        assert second.counts()["articles"] == 1


def test_alembic_can_also_migrate_by_url(store_url):
    url = store_url
    command.upgrade(alembic_config(url=url), "head")
    engine = sa.create_engine(url)
    try:
        assert diffs(engine, metadata) == []
    finally:
        engine.dispose()


def test_missing_parent_folder_is_created(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'deep' / 'er' / 'store.db'}") as opened:
        assert opened.counts()["articles"] == 0


def test_bad_url_is_a_config_error():
    """A URL of a database storyscope has no driver for (a plain path is a SQLite file: location.py)."""
    with pytest.raises(ConfigError, match="write a file path"):
        Store.open("nosuchdialect://someone@host/db")


@only_sqlite  # SQLite's pragmas
def test_sqlite_connection_settings(store):
    with store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == BUSY_TIMEOUT_S * 1000 == 120_000


@only_sqlite  # SQLite's BEGIN IMMEDIATE; PostgreSQL writers lock rows, see test_store_concurrency
def test_write_transactions_take_the_write_lock_at_begin(store, tmp_path):
    other = sqlite3.connect(tmp_path / "store.db", timeout=0.05, isolation_level=None)
    try:
        with writing(store.engine):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the writer committed
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_migrations_render_for_postgresql():
    out = io.StringIO()
    config = alembic_config(url="postgresql+psycopg://user@host/storyscope")
    config.output_buffer = out
    command.upgrade(config, "head", sql=True)
    sql = out.getvalue()
    assert "extra JSON NOT NULL" in sql
    assert "ingested_at TIMESTAMP WITH TIME ZONE NOT NULL" in sql
    assert "id SERIAL NOT NULL" in sql
    assert "DATETIME" not in sql and "AUTOINCREMENT" not in sql


def test_child_tables_mirror_model_records():
    for child in CHILDREN:
        assert [c.name for c in child.table.columns][2:] == list(child.names), child.table.name
    assert set(ARTICLE_FIELDS) | {"model", "phrases", "ingested_at", "version", "previous_id", "diff"} == set(articles.c.keys())
    assert {f.name for f in fields(CHILDREN[0].record)} == {"text", "reason", "line"}
