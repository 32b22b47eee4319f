"""Readers' corrections of outlet names: "sg.news.example.com" is "Example News", for every page.

A correction is stored (and so kept across re-runs) and applied at once to every stored page of
that outlet, in the articles and the search index; pages stored later under the old name take the
new one as they are written. Corrections chain: renaming A to B and then B to C makes A, C too.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from . import search
from .schema import articles, outlet_renames


def rename(conn: sa.Connection, old: str, new: str, at: datetime) -> int:
    """Record the correction and apply it to every stored page of ``old``; how many pages."""
    conn.execute(outlet_renames.insert().values(old=old, new=new, at=at))
    changed = conn.execute(articles.update().where(articles.c.outlet == old).values(outlet=new)).rowcount
    search.rename_outlet(conn, old, new)
    return changed


def corrections(conn: sa.Connection) -> dict[str, str]:
    """Old name -> the name it has now (chains followed, the latest correction of a name winning)."""
    direct: dict[str, str] = {}
    for row in conn.execute(sa.select(outlet_renames.c.old, outlet_renames.c.new).order_by(outlet_renames.c.id)):
        direct[row.old] = row.new
    resolved = {}
    for old in direct:
        name, seen = old, {old}
        while name in direct and direct[name] not in seen:
            name = direct[name]
            seen.add(name)
        if name != old:
            resolved[old] = name
    return resolved
