"""Numbers across outlets, voices per outlet, and the story's merged timeline."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import ProcessedArticle, outlet_label
from ..text.measures import Amount, amount
from .affiliation import introductions, voice_kind
from .claims import disjoint_pair, stated_days
from .figures import amounts_agree
from .records import Claim, CountedThing, NumberReport, OutletVoices, TimelineItem, Voice, VoiceGroup

TIMELINE_PRECISIONS = {"day", "month"}


def _outlet(p: ProcessedArticle) -> str:
    return outlet_label(p.article.outlet, p.article.id)


def _speaker_at(p: ProcessedArticle, sentence: int, start: int, names: dict[str, str]) -> str | None:
    """Who the figure is attributed to: the speaker of a quote covering it, or of its sentence."""
    for q in p.analysis.quotes:
        if q.speaker and (q.start <= start < q.end or q.sentence == sentence):
            return names.get(q.speaker, q.speaker)
    return None


def numbers_across(processed: Sequence[ProcessedArticle], names: dict[str, str],
                   event_of: dict[str, str] | None = None) -> list[CountedThing]:
    """Counted things that two or more outlets give for one event, with each outlet's value;
    disagreement flagged, across units ("61 km" and "38 miles" agree, "61 km" and "61 miles" do
    not). (Counts in different events of a story differ legitimately.)"""
    by_unit: dict[tuple[str, str], list[tuple[NumberReport, Amount]]] = defaultdict(list)
    # values disagree unless they agree as claims judge it (compare.figures.amounts_agree: "at least
    # 11" agrees with "14", "about 31,000" with "31,400"); a table of one unit lists every value
    for p in processed:
        event = (event_of or {}).get(p.article.id, "")
        for n in p.analysis.numbers:
            if not n.unit:
                continue
            figure = amount(n.value, n.unit)
            by_unit[(event, figure.measures)].append((NumberReport(
                article=p.article.id, outlet=_outlet(p), sentence=n.sentence, text=n.text, value=n.value,
                qualifier=n.qualifier, attributed_to=_speaker_at(p, n.sentence, n.start, names)), figure))
    things = []
    for (_event, unit), reported in sorted(by_unit.items()):
        if len({r.outlet for r, _ in reported}) < 2:
            continue
        disagree = any(amounts_agree(a, ra.qualifier, b, rb.qualifier) is not True
                       for ra, a in reported for rb, b in reported)
        things.append(CountedThing(unit=unit, reports=tuple(r for r, _ in reported), disagree=disagree))
    return things


def voices_by_outlet(processed: Sequence[ProcessedArticle], names: dict[str, str],
                     introduced: dict[str, set[str]] | None = None) -> list[OutletVoices]:
    """Per outlet: who is quoted or paraphrased, how often, with how many words, and what kind
    of voice each is (officials, UN bodies, NGOs, witnesses, unnamed sources, …)."""
    quotes: dict[str, Counter] = defaultdict(Counter)
    words: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    descriptors: dict[str, set[str]] = defaultdict(set)
    cites: dict[tuple[str, str], list] = defaultdict(list)
    for p in processed:
        outlet = _outlet(p)
        for q in p.analysis.quotes:
            speaker = names.get(q.speaker, q.speaker) if q.speaker else "unidentified"
            quotes[outlet][speaker] += 1
            words[outlet][speaker] += len(q.text.split())
            kinds.setdefault(speaker, q.speaker_kind)
            if q.speaker_text:
                descriptors[speaker].add(q.speaker_text)
            cites[(outlet, speaker)].append((p.article.id, q.sentence))
    affiliation = _affiliations(processed, names)
    introduced = introductions(processed, names) if introduced is None else introduced
    for speaker, words_before_and_after in introduced.items():
        descriptors[speaker] |= words_before_and_after
    outlets = {p.article.outlet for p in processed if p.article.outlet}
    result = []
    for outlet in sorted(quotes):
        voices = []
        for speaker, count in quotes[outlet].most_common():
            tied = affiliation.get(speaker) or (speaker if kinds[speaker] in {"organization", "place"} else None)
            voices.append(Voice(speaker, kinds[speaker], count, words[outlet][speaker],
                                tuple(cites[(outlet, speaker)]), tied,
                                voice_kind(speaker, kinds[speaker], tied, descriptors[speaker], outlets)))
        total = sum(words[outlet].values())
        result.append(OutletVoices(outlet, tuple(voices), total, _by_kind(voices, total)))
    return result


def _by_kind(voices: list[Voice], total_words: int) -> tuple[VoiceGroup, ...]:
    """One outlet's voices summed per kind, largest share of quoted words first."""
    groups: dict[str, list[Voice]] = defaultdict(list)
    for v in voices:
        groups[v.group].append(v)
    summed = [VoiceGroup(kind, tuple(v.speaker for v in members), sum(v.quotes for v in members),
                         sum(v.words for v in members),
                         round(sum(v.words for v in members) / total_words, 3) if total_words else 0.0)
              for kind, members in groups.items()]
    return tuple(sorted(summed, key=lambda g: (-g.words, g.kind)))


def _affiliations(processed: Sequence[ProcessedArticle], names: dict[str, str]) -> dict[str, str]:
    """Person -> the organisation or country named in the words that introduce them
    ("China's Foreign Minister Wang Yi" -> China; "a spokesman for the Port Authority, Anna Kessling")."""
    result: dict[str, str] = {}
    for p in processed:
        entities = p.analysis.entities
        for person in (e for e in entities if e.label == "PERSON"):
            name = names.get(person.canonical, person.canonical)
            if name in result:
                continue
            near = [e for e in entities if e.label in {"ORG", "GPE", "NORP"} and e.sentence == person.sentence
                    and (0 <= person.start - e.end <= 60 or 0 <= e.start - person.end <= 40)]
            if near:
                closest = min(near, key=lambda e: min(abs(person.start - e.end), abs(e.start - person.end)))
                result[name] = names.get(closest.canonical, closest.canonical)
    return result


def timeline(processed: Sequence[ProcessedArticle], claims: Sequence[Claim] = ()) -> list[TimelineItem]:
    """Every day or month the articles report, merged, each citing the sentences that report it.
    A day is flagged when another version of the same claim puts that happening on another day."""
    items: dict[tuple[str, str], list] = defaultdict(list)
    for p in processed:
        for d in p.analysis.dates:
            if d.value and d.precision in TIMELINE_PRECISIONS:
                items[(d.value, d.precision)].append((p, d.sentence))
    elsewhere = _days_given_elsewhere(processed, claims)
    result = []
    for (value, precision), reports in sorted(items.items()):
        first, sentence = reports[0]
        other_days = {day for p, s in reports for day in elsewhere.get((p.article.id, s), ()) if day != value}
        result.append(TimelineItem(
            date=value, precision=precision, text=first.analysis.sentences[sentence].text,
            citations=tuple((p.article.id, s) for p, s in reports),
            outlets=tuple(dict.fromkeys(_outlet(p) for p, _ in reports)),
            conflicting=tuple(sorted(other_days))))
    return result


def _days_given_elsewhere(processed: Sequence[ProcessedArticle], claims: Sequence[Claim]) -> dict:
    """(article, sentence) -> every day that the versions of its claim write out."""
    by_id = {p.article.id: p for p in processed}
    result: dict[tuple[str, int], set[str]] = {}
    for claim in claims:
        days = {v: stated_days(by_id[v.article], v.sentence) for v in claim.versions if v.article in by_id}
        if disjoint_pair([d for d in days.values() if d]):
            given = set().union(*days.values())
            for v in days:
                result[(v.article, v.sentence)] = given
    return result
