"""One name per person and organisation across the articles of a story.

"Zakir" in one article is "Shohrat Zakir" in another; "Lu Kangm" is a typo of
"Lu Kang". The same rules that join names within an article join the
articles' canonical names across a story. Each story-level entity keeps every
mention, the names it goes by and the roles the articles give it ("Foreign
Ministry spokesman").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..analyze.entities import ROLE_NOUNS, Mention, canonical_names
from ..model import ProcessedArticle, outlet_label
from .affiliation import introductions
from .records import StoryEntity

ENTITY_LABELS = {"PERSON", "ORG"}
_WORDS = re.compile(r"[\w-]+")


def story_names(processed: Sequence[ProcessedArticle]) -> dict[str, str]:
    """Each article-level canonical name -> the story-level one."""
    mentions = [Mention(e.canonical, e.label) for p in processed for e in p.analysis.entities]
    resolved = canonical_names(mentions)
    names: dict[str, str] = {}
    for mention, (name, _label) in zip(mentions, resolved):
        names.setdefault(mention.text, name)
    return names


def story_entities(processed: Sequence[ProcessedArticle], names: dict[str, str],
                   introduced: dict[str, set[str]] | None = None) -> list[StoryEntity]:
    """People and organisations of the story, most mentioned first, each with every mention
    (article, sentence), the outlets that name it, its other names and its roles."""
    labels: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, dict[str, None]] = defaultdict(dict)
    mentions: dict[str, list[tuple[str, int]]] = defaultdict(list)
    outlets: dict[str, dict[str, None]] = defaultdict(dict)
    quoted: Counter = Counter()
    for p in processed:
        for e in p.analysis.entities:
            if e.label not in ENTITY_LABELS:
                continue
            name = names.get(e.canonical, e.canonical)
            labels[name][e.label] += 1
            if e.text != name:
                aliases[name][e.text] = None
            mentions[name].append((p.article.id, e.sentence))
            outlets[name][outlet_label(p.article.outlet, p.article.id)] = None
        for q in p.analysis.quotes:
            if q.speaker:
                quoted[names.get(q.speaker, q.speaker)] += 1
    introduced = introductions(processed, names) if introduced is None else introduced
    result = [StoryEntity(name=name, label=labels[name].most_common(1)[0][0], aliases=tuple(aliases[name]),
                          roles=tuple(sorted(r for r in introduced.get(name, ()) if _is_role(r))),
                          mentions=tuple(dict.fromkeys(mentions[name])), outlets=tuple(outlets[name]),
                          quotes=quoted[name])
              for name in mentions]
    return sorted(result, key=lambda e: (-len(e.mentions), e.name))


def _is_role(phrase: str) -> bool:
    """'Foreign Ministry spokesman', 'a lecturer in migration law at …': words that say what someone is."""
    return any(w.lower() in ROLE_NOUNS for w in _WORDS.findall(phrase))
