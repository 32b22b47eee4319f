"""Word choice: the labels each outlet uses for the same thing, learned from the story itself.

Mentions are base noun phrases ("vocational education and training centers",
"internment camps", "training schools"), found at ingest and stored with each
article's analysis (``analysis.phrases``), so no parse is needed here. Phrases with the same head noun refer
to the same kind of thing; two heads are one target when aligned versions of a
claim use one where another outlet uses the other (co-reference across
outlets: the same sentence, told with a different word). A target counts when
at least two outlets name it and they do not all use the same words. Labels
written inside quotation marks are marked as scare-quoted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..analyze.quotations import find_quotations
from ..model import ProcessedArticle
from .records import Claim

MIN_OUTLETS = 2


@dataclass(frozen=True)
class LabelUse:
    outlet: str
    label: str
    scare_quoted: bool
    article: str
    sentence: int


@dataclass(frozen=True)
class LabelGroup:
    heads: tuple[str, ...]
    uses: tuple[LabelUse, ...]

    def usage(self) -> dict[str, dict[str, int]]:
        """Outlet -> how many times it uses each label for this target."""
        result: dict[str, dict[str, int]] = defaultdict(dict)
        for use in self.uses:
            label = f"“{use.label}”" if use.scare_quoted else use.label
            result[use.outlet][label] = result[use.outlet].get(label, 0) + 1
        return dict(result)

    def by_outlet(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = defaultdict(list)
        for use in self.uses:
            label = f"“{use.label}”" if use.scare_quoted else use.label
            if label not in result[use.outlet]:
                result[use.outlet].append(label)
        return dict(result)


def with_phrases(processed: Sequence[ProcessedArticle]) -> list[ProcessedArticle]:
    """The articles with their label candidates: those stored before ingest kept them get them now
    (this loads and runs the spaCy pipeline, so only for such articles)."""
    missing = [p for p in processed if p.analysis.phrases is None]
    if not missing:
        return list(processed)
    from ..analyze.nlp import DEFAULT_MODEL, label_phrases, load

    found = dict(zip((p.article.id for p in missing),
                     label_phrases(load(missing[0].analysis.model or DEFAULT_MODEL), [p.article.text for p in missing])))
    return [p if p.article.id not in found else
            ProcessedArticle(p.article, replace(p.analysis, phrases=found[p.article.id])) for p in processed]


def label_groups(processed: Sequence[ProcessedArticle], claims: Sequence[Claim]) -> list[LabelGroup]:
    mentions: dict[str, list[LabelUse]] = defaultdict(list)  # head -> uses
    heads_in: dict[tuple[str, int], set[str]] = defaultdict(set)  # (article, sentence) -> heads
    for p in with_phrases(processed):
        quoted = [(q.content_start, q.content_end) for q in find_quotations(p.article.text)]
        starts = [s.start for s in p.analysis.sentences]
        outlet = p.article.outlet or f"unknown ({p.article.id[:6]})"
        for start, end, head in ((x.start, x.end, x.head) for x in p.analysis.phrases):
            if any(e.start <= start < e.end for e in p.analysis.entities):
                continue  # names are people and organisations, not labels
            sentence = sum(1 for s in starts if s <= start) - 1
            label = p.article.text[start:end]
            scare = any(lo <= start and end <= hi and len(p.article.text[lo:hi].split()) <= 5 for lo, hi in quoted)
            mentions[head].append(LabelUse(outlet, label, scare, p.article.id, max(sentence, 0)))
            heads_in[(p.article.id, max(sentence, 0))].add(head)
    group_of = {head: head for head in mentions}
    for head in mentions:  # British and American spellings of one word: centre / center
        if head.endswith("re") and head[:-2] + "er" in mentions:
            group_of[head] = head[:-2] + "er"

    def find(h: str) -> str:
        while group_of[h] != h:
            group_of[h] = group_of[group_of[h]]
            h = group_of[h]
        return h

    for claim in claims:
        versions = [heads_in.get((v.article, v.sentence), set()) for v in claim.versions]
        for i in range(len(versions)):
            for j in range(i + 1, len(versions)):
                only_i, only_j = versions[i] - versions[j], versions[j] - versions[i]
                if len(only_i) == 1 and len(only_j) == 1:  # one word swapped for another: same target
                    a, b = find(next(iter(only_i))), find(next(iter(only_j)))
                    if a != b:
                        group_of[b] = a
    grouped: dict[str, list[str]] = defaultdict(list)
    for head in mentions:
        grouped[find(head)].append(head)
    result = []
    for heads in grouped.values():
        uses = [u for h in heads for u in mentions[h]]
        outlets = {u.outlet for u in uses}
        labels_by_outlet = {o: frozenset(u.label.lower() for u in uses if u.outlet == o) for o in outlets}
        if len(outlets) >= MIN_OUTLETS and len(set(labels_by_outlet.values())) > 1:
            result.append(LabelGroup(tuple(sorted(heads)), tuple(uses)))
    return sorted(result, key=lambda g: -len({u.outlet for u in g.uses}))
