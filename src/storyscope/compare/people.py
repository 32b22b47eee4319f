"""One name per person and organisation across the articles of a story.

"Zakir" in one article is "Shohrat Zakir" in another; "Lu Kangm" is a typo of
"Lu Kang". The same rules that join names within an article join the
articles' canonical names across a story.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analyze.entities import Mention, canonical_names
from ..model import ProcessedArticle


def story_names(processed: Sequence[ProcessedArticle]) -> dict[str, str]:
    """Each article-level canonical name -> the story-level one."""
    mentions = [Mention(e.canonical, e.label) for p in processed for e in p.analysis.entities]
    resolved = canonical_names(mentions)
    names: dict[str, str] = {}
    for mention, (name, _label) in zip(mentions, resolved):
        names.setdefault(mention.text, name)
    return names
