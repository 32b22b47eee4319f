"""A page of search results is the page of the whole ranking, on SQLite and PostgreSQL.

``search`` ranks a page in the index alone (filters tested first; on PostgreSQL, for plain words,
only the rows of the first cut); ``statement`` is the whole ranking: every match joined to its
article, tested to be the latest version, filtered and ranked. They must give the same hits in
the same order, ties included, for every kind of query, filter, offset and page size.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from storyscope.model import Quote
from storyscope.store import search as search_module
from storyscope.store.search import tsvector
from storyscope.store.search.filters import Filters

WORDS = ["harbour", "pier", "council", "river", "flood", "ferry", "fishermen", "storm", "bridge", "market",
         "mayor", "budget", "school", "teacher", "strike", "train", "station", "valley"]
FILLER = ["the", "a", "new", "old", "on", "was", "and", "after", "of", "in", "town", "people", "said", "week"]
OUTLETS = ["Coast Courier", "Valley Times", "Rare Post"]
SPEAKERS = ["Maria Lund", "Olaf Berg", "Ines Varga", None]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS if rng.random() < 0.4 else FILLER) for _ in range(rng.randint(4, 14))]
    return " ".join(words).capitalize() + "."


def corpus(article, count: int = 240, seed: int = 11) -> list:
    """Articles of random lengths and word counts (so ranks vary), some copies of earlier ones
    (so ranks tie), quotes with their own words, three outlets (one rare) over three years."""
    rng = random.Random(seed)
    made = []
    for n in range(count):
        if made and n % 9 == 0:  # an exact copy: the same rank as its original
            original = made[rng.randrange(len(made))]
            made.append(dataclasses.replace(original, article=dataclasses.replace(original.article, id=f"{n:08x}")))
            continue
        text = "\n".join(sentence(rng) for _ in range(rng.randint(1, 12)))
        outlet = OUTLETS[2] if n % 23 == 5 else rng.choice(OUTLETS[:2])
        processed = article(f"{n:08x}", text=text, outlet=outlet,
                            published=f"{rng.choice([2023, 2024, 2025])}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
        quotes = tuple(Quote(speaker, "person", speaker, "said", sentence(rng), 0, 5, "indirect", 0)
                       for speaker in rng.sample(SPEAKERS, rng.randint(0, 3)))
        title = " ".join(rng.choice(WORDS + FILLER) for _ in range(rng.randint(2, 6)))
        made.append(dataclasses.replace(processed, article=dataclasses.replace(processed.article, title=title),
                                        analysis=dataclasses.replace(processed.analysis, quotes=quotes)))
    return made


@pytest.fixture
def varied(store, article):
    store.add_many(corpus(article))
    return store


QUERIES = {  # (SQLite, PostgreSQL): one search as each backend writes it
    "a common word": ("harbour", "harbour"),
    "another word": ("storm", "storm"),
    "two words": ("river flood", "river flood"),
    "three words": ("pier council market", "pier council market"),
    "either word": ("ferry OR bridge", "ferry OR bridge"),
    "a word and either of two": ("mayor AND (budget OR strike)", "mayor budget OR mayor strike"),
    "a phrase": ('"the harbour"', '"new pier"'),
    "a word but not another": ("station NOT train", "station -train"),
    "a speaker's name": ("Lund", "Lund"),
}
FILTERS = [{}, {"outlet": "Coast Courier"}, {"outlet": "Rare Post"}, {"since": "2024-01-01", "until": "2024-12-31"},
           {"since": "2025-05-01"}, {"speaker": "berg"}, {"outlet": "Valley Times", "until": "2023-12-31"}]
PAGES = [(10, 0), (30, 0), (20, 40), (50, 150)]


@pytest.mark.parametrize("name", QUERIES)
def test_every_page_equals_the_page_of_the_whole_ranking(varied, backend, name):
    query = QUERIES[name][backend == "postgresql"]
    compared = 0
    with varied._read() as conn:
        for filters in FILTERS:
            for limit, offset in PAGES:
                fast = search_module.search(conn, query, **filters, limit=limit, offset=offset)
                whole = [search_module._hit(row) for row in conn.execute(search_module.statement(
                    query, **filters, limit=limit, offset=offset, dialect=backend)).mappings()]
                assert fast == whole, (filters, limit, offset)
                compared += bool(fast)
    assert compared >= 6  # not a comparison of empty pages


def test_every_match_when_there_is_no_limit(varied, backend):
    with varied._read() as conn:
        every = search_module.search(conn, "harbour", limit=None)
        whole = [search_module._hit(row) for row in conn.execute(
            search_module.statement("harbour", limit=None, dialect=backend)).mappings()]
    assert every == whole and len(every) > 100


@pytest.mark.parametrize("outlet, offset", [(None, 0), (None, 120), ("Rare Post", 0), ("Common Wire", 40)])
def test_ties_everywhere_and_a_filter_the_best_rows_miss(store, article, backend, outlet, offset):
    # many equally ranked copies (ties everywhere), an outlet that the best rows miss
    pier = "The harbour council voted to build a new pier.\nFishermen waited ten years for the landing."
    flood = "The river flooded the valley on Monday.\nThe harbour stayed dry."
    store.add_many([article(f"{n:08x}", text=pier if n % 3 else flood,
                            outlet="Rare Post" if n % 97 == 96 else "Common Wire", published="2024-03-01",
                            speakers=("Maria Lund",)) for n in range(300)])
    with store._read() as conn:
        fast = search_module.search(conn, "harbour", outlet=outlet, limit=30, offset=offset)
        whole = [search_module._hit(row) for row in conn.execute(search_module.statement(
            "harbour", outlet=outlet, limit=30, offset=offset, dialect=backend)).mappings()]
    assert fast == whole and (fast or outlet == "Rare Post")


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_first_cut_ranks_fewer_rows_than_match(varied):
    """Not vacuous: for a common word the first cut proves the page from a few of its matches."""
    with varied._read() as conn:
        matches = len(search_module.search(conn, "harbour", limit=None))
        cut = tsvector._first_cut(conn, "harbour", Filters(), 10)
        assert cut is not None and 10 <= len(cut) < matches / 2
        assert tsvector._first_cut(conn, '"new pier"', Filters(), 10) is None  # a phrase: no bound


def test_migration_0008_gives_stored_rows_what_search_reads(store_url, article):
    from alembic import command

    from storyscope.store import Store
    from storyscope.store.migrate import alembic_config

    searches = [("harbour", {}), ("river flood", {"outlet": "Coast Courier"}), ("storm", {"since": "2024-01-01"}),
                ("harbour", {"speaker": "lund"})]
    with Store.open(store_url) as first:
        first.add_many(corpus(article, count=60))
        before = [first.search(query, **filters) for query, filters in searches]
        with first.engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0006")
    with Store.open(store_url) as again:  # upgraded to head: 0008 fills what it adds from what is indexed
        assert [again.search(query, **filters) for query, filters in searches] == before
        assert all(before)
        with again.engine.connect() as conn:  # and each index row got them
            rows = conn.exec_driver_sql("SELECT count(*) FROM search_index").scalar()
            if conn.dialect.name == "postgresql":
                given, heavy = conn.exec_driver_sql("SELECT count(filter_day), count(*) FILTER "
                                                    "(WHERE cardinality(heavy) > 0) FROM search_index").one()
                assert heavy > 0.9 * rows
            else:
                given = conn.exec_driver_sql("SELECT count(*) FROM search_filters").scalar()
            assert given == rows > 100
