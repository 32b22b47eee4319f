"""Two articles side by side: the passages they share, the claims they share and do not, the
counts they give differently.

Shared passages come from the text-reuse matcher (cluster.reuse) run on the pair alone, with
no minimum: one shared sentence is shown even though it does not make a copy. Claims come from
the story aligner (compare.claims) run on the two articles.
"""

from __future__ import annotations

from collections import defaultdict

from ..cluster.reuse import is_copy, pair_reuse
from ..model import NumberMention, ProcessedArticle
from ..store import Store
from ..words import unit_head
from .claims import align_claims
from .people import story_names
from .records import Claim, ClaimVersion

SIDES = ("a", "b")


def compare_articles(store: Store, a: str, b: str) -> dict:
    """The comparison of the stored articles ``a`` and ``b`` (ids or unique prefixes of 4+
    characters; ``NotFound`` otherwise). ``ValueError`` when both name the same article."""
    first, second = store.get(a), store.get(b)
    if first.article.id == second.article.id:
        raise ValueError("an article is compared with another one, not with itself")
    return compare_pair(first, second)


def compare_pair(a: ProcessedArticle, b: ProcessedArticle) -> dict:
    """Plain data: ``a`` and ``b`` (metadata, text, sentences), ``reuse`` (kind, direction,
    share of each side, or None), ``passages`` (sentence of a, sentence of b, similarity,
    rewritten), ``claims`` (``shared``, ``only_a``, ``only_b``) and ``numbers`` (each counted
    thing both give, with each side's figures and whether they have no value in common)."""
    ids = {a.article.id: "a", b.article.id: "b"}
    reuse = pair_reuse(a, b)
    passages = []
    if reuse:
        for p in reuse.passages:
            at = {ids[reuse.source]: p.source_sentence, ids[reuse.copy]: p.copy_sentence}
            passages.append({"a": at["a"], "b": at["b"], "similarity": p.similarity, "rewritten": p.rewritten})
        passages.sort(key=lambda p: (p["a"], p["b"]))
        passages = [{"id": f"p{n}", **p} for n, p in enumerate(passages, 1)]  # in a's order
    copied = bool(reuse) and is_copy(reuse, len((a if reuse.copy == a.article.id else b).analysis.sentences))
    claims = align_claims([a, b], [reuse] if copied else [], story_names([a, b]))
    return {
        "a": _side(a, {p["a"] for p in passages}),
        "b": _side(b, {p["b"] for p in passages}),
        "reuse": None if reuse is None else {
            "kind": reuse.kind, "source": reuse.source, "copy": reuse.copy, "is_copy": copied,
            "share_of_a": _share(len(passages), a), "share_of_b": _share(len(passages), b)},
        "passages": passages,
        "claims": _split_claims(claims, a.article.id, b.article.id),
        "numbers": _numbers(a, b),
    }


def _side(p: ProcessedArticle, shared: set[int]) -> dict:
    article = p.article
    return {"id": article.id, "title": article.title, "outlet": article.outlet, "published": article.published,
            "published_inferred": article.published_inferred, "author": article.author, "url": article.url,
            "text": article.text, "shared_sentences": len(shared),
            "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text}
                          for s in p.analysis.sentences]}


def _share(count: int, p: ProcessedArticle) -> float:
    return round(count / max(1, len(p.analysis.sentences)), 3)


def _split_claims(claims: list[Claim], a: str, b: str) -> dict:
    split: dict[str, list[dict]] = {"shared": [], "only_a": [], "only_b": []}
    for claim in claims:
        by_article = {v.article: v for v in claim.versions}
        key = "shared" if a in by_article and b in by_article else ("only_a" if a in by_article else "only_b")
        split[key].append({"id": claim.id, "text": claim.text, "status": claim.status,
                           "conflicts": list(claim.conflicts),
                           "a": _version(by_article.get(a)), "b": _version(by_article.get(b))})
    return split


def _version(v: ClaimVersion | None) -> dict | None:
    if v is None:
        return None
    return {"sentence": v.sentence, "text": v.text, "attributed_to": v.attributed_to, "stance": v.stance,
            "verb": v.verb}


def _numbers(a: ProcessedArticle, b: ProcessedArticle) -> list[dict]:
    counted = [_by_unit(a), _by_unit(b)]
    things = []
    for unit in sorted(set(counted[0]) & set(counted[1])):
        figures = [counted[0][unit], counted[1][unit]]
        values = [{n.value for n in side} for side in figures]
        things.append({"unit": unit, "differ": not values[0] & values[1],
                       **{side: [{"text": n.text, "value": n.value, "qualifier": n.qualifier, "sentence": n.sentence}
                                 for n in numbers] for side, numbers in zip(SIDES, figures)}})
    return things


def _by_unit(p: ProcessedArticle) -> dict[str, list[NumberMention]]:
    found: dict[str, list[NumberMention]] = defaultdict(list)
    for n in p.analysis.numbers:
        if n.unit:
            found[unit_head(n.unit)].append(n)
    return found
