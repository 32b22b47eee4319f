"""PostgreSQL's first cut: rank only the rows where a word of the query alone ranks high, with
a bound that proves nothing outside them can reach the page.

Migration 0008 stores, for each index row (``search_index.heavy``), its heavy lexemes: each
lexeme of the row whose rank alone, ``ts_rank_cd(document, 'lexeme', 1)``, reaches at least
``TIERS[-1]``, as ``"lexeme t"`` with ``t`` its tier: the first of ``TIERS`` it reaches, with a
margin of one part in a million in its favour. A GIN index finds the rows holding any of a set of
such tokens.

The bound. For a query made only of lexemes joined by & and | (no !, no <->, no weights or
prefixes), the rank of a row is at most the sum of its query lexemes' ranks alone. (ts_rank_cd
adds, for each cover, the harmonic mean of its positions' weights divided by one plus its noise
words, then divides by the log of the row's length, the same for every lexeme. The harmonic mean
is at most the arithmetic mean. The covers of such a query have strictly increasing first and last
positions, so a position found in m covers lies in m covers of m or more positions each, and its
weight is counted at most once over all covers. Summed, the covers give at most the weights of the
query lexemes' positions, which is the sum of their ranks alone.) ``tests/unit/store`` checks the
bound on random texts and queries.

So, with k distinct lexemes: a row holding no query lexeme of tier t or better ranks below
k × TIERS[t]. The first cut ranks the rows of each tier in turn, from the top (the rows holding a
query lexeme of that tier), keeping the best of each; once it holds a whole page whose last rank
is at least k × TIERS[t], no row it has not ranked can enter the page or tie with its last row.
Each matching row is ranked at most once on the way; when no tier proves the page, every match
is ranked after all (the cut has then cost about as much again as that ranking, at most). For a
word found in every article it ranks a few thousand rows instead of tens of thousands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

TIERS = tuple(2 ** (-tier / 2) for tier in range(8))  # 1, 0.71, 0.5, … 0.088: as in migration 0008


def plain_lexemes(tsquery: str) -> list[str] | None:
    """The distinct lexemes of a tsquery as PostgreSQL writes it (``'a' & ( 'b' | 'c' )``, quotes and
    backslashes in a lexeme doubled), or None unless it is only lexemes, &, | and parentheses."""
    lexemes, at = [], 0
    while at < len(tsquery):
        char = tsquery[at]
        if char in " &|()":
            at += 1
            continue
        if char != "'":
            return None  # !, <->, <N>
        lexeme, at = [], at + 1
        while at < len(tsquery) and not (tsquery[at] == "'" and tsquery[at + 1:at + 2] != "'"):
            doubled = tsquery[at] in "'\\"
            lexeme.append(tsquery[at])
            at += 2 if doubled else 1
        if at >= len(tsquery) or tsquery[at + 1:at + 2] == ":":
            return None  # unterminated, or a weight or prefix (:A, :*) follows
        lexemes.append("".join(lexeme))
        at += 1
    return list(dict.fromkeys(lexemes)) or None


def tokens(lexemes: Sequence[str], tiers: Iterable[int]) -> list[str]:
    """The heavy tokens of ``lexemes`` at these tiers."""
    return [f"{lexeme} {tier}" for lexeme in lexemes for tier in tiers]


def first_cut(lexemes: Sequence[str], needed: int, best: Callable[[list[str]], dict]) -> dict | None:
    """Rows that hold the first ``needed`` rows of the whole ranking, each with its rank, or None
    when no tier proves it. ``best(tokens)``: the best ``needed`` matching rows holding one of
    ``tokens``, as {row: ts_rank_cd (higher is better)}."""
    found: dict = {}
    for tier, threshold in enumerate(TIERS):
        found |= best(tokens(lexemes, [tier]))
        if len(found) >= needed and sorted(found.values(), reverse=True)[needed - 1] >= len(lexemes) * threshold:
            return found
    return None
