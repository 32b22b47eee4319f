"""Align statements across a story's articles into claims, and judge each claim.

A claim is a group of sentences, at most one per article, that share most of
their content words. It is corroborated when two or more independent outlets
carry it (an outlet that copied the text from another carrier is not
independent), contradicted when its versions give different values for the
same counted thing, and single-source otherwise. Widely carried claims that an
outlet leaves out are its omissions.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from ..cluster.features import content_terms
from ..cluster.reuse import Reuse
from ..model import ProcessedArticle
from ..words import unit_head
from .attribution import chain
from .records import Claim, ClaimVersion
from .stance import stance

SAME_CLAIM = 0.34  # content-word Jaccard of two sentences that state the same fact
MIN_TERMS = 5  # shorter sentences carry too little to align
WIDELY_CARRIED = 0.5  # share of a story's outlets that makes a claim's absence an omission


def align_claims(processed: Sequence[ProcessedArticle], reuses: Sequence[Reuse],
                 names: dict[str, str]) -> list[Claim]:
    ordered = sorted(processed, key=lambda p: (p.article.published or "", p.article.id))
    groups: list[list[tuple[ProcessedArticle, int, frozenset[str]]]] = []
    for p in ordered:
        used: set[int] = set()
        for sentence in p.analysis.sentences:
            terms = frozenset(content_terms(sentence.text))
            if len(terms) < MIN_TERMS:
                continue
            best, best_score = None, SAME_CLAIM
            for index, group in enumerate(groups):
                if index in used or any(member[0].article.id == p.article.id for member in group):
                    continue
                score = max(len(terms & t) / len(terms | t) for _, _, t in group)
                if score >= best_score:
                    best, best_score = index, score
            if best is None:
                groups.append([(p, sentence.index, terms)])
                used.add(len(groups) - 1)
            else:
                groups[best].append((p, sentence.index, terms))
                used.add(best)
    copied_from = {(r.copy, r.source) for r in reuses}
    outlet_of = {p.article.id: p.article.outlet for p in processed}
    upstream = {r.copy: outlet_of.get(r.source) for r in reuses if outlet_of.get(r.source)}
    return [_claim(group, copied_from, names, upstream) for group in groups]


def _claim(group, copied_from: set[tuple[str, str]], names: dict[str, str], upstream: dict[str, str]) -> Claim:
    versions = []
    for p, index, _terms in group:
        kind, verb = stance(p, index)
        speaker = next((q.speaker for q in p.analysis.quotes if q.sentence == index and q.speaker), None)
        versions.append(ClaimVersion(article=p.article.id, outlet=p.article.outlet, sentence=index,
                                     text=p.analysis.sentences[index].text,
                                     attributed_to=names.get(speaker, speaker) if speaker else None,
                                     chain=chain(p, index, names, upstream), stance=kind, verb=verb))
    carriers = {v.article for v in versions}
    independent = [v for v in versions if not any((v.article, other) in copied_from for other in carriers)]
    outlets = tuple(dict.fromkeys(v.outlet or f"unknown ({v.article[:6]})" for v in versions))
    independent_outlets = tuple(dict.fromkeys(v.outlet or f"unknown ({v.article[:6]})" for v in independent))
    conflicts = _conflicts(group)
    status = "contradicted" if conflicts else (
        "corroborated" if len(independent_outlets) >= 2 else "single-source")
    first = versions[0]
    claim_id = "c" + hashlib.sha256(f"{first.article}:{first.sentence}".encode()).hexdigest()[:12]
    return Claim(claim_id, first.text, status, outlets, independent_outlets, tuple(versions), conflicts)


def _conflicts(group) -> tuple[str, ...]:
    """What two versions disagree on: the same counted thing with no value in common, or the
    same happening on different calendar days ("dockworker: About 3,200 vs Fewer than 900").
    Values are compared version against version, since one sentence may rightly hold two
    ("fares rise from 38 to 44 crowns"); days only when written out, since a weekday read
    against two publication dates may name different days for one happening."""
    counts: dict[str, list[dict[float, str]]] = defaultdict(list)
    days: list[set[str]] = []
    for p, index, _terms in group:
        by_unit: dict[str, dict[float, str]] = defaultdict(dict)
        for n in p.analysis.numbers:
            if n.sentence == index and n.unit:
                by_unit[unit_head(n.unit)].setdefault(n.value, n.text)
        for unit, values in by_unit.items():
            counts[unit].append(values)
        stated = stated_days(p, index)
        if stated:
            days.append(stated)
    found = []
    for unit, versions in counts.items():
        clash = disjoint_pair(versions)
        if clash:
            found.append(f"{unit}: {' vs '.join(clash[0][v] for v in sorted(clash[0]))}"
                         f" vs {' vs '.join(clash[1][v] for v in sorted(clash[1]))}")
    clash = disjoint_pair(days)
    if clash:
        found.append(f"date: {', '.join(sorted(clash[0]))} vs {', '.join(sorted(clash[1]))}")
    return tuple(found)


def stated_days(p: ProcessedArticle, sentence: int) -> set[str]:
    """The calendar days a sentence writes out (not weekdays read against the publication date)."""
    return {d.value for d in p.analysis.dates
            if d.sentence == sentence and d.precision == "day" and d.value and not d.relative}


def disjoint_pair(versions: list):
    """The first two versions that share no value, or None."""
    for i, a in enumerate(versions):
        for b in versions[i + 1:]:
            if not set(a) & set(b):
                return a, b
    return None


def omissions(claims: Sequence[Claim], outlets: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Outlet -> ids of claims that most of the story's outlets carry and it does not."""
    wide = [c for c in claims if len(c.outlets) >= 2 and len(c.outlets) >= WIDELY_CARRIED * len(outlets)]
    result = {}
    for outlet in outlets:
        missing = tuple(c.id for c in wide if outlet not in c.outlets)
        if missing:
            result[outlet] = missing
    return result
