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
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..cluster.features import content_terms
from ..cluster.reuse import Reuse
from ..model import ProcessedArticle
from ..text.measures import Amount, ClockTime, amount, amount_key, clock_times, comparable_clocks, same_amount
from ..words import light_stem
from .attribution import chain
from .records import Claim, ClaimVersion
from .stance import stance

# Chosen on tests/golden/stories/claims.gold.json (tests/golden/claims_score.py --corpus stories);
# what else was measured is in docs/quality.md.
SAME_CLAIM = 0.34  # Jaccard of two sentences' stemmed content words, with the count below, for one fact
SHARED_COUNT = 0.2  # added when both give one figure ("12 towers" and "a dozen towers"; "61 km", "38 miles"; "11:42", "11.42am")
SAME_MEANING = 0.65  # cosine of sentence embeddings (when given) for paraphrases with few words in common
MIN_SHARED_FOR_MEANING = 2  # content words a paraphrase must still share
MIN_TERMS = 5  # shorter sentences carry too little to align
WIDELY_CARRIED = 0.5  # share of a story's outlets that makes a claim's absence an omission


@dataclass(frozen=True)
class _Statement:
    """One sentence as the aligner sees it."""

    article: ProcessedArticle
    sentence: int
    terms: frozenset[str]
    counts: tuple[Amount, ...]  # its numbers with a counted noun, as comparable amounts
    clocks: tuple[ClockTime, ...]  # the times of day it gives
    vector: object = None  # a unit-length embedding (numpy array) or None


def _statements(p: ProcessedArticle, vectors: dict | None) -> list[_Statement]:
    found = []
    for sentence in p.analysis.sentences:
        terms = frozenset(light_stem(t) for t in content_terms(sentence.text))
        if len(terms) >= MIN_TERMS:
            found.append(_Statement(p, sentence.index, terms, _amounts(p, sentence.index),
                                    tuple(clock_times(sentence.text)),
                                    (vectors or {}).get((p.article.id, sentence.index))))
    return found


def _amounts(p: ProcessedArticle, sentence: int) -> tuple[Amount, ...]:
    return tuple(dict.fromkeys(amount(n.value, n.unit) for n in p.analysis.numbers
                               if n.sentence == sentence and n.unit))


def _figure_keys(s: _Statement) -> list[tuple]:
    """Index keys of a sentence's figures: amounts and times that may be the same meet under one."""
    return [amount_key(a) for a in s.counts] + [("clock", c.minutes) for c in s.clocks]


def _same_figure(a: _Statement, b: _Statement) -> bool:
    """Do two sentences give one figure: the same amount of the same thing, or the same time of day?"""
    return (any(same_amount(x, y) for x in a.counts for y in b.counts)
            or any(x.minutes == y.minutes and comparable_clocks(x, y) for x in a.clocks for y in b.clocks))


def align_claims(processed: Sequence[ProcessedArticle], reuses: Sequence[Reuse],
                 names: dict[str, str], vectors: dict[tuple[str, int], object] | None = None) -> list[Claim]:
    """Group the story's sentences into claims, earliest articles first: each sentence joins the
    most alike group that its article has not joined yet, or starts one; a sentence alike enough
    to a second group joins it too (one sentence, two facts). Only groups sharing words or a count
        with the sentence are compared (an index of words to groups), so a story's cost grows with how
    often its words recur, not with the square of its sentences."""
    ordered = sorted(processed, key=lambda p: (p.article.published or "", p.article.id))
    by_article = [(p, _statements(p, vectors)) for p in ordered]
    groups: list[list[_Statement]] = []
    holders: dict[object, set[int]] = defaultdict(set)  # word or count -> groups with a member using it
    for p, statements in by_article:
        joined: set[int] = set()
        for statement in statements:
            figures = _figure_keys(statement)
            keys = list(statement.terms) + figures
            shared = Counter(index for key in statement.terms for index in holders.get(key, ()))
            by_figure = {index for key in figures for index in holders.get(key, ())}
            scored = sorted(((max(_likeness(statement, other) for other in groups[index]), index)
                             for index in set(shared) | by_figure if index not in joined
                             and (shared[index] >= MIN_SHARED_FOR_MEANING or index in by_figure)),
                            key=lambda pair: (-pair[0], pair[1]))
            # the most alike claim, and a second one the sentence states as surely (two facts in one)
            chosen = [index for score, index in scored[:2] if score > 0.0]
            if not chosen:
                chosen = [len(groups)]
                groups.append([])
            for index in chosen:
                groups[index].append(statement)
                joined.add(index)
                for key in keys:
                    holders[key].add(index)
    copied_from = {(r.copy, r.source) for r in reuses}
    outlet_of = {p.article.id: p.article.outlet for p in processed}
    upstream = {r.copy: outlet_of.get(r.source) for r in reuses if outlet_of.get(r.source)}
    return [_claim([(s.article, s.sentence) for s in group], copied_from, names, upstream) for group in groups]


