"""Align statements across a story's articles into claims, and judge each claim.

A claim is a group of sentences, at most one per article, that share most of
their content words. It is corroborated when two or more independent sources
carry it, contradicted when its versions give different values for the same
counted thing, and single-source otherwise. Widely carried claims that an
outlet leaves out, though it has a page on the same event, are its omissions.

Independent sources are counted from the carriers (``independent_sources``):
- pages of one outlet are one source, however many there are;
- a copy family is one source: a page, the pages that copied it and the pages
  it copied, in either direction and through any number of hops (the story's
  reuse records, cluster.reuse), so an agency text on three sites counts once;
- a page with no known outlet is a source of its own only when its text shows it
  is not a copy: no other carrier is in its copy family. Two such pages are then
  two sources (they were written apart, even if we cannot name their sites);
  pages with no outlet that are copies of one text count once together.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..cluster.features import stemmed_terms
from ..cluster.reuse import Reuse
from ..model import ProcessedArticle, outlet_label
from ..cluster.blocking import joined
from ..text.measures import (Amount, ClockTime, amount, amount_key, clock_times, comparable_clocks, point_times,
                             same_amount, same_time)
from .attribution import chain
from .figures import FigureLink, amounts_agree
from .records import Claim, ClaimVersion, Source
from .stance import stance

# Chosen on tests/golden/stories/claims.gold.json (tests/golden/claims_score.py --corpus stories);
# what else was measured is in docs/quality.md.
SAME_CLAIM = 0.34  # Jaccard of two sentences' stemmed content words, with the count below, for one fact
SHARED_COUNT = 0.2  # added when both give one figure ("12 towers" and "a dozen towers"; "61 km", "38 miles"; "11:42", "11.42am")
SHARED_FIGURE = 0.15  # else, when both give one number of 10 or more, counting things named otherwise
MIN_FIGURE = 10  # smaller numbers ("two", "three") are too common to tie sentences together
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
        terms = stemmed_terms(sentence.text)
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
            or any(same_time(x, y) for x in a.clocks for y in b.clocks))


def align_claims(processed: Sequence[ProcessedArticle], reuses: Sequence[Reuse],
                 names: dict[str, str], vectors: dict[tuple[str, int], object] | None = None,
                 figures: Sequence[FigureLink] = (), event_of: dict[str, str | None] | None = None) -> list[Claim]:
    """Group the story's sentences into claims, earliest articles first: each sentence joins the
    most alike group that its article has not joined yet, or starts one; a sentence alike enough
    to a second group joins it too (one sentence, two facts). Only groups sharing words or a count
    with the sentence are compared (an index of words to groups), so a story's cost grows with how
    often its words recur, not with the square of its sentences.

    ``figures``: versions of one figure across pages on one event (compare.figures), put in one
    claim however differently their sentences read; the claim is contradicted when they disagree.
    ``event_of``: article -> its event; versions are compared for contradictions within an event."""
    ordered = sorted(processed, key=lambda p: (p.article.published or "", p.article.id))
    by_article = [(p, _statements(p, vectors)) for p in ordered]
    groups: list[list[_Statement]] = []
    holders: dict[object, set[int]] = defaultdict(set)  # word or count -> groups with a member using it
    for p, statements in by_article:
        taken: set[int] = set()  # claims this article has a sentence in
        for statement in statements:
            figure_keys = _figure_keys(statement)
            keys = list(statement.terms) + figure_keys
            shared = Counter(index for key in statement.terms for index in holders.get(key, ()))
            by_figure = {index for key in figure_keys for index in holders.get(key, ())}
            scored = sorted(((max(_likeness(statement, other) for other in groups[index]), index)
                             for index in set(shared) | by_figure if index not in taken
                             and (shared[index] >= MIN_SHARED_FOR_MEANING or index in by_figure)),
                            key=lambda pair: (-pair[0], pair[1]))
            # the most alike claim, and a second one the sentence states as surely (two facts in one)
            chosen = [index for score, index in scored[:2] if score > 0.0]
            if not chosen:
                chosen = [len(groups)]
                groups.append([])
            for index in chosen:
                groups[index].append(statement)
                taken.add(index)
                for key in keys:
                    holders[key].add(index)
    plain = len(groups)  # claims from here on are figures told in other words
    disagreements = _join_figures(groups, figures, {(s.article.article.id, s.sentence): s
                                                      for _, statements in by_article for s in statements}, by_article)
    copied_from = {(r.copy, r.source) for r in reuses}
    outlet_of = {p.article.id: p.article.outlet for p in processed}
    upstream = {r.copy: outlet_of.get(r.source) for r in reuses if outlet_of.get(r.source)}
    return [_claim([(s.article, s.sentence) for s in group], copied_from, names, upstream, event_of or {},
                   disagreements.get(index, ()), figure=index >= plain)
            for index, group in enumerate(groups)]


def _join_figures(groups: list[list[_Statement]], links: Sequence[FigureLink],
                  statements: dict[tuple[str, int], _Statement], by_article) -> dict[int, list[str]]:
    """Put the versions of one figure (joined through any chain of agreeing or disputed
    versions, compare.figures) in one claim: a claim that holds them all already; else the claim
    that holds only sentences of that figure, grown by the pages it lacks; else a claim of their
    own beside whatever else their sentences claim (one sentence per page). Group index -> what
    its versions dispute."""
    processed = {p.article.id: p for p, _ in by_article}
    links = [link for link in links if link.first[0] in processed and link.second[0] in processed]
    where: dict[tuple[str, int], set[int]] = defaultdict(set)
    for index, group in enumerate(groups):
        for s in group:
            where[(s.article.article.id, s.sentence)].add(index)
    order = {p.article.id: i for i, (p, _) in enumerate(by_article)}  # earliest pages first
    found: dict[int, list[str]] = defaultdict(list)
    # one component per figure: a sentence that gives two figures ("seven satellites, 61 km up")
    # is a version of each, and must not tie the two figures' versions together
    nodes = sorted({(v, link.kind) for link in links for v in (link.first, link.second)})
    figures = joined(nodes, [[((link.first, link.kind), (link.second, link.kind)) for link in links]])
    component_of = {node: n for n, figure in enumerate(figures) for node in figure}
    links_of: dict[int, list[FigureLink]] = defaultdict(list)  # each figure's links, sorted out once
    for link in links:
        links_of[component_of[(link.first, link.kind)]].append(link)
    for n, figure in enumerate(figures):
        members = [v for v, _ in figure]
        component = set(members)
        its_links = links_of[n]
        holding_all = set.intersection(*(where[v] for v in members))  # a claim that has them all already
        inside = [index for index in set().union(*(where[v] for v in members))
                  if all((s.article.article.id, s.sentence) in component for s in groups[index])]
        if holding_all:
            into = min(holding_all)
        elif inside:
            into = max(inside, key=lambda index: (len(groups[index]), -index))
        else:
            into = len(groups)
            groups.append([])
        group = groups[into]
        in_dispute = {v for link in its_links if link.dispute for v in (link.first, link.second)}
        # one sentence per page, earliest pages first; of a page's sentences, one in a dispute
        for article, sentence in sorted(members, key=lambda v: (order[v[0]], v not in in_dispute, v[1])):
            if not any(s.article.article.id == article for s in group):
                group.append(statements.get((article, sentence))
                             or _Statement(processed[article], sentence, frozenset(), (), ()))
                where[(article, sentence)].add(into)
        kept = {(s.article.article.id, s.sentence) for s in group}
        found[into] += [link.dispute for link in its_links
                        if link.dispute and link.first in kept and link.second in kept]
    return found


def _figure_bonus(a: _Statement, b: _Statement) -> float:
    """One figure both give: the same amount of the same thing, or at least the same number
    ("a million or more Uighurs", "around one million Uighur Muslims")."""
    if _same_figure(a, b):
        return SHARED_COUNT
    if any(x.value == y.value and x.value >= MIN_FIGURE for x in a.counts for y in b.counts):
        return SHARED_FIGURE
    return 0.0


def _likeness(a: _Statement, b: _Statement) -> float:
    """How surely two sentences state the same fact (0 when they do not): the share of their words
    in common, and more when both give one figure."""
    shared = len(a.terms & b.terms)
    score = shared / len(a.terms | b.terms) + _figure_bonus(a, b)
    if score >= SAME_CLAIM:
        return score
    if (a.vector is not None and b.vector is not None and shared >= MIN_SHARED_FOR_MEANING
            and float(a.vector @ b.vector) >= SAME_MEANING):
        return score
    return 0.0


def _claim(group, copied_from: set[tuple[str, str]], names: dict[str, str], upstream: dict[str, str],
           event_of: dict[str, str | None], disputed: Sequence[str] = (), figure: bool = False) -> Claim:
    """``figure``: the claim is a figure's versions, whose first sentence may also open a claim of
    its own (its id is kept apart)."""
    versions = []
    for p, index in group:
        kind, verb = stance(p, index)
        speaker = next((q.speaker for q in p.analysis.quotes if q.sentence == index and q.speaker), None)
        versions.append(ClaimVersion(article=p.article.id, outlet=p.article.outlet, sentence=index,
                                     text=p.analysis.sentences[index].text,
                                     attributed_to=names.get(speaker, speaker) if speaker else None,
                                     chain=chain(p, index, names, upstream), stance=kind, verb=verb))
    outlets = tuple(dict.fromkeys(carrier_name(v.article, v.outlet) for v in versions))
    sources = independent_sources(versions, copied_from)
    conflicts = _conflicts(group, event_of)
    named = {c.split(":")[0] for c in conflicts}  # a measure the versions' own comparison already names
    conflicts += tuple(dict.fromkeys(d for d in disputed if d.split(":")[0] not in named))
    status = "contradicted" if conflicts else ("corroborated" if len(sources) >= 2 else "single-source")
    first = versions[0]
    key = f"{first.article}:{first.sentence}" + (":figure" if figure else "")
    claim_id = "c" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return Claim(claim_id, first.text, status, outlets, tuple(s.name for s in sources), tuple(versions), conflicts,
                 sources)


def carrier_name(article: str, outlet: str | None) -> str:
    """How a carrier is named in a claim's outlets: its outlet, or its page when the outlet is unknown."""
    return outlet_label(outlet, article)


