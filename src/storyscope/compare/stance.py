"""How an outlet carries a statement: in its own voice, attributed, hedged or disputed.

The same fact reads differently as "X happened", "X happened, the minister
said", "X reportedly happened" and "the ministry denied that X happened". The
stance is read from the sentence itself: distancing words the outlet chooses
(hedged), a denial or rejection (disputed), else a reporting cue the quote
extractor found (attributed), else none (asserted). The reporting verb is kept
as written, since "said", "claimed" and "admitted" frame the same words
differently.
"""

from __future__ import annotations

import re
from typing import Literal

from ..model import ProcessedArticle

Stance = Literal["asserted", "attributed", "hedged", "disputed"]

# Words with which the outlet itself keeps its distance from what follows.
_HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|(?:the|an?|its|their|his|her) alleged|purportedly|supposedly|apparently|so-called|ostensibly|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|rumou?red) to|unconfirmed|unverified|"
    r"could not (?:be )?(?:independently )?(?:verify|verified|confirm|confirmed))\b",
    re.IGNORECASE)
# A statement presented as contested: a denial verb aimed at a claim ("denied that", "rejected
# the figures", "disputed reports"), not any use of the word ("waters that are at best disputed").
_DISPUTES = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dispute[sd]?|disputing|refute[sd]?|dismiss(?:es|ed)?|"
    r"contest(?:s|ed)?|rebut(?:s|ted)?)\s+(?:[\w'’]+\s+){0,2}?(?:that|claims?|reports?|allegations?|accusations?|"
    r"charges?|figures?|accounts?|as|it|this|any|all)\b",
    re.IGNORECASE)
# Verbs of speech the quote extractor may not have tied to this sentence; words that are often
# something else ("states", "claims", "an estimated 3,000", "added two buses") are left out.
_SPEECH_CUE = re.compile(
    r"\b(said|says|told|tells|claimed|admitted|admits|announced|insisted|insists|"
    r"stated|alleged|alleges|confirmed|argued|warned|according to)\b",
    re.IGNORECASE)


def stance(p: ProcessedArticle, sentence: int) -> tuple[Stance, str | None]:
    """The stance of one sentence and the reporting verb (or phrase) it uses, as written.

    A sentence inside a quotation that a later sentence attributes is attributed too. A cue in
    a participle clause ("…, saying the talks had failed") leaves the main clause the outlet's."""
    span = p.analysis.sentences[sentence]
    text = span.text
    quotes = sorted(p.analysis.quotes, key=lambda q: q.start)
    cues = [q.cue for q in quotes if q.cue and (q.sentence == sentence or (
        q.kind == "direct" and q.start < span.end and span.start < q.end))]
    main_cues = [c for c in cues if not c.lower().endswith("ing")]
    found = _SPEECH_CUE.search(text)
    verb = main_cues[0] if main_cues else (found.group(1) if found else (cues[0] if cues else None))
    disputed = _DISPUTES.search(text)
    if disputed:
        return "disputed", verb or disputed.group(0).split()[0]
    if _HEDGES.search(text):
        return "hedged", verb
    if main_cues or found:
        return "attributed", verb
    return "asserted", verb
