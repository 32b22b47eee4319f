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
# A statement presented as contested by someone in the story.
_DISPUTES = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|rejected|rejects|reject|disputed|disputes|dispute|refuted|refutes|"
    r"dismissed|dismisses|contested|contests|rebutted|rebuts|countered|disagreed|disagrees)\b",
    re.IGNORECASE)
# Verbs of speech the quote extractor may not have tied to this sentence; words that are often
# something else ("states", "claims", "an estimated 3,000", "added two buses") are left out.
_SPEECH_CUE = re.compile(
    r"\b(said|says|told|tells|claimed|admitted|admits|announced|insisted|insists|"
    r"stated|alleged|alleges|confirmed|argued|warned|according to)\b",
    re.IGNORECASE)


def stance(p: ProcessedArticle, sentence: int) -> tuple[Stance, str | None]:
    """The stance of one sentence and the reporting verb (or phrase) it uses, as written."""
    text = p.analysis.sentences[sentence].text
    cues = [q.cue for q in sorted(p.analysis.quotes, key=lambda q: q.start) if q.sentence == sentence and q.cue]
    found = _SPEECH_CUE.search(text)
    verb = cues[0] if cues else (found.group(1) if found else None)
    disputed = _DISPUTES.search(text)
    if disputed:
        return "disputed", verb or disputed.group(0)
    if _HEDGES.search(text):
        return "hedged", verb
    if verb:
        return "attributed", verb
    return "asserted", None
