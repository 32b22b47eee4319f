"""compare_story: the cross-source dossier of one story."""

from __future__ import annotations

from collections.abc import Sequence

from ..cluster.reuse import Reuse
from ..model import ProcessedArticle, Story
from .affiliation import introductions
from .claims import align_claims, omissions
from .facts import numbers_across, timeline, voices_by_outlet
from .labels import label_groups
from .people import story_entities, story_names
from .records import StoryComparison


def compare_story(story: Story, processed: Sequence[ProcessedArticle], reuses: Sequence[Reuse] = (),
                  vectors: dict[tuple[str, int], object] | None = None) -> StoryComparison:
    """``vectors``: sentence embeddings (compare.embeddings) to align paraphrased claims too."""
    wanted = set(story.articles)
    members = [p for p in processed if p.article.id in wanted]
    names = story_names(members)
    introduced = introductions(members, names)  # titles and appositions: voice kinds and entity roles
    claims = align_claims(members, [r for r in reuses if r.copy in story.articles], names, vectors)
    outlets = list(dict.fromkeys(p.article.outlet or f"unknown ({p.article.id[:6]})" for p in members))
    return StoryComparison(
        story=story.id,
        claims=tuple(claims),
        omissions=omissions(claims, outlets),
        numbers=tuple(numbers_across(members, names, {a: e.id for e in story.events for a in e.articles})),
        voices=tuple(voices_by_outlet(members, names, introduced)),
        timeline=tuple(timeline(members, claims)),
        people={name: canonical for name, canonical in names.items() if name != canonical},
        labels=tuple(label_groups(members, claims)),
        copies=tuple(r for r in reuses if r.copy in story.articles and r.source in story.articles),
        entities=tuple(story_entities(members, names, introduced)),
    )
