"""Alembic environment for storyscope's store.

Run by ``storyscope.store.migrate.upgrade`` with a connection already inside a
write transaction (``config.attributes["connection"]``); with no connection it
opens one from ``sqlalchemy.url``, and in offline mode (``--sql``) it renders
the SQL for that URL's dialect without connecting.
"""

from __future__ import annotations

from alembic import context

from storyscope.store.engine import create_engine, writing
from storyscope.store.schema import metadata
from storyscope.store.search import is_index_table

config = context.config


def include_name(name, type_, _parent_names) -> bool:
    """Autogenerate must not propose dropping the search table (migration 0003 makes it by hand
    with FTS5 on SQLite, 0004 with a tsvector on PostgreSQL; it is not in ``metadata``) nor the
    shadow tables FTS5 keeps beside it."""
    return not (type_ == "table" and is_index_table(name))


OPTIONS = {"target_metadata": metadata, "compare_type": True, "render_as_batch": True,
           "include_name": include_name}


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def migrate(connection) -> None:
    context.configure(connection=connection, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        migrate(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    try:
        with writing(engine) as connection:
            migrate(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
