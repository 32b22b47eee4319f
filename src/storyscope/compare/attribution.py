"""Attribution chains: who asserts a statement at each level of sourcing.

"Xinhua reported … the counselor said" inside an outlet that republished an
agency: outlet → agency → Xinhua → the counselor. Levels come from, in order:
the outlet; the source it copied the text from (text reuse) or an agency credit
on the page ("(With inputs from agencies)", a dateline agency); reporting cues
in the sentence ("reported", "according to") that wrap the innermost speaker.
"""

from __future__ import annotations

import re

from ..model import ProcessedArticle, outlet_label

_AGENCY_CREDIT = re.compile(r"\b(?:inputs? from|additional reporting by|reporting by)\s+(agencies|[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3})",
                            re.IGNORECASE)
_DATELINE_AGENCY = re.compile(r"^[A-Z][A-Z .,'’-]+(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*\(([^)]{2,30})\)\s*[—–:-]")
_RELAYING_CUES = {"reported", "reports", "according to", "quoted", "cited", "told"}


def _credit(p: ProcessedArticle) -> str | None:
    """An agency the page credits: a dateline '(CPA)' or a credit line 'With inputs from agencies'."""
    first = p.article.text.split("\n", 1)[0]
    match = _DATELINE_AGENCY.match(first)
    if match:
        return match.group(1).strip()
    for line in p.article.boilerplate:
        if line.reason == "credit":
            found = _AGENCY_CREDIT.search(line.text)
            if found:
                return found.group(1)
    return None


def chain(p: ProcessedArticle, sentence: int, names: dict[str, str], copied_from: dict[str, str]) -> tuple[str, ...]:
    """The levels of sourcing of one sentence, outermost first."""
    levels = [outlet_label(p.article.outlet, p.article.id)]
    upstream = copied_from.get(p.article.id) or _credit(p)
    if upstream and upstream not in levels:
        levels.append(upstream)
    quotes = sorted((q for q in p.analysis.quotes if q.sentence == sentence and q.speaker), key=lambda q: q.start)
    relays = [q for q in quotes if q.cue.lower() in _RELAYING_CUES]
    others = [q for q in quotes if q not in relays]
    for q in relays + others:
        name = names.get(q.speaker, q.speaker)
        if name not in levels:
            levels.append(name)
    return tuple(levels)
