"""Plain records that cross stage boundaries.

Every stage takes and returns these frozen dataclasses, never a spaCy Doc or an
ORM row, so a stage can run in another process (or on a Dask worker) and its
result can be pickled, compared and stored.

Offsets (``start``/``end``) are character offsets into ``Article.text``, the
cleaned body, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

InputFormat = Literal["text", "html", "json", "feed", "warc"]
STORY_BASIS = "story: "  # how a publication day given by the page's story is marked
# a publication day's basis as readers are told it (the story's and an estimate's are worded in place)
PUBLISHED_NOTES = {
    "given": "given with the input (sidecar, form or record)",
    "page metadata": "stated in the page's metadata",
    "date line": "from the page's date line",
    "address": "from its address",
}


@dataclass(frozen=True)
class RawDocument:
    """One article as read from the outside world, before any cleaning.

    ``source`` names where it came from: a file path, ``path#N`` for the N-th
    record of a container (JSONL line, feed entry, WARC record), or a URL.
    Metadata fields hold what the input states; ``None`` means "not stated".
    """

    source: str
    format: InputFormat
    text: str | None = None  # plain text, when the input is text
    html: str | None = None  # raw HTML, when the input is (or carries) HTML
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # as given with the input (ISO or free text); normalized later
    fetched: str | None = None  # when a crawler fetched it (WARC-Date), ISO
    extra: dict[str, Any] = field(default_factory=dict)  # unknown input keys, kept


@dataclass(frozen=True)
class ResidueLine:
    """A line removed from the body, kept so nothing is silently lost."""

    text: str
    reason: str  # e.g. "breadcrumb", "title", "byline", "related-links", "promo"
    line: int  # 0-based line number in the document text before cleaning


@dataclass(frozen=True)
class Article:
    """A cleaned article: body text separated from page residue, with metadata."""

    id: str  # stable: derived from url/outlet and the normalized body
    source: str
    format: InputFormat
    text: str  # the clean body, paragraphs separated by "\n"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    outlet_basis: str | None = None  # how the outlet was found: "given", "url", "byline", ...
    author: str | None = None
    dateline: str | None = None  # e.g. "BEIJING", "URUMQI"
    published: str | None = None  # ISO date (YYYY-MM-DD), or None when unknown
    published_inferred: bool = False  # True when estimated (from the text, or from the story)
    fetched: str | None = None
    # what gave ``published``: "given", "page metadata", "date line", "address", "text", or the
    # story's reasoning (cluster/dating.py) when the page gives no day of its own
    published_basis: str | None = None
    stated_day: str | None = None  # a day the page gives for itself without a year ("Saturday 14 August")
    title_basis: str | None = None  # "page", or "made from the lead" for a page without a headline

    @property
    def published_note(self) -> str | None:
        """What gave the publication day, for readers; None when there is no day."""
        if not self.published:
            return None
        if self.dated_by_story:
            return "from its story: " + self.published_basis.removeprefix(STORY_BASIS)
        if self.published_inferred:
            return "estimated from the dates in the text"
        return PUBLISHED_NOTES.get(self.published_basis)

    @property
    def dated_by_story(self) -> bool:
        """Was ``published`` given by the page's story (to be found again whenever it changes)?"""
        return bool(self.published_basis and self.published_basis.startswith(STORY_BASIS))
    boilerplate: tuple[ResidueLine, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    start: int
    end: int
    sentence: int
    canonical: str  # one name per person/organisation within the article


SpeakerKind = Literal["person", "organization", "place", "group", "unknown"]


@dataclass(frozen=True)
class Quote:
    """Reported speech: who said what, with which verb, in which sentence."""

    speaker: str | None  # canonical named speaker or a described group; None if unresolved
    speaker_kind: SpeakerKind
    speaker_text: str | None  # the words that name the speaker here ("he", "the spokesman")
    cue: str  # the reporting verb or phrase as written: "said", "according to"
    text: str  # the quoted or paraphrased content
    start: int
    end: int
    kind: Literal["direct", "indirect"]
    sentence: int


DatePrecision = Literal["day", "week", "month", "season", "year", "decade"]


@dataclass(frozen=True)
class DateMention:
    text: str
    value: str | None  # ISO: 2019-01-07, 2019-W02, 2019-01, 2019, 2010s; None when unresolvable
    precision: DatePrecision | None
    start: int
    end: int
    sentence: int
    relative: bool = False  # resolved against the publication date ("on Monday", "last year")


@dataclass(frozen=True)
class NumberMention:
    text: str
    value: float
    unit: str | None  # what is counted or measured: "countries", "Uighurs", "yuan"
    qualifier: str | None  # "about", "at least", "more than", "up to", "less than", ...
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Phrase:
    """A base noun phrase that can be a word-choice label ("internment camps"), with its head's
    singular lemma ("camp"); determiners, possessives and numbers are trimmed off."""

    start: int
    end: int
    head: str


@dataclass(frozen=True)
class ArticleAnalysis:
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    model: str | None = None  # the spaCy pipeline that produced it
    # word-choice label candidates (compare/labels.py); None for an article stored before ingest
    # found them, found again when first needed (library.dossier_of)
    phrases: tuple[Phrase, ...] | None = None


@dataclass(frozen=True)
class ProcessedArticle:
    article: Article
    analysis: ArticleAnalysis


@dataclass(frozen=True)
class Failure:
    """An input that could not become an article: reported, never fatal to a batch."""

    source: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Event:
    """One happening inside a story, local in time."""

    id: str
    title: str | None
    date: str | None  # ISO day of the happening: the day most of its pages report
    articles: tuple[str, ...]
    first_date: str | None = None  # the first and last days its pages report (run-up to reactions)
    last_date: str | None = None


@dataclass(frozen=True)
class StoryDate:
    """A publication day a page does not give but its story does, with how and from which pages."""

    article: str
    published: str  # ISO day
    basis: str
    sources: tuple[str, ...]  # ids of the pages it came from
    dates: tuple[DateMention, ...] = ()  # the page's date mentions read against that day


@dataclass(frozen=True)
class Story:
    """A running topic across outlets and time: its articles, split into events."""

    id: str
    title: str | None
    articles: tuple[str, ...]
    events: tuple[Event, ...]
    dated: tuple[StoryDate, ...] = ()  # days the story gives pages that state none


@dataclass(frozen=True)
class StoryEdit:
    """A reader's correction of the clustering, kept across re-runs.

    ``merge``: the stories of ``article`` and ``other`` become one; ``split``: ``article``
    leaves its story; ``rename``: the story holding ``article`` is called ``title``.
    Edits name articles, not stories, because story ids follow their members.
    """

    kind: Literal["merge", "split", "rename"]
    article: str
    other: str | None = None
    title: str | None = None


# How a story's outlets are counted and how a missing outlet is written: owned here so the command
# line, the report, the web pages and the API say the same.
UNKNOWN_OUTLET = "unknown outlet"


def outlet_label(outlet: str | None, article_id: str | None = None) -> str:
    """An article's outlet as shown to a reader: its name, or "unknown outlet"; with
    ``article_id``, "unknown outlet (30a7b1)", where two pages of unknown outlets must stay apart
    (a claim's carriers and independent sources)."""
    if outlet:
        return outlet
    return f"{UNKNOWN_OUTLET} ({article_id[:6]})" if article_id else UNKNOWN_OUTLET


def is_unknown_outlet(label: str) -> bool:
    """Whether ``label`` (from ``outlet_label``) names no outlet."""
    return label == UNKNOWN_OUTLET or label.startswith(UNKNOWN_OUTLET + " (")


def story_outlets(outlets) -> list[str]:
    """The distinct known outlets among a story's articles' outlets, sorted: their number is the
    story's outlet count. A page of unknown outlet adds none (it may come from one already
    counted), as COUNT(DISTINCT outlet) in store/stories.py counts."""
    return sorted({o for o in outlets if o})
