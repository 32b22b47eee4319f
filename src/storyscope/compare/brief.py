"""An extractive brief: the story told in the sentences most outlets carry, each citing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Story
from .records import Claim

BRIEF_SENTENCES = 5


@dataclass(frozen=True)
class BriefSentence:
    text: str
    outlets: tuple[str, ...]
    citations: tuple[tuple[str, int], ...]
    status: str


def brief(claims: Sequence[Claim], articles: Sequence[str] | None = None,
          size: int = BRIEF_SENTENCES) -> list[BriefSentence]:
    """The ``size`` claims carried by the most independent outlets (within ``articles`` when given),
    in dossier order (compare.story.dossier_order: contradicted, then the most corroborated)."""
    wanted = set(articles) if articles is not None else None
    pool = [(i, c) for i, c in enumerate(claims)
            if wanted is None or any(v.article in wanted for v in c.versions)]
    chosen = sorted(pool, key=lambda ic: (-len(ic[1].independent_outlets), -len(ic[1].outlets), ic[0]))[:size]
    return [BriefSentence(c.text, c.outlets, tuple((v.article, v.sentence) for v in c.versions), c.status)
            for _, c in sorted(chosen)]


def event_briefs(story: Story, claims: Sequence[Claim], size: int = 3) -> dict[str, list[BriefSentence]]:
    return {event.id: brief(claims, event.articles, size) for event in story.events}
