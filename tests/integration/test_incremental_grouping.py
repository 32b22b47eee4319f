"""Placing new articles into stored stories gives the stories a full regrouping of the same store
gives: on generated pages stored through the store's writer, and on real pages ingested in two
halves by the real pipeline."""

from __future__ import annotations

import random
import shutil
import string
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storyscope import grouping
from storyscope.cluster.blocking import in_memory
from storyscope.cluster.stories import cluster_features
from storyscope.library import cluster_stories, edit_stories, ingest_paths
from storyscope.model import Article, ArticleAnalysis, Entity, ProcessedArticle, Sentence, StoryEdit
from storyscope.store import Store

GOLDEN_STORIES = Path(__file__).resolve().parents[1] / "golden" / "stories"


def shape(stories) -> list:
    return sorted((sorted(s.articles), sorted(sorted(e.articles) for e in s.events)) for s in stories)


def generated(count: int, seed: int = 5) -> list[ProcessedArticle]:
    """Pages in stories of 2-25: each story's own coined words and people, over common English
    words and a few country names every story shares; days a few apart within a story."""
    import wordfreq

    rng = random.Random(seed)
    background = [w for w in wordfreq.top_n_list("en", 4000) if w.isalpha() and len(w) > 3][:1500]
    countries = [f"Country {c}" for c in string.ascii_uppercase[:12]]
    pages: list[ProcessedArticle] = []
    story = 0
    while len(pages) < count:
        coined = ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(40)]
        people = [f"{rng.choice(string.ascii_uppercase)}{''.join(rng.choices(string.ascii_lowercase, k=6))}"
                  for _ in range(4)]
        for n in range(min(rng.randint(2, 25), count - len(pages))):
            words = rng.choices(coined, k=40) + rng.choices(background, k=110)
            rng.shuffle(words)
            sentences, start = [], 0
            for index, at in enumerate(range(0, len(words), 15)):
                text = " ".join(words[at : at + 15]) + "."
                sentences.append(Sentence(index, start, start + len(text), text))
                start += len(text) + 1
            names = rng.sample(people, 3) + rng.sample(countries, 1)
            article = Article(id=f"{len(pages):012x}", source=f"generated/{len(pages)}", format="text",
                              url=f"https://example.com/{len(pages)}",
                              text=" ".join(s.text for s in sentences), title=" ".join(words[:8]),
                              outlet=f"outlet {rng.randrange(20)}",
                              published=f"2024-{1 + story % 12:02d}-{1 + min(27, n // 3):02d}")
            entities = tuple(Entity(name, "PERSON", 0, 1, 0, name) for name in names)
            pages.append(ProcessedArticle(article, ArticleAnalysis(sentences=tuple(sentences), entities=entities)))
        story += 1
    return pages


@pytest.fixture(scope="module")
def pages() -> list[ProcessedArticle]:
    return generated(1500)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A new SQLite file, or a new schema on the PostgreSQL test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    from postgres_server import fresh_schema

    with fresh_schema() as url:
        yield url


def placed_stories(db: str) -> list:
    """Every stored story after an incremental run, which returns only those it stored anew."""
    changed = cluster_stories(db, incremental=True)
    with Store.open(db) as store:
        stored = store.stories()
    assert changed and {s.id for s in changed} <= {s.id for s in stored}
    return stored


def store_then_place(db: str, earlier: list, later: list) -> list:
    with Store.open(db) as store:
        store.add_many(earlier)
    assert len(cluster_stories(db)) > 50
    with Store.open(db) as store:
        store.add_many(later)
    return placed_stories(db)


@pytest.mark.parametrize("spread", [False, True], ids=["last arrivals", "arrivals across the corpus"])
def test_placing_new_pages_gives_the_stories_of_a_full_regrouping(db, pages, spread):
    held = set(random.Random(1).sample(range(len(pages)), 30)) if spread else set(range(len(pages) - 30, len(pages)))
    earlier = [p for i, p in enumerate(pages) if i not in held]
    later = [p for i, p in enumerate(pages) if i in held]
    placed = store_then_place(db, earlier, later)
    full = cluster_stories(db)
    # titles are not compared: a story no new page joined keeps the headline chosen when it was
    # made, while a full run weighs the headlines again with the corpus's new document frequencies
    assert shape(placed) == shape(full)
    assert [s.id for s in placed] == [s.id for s in full]  # stored in listing order


