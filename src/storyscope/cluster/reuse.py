"""Text reuse between articles of a story, and who copied whom.

Sentences are matched across two articles in two ways: word trigrams for copy
(verbatim or lightly edited), and shared content words, order ignored, for
"spun" rewrites that reorder clauses and swap a few words. An article that
takes most of its sentences from an earlier one is its copy; the earlier one,
or on the same day the one that holds more beyond the shared text, is the
source. Reused copy is never independent corroboration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Literal

from ..model import ProcessedArticle, Story
from .features import content_terms

VERBATIM = 0.7  # trigram Jaccard of two sentences that are one sentence, copied
REWRITTEN = 0.45  # content-word Jaccard of two sentences that say the same in other words
MIN_SHARE = 0.35  # share of the copy's sentences found in the source before it counts as reuse
MIN_PASSAGES = 2  # one shared sentence is a shared fact, not evidence of copying

ReuseKind = Literal["verbatim", "edited", "spun"]


@dataclass(frozen=True)
class SharedPassage:
    source_sentence: int
    copy_sentence: int
    similarity: float
    rewritten: bool  # matched by content words only, not by wording


@dataclass(frozen=True)
class Reuse:
    source: str  # article id
    copy: str
    kind: ReuseKind
    share_of_copy: float  # how much of the copy comes from the source
    share_of_source: float  # how much of the source the copy carries
    passages: tuple[SharedPassage, ...]


@dataclass(frozen=True)
class _Text:
    id: str
    published: date | None
    trigrams: tuple[frozenset[tuple[str, ...]], ...]
    terms: tuple[frozenset[str], ...]


def _prepare(processed: ProcessedArticle) -> _Text:
    trigrams, terms = [], []
    for sentence in processed.analysis.sentences:
        words = re.findall(r"\w+", sentence.text.lower())
        trigrams.append(frozenset(zip(words, words[1:], words[2:])))
        terms.append(frozenset(content_terms(sentence.text)))
    published = processed.article.published
    return _Text(processed.article.id, date.fromisoformat(published) if published else None,
                 tuple(trigrams), tuple(terms))


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _match(a: _Text, b: _Text) -> list[SharedPassage]:
    """Best one-to-one sentence matches of a's sentences in b (a as source, b as copy)."""
    found, taken = [], set()
    for j in range(len(b.trigrams)):
        best, best_i, rewritten = 0.0, None, False
        for i in range(len(a.trigrams)):
            if i in taken:
                continue
            wording = _jaccard(a.trigrams[i], b.trigrams[j])
            if wording >= VERBATIM and wording > best:
                best, best_i, rewritten = wording, i, False
            elif best < VERBATIM and len(b.terms[j]) >= 4:
                meaning = _jaccard(a.terms[i], b.terms[j])
                if meaning >= REWRITTEN and meaning > best:
                    best, best_i, rewritten = meaning, i, True
        if best_i is not None:
            taken.add(best_i)
            found.append(SharedPassage(best_i, j, round(best, 3), rewritten))
    return found


def _kind(passages: Sequence[SharedPassage], copy_sentences: int) -> ReuseKind:
    worded = sum(1 for p in passages if not p.rewritten) / max(1, copy_sentences)
    if worded >= 0.9:
        return "verbatim"
    return "edited" if worded >= 0.4 else "spun"


def _direction(a: _Text, b: _Text, a_share: float, b_share: float) -> tuple[_Text, _Text]:
    """(source, copy): the earlier one is the source; on the same day, the one with more beyond the shared text."""
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published < b.published else (b, a)
    if abs(a_share - b_share) > 0.05:
        return (a, b) if b_share > a_share else (b, a)
    return (a, b) if a.id < b.id else (b, a)


def find_reuse(processed: Sequence[ProcessedArticle], stories: Sequence[Story]) -> list[Reuse]:
    """Reuse between articles of the same story (stories bound the comparison: never all pairs)."""
    texts = {p.article.id: _prepare(p) for p in processed}
    found = []
    for story in stories:
        for x, y in combinations(sorted(a for a in story.articles if a in texts), 2):
            reuse = _reuse(texts[x], texts[y])
            if reuse and is_copy(reuse, len(texts[reuse.copy].trigrams)):
                found.append(reuse)
    return found


def pair_reuse(a: ProcessedArticle, b: ProcessedArticle) -> Reuse | None:
    """Every sentence two articles share, with kind, shares and direction, however little they
    share (``is_copy`` says whether it is enough to call one the other's copy); None when nothing."""
    return _reuse(_prepare(a), _prepare(b))


def is_copy(reuse: Reuse, copy_sentences: int) -> bool:
    """Enough shared sentences to call the later article a copy (one shared sentence is a shared fact)."""
    return len(reuse.passages) >= MIN_PASSAGES and len(reuse.passages) / max(1, copy_sentences) >= MIN_SHARE


def _reuse(a: _Text, b: _Text) -> Reuse | None:
    forward = _match(a, b)  # b's sentences found in a
    if not forward:
        return None
    b_share = len(forward) / max(1, len(b.trigrams))
    a_share = len({p.source_sentence for p in forward}) / max(1, len(a.trigrams))
    source, copy = _direction(a, b, a_share, b_share)
    passages = forward if copy is b else _match(b, a)
    if not passages:
        return None
    share_of_copy = len(passages) / max(1, len(copy.trigrams))
    share_of_source = len({p.source_sentence for p in passages}) / max(1, len(source.trigrams))
    return Reuse(source.id, copy.id, _kind(passages, len(copy.trigrams)), round(share_of_copy, 3),
                 round(share_of_source, 3), tuple(passages))


def lineage(reuses: Sequence[Reuse]) -> dict[str, str]:
    """Each copied article -> the earliest source its copy chain leads back to."""
    parent = {r.copy: r.source for r in sorted(reuses, key=lambda r: r.share_of_copy)}  # the largest share wins
    roots = {}
    for article in parent:
        seen, node = {article}, parent[article]
        while node in parent and parent[node] not in seen:
            seen.add(node)
            node = parent[node]
        roots[article] = node
    return roots
