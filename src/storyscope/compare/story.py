"""compare_story: the cross-source dossier of one story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..cluster.reuse import Reuse, find_reuse
from ..model import ProcessedArticle, Story, is_unknown_outlet
from .affiliation import introductions
from .claims import align_claims, carrier_name, omissions
from .figures import figure_links
from .facts import numbers_across, timeline, voices_by_outlet
from .labels import label_groups
from .people import story_entities, story_names
from .records import Claim, StoryComparison

STATUS_ORDER = {"contradicted": 0, "corroborated": 1, "single-source": 2}


def compare_story(story: Story, processed: Sequence[ProcessedArticle], reuses: Sequence[Reuse] | None = None,
                  vectors: dict[tuple[str, int], object] | None = None) -> StoryComparison:
    """``reuses``: who copied whom among the story's articles (found here when not given: the
    independence of a claim's carriers rests on them). ``vectors``: sentence embeddings
    (compare.embeddings) to align paraphrased claims too."""
    wanted = set(story.articles)
    members = [p for p in processed if p.article.id in wanted]
    if reuses is None:
        reuses = find_reuse(members, [story])
    names = story_names(members)
    introduced = introductions(members, names)  # titles and appositions: voice kinds and entity roles
    event_of = {a: e.id for e in story.events for a in e.articles}
    claims = dossier_order(align_claims(members, [r for r in reuses if r.copy in story.articles], names, vectors,
                                        figure_links(members, event_of), event_of))
    coverage: dict[str, set[str | None]] = defaultdict(set)  # outlet -> the events it has pages in
    for p in members:
        coverage[carrier_name(p.article.id, p.article.outlet)].add(event_of.get(p.article.id))
    return StoryComparison(
        story=story.id,
        claims=tuple(claims),
        omissions=omissions(claims, coverage, event_of),
        numbers=tuple(numbers_across(members, names, event_of)),
        voices=tuple(voices_by_outlet(members, names, introduced)),
        timeline=tuple(timeline(members, claims)),
        people={name: canonical for name, canonical in names.items() if name != canonical},
        labels=tuple(label_groups(members, claims)),
        copies=tuple(r for r in reuses if r.copy in story.articles and r.source in story.articles),
        entities=tuple(story_entities(members, names, introduced)),
    )


def dossier_order(claims: Sequence[Claim]) -> list[Claim]:
    """The order every view shows claims in: contradicted first (what readers must not miss),
    then the corroborated, those with the most independent sources first, then each source's
    exclusives (single-source claims) grouped by outlet, outlets by name and pages with no
    outlet last. Ties keep the aligner's order (earliest articles first)."""
    def key(indexed: tuple[int, Claim]) -> tuple:
        index, c = indexed
        if c.status == "single-source":
            owner = c.exclusive_to or ""
            return (STATUS_ORDER[c.status], is_unknown_outlet(owner), owner.casefold(), index)
        return (STATUS_ORDER[c.status], -len(c.sources), -len(c.outlets), index)
    return [c for _, c in sorted(enumerate(claims), key=key)]
