"""Where the store is: what a user may write for it, and whether it exists yet.

    database_url("x.db")                   -> "sqlite:///x.db"
    database_url("postgres://u@h/db")      -> "postgresql+psycopg://u@h/db"
    database_url("sqlite:///x.db")         -> unchanged (any SQLAlchemy URL passes)
    require_existing("sqlite:///x.db")     NotFound "no such database: x.db" if the file is missing

Reading commands call ``require_existing`` so that a misspelt name says so instead of creating
an empty database (and its folders) and listing nothing.
"""

from __future__ import annotations

import os

from ..errors import ConfigError, NotFound

POSTGRES_DRIVER = "postgresql+psycopg"  # the driver the store is installed with (psycopg 3)
_POSTGRES_SHORT = ("postgres://", "postgresql://")
HOW_TO_WRITE = "write a file path (storyscope.db), sqlite:///path/to/file.db or postgresql://user@host:5432/dbname"


def database_url(text: str) -> str:
    """The SQLAlchemy URL for what a user wrote: a plain path is a SQLite file, postgres:// and
    postgresql:// mean PostgreSQL through psycopg; raises ConfigError saying what to write."""
    text = text.strip()
    if not text:
        raise ConfigError(f"no database given: {HOW_TO_WRITE}")
    lowered = text.lower()
    for short in _POSTGRES_SHORT:
        if lowered.startswith(short):
            return f"{POSTGRES_DRIVER}://{text[len(short):]}"
    if "://" not in text and not lowered.startswith("sqlite:"):
        return "sqlite:///" + text  # relative stays relative; an absolute path gives sqlite:////abs
    import sqlalchemy as sa

    try:
        sa.make_url(text)
    except sa.exc.ArgumentError:
        raise ConfigError(f"cannot read database {text!r}: {HOW_TO_WRITE}") from None
    return text


def sqlite_file(url: str) -> str | None:
    """The file a SQLite URL names, or None (not SQLite, in memory, or a file: URI)."""
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def require_existing(url: str) -> str:
    """``url`` normalised, after checking that its SQLite file exists (a PostgreSQL database that
    does not exist fails on connecting, with the server's own message)."""
    url = database_url(url)
    path = sqlite_file(url)
    if path is not None and not os.path.isfile(path):
        raise NotFound(f"no such database: {path}")
    return url
