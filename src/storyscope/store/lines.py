"""Lines that recur across one outlet's pages: menus, footers, promos.

Each stored article counts each distinct line of its page (residue and body)
once for its outlet. A new version of a page counts only the lines its previous
version did not have, so re-fetching an edited page does not make its own body
look like boilerplate.

The key is the sha1 of the line with whitespace collapsed and case folded, the
same key ``normalize.residue.line_key`` computes when it asks for the counts.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ..normalize.residue import line_key
from .dialect import insert
from .schema import outlet_lines


def page_keys(residue: Iterable[str], body: str) -> set[str]:
    """The keys of every non-blank line of a page: its residue lines and its body lines."""
    return {line_key(line) for line in [*residue, *body.split("\n")] if line.strip()}


def add_counts(conn: sa.Connection, outlet: str, keys: Iterable[str]) -> None:
    rows = [{"outlet": outlet, "line_hash": key, "count": 1} for key in sorted(keys)]
    if not rows:
        return
    stmt = insert(conn, outlet_lines)
    stmt = stmt.on_conflict_do_update(
        index_elements=[outlet_lines.c.outlet, outlet_lines.c.line_hash],
        set_={"count": outlet_lines.c["count"] + stmt.excluded["count"]},
    )
    conn.execute(stmt, rows)


def counts(conn: sa.Connection, outlet: str) -> dict[str, int]:
    query = sa.select(outlet_lines.c.line_hash, outlet_lines.c["count"]).where(outlet_lines.c.outlet == outlet)
    return {key: count for key, count in conn.execute(query)}
