"""Near-duplicate articles across the whole corpus: one text, republished or lightly edited.

A syndicated wire story appears under many mastheads with a changed headline, a dropped
paragraph, a few words swapped. Each article's body becomes its set of word 5-grams
(shingles); MinHash LSH proposes candidate pairs without comparing all pairs (in memory or
on a Dask cluster: the same blocking code as stories), each candidate is confirmed by the
exact Jaccard overlap of the two shingle sets, and confirmed pairs join into groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Article
from .blocking import candidate_pairs, components_of

SHINGLE_WORDS = 5
# share of shingles two bodies have in common (Jaccard) to count as one text: a copy with a
# word changed every 25 words, or a paragraph in ten cut, stays above it; two outlets'
# own reports of one event, even quoting the same people, fall far below
THRESHOLD = 0.5
# LSH proposes pairs at half the threshold: with datasketch's bands for 0.25 (42 of 3 rows) a pair
# right at 0.5 is proposed 996 times in 1,000, at 0.6 all but 4 in 100,000 (at 0.5 itself: 55%)
CANDIDATE_SHARE = 0.5

# key sets, threshold -> candidate index pairs (i, j), i < j
Candidates = Callable[[Sequence[frozenset[str]], float], set[tuple[int, int]]]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateGroup:
    """Articles that carry one text, earliest first, with every confirmed pair's overlap (each
    pair earlier article first)."""

    articles: tuple[str, ...]
    pairs: tuple[tuple[str, str, float], ...]  # (article, article, Jaccard), each confirmed

    @property
    def lowest_overlap(self) -> float:
        return min(similarity for _a, _b, similarity in self.pairs)


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The body's word ``size``-grams, lower-cased; a body shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + size]) for i in range(len(words) - size + 1))


def near_duplicates(articles: Sequence[Article], threshold: float = THRESHOLD,
                    candidates: Candidates = candidate_pairs) -> list[DuplicateGroup]:
    """Groups of two or more ``articles`` whose bodies overlap by at least ``threshold``
    (confirmed pairs, joined transitively), largest group first."""
    sets = [shingles(article.text) for article in articles]
    confirmed = {}
    for i, j in candidates(sets, threshold * CANDIDATE_SHARE):
        shared = len(sets[i] & sets[j])
        overlap = shared / (len(sets[i]) + len(sets[j]) - shared)
        if overlap >= threshold:
            confirmed[i, j] = overlap
    components = [members for members in components_of(confirmed, range(len(articles))) if len(members) > 1]
    group_of = {i: g for g, members in enumerate(components) for i in members}
    pairs_of: list[list] = [[] for _ in components]
    for (i, j), overlap in confirmed.items():  # each pair handed to its group once
        pairs_of[group_of[i]].append((i, j, overlap))
    groups = []
    for members, pairs in zip(components, pairs_of):
        order = sorted(members, key=lambda i: (articles[i].published or "9999", articles[i].id))
        place = {i: k for k, i in enumerate(order)}
        pairs = sorted((*sorted((i, j), key=place.get), overlap) for i, j, overlap in pairs)
        named = tuple((articles[i].id, articles[j].id, round(overlap, 3)) for i, j, overlap in pairs)
        groups.append(DuplicateGroup(tuple(articles[i].id for i in order), named))
    return sorted(groups, key=lambda g: (-len(g.articles), g.articles))
