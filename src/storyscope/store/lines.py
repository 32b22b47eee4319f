"""Lines that recur across one outlet's pages: menus, footers, promos.

Each stored article counts each distinct line of its page (residue and body)
once for its outlet. A new version of a page counts only the lines its previous
version did not have, so re-fetching an edited page does not make its own body
look like boilerplate.

The key is the sha1 of the line with whitespace collapsed and case folded, the
same key ``normalize.residue.line_key`` computes when it asks for the counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa

from ..normalize.residue import line_key
from .dialect import insert
from .schema import articles, outlet_lines, residue_lines


def page_keys(residue: Iterable[str], body: str) -> set[str]:
    """The keys of every non-blank line of a page: its residue lines and its body lines."""
    return {line_key(line) for line in [*residue, *body.split("\n")] if line.strip()}


def add_counts(conn: sa.Connection, counts: Mapping[str, Mapping[str, int]]) -> None:
    """Add ``counts`` (outlet -> line key -> pages newly carrying it) in one statement."""
    rows = [{"outlet": outlet, "line_hash": key, "count": n}
            for outlet in sorted(counts) for key, n in sorted(counts[outlet].items())]
    if not rows:
        return
    stmt = insert(conn, outlet_lines)
    stmt = stmt.on_conflict_do_update(
        index_elements=[outlet_lines.c.outlet, outlet_lines.c.line_hash],
        set_={"count": outlet_lines.c["count"] + stmt.excluded["count"]},
    )
    conn.execute(stmt, rows)


def counting_outlet(given: str | None, url: str | None) -> str | None:
    """Whose pages a page's lines are counted with: the outlet the collector gave, else the host
    of its address (what is known before the page is read; the page's own name for itself may
    only be found by cleaning it, which needs these counts). None: not counted."""
    from ..normalize.metadata import outlet_from_url

    return given or outlet_from_url(url)


def counts(conn: sa.Connection, outlet: str) -> dict[str, int]:
    query = sa.select(outlet_lines.c.line_hash, outlet_lines.c["count"]).where(outlet_lines.c.outlet == outlet)
    return {key: count for key, count in conn.execute(query)}


def stored_page_keys(conn: sa.Connection, outlet: str, pages: Sequence[str]) -> dict[str, set[str]]:
    """Per page (address, or source when it has none) among ``pages`` of ``outlet`` already stored,
    the keys of every line of its stored versions (what ``add_counts`` counted for it). Pages are
    found by address: the stored outlet name may be the page's own, not the counting key."""
    a = articles.c
    found: dict[str, set[str]] = {}
    for start in range(0, len(pages), 500):
        chunk = list(pages[start : start + 500])
        page = sa.func.coalesce(a.url, a.source)
        rows = conn.execute(
            sa.select(a.id, page, a.text)
            .where(sa.or_(a.url.in_(chunk), sa.and_(a.url.is_(None), a.source.in_(chunk))))
        ).all()
        residue: dict[str, list[str]] = {}
        if rows:
            query = sa.select(residue_lines.c.article_id, residue_lines.c.text).where(
                residue_lines.c.article_id.in_([r[0] for r in rows]))
            for article_id, text in conn.execute(query):
                residue.setdefault(article_id, []).append(text)
        for article_id, name, text in rows:
            found.setdefault(name, set()).update(page_keys(residue.get(article_id, []), text))
    return found
