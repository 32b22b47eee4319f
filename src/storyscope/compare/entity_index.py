"""People and organisations across the whole store: what each said, and what was said of them.

Each story names its people once (compare.people: "Zakir" and "Shohrat Zakir" are one person
within a story); the stories' canonical names are then merged by name across the store. An
entity's id is "n" and the first 12 hex characters of the sha256 of its name, so it stays
the same as long as the name does.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from ..errors import NotFound
from ..model import ProcessedArticle, Quote, Story
from ..store import Store
from .people import story_entities, story_names

MIN_PREFIX = 4
_computed: WeakKeyDictionary = WeakKeyDictionary()  # store -> (what it held, its entities)


def entity_id(name: str) -> str:
    return "n" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


@dataclass
class CorpusEntity:
    name: str
    labels: Counter = field(default_factory=Counter)
    aliases: dict[str, None] = field(default_factory=dict)
    roles: dict[str, None] = field(default_factory=dict)
    outlets: dict[str, None] = field(default_factory=dict)
    stories: dict[str, None] = field(default_factory=dict)
    mentions: dict[tuple[str, int], None] = field(default_factory=dict)  # (article, sentence)
    quotes: list[tuple[str, Quote]] = field(default_factory=list)  # (article, quote)

    @property
    def id(self) -> str:
        return entity_id(self.name)

    def summary(self) -> dict:
        return {"id": self.id, "name": self.name, "label": self.labels.most_common(1)[0][0],
                "aliases": list(self.aliases), "roles": list(self.roles), "outlets": list(self.outlets),
                "stories": list(self.stories), "mentions": len(self.mentions), "statements": len(self.quotes)}


def corpus_entities(processed: Sequence[ProcessedArticle], stories: Sequence[Story]) -> list[CorpusEntity]:
    """Every person and organisation of the stories' articles (an article in no story counts as
    a story of its own), most mentioned first."""
    found: dict[str, CorpusEntity] = {}
    for story_id, members in _groups(processed, stories):
        names = story_names(members)
        for e in story_entities(members, names):
            entity = found.setdefault(e.name, CorpusEntity(e.name))
            entity.labels[e.label] += len(e.mentions)
            entity.aliases.update(dict.fromkeys(a for a in e.aliases if a != e.name))
            entity.roles.update(dict.fromkeys(e.roles))
            entity.outlets.update(dict.fromkeys(e.outlets))
            entity.stories[story_id] = None
            entity.mentions.update(dict.fromkeys(e.mentions))
        for p in members:
            for q in p.analysis.quotes:
                speaker = names.get(q.speaker, q.speaker) if q.speaker else None
                if speaker in found and story_id in found[speaker].stories:
                    found[speaker].quotes.append((p.article.id, q))
    return sorted(found.values(), key=lambda e: (-len(e.mentions), e.name))


def _groups(processed: Sequence[ProcessedArticle], stories: Sequence[Story]) -> Iterable[tuple[str | None, list]]:
    by_id = {p.article.id: p for p in processed}
    placed: set[str] = set()
    for story in stories:
        members = [by_id[a] for a in story.articles if a in by_id]
        placed.update(p.article.id for p in members)
        if members:
            yield story.id, members
    for p in processed:
        if p.article.id not in placed:
            yield None, [p]


def find_entity(entities: Sequence[CorpusEntity], wanted: str) -> CorpusEntity:
    """The entity with this id, or the only one whose id starts with it (4+ characters)."""
    matches = [e for e in entities if e.id == wanted]
    if not matches and len(wanted) >= MIN_PREFIX:
        matches = [e for e in entities if e.id.startswith(wanted)]
    if len(matches) != 1:
        raise NotFound("no entity has this id (or the prefix is ambiguous)")
    return matches[0]


def store_entities(store: Store) -> list[CorpusEntity]:
    """The store's entities, worked out again only when its stories, current articles or their
    outlets' names change (each page view would otherwise reread and reanalyse every article)."""
    stories = store.stories()
    key = (tuple((s.id, s.articles) for s in stories), tuple((row.id, row.outlet) for row in store.list_articles()))
    held = _computed.get(store)
    if held is None or held[0] != key:
        held = key, corpus_entities(list(store.iter_processed()), stories)
        _computed[store] = held
    return held[1]


def list_entities(store: Store, q: str | None = None) -> list[dict]:
    """Summaries of the store's entities (name, label, aliases, roles, outlets, stories, counts of
    mentions and statements), most mentioned first; ``q`` keeps those whose name or other names
    contain it (any case)."""
    summaries = [e.summary() for e in store_entities(store)]
    if q:
        needle = q.casefold()
        summaries = [s for s in summaries if any(needle in n.casefold() for n in [s["name"], *s["aliases"]])]
    return summaries


def entity_record(store: Store, wanted: str) -> dict:
    """One entity: its summary, its ``statements`` (the quotes attributed to it) and the
    ``mentions`` (sentences that name it), each with article, outlet and publication date,
    oldest first. ``NotFound`` for an unknown or ambiguous id."""
    entity = find_entity(store_entities(store), wanted)
    cited = dict.fromkeys([a for a, _ in entity.quotes] + [a for a, _ in entity.mentions])
    by_id = {a: store.get(a) for a in cited}

    def where(article_id: str) -> dict:
        article = by_id[article_id].article
        return {"article": article_id, "title": article.title, "outlet": article.outlet,
                "published": article.published, "published_inferred": article.published_inferred}

    def when(item: dict) -> tuple:
        return item["published"] or "", item["article"], item["sentence"]

    statements = [{**where(a), "sentence": q.sentence, "cue": q.cue, "kind": q.kind, "text": q.text,
                   "speaker_text": q.speaker_text} for a, q in entity.quotes]
    mentions = []
    for article_id, index in entity.mentions:
        analysis = by_id[article_id].analysis
        mentions.append({**where(article_id), "sentence": index, "text": analysis.sentences[index].text,
                         "dates": sorted({d.value for d in analysis.dates if d.sentence == index and d.value})})
    return entity.summary() | {"statements": sorted(statements, key=when), "mentions": sorted(mentions, key=when)}