def copy_families(copied_from: set[tuple[str, str]]) -> dict[str, str]:
    """Article -> one member of its copy family: the articles joined by copying, in either
    direction and through any number of hops (a copy of a copy is in its original's family)."""
    pairs = sorted(copied_from)
    articles = sorted({article for pair in pairs for article in pair})
    return {article: members[0] for members in joined(articles, [pairs]) for article in members}


def independent_sources(versions: Sequence[ClaimVersion], copied_from: set[tuple[str, str]]) -> tuple[Source, ...]:
    """The claim's carriers grouped into independent sources (the rules are in the module's
    docstring), earliest first. Carriers are joined when they share an outlet or a copy family,
    and joins chain: an outlet's second page that another site copied brings that site along."""
    family = copy_families(copied_from)
    group_of: dict[str, int] = {}  # outlet or copy family -> index into groups
    groups: list[list[ClaimVersion]] = []
    for v in versions:
        keys = [k for k in (("outlet", v.outlet) if v.outlet else None,
                            ("family", family.get(v.article))) if k and k[1]]
        found = sorted({group_of[k] for k in keys if k in group_of})
        if not found:
            found = [len(groups)]
            groups.append([])
        into = found[0]
        for other in found[1:]:  # this carrier ties two groups together: merge them
            groups[into].extend(groups[other])
            groups[other] = []
            group_of.update({k: into for k, g in group_of.items() if g == other})
        groups[into].append(v)
        group_of.update({k: into for k in keys})
    return tuple(_source(g, family) for g in groups if g)


