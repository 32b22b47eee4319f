"""What kind of voice a speaker is: an official, a UN body, an NGO, a witness, an unnamed source…

Readers compare outlets by whom they let speak: one quotes only officials,
another only former detainees and rights groups. The kind is read from the
words the articles use to introduce the speaker ("Foreign Ministry spokesman
Lu Kang", "Former Uyghur detainees", "a diplomat who asked not to be named"),
the organisation or country named with them, and whether the speaker is one of
the story's outlets. The first rule that matches wins, so the more specific
kinds come first ("a UN human rights panel" is a UN body before it is a panel
of officials; "United Nations experts" are UN, not academics).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from ..analyze.entities import ROLE_NOUNS
from ..model import ProcessedArticle

UNNAMED = "unnamed sources"
OTHER = "other"

# (kind, words that mark it), most specific first.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
    (UNNAMED, r"\b(?:not to be named|anonymity|anonymous(?:ly)?|unnamed|sources?|insiders?|people familiar|"
              r"an? (?:diplomat|official|officer|guard|employee|worker|resident))\b"),
    ("UN and international bodies", r"\b(?:(?-i:UN|U\.N\.|UNHCR|UNICEF|UNESCO|WHO|IMF|EU|NATO|OSCE)|United Nations|World Bank|"
                                    r"International Monetary Fund|European Union|Council of Europe|"
                                    r"Red Cross|Human Rights Council|High Commissioner|International Court)\b"),
    ("witnesses and people affected", r"\b(?:witness(?:es)?|eyewitness(?:es)?|residents?|survivors?|victims?|"
                                      r"(?:former )?detainees?|relatives?|famil(?:y|ies)|shopkeepers?|passengers?|"
                                      r"villagers?|refugees?|locals?|parents?|neighbou?rs?|patients?|fans?|"
                                      r"skipper|fishermen|farmers?|protesters?|marchers?|students?)\b"),
    ("NGOs and rights groups", r"\b(?:NGOs?|rights groups?|press freedom|the group's|Human Rights Watch|Amnesty|charit(?:y|ies)|foundation|"
                               r"campaign(?:ers|ing)?|advocacy|activists?|watchdog|non-profit|"
                               r"nonprofit|civil society|associations?|cooperative|organisations?)\b"),
    ("unions and workers", r"\b(?:unions?|union's|workers'? council|shop steward|chief steward|metalworkers|"
                           r"dockworkers|dockers|workers|staff|employees)\b"),
    ("media", r"\b(?:news agency|agency reported|Xinhua|Reuters|(?-i:AP|AFP|TASS|TV)|RFE/RL|newspaper|broadcaster|"
              r"television|radio|editor|correspondent|reporter|journalists?)\b"),
    ("experts and academics", r"\b(?:university|professor|lecturer|(?-i:Dr)|researchers?|scholars?|experts?|analysts?|"
                              r"economists?|think tank|institute|scientists?)\b"),
    ("companies and business", r"\b(?:company|companies|firm|corporation|Motors|(?-i:Inc|Ltd|plc|CEO)|Securities|"
                               r"Chamber of Commerce|chief executive|chairman|plant director|director|"
                               r"shipping|freight|container lines|lenders|Ratings|owners?|investors?|carmaker|"
                               r"manufacturer|airline|employer)\b"),
    ("opposition and parties", r"\b(?:opposition|party|(?-i:MP)|lawmakers?|parliamentarians?|senators?|"
                               r"candidate)\b"),
    ("officials and governments", r"\b(?:government|governments|ministry|ministries|minister|spokes(?:man|woman|person)|"
                                  r"officials?|mayor|governor|councill?ors?|council|president|premier|prime minister|"
                                  r"police|coastguard|army|military|authorit(?:y|ies)|agency|regulator|embassy|"
                                  r"ambassador|diplomats?|representative|consul|commission|committee|court|judge|"
                                  r"prosecutors?|state|countries|country|inspector|commander|customs|Beijing|Washington|"
                                  r"Kremlin|White House)\b"),
))


def voice_kind(speaker: str | None, speaker_kind: str, affiliation: str | None, descriptors: set[str],
               outlets: set[str]) -> str:
    """The kind of voice, from the speaker's name, how the articles introduce them, and what
    they are affiliated with. A country or city that speaks is its government."""
    if not speaker or speaker == "unidentified":
        return UNNAMED
    if speaker in outlets or (affiliation and affiliation in outlets and speaker_kind != "person"):
        return "media"
    words = " | ".join(sorted(descriptors | {speaker, affiliation or ""}))
    for kind, pattern in _RULES:
        if pattern.search(words):
            return kind
    if speaker_kind == "place":
        return "officials and governments"
    return OTHER


_TITLE_BEFORE = re.compile(r"((?:[\w'’.&-]+ ){1,4})$")
# ", a lecturer at …" / ", the group's director" / ", chairman of …": an apposition opens with an
# article, a possessive or a role word (not with a verb: ", said the visit …").
_APPOSITION_AFTER = re.compile(r"^,\s+([^,.;:]{3,80})")
_APPOSITION_OPENS = re.compile(r"(?:an?|the|\w+['’]s)\s", re.IGNORECASE)


def introductions(processed: Sequence[ProcessedArticle], names: dict[str, str]) -> dict[str, set[str]]:
    """Person -> the words that introduce them anywhere in the story: the title before a mention
    ("Prime Minister Oskar Velde") and an apposition after it ("Hanne Voss, a credit analyst at …")."""
    found: dict[str, set[str]] = defaultdict(set)
    for p in processed:
        text = p.article.text
        for person in (e for e in p.analysis.entities if e.label == "PERSON"):
            name = names.get(person.canonical, person.canonical)
            opens = p.analysis.sentences[person.sentence].start if person.sentence < len(p.analysis.sentences) else 0
            before = _TITLE_BEFORE.search(text[max(opens, person.start - 60):person.start])
            if before:
                found[name].add(before.group(1).strip())
            after = _APPOSITION_AFTER.match(text[person.end:person.end + 90])
            if after and (_APPOSITION_OPENS.match(after.group(1))
                          or after.group(1).split()[0].lower() in ROLE_NOUNS):
                found[name].add(after.group(1).strip())
    return found
