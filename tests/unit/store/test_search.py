"""Full-text search over a real store: articles and quotes, filters, ranking, versions, bad input.

Every test runs on SQLite (FTS5) and PostgreSQL (tsvector), except the ones about FTS5's own
syntax (prefix*, NEAR, NOT, column filters, syntax errors): PostgreSQL reads queries with
websearch_to_tsquery, which has none of these and refuses nothing. Where the two spell the same
search differently, ``SPELLED`` gives each backend's query.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from storyscope.errors import SearchError, StoryscopeError
from storyscope.store import Store
from storyscope.store.search import END, START, marked_spans

from store_samples import only_sqlite

PIER = "The harbour council voted to build a new pier.\nFishermen waited ten years for the landing."
FLOOD = "The river flooded the valley on Monday.\nThe harbour stayed dry."
ELECTION = "Voters in the northern region elected a new council.\nTurnout was high."


@pytest.fixture
def filled(store, article):
    store.add(article("aaaa0001", text=PIER, outlet="Coast Courier", published="2024-03-01",
                      speakers=("Maria Lund",)))
    store.add(article("bbbb0002", text=FLOOD, outlet="Valley Times", published="2024-03-05",
                      speakers=("Olaf Berg",)))
    store.add(article("cccc0003", text=ELECTION, outlet="Coast Courier", published="2024-04-10"))
    return store


def ids(hits) -> list[tuple[str, str]]:
    return [(h.kind, h.article_id) for h in hits]


SPELLED = {  # one search, as each backend writes it
    "only speakers named lund": {"sqlite": "speaker: lund", "postgresql": "lund"},  # no column filters
    "harbour but not pier": {"sqlite": "harbour NOT pier", "postgresql": "harbour -pier"},
    "the title dddd0004": {"sqlite": "title: dddd0004", "postgresql": "dddd0004"},
}


def test_finds_articles_with_the_matched_words_marked(filled):
    (hit,) = filled.search("pier")
    assert (hit.kind, hit.article_id, hit.outlet, hit.published) == ("article", "aaaa0001", "Coast Courier",
                                                                      "2024-03-01")
    assert hit.title == "Title of aaaa0001" and hit.speaker is None
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["pier"]
    assert START not in hit.snippet and END not in hit.snippet


def test_finds_quotes_by_their_words_and_by_speaker(filled, backend):
    # the sample quotes read "words of <speaker>"
    assert ("quote", "bbbb0002") in ids(filled.search("Olaf"))
    (hit,) = [h for h in filled.search(SPELLED["only speakers named lund"][backend]) if h.kind == "quote"]
    assert (hit.article_id, hit.speaker, hit.snippet) == ("aaaa0001", "Maria Lund", "words of Maria Lund")


def test_plain_words_are_all_required_and_or_widens(filled, backend):
    assert ids(filled.search("harbour council")) == [("article", "aaaa0001")]
    assert {h.article_id for h in filled.search("pier OR valley")} == {"aaaa0001", "bbbb0002"}
    assert ids(filled.search(SPELLED["harbour but not pier"][backend])) == [("article", "bbbb0002")]


def test_phrases(filled):
    assert ids(filled.search('"new pier"')) == [("article", "aaaa0001")]
    assert filled.search('"pier new"') == []


@only_sqlite  # FTS5 prefixes; websearch_to_tsquery has none (it stems instead: next test)
def test_prefixes(filled):
    assert {h.article_id for h in filled.search("flood*")} == {"bbbb0002"}
    (hit,) = filled.search("fisher*")
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["Fishermen"]


def test_outlet_and_date_filters(filled):
    assert {h.article_id for h in filled.search("council", outlet="Coast Courier")} == {"aaaa0001", "cccc0003"}
    assert filled.search("council", outlet="Valley Times") == []
    assert {h.article_id for h in filled.search("council", since="2024-04-01")} == {"cccc0003"}
    assert {h.article_id for h in filled.search("council", until="2024-03-01")} == {"aaaa0001"}  # inclusive
    assert filled.search("harbour", since="2024-03-02", until="2024-03-31")[0].article_id == "bbbb0002"
    with pytest.raises(SearchError, match="YYYY-MM-DD"):
        filled.search("council", since="last week")


def test_speaker_filter_keeps_only_that_speakers_quotes(filled):
    hits = filled.search("words", speaker="LUND")
    assert ids(hits) == [("quote", "aaaa0001")] and hits[0].speaker == "Maria Lund"
    assert filled.search("pier", speaker="lund") == []  # articles are not quotes
    assert filled.search("words", speaker="%") == []  # a LIKE wildcard is a plain character


@pytest.mark.parametrize("backend", ["postgresql"])  # the english configuration stems; FTS5's unicode61 does not
def test_words_are_stemmed_on_postgresql(filled):
    (hit,) = filled.search("floods")
    assert hit.article_id == "bbbb0002" and [hit.snippet[s:e] for s, e in hit.spans] == ["flooded"]
    assert filled.search("the") == []  # only a stop word: nothing to look for, and no error


def test_ranking_puts_the_title_and_the_denser_match_first(store, article, backend):
    store.add(article("dddd0004", text="A word about pier repairs.\n" + "Other news entirely. " * 30))
    store.add(article("eeee0005", text="Pier, pier, pier: the pier is the story of the pier."))
    hits = store.search("pier")
    assert [h.article_id for h in hits] == ["eeee0005", "dddd0004"]
    assert hits[0].rank < hits[1].rank
    assert store.search(SPELLED["the title dddd0004"][backend])[0].article_id == "dddd0004"  # titles are indexed


def test_limit_and_offset_page_through_the_ranking(filled):
    every = filled.search("council OR harbour OR words")
    assert len(every) >= 4
    assert filled.search("council OR harbour OR words", limit=2) == every[:2]
    assert filled.search("council OR harbour OR words", limit=2, offset=2) == every[2:4]


def test_a_new_version_replaces_the_old_one_in_the_index(store, article):
    url = "https://example.com/pier"
    store.add(article("aaaa0001", url=url, text=PIER, speakers=("Maria Lund",)))
    assert store.add(article("aaaa0002", url=url, text=FLOOD, speakers=("Olaf Berg",))).status == "new-version"
    assert store.search("pier") == [] and store.search("Maria") == []
    assert {h.article_id for h in store.search("river OR Olaf")} == {"aaaa0002"}
    with store.engine.connect() as conn:  # gone from the index itself, not only filtered out
        stale = conn.exec_driver_sql("SELECT count(*) FROM search_index WHERE article_id = 'aaaa0001'").scalar()
    assert stale == 0


def test_adding_the_same_article_again_indexes_it_once(store, article):
    store.add(article("aaaa0001", text=PIER))
    store.add(article("aaaa0001", text=PIER))
    assert len(store.search("pier")) == 1


def test_migration_indexes_what_was_stored_before_it(store_url, article):
    from alembic import command

    from storyscope.store.migrate import alembic_config

    url = store_url
    with Store.open(url) as first:
        first.add(article("aaaa0001", text=PIER, speakers=("Maria Lund",)))
        with first.engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0002")
            assert not sa.inspect(conn).has_table("search_index")
    with Store.open(url) as again:  # upgraded to head: 0003 (SQLite) or 0004 (PostgreSQL) fills the index
        assert ids(again.search("pier OR Maria")) in ([("article", "aaaa0001"), ("quote", "aaaa0001")],
                                                     [("quote", "aaaa0001"), ("article", "aaaa0001")])


NASTY = ['"unclosed', "AND AND", "NEAR(", "NEAR(a b, x)", "(", ")", "pier)", "NOT", "OR pier",
         "*", "^", "\"pier\" AND ("]  # FTS5 syntax errors; websearch_to_tsquery reads them all as words
REFUSED = ["   ", "", "x" * 1001]  # refused before any database sees them


# Holds the words of each punctuated query below, which no text of ``filled`` does; "title" is also
# in every article's title ("Title of …").
PUNCTUATED = "The U.S. envoy saw the covid-19 ward; don't close it.\nA col on a:b:c, {title + drop table articles."
EVERY = {"aaaa0001", "bbbb0002", "cccc0003", "dddd0004"}


@pytest.mark.parametrize(("query", "found"), [
    ("U.S.", {"dddd0004"}), ("covid-19", {"dddd0004"}), ("don't", {"dddd0004"}), ("title:", EVERY),
    ("col:", {"dddd0004"}), ("a:b:c", {"dddd0004"}), ("{title", EVERY), ("+", set()),
    ("'; DROP TABLE articles; --", {"dddd0004"}),
])
def test_plain_words_with_punctuation_are_searched_as_words(filled, article, backend, query, found):
    filled.add(article("dddd0004", text=PUNCTUATED))
    if backend == "postgresql" and query == "don't":
        found = set()  # the english configuration drops stop words: "don't" is "don" and "t", both of them
    hits = filled.search(query)  # read as quoted words, not as syntax
    assert {h.article_id for h in hits} == found and {h.kind for h in hits} <= {"article"}


def test_a_hyphenated_word_is_found(store, article):
    store.add(article("aaaa0009", text="The covid-19 ward at the harbour hospital reopened on Monday."))
    assert ids(store.search("covid-19")) == [("article", "aaaa0009")]


@only_sqlite  # FTS5's syntax errors: on PostgreSQL these are searched as words (test below)
@pytest.mark.parametrize("query", NASTY)
def test_malformed_queries_are_search_errors_with_one_line(filled, query):
    assert_one_line_search_error(filled, query)


@pytest.mark.parametrize("query", REFUSED)
def test_empty_and_long_queries_are_search_errors(filled, query):
    assert_one_line_search_error(filled, query)


# What each FTS5 syntax error finds on PostgreSQL, in ``filled`` and in NEAR_TEXT: its words are
# searched, its operators and stop words (and, not, or, a) dropped.
NEAR_TEXT = "An unclosed gate stood near the b and x roads."
ON_POSTGRESQL = {'"unclosed': {"dddd0004"}, "AND AND": set(), "NEAR(": {"dddd0004"}, "NEAR(a b, x)": {"dddd0004"},
                 "(": set(), ")": set(), "pier)": {"aaaa0001"}, "NOT": set(), "OR pier": {"aaaa0001"}, "*": set(),
                 "^": set(), "\"pier\" AND (": {"aaaa0001"}}


@pytest.mark.parametrize("backend", ["postgresql"])  # websearch_to_tsquery reads any input
@pytest.mark.parametrize("query", NASTY)
def test_fts5_syntax_errors_are_plain_searches_on_postgresql(filled, article, query):
    filled.add(article("dddd0004", text=NEAR_TEXT))
    assert {h.article_id for h in filled.search(query)} == ON_POSTGRESQL[query]


def assert_one_line_search_error(filled, query):
    with pytest.raises(SearchError) as raised:
        filled.search(query)
    message = str(raised.value)
    assert "\n" not in message and message
    assert isinstance(raised.value, StoryscopeError)
    fixed = ("the search is empty", "the search is longer than 1000 characters")
    assert message.startswith("malformed search: ") or message in fixed  # never the input


@pytest.mark.parametrize("query", ["'; DROP TABLE articles; --", "\"'; DROP TABLE articles; --\"",
                                   "pier\x00", "💥", "Robert'); DELETE FROM quotes; --"])
def test_sql_in_the_query_is_only_ever_searched_for(filled, query):
    try:
        filled.search(query)
    except SearchError:
        pass
    counts = filled.counts()
    assert (counts["articles"], counts["quotes"]) == (3, 2)
    assert filled.search("pier")[0].article_id == "aaaa0001"


def test_filters_with_sql_are_plain_values(filled):
    assert filled.search("pier", outlet="x' OR '1'='1") == []
    assert filled.search("pier", speaker="' OR 1=1 --") == []


def test_marked_spans():
    assert marked_spans(f"a {START}bc{END} d {START}e{END}") == ("a bc d e", ((2, 4), (7, 8)))
    assert marked_spans(f"{END}x{START}{END}y{START}z") == ("xyz", ())  # stray or empty marks