def _source(carriers: list[ClaimVersion], family: dict[str, str]) -> Source:
    """One independent source: named after its first carrier with an outlet (else its first page),
    with why it counts and what counts with it."""
    lead = next((v for v in carriers if v.outlet), carriers[0])
    name = carrier_name(lead.article, lead.outlet)
    if lead.outlet:
        reason = f"outlet {lead.outlet}"
    elif len(carriers) == 1:
        reason = "unattributed page, not a copy of any other carrier"
    else:
        reason = "unattributed page"
    others = []
    for v in carriers:
        if v is lead:
            continue
        if lead.outlet and v.outlet == lead.outlet:
            others.append(f"another page of {lead.outlet}")
        else:
            others.append(f"{carrier_name(v.article, v.outlet)} (same copy family)")
    if others:
        reason += "; counted once with " + ", ".join(others)
    return Source(name, reason, tuple(v.article for v in carriers))


def _conflicts(group, event_of: dict[str, str | None]) -> tuple[str, ...]:
    """What two versions on one event disagree on (pages on different events may rightly
    differ: a toll that grew, a raised offer), over each event's versions in turn."""
    by_event: dict[str | None, list] = defaultdict(list)
    for p, index in group:
        by_event[event_of.get(p.article.id)].append((p, index))
    return tuple(dict.fromkeys(found for versions in by_event.values() for found in _event_conflicts(versions)))