def _likeness(a: _Statement, b: _Statement) -> float:
    """How surely two sentences state the same fact (0 when they do not): the share of their words
    in common, and more when both give the same number of the same thing."""
    shared = len(a.terms & b.terms)
    score = shared / len(a.terms | b.terms) + (SHARED_COUNT if _same_figure(a, b) else 0.0)
    if score >= SAME_CLAIM:
        return score
    if (a.vector is not None and b.vector is not None and shared >= MIN_SHARED_FOR_MEANING
            and float(a.vector @ b.vector) >= SAME_MEANING):
        return score
    return 0.0


def _claim(group, copied_from: set[tuple[str, str]], names: dict[str, str], upstream: dict[str, str]) -> Claim:
    versions = []
    for p, index in group:
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
    """What two versions disagree on: the same counted thing with no amount in common (in any
    unit: "61 km" agrees with "38 miles" and not with "61 miles"), the same happening on
    different calendar days ("dockworker: About 3,200 vs Fewer than 900"), or at different times
    of day in one clock ("11:42" agrees with "11.42am", not with "12.42pm"; "10:42 UTC" is not
    compared with a local time). Values are compared version against version, since one
    sentence may rightly hold two ("fares rise from 38 to 44 crowns"); days only when written
    out, since a weekday read against two publication dates may name different days for one
    happening."""
    counts: dict[str, list[dict[Amount, str]]] = defaultdict(list)
    days: list[set[str]] = []
    clocks: list[dict[ClockTime, str]] = []
    for p, index in group:
        by_measure: dict[str, dict[Amount, str]] = defaultdict(dict)
        for n in p.analysis.numbers:
            if n.sentence == index and n.unit:
                figure = amount(n.value, n.unit)
                by_measure[figure.measures].setdefault(figure, n.text)
        for measures, values in by_measure.items():
            counts[measures].append(values)
        stated = stated_days(p, index)
        if stated:
            days.append(stated)
        times = {t: t.text for t in clock_times(p.analysis.sentences[index].text)}
        if times:
            clocks.append(times)
    found = []
    for measures, versions in counts.items():
        clash = disjoint_pair(versions, same_amount)
        if clash:
            found.append(f"{measures}: {' vs '.join(clash[0].values())} vs {' vs '.join(clash[1].values())}")
    clash = disjoint_pair(days)
    if clash:
        found.append(f"date: {', '.join(sorted(clash[0]))} vs {', '.join(sorted(clash[1]))}")
    clash = disjoint_pair(clocks, _same_time, comparable=_comparable_times)
    if clash:
        found.append(f"time: {' vs '.join(clash[0].values())} vs {' vs '.join(clash[1].values())}")
    return tuple(found)


def _same_time(a: ClockTime, b: ClockTime) -> bool:
    return a.minutes == b.minutes and comparable_clocks(a, b)


def _comparable_times(a, b) -> bool:
    return any(comparable_clocks(x, y) for x in a for y in b)


def stated_days(p: ProcessedArticle, sentence: int) -> set[str]:
    """The calendar days a sentence writes out (not weekdays read against the publication date)."""
    return {d.value for d in p.analysis.dates
            if d.sentence == sentence and d.precision == "day" and d.value and not d.relative}


def disjoint_pair(versions: list, same=None, comparable=None):
    """The first two versions that share no value (``same`` tells when two values are one), or
    None; with ``comparable``, only pairs it allows are looked at."""
    for i, a in enumerate(versions):
        for b in versions[i + 1:]:
            if comparable is not None and not comparable(a, b):
                continue
            if same is None:
                if not set(a) & set(b):
                    return a, b
            elif not any(same(x, y) for x in a for y in b):
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
