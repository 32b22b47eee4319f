"""The library's front door: what the CLI, the API and scripts call.

Each function opens the store it is given, does one job and returns plain data;
adapters only parse input, call one of these and present the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial

from .config import EXECUTORS, Settings, load_settings
from dataclasses import asdict

from .cluster.duplicates import THRESHOLD as DUPLICATE_THRESHOLD, DuplicateGroup, near_duplicates
from .cluster.reuse import find_reuse
from .compare.embeddings import sentence_vectors
from .compare.labels import with_phrases
from .compare.entity_index import entity_record, list_entities  # re-exported: the front door
from .compare.pair import compare_articles  # re-exported: the front door
from .compare.records import StoryComparison
from .errors import BadEdit, ConfigError, NotFound
from .grouping import in_process, on_dask, place_new, regroup
from .ingest.fetch import Network, parse_networks
from .compare.story import compare_story
from .model import Failure, ProcessedArticle, RawDocument, Story, StoryEdit
from .report.export import article_record
from .run.local import IngestSummary, ingest, ingest_documents
from .store import Store


def ingest_paths(
    paths: Iterable[str],
    db: str | None = None,
    *,
    workers: int | None = None,
    model: str | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
    settings: Settings | None = None,
    on_outcome: Callable[[ProcessedArticle | Failure], None] | None = None,
    client=None,
) -> IngestSummary:
    """Read, clean, analyse and store every article under ``paths`` (files, folders, glob patterns,
    http(s) URLs, "-"). A URL is fetched from public addresses only, or from the networks of the
    ``allow_networks`` setting; a refused one is a failure like an unreadable file.

    ``executor``: "local" (worker processes on this machine) or "dask" (a Dask cluster: a new
    LocalCluster of ``workers`` processes, or the running one at ``scheduler``, or ``client``'s).
    Both store the same.
    """
    settings = settings or load_settings()
    executor = _executor(executor, settings)
    options = dict(model=model or settings.model, workers=settings.workers if workers is None else workers,
                   batch_size=settings.batch_size, max_bytes=settings.max_bytes,
                   article_seconds=settings.article_seconds, allow=_allowed_networks(settings),
                   on_outcome=on_outcome)
    with Store.open(db or settings.db) as store:
        if executor == "dask":
            from .run import dask as dask_runner

            return dask_runner.ingest(paths, store, scheduler=scheduler or settings.scheduler or None,
                                      client=client, **options)
        return ingest(paths, store, **options)


def ingest_and_group(
    paths: Iterable[str],
    db: str | None = None,
    *,
    workers: int | None = None,
    model: str | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
    settings: Settings | None = None,
    on_outcome: Callable[[ProcessedArticle | Failure], None] | None = None,
    group: bool = True,
) -> tuple[IngestSummary, list[Story] | None]:
    """``ingest_paths``, then (when ``group`` and anything was stored) the new articles placed
    into stories as ``cluster_stories(incremental=True)`` does (the stories it stored anew are
    returned), both on one executor: on Dask, one cluster serves the reading and the grouping (not
    two started one after the other)."""
    settings = settings or load_settings()
    with _dask_client(executor, scheduler, workers, settings) as client:
        summary = ingest_paths(paths, db, workers=workers, model=model, executor=executor, scheduler=scheduler,
                               settings=settings, on_outcome=on_outcome, client=client)
        if not (group and summary.stored):
            return summary, None
        return summary, cluster_stories(db or settings.db, incremental=True, executor=executor, scheduler=scheduler,
                                        workers=workers, settings=settings, client=client)


def _executor(executor: str | None, settings: Settings) -> str:
    executor = executor or settings.executor
    if executor not in EXECUTORS:
        raise ConfigError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")
    return executor


def _allowed_networks(settings: Settings) -> tuple[Network, ...]:
    """The ``allow_networks`` setting parsed before any input is read: a bad one stops the run."""
    try:
        return parse_networks(settings.allow_networks)
    except ValueError as exc:
        raise ConfigError(f"setting 'allow_networks': {exc}") from None


def ingest_items(
    items: Iterable[RawDocument | Failure],
    db: str | None = None,
    *,
    workers: int | None = None,
    settings: Settings | None = None,
    on_outcome: Callable[[ProcessedArticle | Failure], None] | None = None,
) -> IngestSummary:
    """Clean, analyse and store documents that were read elsewhere (uploads, pasted text, a
    fetched page); each ``Failure`` among them is recorded like a failed file."""
    settings = settings or load_settings()
    with Store.open(db or settings.db) as store:
        return ingest_documents(
            items, store,
            model=settings.model,
            workers=settings.workers if workers is None else workers,
            batch_size=settings.batch_size,
            article_seconds=settings.article_seconds,
            on_outcome=on_outcome,
        )


def iter_article_records(store: Store) -> Iterator[dict]:
    """Every stored article as an export record, in publication order."""
    versions = {row.id: row.version for row in store.list_articles()}
    for processed in store.iter_processed():
        yield article_record(processed, versions.get(processed.article.id))


def export_articles(db: str) -> list[dict]:
    with Store.open(db) as store:
        return list(iter_article_records(store))


def cluster_stories(
    db: str,
    incremental: bool = False,
    *,
    executor: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    client=None,
    keep: bool = True,
) -> list[Story]:
    """Group stored articles into stories and events, replay the readers' edits, store the result;
    the stories stored (all of them; none with ``keep=False``, so that a full regrouping never
    holds every story in this process).

    ``incremental``: keep the stored stories and place only articles that are in none of them
    (what ``ingest`` does); its cost follows the new articles and the stories they join, not the
    store, and it returns only the stories it stored anew (those holding a new article, or cut
    again); otherwise regroup everything (``storyscope cluster``). Both read the clustering inputs
    stored with each article (``grouping``).
    ``executor``: where a full regrouping cuts its batches of components (``grouping.regroup``), as
    for ``ingest_paths``: "local" (in this process) or "dask" (a new LocalCluster of ``workers``
    processes, or the running one at ``scheduler``), or ``client``'s cluster; the workers open the
    store at ``db`` themselves. Both give the same stories.
    """
    # the cluster first: an unreachable scheduler is reported before the corpus is read
    clients = nullcontext(client) if client is not None else _dask_client(executor, scheduler, workers, settings)
    with clients as client, Store.open(db) as store:
        batches = in_process if client is None else on_dask(client, db)
        if incremental:
            return place_new(store, store.story_edits(), batches)
        return regroup(store, store.story_edits(), batches, keep=keep)


def find_duplicates(
    db: str,
    threshold: float = DUPLICATE_THRESHOLD,
    *,
    executor: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
) -> list[DuplicateGroup]:
    """Groups of stored articles whose bodies are one text (word 5-gram overlap at least
    ``threshold``), found without comparing all pairs; ``executor`` as for ``cluster_stories``
    (where candidate pairs are found). Both executors give the same groups."""
    if not 0 < threshold <= 1:
        raise ConfigError(f"the duplicate threshold must be above 0 and at most 1, not {threshold}")
    with _dask_client(executor, scheduler, workers, settings) as client, Store.open(db) as store:
        articles = [processed.article for processed in store.iter_processed()]
        if client is None:
            return near_duplicates(articles, threshold)
        from .cluster import dask_blocking

        return near_duplicates(articles, threshold, partial(dask_blocking.pairs_at, client=client))


@contextmanager
def _dask_client(executor: str | None, scheduler: str | None, workers: int | None,
                 settings: Settings | None) -> Iterator:
    """None for the local executor; else a client of the Dask cluster ``ingest`` would use (the
    given arguments, else the settings), whose workers were checked to import storyscope."""
    settings = settings or load_settings()
    if _executor(executor, settings) != "dask":
        yield None
        return
    from .cluster import dask_blocking
    from .run import dask as dask_runner

    with dask_runner.connect(scheduler or settings.scheduler or None,
                             settings.workers if workers is None else workers) as client:
        dask_runner.on_every_worker(client, dask_blocking.importable)
        yield client


def edit_stories(db: str, edit: StoryEdit) -> list[Story]:
    """Record a merge, split or rename and re-cluster so it shows at once (and on every later run)."""
    with Store.open(db) as store:
        store.add_story_edit(edit)
    return cluster_stories(db)


MAX_OUTLET_NAME = 200  # characters: ample for any outlet, short enough to show on one line


def outlet_name(old: str, new: str) -> str:
    """``new`` as the corrected name of outlet ``old``: whitespace folded to single spaces.
    Raises BadEdit, with a one-line reason, for an empty, over-long or unchanged name."""
    name = " ".join(new.split())
    if not name:
        raise BadEdit("the new name is empty")
    if len(name) > MAX_OUTLET_NAME:
        raise BadEdit(f"the new name is over {MAX_OUTLET_NAME} characters")
    if not name.isprintable():
        raise BadEdit("the new name holds control characters")
    if name == old:
        raise BadEdit("the new name is the name the outlet already has")
    return name


def rename_outlet(db: str, old: str, new: str) -> int:
    """A reader's correction of an outlet's name, stored and applied to all its pages (those
    stored later too); how many stored pages it renamed. Raises BadEdit for a name
    ``outlet_name`` refuses, NotFound when no page has ``old``."""
    name = outlet_name(old, new)
    with Store.open(db) as store:
        if old not in store.outlets() and old not in store.outlet_corrections():
            raise NotFound(f"no outlet {old!r} in the store")
        return store.rename_outlet(old, name)


def compare_stories(store: Store, stories: list[Story] | None = None,
                    processed: list[ProcessedArticle] | None = None,
                    embeddings: bool = False) -> dict[str, StoryComparison]:
    """The cross-source comparison of each story; ``processed`` must hold their articles
    (default: every stored article, loaded once). ``embeddings`` aligns paraphrased claims
    by meaning too (the optional extra)."""
    stories = store.stories() if stories is None else stories
    processed = list(store.iter_processed()) if processed is None else processed
    reuses = find_reuse(processed, stories)
    vectors = sentence_vectors(processed) if embeddings else None
    return {s.id: compare_story(s, processed, reuses, vectors) for s in stories}


def story_articles(store: Store, story: Story) -> list[ProcessedArticle]:
    """Only the articles of one story, not the whole store."""
    return store.get_many(story.articles)


def story_record(story: Story, comparison: StoryComparison | None = None) -> dict:
    """One story as the export's plain dict, with its comparison when given."""
    record = {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "events": [{"id": e.id, "title": e.title, "date": e.date, "first_date": e.first_date, "last_date": e.last_date,
                    "articles": list(e.articles)} for e in story.events],
    }
    if comparison is not None:
        record.update({
            "claims": [{"id": c.id, "text": c.text, "status": c.status, "outlets": list(c.outlets),
                        "independent_outlets": list(c.independent_outlets),
                        "sources": [asdict(x) for x in c.sources],
                        "articles": [v.article for v in c.versions], "sentences": [v.sentence for v in c.versions],
                        "attributed_to": [v.attributed_to for v in c.versions],
                        "stances": [v.stance for v in c.versions], "verbs": [v.verb for v in c.versions],
                        "chains": [list(v.chain) for v in c.versions],
                        "conflicts": list(c.conflicts)} for c in comparison.claims],
            "omissions": {outlet: list(ids) for outlet, ids in comparison.omissions.items()},
            "numbers": [{"unit": n.unit, "disagree": n.disagree,
                         "reports": [asdict(r) for r in n.reports]} for n in comparison.numbers],
            "labels": [{"heads": list(g.heads), "by_outlet": g.by_outlet()} for g in comparison.labels],
            "copies": [{"source": r.source, "copy": r.copy, "kind": r.kind, "share_of_copy": r.share_of_copy,
                        "share_of_source": r.share_of_source} for r in comparison.copies],
            "voices": [{"outlet": v.outlet, "quoted_words": v.quoted_words,
                        "voices": [{"speaker": x.speaker, "kind": x.kind, "affiliation": x.affiliation,
                                    "group": x.group, "quotes": x.quotes, "words": x.words}
                                   for x in v.voices],
                        "groups": [asdict(g) for g in v.groups]} for v in comparison.voices],
            "timeline": [{"date": t.date, "precision": t.precision, "text": t.text, "outlets": list(t.outlets),
                          "citations": [list(c) for c in t.citations], "conflicting": list(t.conflicting)}
                         for t in comparison.timeline],
            "people": comparison.people,
            "entities": [{"name": e.name, "label": e.label, "aliases": list(e.aliases), "roles": list(e.roles),
                          "outlets": list(e.outlets), "quotes": e.quotes,
                          "mentions": [list(m) for m in e.mentions]} for e in comparison.entities],
        })
    return record


def story_dossier(db: str, story_id: str, embeddings: bool = False) -> dict:
    """Everything known about one story, as plain data for the report formats."""
    with Store.open(db) as store:
        return dossier_of(store, store.story(story_id), embeddings)


def dossier_of(store: Store, story: Story, embeddings: bool = False) -> dict:
    """The dossier of a story already read from an open store (loads only its articles)."""
    from .report.dossier import dossier

    members = story_articles(store, story)
    if missing := {p.article.id for p in members if p.analysis.phrases is None}:
        # stored before ingest kept label candidates: found once now (spaCy), kept for next time
        members = with_phrases(members)
        store.save_phrases({p.article.id: p.analysis.phrases for p in members if p.article.id in missing})
    comparison = compare_stories(store, [story], members, embeddings)[story.id]
    return dossier(story, comparison, {p.article.id: p for p in members})