def test_new_versions_deletions_and_readers_edits_are_placed_as_a_full_run_places_them(db, pages):
    earlier, later = pages[:-20], pages[-20:]
    with Store.open(db) as store:
        store.add_many(earlier)
    stories = cluster_stories(db)
    big = [s for s in stories if len(s.articles) > 4]
    # a reader splits one page off a story and merges two others; both survive every regrouping
    edit_stories(db, StoryEdit("split", big[0].articles[0]))
    edit_stories(db, StoryEdit("merge", big[1].articles[0], big[2].articles[0]))
    revised = next(p for p in earlier if p.article.id == big[3].articles[1])
    with Store.open(db) as store:
        store.add_many(later)
        edited = replace(revised.article, id="f" * 12, text=revised.article.text + " Revised wording.")
        assert store.add(ProcessedArticle(edited, revised.analysis)).status == "new-version"
        store.delete([big[4].articles[2]])
    placed = placed_stories(db)
    full = cluster_stories(db)
    assert shape(placed) == shape(full)
    assert [big[0].articles[0]] in [sorted(s.articles) for s in full]
    assert any({big[1].articles[0], big[2].articles[0]} <= set(s.articles) for s in full)
    assert "f" * 12 in {a for s in full for a in s.articles} and revised.article.id not in {
        a for s in full for a in s.articles}


def whole_corpus_stories(db: str) -> list:
    """Every current article grouped at once: all their stored inputs in memory, blocking over all
    their signatures together (what a regrouping did before it read the band index)."""
    with Store.open(db) as store:
        stored = store.clustering_inputs()
        candidates = in_memory(np.vstack([s.signature for s in stored]), store.banned_rows())
        found = cluster_features([s.features for s in stored], store.story_edits(), candidates=candidates,
                                 headlines={s.features.id: s.headline for s in stored})
        return grouping._with_dates(store, found)


@pytest.mark.parametrize("batch", [1, 40, 100_000], ids=["each component alone", "batches", "one batch"])
def test_a_regrouping_by_components_gives_the_stories_of_the_whole_corpus_at_once(db, pages, batch):
    with Store.open(db) as store:
        store.add_many(pages[:700])
    stories = cluster_stories(db)
    with Store.open(db) as store:
        numbered = grouping._Numbered(store.current_ids())
        component = grouping._components(store, numbered, store.banned_rows(), set(), [])
    big = [s for s in stories if len(s.articles) > 4]
    apart = [s for s in big if component[numbered.numbers([s.articles[0]])[0][0]] != component[
        numbered.numbers([big[1].articles[0]])[0][0]]]
    # a merge joins two components of the candidate graph; a split takes a page out of its
    # component; a rename titles one story
    edit_stories(db, StoryEdit("split", big[0].articles[0]))
    edit_stories(db, StoryEdit("merge", big[1].articles[0], apart[0].articles[0]))
    edit_stories(db, StoryEdit("rename", big[3].articles[0], title="Named by a reader"))
    expected = whole_corpus_stories(db)
    assert [big[0].articles[0]] in [list(s.articles) for s in expected]
    with Store.open(db) as store:
        parts = list(grouping._parts(store, numbered, component, batch, (set(), [], store.banned_rows())))
        found = grouping.regroup(store, store.story_edits(), batch_articles=batch)
        stored = store.stories()
    assert sorted(a for part in parts for a in part) == sorted(numbered.ids(np.arange(len(numbered))))
    if batch < 100:  # the largest component (542 pages) is cut along the pairs that link
        assert max(map(len, parts)) < min(100, np.bincount(component).max())
    assert found == expected  # members, events, titles, days, in listing order
    assert shape(stored) == shape(expected) and [s.id for s in stored] == [s.id for s in expected]
    assert [s.title for s in stored] == [s.title for s in expected]


@pytest.mark.slow
def test_real_pages_ingested_in_two_halves_are_grouped_as_all_at_once(tmp_path):
    """The tuning corpus through the real pipeline (spaCy): half ingested and grouped, then the
    rest ingested and placed (as ``storyscope ingest`` does), against a full regrouping."""
    files = sorted(GOLDEN_STORIES.glob("0*.txt"))
    halves = [tmp_path / "first", tmp_path / "second"]
    for folder, chosen in zip(halves, (files[::2], files[1::2])):
        folder.mkdir()
        for f in chosen:
            shutil.copy(f, folder / f.name)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    ingest_paths([str(halves[0])], db, workers=1)
    cluster_stories(db)
    ingest_paths([str(halves[1])], db, workers=1)
    placed = placed_stories(db)
    full = cluster_stories(db)
    assert len(full) > 5
    assert shape(placed) == shape(full)
