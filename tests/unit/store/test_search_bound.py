"""PostgreSQL's first cut (store/search/heavy.py): the tokens it reads, the bound it rests on,
and the order in which it tries tiers.

The bound: for a query of lexemes joined by & and |, a row's ts_rank_cd is at most the sum of its
query lexemes' ts_rank_cd alone. Checked on random texts and random queries against PostgreSQL's
own ts_rank_cd; and each row's heavy tokens against ts_rank_cd of each of its lexemes.
"""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from storyscope.store.search import heavy

from test_search_pages import WORDS, corpus

ONLY_POSTGRESQL = pytest.mark.parametrize("backend", ["postgresql"])  # the first cut is PostgreSQL's


@pytest.mark.parametrize("written, lexemes", [
    ("'harbour'", ["harbour"]),
    ("'harbour' & 'pier'", ["harbour", "pier"]),
    ("'a' | ( 'b' & 'c' ) | 'a'", ["a", "b", "c"]),
    ("'o''brien' & 'back\\\\slash'", ["o'brien", "back\\slash"]),
    ("'it''s'", ["it's"]),
])
def test_plain_queries_give_their_lexemes(written, lexemes):
    assert heavy.plain_lexemes(written) == lexemes


@pytest.mark.parametrize("written", ["", "!'pier'", "'harbour' & !'pier'", "'foreign' <-> 'minist'",
                                     "'a' <2> 'b'", "'pier':*", "'pier':AB", "'pier' & 'harb':*", "'unclosed"])
def test_anything_but_lexemes_and_or_is_not_plain(written):
    assert heavy.plain_lexemes(written) is None


@ONLY_POSTGRESQL
def test_lexemes_as_postgresql_writes_them(store):
    with store._read() as conn:
        written = conn.scalar(sa.text("SELECT (E'''o''''brien'' & ''back\\\\\\\\slash'' | ''x''')::tsquery::text"))
    assert heavy.plain_lexemes(written) == ["o'brien", "back\\slash", "x"]


def test_tiers_are_tried_from_the_top_until_one_proves_the_page():
    tried = []
    ranks = {0: {}, 1: {"r1": 0.72}, 2: {"r2": 0.6, "r3": 0.3}, 3: {"r4": 0.4}}

    def best(tokens):
        tier = int(tokens[0].split()[-1])
        tried.append(tier)
        return ranks.get(tier, {})

    # one lexeme, two rows needed: after tier 2 the second best is 0.6 >= TIERS[2] = 0.5
    assert heavy.first_cut(["pier"], 2, best) == {"r1": 0.72, "r2": 0.6, "r3": 0.3}
    assert tried == [0, 1, 2]
    # two lexemes: the bound doubles; 0.6 falls short of 2 * 0.5 and 2 * 0.35, reaches 2 * 0.25
    tried.clear()
    assert heavy.first_cut(["pier", "harbour"], 2, best) is not None and tried == [0, 1, 2, 3, 4]
    # five rows needed, four found in all: None (every match is ranked)
    assert heavy.first_cut(["pier", "harbour"], 5, best) is None


def test_tokens_name_a_lexeme_and_a_tier():
    assert heavy.tokens(["pier", "o'brien"], [0, 3]) == ["pier 0", "pier 3", "o'brien 0", "o'brien 3"]


@pytest.fixture
def indexed(store, article):
    store.add_many(corpus(article, count=120, seed=5))
    return store


@ONLY_POSTGRESQL
def test_each_heavy_token_holds_the_rank_of_its_lexeme_alone(indexed):
    with indexed._read() as conn:
        rows = conn.execute(sa.text(
            "SELECT s.heavy, u.lexeme, ts_rank_cd(s.document, ('''' || u.lexeme || '''')::tsquery, 1) "
            "FROM search_index AS s, unnest(s.document) AS u")).all()
    assert len(rows) > 2000
    tiers_seen = set()
    for tokens, lexeme, rank in rows:
        tier = next((int(t.rsplit(" ", 1)[1]) for t in tokens if t.rsplit(" ", 1)[0] == lexeme), None)
        tiers_seen.add(tier)
        if tier is None:
            assert rank < heavy.TIERS[-1], (lexeme, rank)
        else:
            assert rank >= heavy.TIERS[tier] * (1 - 2e-6), (lexeme, rank, tier)
            assert tier == 0 or rank < heavy.TIERS[tier - 1], (lexeme, rank, tier)
    assert len(tiers_seen) >= 5  # ranks spread over the tiers, and below them


def random_query(rng: random.Random) -> str:
    """Two to four words joined by & and |, some in parentheses, for to_tsquery."""
    words = rng.sample(WORDS, rng.randint(2, 4))
    written = words[0]
    for word in words[1:]:
        operator = rng.choice(["&", "|"])
        written = f"({written}) {operator} {word}" if rng.random() < 0.3 else f"{written} {operator} {word}"
    return written


@ONLY_POSTGRESQL
def test_a_rank_is_at_most_the_sum_of_its_lexemes_ranks_alone(indexed):
    rng = random.Random(3)
    checked = close = 0
    with indexed._read() as conn:
        for _ in range(60):
            query = conn.scalar(sa.text("SELECT to_tsquery('english', :q)::text"), {"q": random_query(rng)})
            lexemes = heavy.plain_lexemes(query)
            alone = " + ".join(f"ts_rank_cd(document, CAST(:l{n} AS tsquery), 1)" for n in range(len(lexemes)))
            params = {"q": query} | {f"l{n}": f"'{lexeme}'" for n, lexeme in enumerate(lexemes)}
            pairs = conn.execute(sa.text(f"SELECT ts_rank_cd(document, CAST(:q AS tsquery), 1), {alone} "
                                         "FROM search_index WHERE document @@ CAST(:q AS tsquery)"), params).all()
            for rank, bound in pairs:
                assert rank <= bound * (1 + 1e-6), (query, rank, bound)
                close += rank > 0.9 * bound
            checked += len(pairs)
    assert checked > 1000 and close > 50  # many rows, and the bound is often nearly reached