def _event_conflicts(group) -> tuple[str, ...]:
    """What two versions disagree on: the same counted thing with no amount in common (in any
    unit: "61 km" agrees with "38 miles" and not with "61 miles"), the same happening on
    different calendar days ("dockworker: About 3,200 vs Fewer than 900"), or at different times
    of day in one clock ("11:42" agrees with "11.42am", not with "12.42pm"; "10:42 UTC" is not
    compared with a local time). Values are compared version against version, since one
    sentence may rightly hold two ("fares rise from 38 to 44 crowns"); days only when written
    out, since a weekday read against two publication dates may name different days for one
    happening."""
    counts: dict[str, list[dict[tuple[Amount, str | None], str]]] = defaultdict(list)
    days: list[set[str]] = []
    clocks: list[dict[ClockTime, str]] = []
    for p, index in group:
        by_measure: dict[str, dict[tuple[Amount, str | None], str]] = defaultdict(dict)
        for n in p.analysis.numbers:
            if n.sentence == index and n.unit:
                figure = amount(n.value, n.unit)
                by_measure[figure.measures].setdefault((figure, n.qualifier), n.text)
        for measures, values in by_measure.items():
            counts[measures].append(values)
        stated = stated_days(p, index)
        if stated:
            days.append(stated)
        times = {t: t.text for t in point_times(p.analysis.sentences[index].text)}
        if times:
            clocks.append(times)
    found = []
    for measures, versions in counts.items():
        clash = disjoint_pair(versions, _not_disagreeing)
        if clash:
            found.append(f"{measures}: {' vs '.join(clash[0].values())} vs {' vs '.join(clash[1].values())}")
    clash = disjoint_pair(days)
    if clash:
        found.append(f"date: {', '.join(sorted(clash[0]))} vs {', '.join(sorted(clash[1]))}")
    clash = disjoint_pair(clocks, same_time, comparable=_comparable_times)
    if clash:
        found.append(f"time: {' vs '.join(clash[0].values())} vs {' vs '.join(clash[1].values())}")
    return tuple(found)


ALIGNED_FAR_APART = 100.0  # aligned versions' figures this many times apart are two quantities


def _not_disagreeing(a: tuple[Amount, str | None], b: tuple[Amount, str | None]) -> bool:
    """Two (amount, qualifier) figures of aligned versions that do not contradict each other:
    they agree ("more than 7 percent" and "7.2 percent"), are two bounds, or are two quantities
    ("19.50 euros" a share and "2.3 billion euros"). The aligner says their sentences tell one
    fact, so sizes a few times apart are a disagreement ("about 3,200" / "fewer than 900"), which
    two figures found apart (compare.figures) need more than their surroundings to be."""
    return amounts_agree(*a, *b, far_apart=ALIGNED_FAR_APART) is not False


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


def omissions(claims: Sequence[Claim], coverage: dict[str, set[str | None]],
              event_of: dict[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Outlet -> ids of the claims it leaves out that most outlets covering the same event carry.
    ``coverage``: outlet -> the events it has pages in; ``event_of``: article -> its event.
    An outlet is only held to the events it reports: a page on the verdict does not omit what
    the pages on the arrest said."""
    result: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        events = {event_of.get(v.article) for v in c.versions}
        covering = [o for o, covered in coverage.items() if covered & events]
        if len(c.outlets) < 2 or len(c.outlets) < WIDELY_CARRIED * len(covering):
            continue
        for outlet in covering:
            if outlet not in c.outlets:
                result[outlet].append(c.id)
    return {outlet: tuple(result[outlet]) for outlet in coverage if outlet in result}
