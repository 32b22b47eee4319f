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

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..analyze.quotations import find_quotations
from ..model import ProcessedArticle, outlet_label
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
    slots: dict[tuple[str, int, str], set[tuple[str, str]]] = defaultdict(set)  # (article, sentence, head) -> slots
    for p in with_phrases(processed):
        text = p.article.text
        # a few words in quotation marks are the outlet keeping its distance from them
        scare_quotes = [(q.content_start, q.content_end) for q in find_quotations(text)
                        if len(text[q.content_start:q.content_end].split()) <= 5]
        starts = [s.start for s in p.analysis.sentences]
        names = sorted((e.start, e.end) for e in p.analysis.entities)
        name_starts = [start for start, _ in names]
        outlet = outlet_label(p.article.outlet, p.article.id)
        for phrase in p.analysis.phrases:
            start, end = phrase.start, phrase.end
            at = bisect_right(name_starts, start) - 1
            if at >= 0 and start < names[at][1]:
                continue  # names are people and organisations, not labels
            sentence = max(bisect_right(starts, start) - 1, 0)
            scare = any(lo <= start and end <= hi for lo, hi in scare_quotes)
            mentions[phrase.head].append(LabelUse(outlet, text[start:end], scare, p.article.id, sentence))
            heads_in[(p.article.id, sentence)].add(phrase.head)
            sentence_start = p.analysis.sentences[sentence].start if p.analysis.sentences else 0
            slots[(p.article.id, sentence, phrase.head)].add(_slot(text, sentence_start, start, end))
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
                if len(only_i) != 1 or len(only_j) != 1:
                    continue
                # one word swapped for another in the same place of the sentence: the same target
                # ("arrested dozens of protesters" / "of rioters"); two sentences that differ
                # in two unrelated places ("voiced concerns" / "the rules stand") are not
                (head_i,), (head_j,) = only_i, only_j
                vi, vj = claim.versions[i], claim.versions[j]
                if not _same_slot(slots[(vi.article, vi.sentence, head_i)], slots[(vj.article, vj.sentence, head_j)]):
                    continue
                a, b = find(head_i), find(head_j)
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


# Words that only introduce a noun phrase: the word before them says where the phrase stands.
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
                "your", "some", "any", "all", "both", "each"}
_WORD = re.compile(r"[\w'’-]+")


def _slot(text: str, sentence_start: int, start: int, end: int) -> tuple[str, str]:
    """Where a phrase stands in its sentence: the word before it (past any determiner; "" at the
    sentence's start) and the word after it ("" at its end)."""
    before = [w.lower() for w in _WORD.findall(text[max(sentence_start, start - 80):start])]
    while before and before[-1] in _DETERMINERS:
        before.pop()
    after = _WORD.search(text, end, end + 40)
    return (before[-1] if before else "", after.group().lower() if after else "")


def _same_slot(these: set[tuple[str, str]], those: set[tuple[str, str]]) -> bool:
    """Do two phrases stand in the same place: the same word before them, or after them?"""
    return any(a[0] == b[0] or a[1] == b[1] for a in these for b in those)
