"""Clustering with the blocking step on Dask gives exactly the in-memory stories, events and export.

One LocalCluster (2 worker processes, 1 thread each) serves the module through its scheduler
address; the CLI test starts its own LocalCluster, as a user's run does.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyscope.cli.app import app
from storyscope.cluster.stories import cluster
from storyscope.config import Settings
from storyscope.errors import ConfigError
from storyscope.library import cluster_stories
from storyscope.model import (
    Article, ArticleAnalysis, DateMention, Entity, ProcessedArticle, Sentence, StoryEdit,
)
from storyscope.store import Store

pytestmark = pytest.mark.slow

OUTLETS = ["Daily Ledger", "Morning Wire", "Harbour Times", "Valley Courier", "North Post", "Evening Star"]
COMMON_NAME = "United Nations"  # in most articles: too common to block on (dropped by both paths)
SETTINGS = Settings()  # not the machine's configuration: the executor is chosen per call


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


class _Text:
    """An article body built sentence by sentence, with the offsets of what it mentions."""

    def __init__(self) -> None:
        self.text, self.sentences, self.entities, self.dates = "", [], [], []

    def sentence(self, *parts: tuple[str, str | None]) -> None:
        """``parts``: (words, label) pairs; a label makes the words an entity (or "DATE:<iso>" a day)."""
        index, start = len(self.sentences), len(self.text)
        for n, (words, label) in enumerate(parts):
            self.text += " " if n else ""
            at = len(self.text)
            self.text += words
            if label and label.startswith("DATE:"):
                self.dates.append(DateMention(words, label[5:], "day", at, at + len(words), index))
            elif label:
                self.entities.append(Entity(words, label, at, at + len(words), index, words))
        self.text += "."
        self.sentences.append(Sentence(index, start, len(self.text), self.text[start:]))
        self.text += "\n"


def generated_news(stories: int = 14, singletons: int = 6, seed: int = 5) -> list[ProcessedArticle]:
    """A few hundred analysed articles on ``stories`` stories (8-35 articles each, one to three
    events weeks apart, their own words, people and place) plus unrelated singletons; every
    article shares a background vocabulary, and most name the United Nations."""
    rng = random.Random(seed)
    background = [f"common{k}" for k in range(400)]
    found: list[ProcessedArticle] = []
    plans = [(s, rng.randint(8, 35)) for s in range(stories)] + [(stories + k, 1) for k in range(singletons)]
    for story, size in plans:
        words = [f"topic{story}w{k}" for k in range(30)]
        people = [f"Person {story}-{k}" for k in range(5)]
        place = f"Town {story}"
        start = date(2019, 1, 1) + timedelta(days=rng.randint(0, 1500))
        days = [start + timedelta(days=40 * k) for k in range(rng.randint(1, 3))]
        for _ in range(size):
            n = len(found)
            day = rng.choice(days)
            body = _Text()
            body.sentence(("On", None), (day.strftime("%d %B %Y"), f"DATE:{day.isoformat()}"),
                          (rng.choice(people), "PERSON"), ("spoke in", None), (place, "GPE"), ("about", None),
                          (" ".join(rng.sample(words, 4)), None))
            if rng.random() < 0.7:
                body.sentence(("Officials of the", None), (COMMON_NAME, "ORG"), ("followed", None),
                              (" ".join(rng.sample(words, 3) + rng.sample(background, 3)), None))
            for _ in range(4):
                body.sentence((rng.choice(people), "PERSON"),
                              (" ".join(rng.sample(words, 3) + rng.sample(background, 5)), None))
            outlet = OUTLETS[n % len(OUTLETS)]
            article_id = hashlib.sha256(f"generated {n}".encode()).hexdigest()[:16]
            article = Article(
                id=article_id, source=f"generated/{n}", format="text", text=body.text.rstrip("\n"),
                title=" ".join(rng.sample(words, 5)).capitalize(), url=f"https://news{n % len(OUTLETS)}.example/{n}",
                outlet=outlet, outlet_basis="given", published=(day + timedelta(days=rng.choice([0, 0, 1]))).isoformat())
            found.append(ProcessedArticle(article, ArticleAnalysis(
                sentences=tuple(body.sentences), entities=tuple(body.entities), dates=tuple(body.dates))))
    return found


@pytest.fixture(scope="module")
def news_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("news") / "news.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.add_many(generated_news())
    return path


def copies(source: Path | str, folder: Path) -> tuple[str, str]:
    """Two copies of a SQLite store, one for each path."""
    source = Path(str(source).removeprefix("sqlite:///"))
    urls = []
    for name in ("memory", "dask"):
        shutil.copy(source, folder / f"{name}.db")
        urls.append(f"sqlite:///{folder / name}.db")
    return urls[0], urls[1]


def exported(db: str) -> str:
    """What `storyscope export` writes: articles, stories and their comparisons."""
    result = CliRunner().invoke(app, ["export", "--db", db])
    assert result.exit_code == 0, result.output
    return result.stdout


def both_ways(folder: Path, source, scheduler: str, **options):
    memory_db, dask_db = copies(source, folder)
    in_memory = cluster_stories(memory_db, settings=SETTINGS, **options)
    on_dask = cluster_stories(dask_db, executor="dask", scheduler=scheduler, settings=SETTINGS, **options)
    return (memory_db, in_memory), (dask_db, on_dask)


def test_the_examples_cluster_the_same_on_dask(scheduler, examples_db, tmp_path):
    (memory_db, in_memory), (dask_db, on_dask) = both_ways(tmp_path, examples_db, scheduler)
    assert [len(s.articles) for s in in_memory] == [5]
    assert on_dask == in_memory  # ids, titles, members, events
    assert exported(dask_db) == exported(memory_db)


def test_a_generated_corpus_clusters_the_same_on_dask(scheduler, news_db, tmp_path):
    (memory_db, in_memory), (dask_db, on_dask) = both_ways(tmp_path, news_db, scheduler)
    assert sum(len(s.articles) >= 5 for s in in_memory) >= 10  # the corpus does form stories ...
    assert sum(len(s.events) >= 2 for s in in_memory) >= 3  # ... with several events
    assert on_dask == in_memory
    assert exported(dask_db) == exported(memory_db)  # what is stored, and what follows from it


def test_an_incremental_run_places_new_articles_the_same_on_dask(scheduler, news_db, tmp_path):
    """As `ingest` does: stored stories kept, only articles outside them looked up."""
    with Store.open(f"sqlite:///{news_db}") as store:
        processed = list(store.iter_processed())
    earlier = cluster([p for i, p in enumerate(processed) if i % 6])  # a sixth arrives later
    seeded = tmp_path / "seeded.db"
    shutil.copy(news_db, seeded)
    with Store.open(f"sqlite:///{seeded}") as store:
        store.replace_stories(earlier)
    (_, in_memory), (_, on_dask) = both_ways(tmp_path, seeded, scheduler, incremental=True)
    assert in_memory != earlier and len(in_memory) < len(earlier) + len(processed) // 6  # new ones joined stories
    assert on_dask == in_memory


def test_readers_edits_are_kept_the_same_way_on_dask(scheduler, news_db, tmp_path):
    with Store.open(f"sqlite:///{news_db}") as store:
        first = cluster(list(store.iter_processed()))
    big, other = sorted(first, key=lambda s: -len(s.articles))[:2]
    edits = [StoryEdit("merge", big.articles[0], other.articles[0]), StoryEdit("split", big.articles[1]),
             StoryEdit("rename", other.articles[2], title="Both together")]
    edited = tmp_path / "edited.db"
    shutil.copy(news_db, edited)
    with Store.open(f"sqlite:///{edited}") as store:
        for edit in edits:
            store.add_story_edit(edit)
    (_, in_memory), (_, on_dask) = both_ways(tmp_path, edited, scheduler)
    assert on_dask == in_memory
    story_of = {a: s for s in on_dask for a in s.articles}
    assert story_of[big.articles[0]] is story_of[other.articles[0]]
    assert story_of[big.articles[0]].title == "Both together"
    assert story_of[big.articles[1]].articles == (big.articles[1],)


def test_cluster_command_on_dask(examples_db, tmp_path, cli):
    memory_db, dask_db = copies(examples_db, tmp_path)
    result = cli("cluster", "--executor", "dask", "--workers", "1", "--db", dask_db)
    assert result.returncode == 0, result.stderr
    expected = cluster_stories(memory_db, settings=SETTINGS)
    assert stored_stories(dask_db) == stored_stories(memory_db)
    assert expected[0].id[:8] in result.stdout


def stored_stories(db: str):
    with Store.open(db) as store:
        return store.stories()


def test_an_unknown_executor_is_one_line_of_error(examples_db, tmp_path, cli):
    with pytest.raises(ConfigError, match="executor must be one of local, dask, got 'spark'"):
        cluster_stories(examples_db, executor="spark", settings=SETTINGS)
    (tmp_path / "storyscope.toml").write_text('executor = "spark"\n', encoding="utf-8")
    result = cli("cluster", "--db", examples_db, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: setting 'executor' must be one of local, dask, got 'spark'"]
