"""Versions of one figure across pages: the same count, distance or time of day, told by
pages on one event in their own words, agreeing or disputed.

Outlets rarely tell a figure in the same words ("The rocket, carrying eight satellites, blew
apart" / "was carrying seven small satellites"; "as many as one million Uyghurs are believed
to be detained" / "around one million Uighur Muslims are being held"), so the aligner, which
compares whole sentences, seldom puts their sentences in one claim: a disagreement would go
unseen, and a fact carried by many outlets would look single-source. Here two figures are
versions of one when they come from pages on the same event, measure the same thing (the same
counted noun, or one dimension such as length or time of day) and stand among the same words:
what surrounds each figure (a few words either side, within its sentence) shares at least
``SHARED_CONTEXT`` content words that are not common in the event (two to agree, since an
agreement joins sentences into one claim). Versions whose values differ are a dispute.

Not disputes:
- a part of a whole ("four of the satellites", "three of the seven paintings"),
  and a sentence that gives both values ("the seven paintings include five by");
- figures that agree across units or clocks ("61 km" / "38 miles", "11:42" /
  "11.42am"), a rounded figure and a precise one ("about 31,000" / "31,400"), and
  a figure within a bound ("less than three minutes" / "152 seconds"; "at least 11"
  and "seven" do disagree);
- a figure the other page also gives, in the same surroundings: the other page
  agrees, whatever else it says ("Two died and 18 were infected");
- figures far apart in size ("19.50 euros a share" / "2.3 billion euros"): those
  are two quantities, not two versions of one;
- pages on different events (a toll that grew).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..cluster.features import content_terms, stemmed_terms
from ..model import ProcessedArticle
from ..text.measures import Amount, amount, comparable_clocks, point_times, same_amount, same_time
from ..words import light_stem

# Chosen on tests/golden/stories/ (tuning corpus); measured in docs/quality.md.
CONTEXT_CHARS = 50  # how far either side of a figure its surroundings reach, within its sentence
SHARED_CONTEXT = 1  # content words two figures' surroundings must share to be one figure
SHARED_TO_AGREE = 2  # and to join two agreeing versions into one claim (1 word: tuning gold 0.714 -> 0.708)
MIN_SENTENCES_FOR_COMMON = 20  # an event with fewer sentences cannot tell a common word from a shared one
COMMON_WORD = 0.25  # share of an event's sentences beyond which a word is too common to tell figures apart
ROUNDING = 0.05  # "about 31,000" agrees with anything within a twentieth of it ("31,400", not "about 58,000" / "61,300")
FAR_APART = 2.6  # amounts this many times apart are two quantities, not two versions of one
_FLOORS = {"more than", "at least"}  # the true value is this or above
_CEILINGS = {"at most", "up to", "less than", "fewer than"}  # this or below
_ROUNDED = {"about", "nearly"}  # close to this ("nearly 2,600" is not "anything up to 2,600")
_PART_OF = re.compile(r"\s+of\s+(?:the|its|their|those|these)\b", re.IGNORECASE)  # "four of the satellites"
_NUMBER_WORD = re.compile(r"^[\d.,:]+$")


@dataclass(frozen=True)
class Figure:
    """One figure in one sentence: what kind it is, its comparable value, and its surroundings."""

    article: str
    event: str | None
    sentence: int
    kind: str  # "amount:<measure>" or "clock"
    value: object  # an Amount or a ClockTime
    text: str
    context: frozenset[str]
    qualifier: str | None = None  # "about", "more than", ... (amounts)


@dataclass(frozen=True)
class FigureLink:
    """Two pages' versions of one figure: agreeing, or disputed."""

    first: tuple[str, int]  # (article, sentence)
    second: tuple[str, int]
    kind: str  # what the figure measures: "amount:satellite", "amount:length", "clock"
    dispute: str | None = None  # how they disagree ("satellite: seven vs eight"); None when they agree


def figure_links(processed: Sequence[ProcessedArticle], event_of: dict[str, str]) -> list[FigureLink]:
    """Every pair of versions of one figure among pages on one event, agreeing or disputed."""
    by_kind: dict[tuple[str | None, str], list[Figure]] = defaultdict(list)
    for p in processed:
        event = event_of.get(p.article.id)
        if event is None:
            continue
        for figure in _figures(p, event):
            by_kind[(event, figure.kind)].append(figure)
    common = _common_words(processed, event_of)
    found = []
    for (event, _), figures in by_kind.items():
        usual = common.get(event, frozenset())
        by_page: dict[str, list[Figure]] = defaultdict(list)
        by_sentence: dict[tuple[str, int], list[Figure]] = defaultdict(list)
        for f in figures:
            by_page[f.article].append(f)
            by_sentence[(f.article, f.sentence)].append(f)
        seen: set[tuple] = set()
        for i, a in enumerate(figures):
            for b in figures[i + 1:]:
                if a.article == b.article or (a.article, b.article, a.text, b.text) in seen:
                    continue
                shared = len((a.context & b.context) - usual)
                agree = _agree(a, b) if shared >= SHARED_CONTEXT else None
                if agree is None:
                    continue
                if agree:
                    if shared >= SHARED_TO_AGREE:
                        seen.add((a.article, b.article, a.text, b.text))
                        found.append(FigureLink((a.article, a.sentence), (b.article, b.sentence), a.kind))
                    continue
                if _given_too(a, by_page[b.article], by_sentence[(b.article, b.sentence)]) or \
                        _given_too(b, by_page[a.article], by_sentence[(a.article, a.sentence)]):
                    continue
                seen.add((a.article, b.article, a.text, b.text))
                low, high = sorted((a, b), key=_size)  # "seven vs eight" whichever page came first
                found.append(FigureLink((a.article, a.sentence), (b.article, b.sentence), a.kind,
                                        f"{a.kind.split(':')[-1]}: {low.text} vs {high.text}"))
    return found


