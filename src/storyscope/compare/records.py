"""What the comparison of one story produces: plain records, each citing its sources.

A citation is (article id, sentence index): every statement the dossier makes
links back to the sentences it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Citation = tuple[str, int]  # (article id, sentence index)
ClaimStatus = Literal["corroborated", "single-source", "contradicted"]


@dataclass(frozen=True)
class ClaimVersion:
    """How one article carries a claim."""

    article: str
    outlet: str | None
    sentence: int
    text: str
    attributed_to: str | None  # the speaker when the sentence reports speech, else None (own voice)
    chain: tuple[str, ...] = ()  # who asserts it at each level: outlet, agency copied, reporter, speaker
    stance: str = "asserted"  # asserted in the outlet's own voice | attributed | hedged | disputed
    verb: str | None = None  # the reporting verb as written: "said", "claimed", "admitted"


@dataclass(frozen=True)
class Source:
    """One independent source of a claim: the carriers that count once together, and why.

    Two pages of one outlet are one source; so is a copy family (a page and every page that
    copied it, or that it copied, however many hops apart). A page with no known outlet counts
    on its own only when no other carrier is its copy or its original (compare.claims)."""

    name: str  # the outlet, or "unknown outlet (abc123)" for a page whose outlet is not known (model.outlet_label)
    reason: str  # "outlet Herald", "unattributed page, not a copy of any other carrier", …
    articles: tuple[str, ...]  # the carriers counted in it


@dataclass(frozen=True)
class Claim:
    id: str
    text: str  # the earliest version's sentence
    status: ClaimStatus
    outlets: tuple[str, ...]  # every outlet that carries it ("unknown outlet (abc123)" for a page with none)
    independent_outlets: tuple[str, ...]  # the name of each of its independent sources
    versions: tuple[ClaimVersion, ...]
    conflicts: tuple[str, ...] = ()  # why it is contradicted: "3,200 vs fewer than 900 dockworkers"
    sources: tuple[Source, ...] = ()  # its independent sources, each with why it counts

    @property
    def exclusive_to(self) -> str | None:
        """The one source a single-source claim rests on (its exclusive), else None."""
        return self.sources[0].name if self.status == "single-source" and self.sources else None


@dataclass(frozen=True)
class NumberReport:
    article: str
    outlet: str | None
    sentence: int
    text: str
    value: float
    qualifier: str | None
    attributed_to: str | None


@dataclass(frozen=True)
class CountedThing:
    """One quantity as each outlet gives it ('people detained': one million, a million or more, …)."""

    unit: str
    reports: tuple[NumberReport, ...]
    disagree: bool


@dataclass(frozen=True)
class Voice:
    speaker: str
    kind: str
    quotes: int
    words: int
    citations: tuple[Citation, ...]
    affiliation: str | None = None  # the organisation or country the text ties the speaker to
    group: str = "other"  # the kind of voice: officials and governments, UN and international bodies, …


@dataclass(frozen=True)
class VoiceGroup:
    """One kind of voice in one outlet: who they are and how much they are quoted."""

    kind: str
    speakers: tuple[str, ...]
    quotes: int
    words: int
    share: float  # of the outlet's quoted words


@dataclass(frozen=True)
class OutletVoices:
    outlet: str
    voices: tuple[Voice, ...]
    quoted_words: int
    groups: tuple[VoiceGroup, ...] = ()


@dataclass(frozen=True)
class TimelineItem:
    date: str
    precision: str
    text: str  # the sentence that reports it
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...]
    conflicting: tuple[str, ...] = ()  # other days that other versions give for the same happening


@dataclass(frozen=True)
class StoryEntity:
    """One person or organisation across the story's articles."""

    name: str  # the story-level canonical name
    label: str  # PERSON or ORG
    aliases: tuple[str, ...]  # other names the articles use ("Zakir", "Lu Kangm")
    roles: tuple[str, ...]  # how the articles introduce them ("Foreign Ministry spokesman")
    mentions: tuple[Citation, ...]
    outlets: tuple[str, ...]
    quotes: int  # statements attributed to them


@dataclass(frozen=True)
class StoryComparison:
    story: str
    # in dossier order: contradicted, then corroborated by the most independent sources, then each outlet's exclusives
    claims: tuple[Claim, ...] = ()
    # outlet -> ids of widely carried claims it lacks, though it has a page in their event(s)
    omissions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: tuple[CountedThing, ...] = ()
    voices: tuple[OutletVoices, ...] = ()
    timeline: tuple[TimelineItem, ...] = ()
    people: dict[str, str] = field(default_factory=dict)  # a name as one article gives it -> the story's canonical name
    labels: tuple = ()  # LabelGroup records: the words each outlet uses for the same target
    copies: tuple = ()  # cluster.reuse.Reuse records: who copied whom inside the story
    entities: tuple[StoryEntity, ...] = ()  # people and organisations, every mention linked