def _size(figure: Figure) -> float:
    return figure.value.minutes if figure.kind == "clock" else figure.value.value


def _common_words(processed: Sequence[ProcessedArticle], event_of: dict[str, str]) -> dict[str, frozenset[str]]:
    """Event -> the words in so many of its sentences ("museum", "rocket") that sharing them says
    nothing about which figure two sentences give."""
    sentences: dict[str, int] = defaultdict(int)
    holding: dict[str, Counter] = defaultdict(Counter)
    for p in processed:
        event = event_of.get(p.article.id)
        for s in p.analysis.sentences:
            sentences[event] += 1
            holding[event].update(stemmed_terms(s.text))
    return {event: frozenset(w for w, n in counts.items() if n >= COMMON_WORD * sentences[event])
            for event, counts in holding.items() if sentences[event] >= MIN_SENTENCES_FOR_COMMON}


def _given_too(figure: Figure, page: list[Figure], sentence: list[Figure]) -> bool:
    """Does the other page give this figure too: in its disputing sentence, or anywhere among
    the same surroundings?"""
    return any(_agree(figure, other) for other in sentence) or any(
        _agree(figure, other) and len(figure.context & other.context) >= SHARED_CONTEXT for other in page)


def _agree(a: Figure, b: Figure) -> bool | None:
    """True when two versions say the same, False when they differ, None when they cannot be
    compared (a local time against a time in UTC; a bound; quantities far apart in size)."""
    if a.kind == "clock":
        return same_time(a.value, b.value) if comparable_clocks(a.value, b.value) else None
    return amounts_agree(a.value, a.qualifier, b.value, b.qualifier)


def amounts_agree(a: Amount, a_qualifier: str | None, b: Amount, b_qualifier: str | None,
                  far_apart: float | None = FAR_APART) -> bool | None:
    """Do two amounts of one measure, each with its qualifier ("about", "more than", ...), say
    the same (True), differ (False), or not allow the question (None: two bounds, or quantities
    ``far_apart`` times apart or more, which are two quantities rather than two versions of one,
    unless something else, such as their sentences' alignment, says they are one)?"""
    if same_amount(a, b):
        return True
    x, y = sorted((abs(a.value), abs(b.value)))
    if x == 0 or (far_apart is not None and y / x >= far_apart):
        return None
    bounded = [(amount_, q) for amount_, q in ((a, a_qualifier), (b, b_qualifier)) if q in _FLOORS | _CEILINGS]
    if len(bounded) == 2:
        return None  # two bounds rarely exclude each other in news copy
    if bounded:
        (bound, qualifier), = bounded
        other = b if bound is a else a
        above = other.value >= bound.value
        return above if qualifier in _FLOORS else not above
    if _ROUNDED & {a_qualifier, b_qualifier} and y - x <= ROUNDING * y:
        return True
    return False


def _figures(p: ProcessedArticle, event: str) -> list[Figure]:
    """The figures a page gives (counted or measured amounts that are not a part of a whole, and
    moments of the day), each with the content words around it, its own unit left out."""
    text = p.article.text
    sentences = {s.index: s for s in p.analysis.sentences}
    found = []

    def add(kind: str, value, mention: str, sentence: int, start: int, end: int, qualifier: str | None = None) -> None:
        s = sentences.get(sentence)
        if s is None:
            return
        before = text[max(s.start, start - CONTEXT_CHARS):start]
        after = text[end:min(s.end, end + CONTEXT_CHARS)]
        if start - CONTEXT_CHARS > s.start:
            before = before.partition(" ")[2]  # whole words only
        if end + CONTEXT_CHARS < s.end:
            after = after.rpartition(" ")[0]
        unit = light_stem(getattr(value, "written", "") or "")
        context = frozenset(stem for stem in (light_stem(t) for t in content_terms(before + " " + after)
                                              if not _NUMBER_WORD.match(t)) if stem != unit)
        found.append(Figure(p.article.id, event, sentence, kind, value, mention, context, qualifier))

    for n in p.analysis.numbers:
        if n.unit and not _PART_OF.match(text, n.end):
            figure = amount(n.value, n.unit)
            add(f"amount:{figure.measures}", figure, n.text, n.sentence, n.start, n.end, n.qualifier)
    for s in p.analysis.sentences:
        for clock in point_times(s.text):
            at = s.start + s.text.find(clock.text)
            add("clock", clock, clock.text, s.index, at, at + len(clock.text))
    return found
