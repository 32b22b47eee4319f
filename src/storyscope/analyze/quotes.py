"""Who said what: direct and indirect quotes with their speakers.

Works sentence by sentence in reading order, over sentences the parser has
seen (see nlp.py). A speech event is a reporting verb (said, told, urged, …)
or "according to X"; its speaker is the verb's subject, resolved to a named
person or organisation when the subject is a pronoun ("he added") or a title
("the spokesman said"); its content is the quotation next to it, or else the
clause it governs. Quotations nobody introduces are attributed by a dash
("… — Minister Ana Ruiz") or, when a paragraph only continues a quote, to the
previous speaker.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..model import Entity, Quote, Sentence, SpeakerKind
from .entities import ROLE_NOUNS
from .quotations import Quotation, find_quotations

CUE_VERBS = {
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added", "adding",
    "urge", "urges", "urged", "urging", "warn", "warns", "warned", "warning", "stress", "stresses",
    "stressed", "stressing", "ask", "asks", "asked", "note", "notes", "noted", "noting", "claim", "claims",
    "claimed", "claiming", "state", "states", "stated", "announce", "announces", "announced", "report",
    "reports", "reported", "insist", "insists", "insisted", "insisting", "explain", "explains", "explained",
    "argue", "argues", "argued", "arguing", "deny", "denies", "denied", "denying", "confirm", "confirms",
    "confirmed", "declare", "declares", "declared", "reply", "replies", "replied", "respond", "responded",
    "write", "writes", "wrote", "tweet", "tweeted", "remark", "remarked", "comment", "commented",
    "emphasise", "emphasised", "emphasize", "emphasized", "acknowledge", "acknowledged", "admit", "admits",
    "admitted", "suggest", "suggests", "suggested", "maintain", "maintains", "maintained", "assert",
    "asserted", "vow", "vowed", "pledge", "pledged", "promise", "promised", "predict", "predicted",
    "caution", "cautioned", "recall", "recalled", "accuse", "accused", "accuses", "believe", "believes",
    "estimate", "estimates", "estimated", "welcome", "welcomed", "welcomes", "call", "calls", "called",
    "describe", "described", "describes", "express", "expressed", "expresses", "condemn", "condemned",
    "condemns", "demand", "demanded", "demands", "rule", "ruled", "rules", "concede", "conceded", "concedes",
    "object", "objected", "objects", "inform", "informed", "informs", "underline", "underlined", "underlines",
    "allege", "alleged", "alleges", "testify", "testified", "testifies", "complain", "complained", "complains",
    "recount", "recounted", "observe", "observed", "reiterate", "reiterated", "counter", "countered",
    "retort", "retorted", "disclose", "disclosed", "reveal", "revealed", "indicate", "indicated", "indicates",
    "contend", "contended", "plead", "pleaded", "concluded", "agree", "agreed",
}
# Speech acts whose content can be a plain object: "China denies abuse", "the US has accused China
# of genocide", "called for emergency aid", "expressed concern about …", "announced a boycott".
_OBJECT_ACTS = {"accuse", "accused", "accuses", "deny", "denies", "denied", "announce", "announced",
                "announces", "welcome", "welcomed", "welcomes", "express", "expressed", "expresses",
                "condemn", "condemned", "condemns", "demand", "demanded", "demands", "call", "calls", "called"}
# Verbs that count only with a clause or quotation as content, not with a plain object.
_NEED_CLAUSE = {"call", "calls", "called", "describe", "described", "describes", "believe", "believes",
                "welcome", "welcomed", "welcomes", "ask", "asks", "asked", "report", "reports", "reported",
                "accuse", "accused", "accuses", "estimate", "estimates", "estimated", "note", "notes", "noted",
                "agree", "agreed", "agrees"}  # "agreed to cut the quota" is a decision, not speech
_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "they": "group",
             "it": "organization", "we": "group", "i": "person"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_QUANTIFIERS = {"some", "many", "most", "all", "several", "few", "none", "each", "one", "two", "three", "both"}
_CONTENT_DEPS = {"ccomp", "xcomp", "parataxis"}
_NON_SPEAKER_HEADS = {"estimates", "estimate", "figures", "data", "statistics", "report", "reports",
                      "results", "numbers", "documents", "filings", "tally", "count", "records", "projections",
                      "statement", "statements", "transcript", "survey", "study", "records", "accounts",
                      "summary", "order", "ruling", "minutes", "notice", "filing", "register"}
_LEADING_DETERMINERS = re.compile(
    r"^(?:the|a|an|some|several|many|numerous|other|two|three|four|five|its|his|her|their|our)\s+", re.I
)
# "the ministry said", "the Alliance said": a generic head noun that names an organisation the article introduced.
_ORG_HEADS = {"ministry", "alliance", "union", "council", "authority", "agency", "commission", "court",
              "company", "firm", "group", "association", "federation", "party", "department", "office",
              "government", "regulator", "committee", "board", "bank", "institute", "organisation", "organization",
              "airline", "carrier", "centre", "center", "museum", "mission", "embassy", "force", "police",
              "hospital", "university", "trust", "fund", "foundation", "service", "operator", "insurer"}
# Words an organisation's name uses for what "the airline", "the force" or "the company" call it:
# "Safiri Airways … the airline said", "West Pennine Police … the force said".
_ORG_KIN = {
    "airline": {"airways", "airlines", "air", "aviation"},
    "carrier": {"airways", "airlines", "air", "aviation", "shipping", "lines"},
    "force": {"police", "constabulary"},
    "police": {"constabulary", "force"},
    "company": {"co", "corp", "corporation", "inc", "ltd", "limited", "plc", "llc", "services", "group",
                "holdings", "industries"},
    "firm": {"co", "corp", "corporation", "inc", "ltd", "limited", "plc", "llc", "services", "group",
             "holdings", "partners", "associates"},
    "centre": {"center"},
    "center": {"centre"},
    "operator": {"co", "ltd", "services", "lines", "ferries", "transit"},
}
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .,'’-]{2,}\s*(?:\([^)]*\))?\s*[—–:-]+\s*")
_DASH_SPEAKER = re.compile(r"^\s*,?\s*(?:—|–|--|-)\s*")
_POSSESSIVE_END = re.compile(r"(?:['’]s|['’])$")


@dataclass
class ParsedSentence:
    """A sentence the parser has seen: its Doc and where it starts in the article text."""

    sentence: Sentence
    doc: Doc


@dataclass
class _Context:
    """Reading state carried from sentence to sentence."""

    text: str
    entities: Sequence[Entity]
    roles: dict[str, set[str]]
    quotations: list[Quotation]
    used: set[int] = field(default_factory=set)  # quotation indices already attributed
    last_person: str | None = None  # the last person named
    last_person_speaker: str | None = None  # the last person who spoke
    people_mentioned: list[str] = field(default_factory=list)  # persons in reading order
    people_at: list[tuple[int, str]] = field(default_factory=list)  # (offset, person) of each mention
    last_person_spoke_at: int = -1  # where the sentence of the last person's quote starts
    person_speakers: list[str] = field(default_factory=list)  # persons who spoke, in reading order
    gender: dict[str, str] = field(default_factory=dict)  # canonical name -> "he" / "she", when the text tells
    last_speaker: tuple[str, SpeakerKind] | None = None
    last_group: str | None = None
    # the quotations' contents merged into sorted disjoint spans, so "is this offset quoted?" is a
    # bisection: a text of thousands of quote marks would otherwise cost tokens × quotations
    quoted_starts: list[int] = field(default_factory=list, init=False)
    quoted_ends: list[int] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for q in sorted(self.quotations, key=lambda q: q.content_start):
            if q.content_start >= q.content_end:
                continue
            if self.quoted_ends and q.content_start <= self.quoted_ends[-1]:
                self.quoted_ends[-1] = max(self.quoted_ends[-1], q.content_end)
            else:
                self.quoted_starts.append(q.content_start)
                self.quoted_ends.append(q.content_end)


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    parsed: dict[int, Doc],
    entities: Sequence[Entity],
    roles: dict[str, set[str]],
) -> list[Quote]:
    """All speech events of one article, in reading order."""
    ctx = _Context(text=text, entities=entities, roles=roles, quotations=find_quotations(text))
    quotes: list[Quote] = []
    by_sentence: dict[int, list[Entity]] = {}
    for entity in entities:
        by_sentence.setdefault(entity.sentence, []).append(entity)
    for sentence in sentences:
        doc = parsed.get(sentence.index)
        if doc is not None:
            quotes.extend(_sentence_quotes(ctx, ParsedSentence(sentence, doc)))
        for entity in by_sentence.get(sentence.index, []):
            if entity.label == "PERSON" and not _inside_quotation(ctx, entity.start):
                ctx.last_person = entity.canonical
                ctx.people_mentioned.append(entity.canonical)
                ctx.people_at.append((entity.start, entity.canonical))
                _learn_gender_from_title(ctx, entity)
    quotes.extend(_unattributed(ctx, sentences, quotes))
    return sorted(quotes, key=lambda q: (q.sentence, q.start))


def _sentence_quotes(ctx: _Context, ps: ParsedSentence) -> list[Quote]:
    found: list[Quote] = []
    base = ps.sentence.start
    for token in ps.doc:
        if _inside_quotation(ctx, base + token.idx):
            continue  # someone quoted as saying something is part of the quote
        if token.i >= 2 and ps.doc[token.i - 1].text == "-" and ps.doc[token.i - 2].lower_ == "so":
            continue  # "the so-called day of anger" names a thing, nobody speaks
        if token.lower_ == "according" and token.i + 1 < len(ps.doc) and ps.doc[token.i + 1].lower_ == "to":
            quote = _according_to(ctx, ps, token)
        elif token.lower_ in CUE_VERBS and token.tag_.startswith("VB") and token.dep_ not in {"amod", "acl"}:
            quote = _verb_quote(ctx, ps, token)
        elif token.lower_ in CUE_VERBS and token.tag_.startswith("VB"):
            quote = _trailing_attribution(ctx, ps, token)
        else:
            quote = None
        if quote is not None:
            found.append(quote)
            if quote.speaker:
                ctx.last_speaker = (quote.speaker, quote.speaker_kind)
                if quote.speaker_kind == "person":
                    ctx.last_person = quote.speaker
                    ctx.last_person_speaker = quote.speaker
                    ctx.person_speakers.append(quote.speaker)
                    ctx.last_person_spoke_at = ps.sentence.start
                    _learn_gender_from_quote(ctx, quote)
                elif quote.speaker_kind == "group":
                    ctx.last_group = quote.speaker
    return found


def _verb_quote(ctx: _Context, ps: ParsedSentence, verb: Token) -> Quote | None:
    subject = _subject(verb)
    named = None
    if subject is None:
        named = _entity_near(ctx, ps, verb) if verb.dep_ == "ROOT" else None
        if named is None:
            return None
    elif subject.dep_ == "nsubjpass" and verb.lower_ in {"told", "asked"}:
        return None  # "were told that…": the subject is the audience, not the speaker
    base = ps.sentence.start
    quotation = _adjacent_quotation(ctx, ps, verb)
    content = _content_span(verb, base)
    if quotation is None and content is None:
        return None
    if quotation is None and verb.lower_ in _NEED_CLAUSE and not any(c.dep_ in {"ccomp"} for c in verb.children) \
            and verb.lower_ not in _OBJECT_ACTS:
        return None
    if named is not None:
        speaker, kind, speaker_text = named.canonical, _kind_of(named.label), named.text
    else:
        speaker, kind, speaker_text = _resolve_speaker(ctx, ps, subject)
    if speaker is None and speaker_text is None:
        return None
    if quotation is not None:
        q = ctx.quotations[quotation]
        ctx.used.add(quotation)
        start, end, direct = q.content_start, q.content_end, True
        leads_in = content is not None and len(ctx.text[content[0]:q.start].split()) >= 3
        if content and content[0] <= start and q.content_end > content[1] + 2 and leads_in:
            # a paraphrase, then a quotation that runs on past it ("said the facility employed 12
            # nurses. 'We have nothing to hide. …'"): the paraphrase here, the quotation a quote of its own
            ctx.used.discard(quotation)
            start, end, direct = content[0], content[1], False
        elif content and content[0] <= start and ((content[1] - content[0]) > 1.6 * (end - start) or leads_in):
            # a paraphrase embedding a quote, its closing mark included
            start, end, direct = content[0], max(content[1], q.end if q.closed else end), False
    else:
        start, end = content  # type: ignore[misc]
        direct = False
    return Quote(
        speaker=speaker, speaker_kind=kind, speaker_text=speaker_text, cue=verb.text,
        text=ctx.text[start:end].strip(), start=start, end=end,
        kind="direct" if direct else "indirect", sentence=ps.sentence.index,
    )


def _trailing_attribution(ctx: _Context, ps: ParsedSentence, verb: Token) -> Quote | None:
    """'…, China’s Xinhua news agency reported on January 8.' when the parse missed it.

    The reporting clause closes the sentence after a comma: the speaker is the
    noun phrase between that comma and the verb, the content all before it.
    """
    doc = ps.doc
    tail = [t for t in doc[verb.i + 1 :] if not t.is_punct]
    if len(tail) > 5 or any(t.tag_.startswith("VB") for t in tail):
        return None
    comma = next((t.i for t in reversed(doc[: verb.i]) if t.text == ","), None)
    if comma is None or verb.i - comma > 8 or comma < 3:
        return None
    phrase = doc[comma + 1 : verb.i]
    if not any(t.tag_.startswith("NN") or t.lower_ in _PRONOUNS for t in phrase):
        return None
    head = phrase.root
    speaker, kind, speaker_text = _resolve_speaker(ctx, ps, head)
    if speaker is None:
        return None
    base = ps.sentence.start
    content = doc[:comma].text.strip()
    start = base + doc[0].idx
    return Quote(
        speaker=speaker, speaker_kind=kind, speaker_text=speaker_text, cue=verb.text,
        text=content, start=start, end=start + len(content), kind="indirect", sentence=ps.sentence.index,
    )


def _according_to(ctx: _Context, ps: ParsedSentence, according: Token) -> Quote | None:
    to = ps.doc[according.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    speaker, kind, speaker_text = _resolve_speaker(ctx, ps, objects[0])
    if speaker is None:
        return None
    base = ps.sentence.start
    phrase_start = according.idx
    phrase_end = max(t.idx + len(t.text) for t in objects[0].subtree)
    sentence_text = ps.doc.text
    before = sentence_text[:phrase_start].rstrip(" ,")
    after = sentence_text[phrase_end:].strip(" ,.")
    if len(before) >= len(after):
        start, end = base, base + len(before)
    else:
        start = base + phrase_end + (len(sentence_text[phrase_end:]) - len(sentence_text[phrase_end:].lstrip(" ,")))
        end = start + len(after)
    quotation = _overlapping_quotation(ctx, start, end)
    direct = False
    if quotation is not None:
        q = ctx.quotations[quotation]
        ctx.used.add(quotation)
        direct = (q.content_end - q.content_start) >= 0.6 * (end - start)
    return Quote(
        speaker=speaker, speaker_kind=kind, speaker_text=speaker_text, cue="according to",
        text=ctx.text[start:end].strip(), start=start, end=end,
        kind="direct" if direct else "indirect", sentence=ps.sentence.index,
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject; for 'saying'/'and added' without one, the nearest speaking ancestor's."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and not c.is_punct]
    if subjects:
        # several subjects mean a misparse of a label or an aside ("EU caution: the EU's envoy said",
        # "on X, formerly Twitter, the embassy called"): the one nearest the verb speaks
        before = [s for s in subjects if s.i < verb.i]
        subject = before[-1] if before else subjects[0]
        if subject.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
            return verb.head  # "…, Kwame Asante, who said …": the one "who" stands for speaks
        return subject
    if verb.dep_ not in {"conj", "advcl", "xcomp", "ccomp"}:
        return None
    absolute = _with_phrase_subject(verb)
    if absolute is not None:
        return absolute
    fallback = None
    for ancestor in verb.ancestors:
        subjects = [c for c in ancestor.children if c.dep_ in _SUBJECT_DEPS]
        if subjects and ancestor.lower_ in CUE_VERBS:
            return subjects[0]  # "China says the camps are …, saying …": China, not the camps
        if subjects and fallback is None:
            fallback = subjects[0]
    return fallback


def _with_phrase_subject(verb: Token) -> Token | None:
    """'…, with the country's envoy, Ambassador Ana Ruiz, saying that …': in this absolute
    construction the noun after "with" speaks, not the main clause's subject."""
    if verb.tag_ != "VBG":
        return None
    previous = [t for t in verb.doc[: verb.i] if not t.is_punct]
    if not previous:
        return None
    node = previous[-1]  # the word right before the participle, commas aside
    while node.dep_ in {"pobj", "appos", "conj"} and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ == "with":
            return node
        node = node.head
    return None


def _entity_near(ctx: _Context, ps: ParsedSentence, verb: Token) -> Entity | None:
    """When the parse found no subject: the first name before the verb outside quotes,
    else one right after it ('said the ministry's spokesman, Bakary Soro-Yao')."""
    lo, hi = ps.sentence.start, ps.sentence.start + verb.idx
    outside = [e for e in ctx.entities if lo <= e.start < ps.sentence.end and not _inside_quotation(ctx, e.start)
               and e.label in {"PERSON", "ORG"}]
    before = [e for e in outside if e.start < hi]
    after = [e for e in outside if hi < e.start <= hi + 80]
    for group in (before, after):
        people = [e for e in group if e.label == "PERSON"]
        if people or group:
            return (people or group)[0]
    return None


def _content_span(verb: Token, base: int) -> tuple[int, int] | None:
    """The clause the verb governs, as character offsets in the article."""
    clauses = [c for c in verb.children if c.dep_ in _CONTENT_DEPS] or _misattached_that_clause(verb)
    if not clauses and verb.lower_.startswith(("urg", "told", "tell", "ask", "warn", "call")):
        # "urged UN officials to avoid…": object plus infinitive; "told Radio X on Monday" names
        # only the audience, so a bare preposition completes the object only for other verbs
        objects = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        completions = {"xcomp"} if verb.lower_.startswith(("told", "tell")) else {"xcomp", "prep"}
        clauses = objects + [c for c in verb.children if c.dep_ in completions and c.i > verb.i][:1]
        if len(clauses) < 2:
            if not verb.lower_.startswith("call"):
                return None
            clauses = []  # "called for a general strike": an object act, read below
    if not clauses and verb.lower_ in _OBJECT_ACTS and not any(c.dep_ == "neg" for c in verb.children):
        clauses = _object_content(verb)  # "doesn't welcome any probe" reports no speech act
    if not clauses:
        return None
    after = [c for c in clauses if c.i > verb.i]
    if after and len(after) < len(clauses):
        clauses = after  # "X, asked about Y, said that Z": the content is Z
    tokens = [t for c in clauses for t in c.subtree]
    nested = [t for t in tokens if t.dep_ == "conj" and t.lower_ in CUE_VERBS and t.tag_.startswith("VB")
              and t.i > verb.i and not any(c.dep_ in _SUBJECT_DEPS for c in t.children)]
    if nested:  # "said the talks had failed and added that …": the parse hung the second act on
        first = min(nested, key=lambda t: t.i)  # the first's clause; it is a quote of its own
        cut = min([c.i for c in first.children if c.dep_ == "cc" and c.i < first.i] + [first.i])
        tokens = sorted((t for t in tokens if t.i < cut), key=lambda t: t.i)
        while tokens and (tokens[-1].dep_ == "cc" or tokens[-1].text in {",", ";", "—", "-"}):
            tokens.pop()  # the "and" (or comma) that joined the two acts
        if not tokens:
            return None
    clause_heads = {c.i for c in clauses}
    tokens = [t for t in tokens if t.dep_ != "mark" or t.head.i not in clause_heads]  # drop the 'that'
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    doc_text = verb.doc.text
    segment = doc_text[start:end]
    stripped = segment.strip(" ,;:\"“”‘’'`")
    if len(stripped.split()) < 2:
        return None
    offset = segment.index(stripped)
    return base + start + offset, base + start + offset + len(stripped)


def _misattached_that_clause(verb: Token) -> list[Token]:
    """'said on X, formerly Twitter, that …', 'told the gathering that …': the parser hangs the
    "that" clause on the noun before it. The clause is the verb's content when only nouns lie
    between it and the verb."""
    for token in verb.subtree:
        if token.i > verb.i and token.dep_ == "mark" and token.lower_ == "that" and token.head.tag_.startswith("VB"):
            clause = token.head
            between = [a for a in clause.ancestors if a.i != verb.i and verb.is_ancestor(a)]
            if all(a.tag_.startswith(("NN", "IN")) for a in between):
                return [clause]
    return []


def _object_content(verb: Token) -> list[Token]:
    """The object of a speech act and what completes it ('China of genocide', 'for emergency aid')."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "oprd"} and c.i > verb.i]
    preps = [c for c in verb.children if c.dep_ in {"prep", "xcomp", "oprd"} and c.i > verb.i]
    if verb.lower_.startswith("call"):
        if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
            return []  # "what is called a training centre" names a thing, nobody speaks
        # "called on X" is a demand only with what X should do ("to allow access")
        on_what = any(p.dep_ == "xcomp" for p in preps)
        preps = [p for p in preps if p.lower_ == "for" or (p.lower_ == "on" and on_what) or p.dep_ in {"xcomp", "oprd"}]
        return objects + preps if preps else []
    if verb.lower_.startswith("accus"):
        return objects + [p for p in preps if p.lower_ == "of"] if objects else []
    return objects + [p for p in preps if p.lower_ in {"about", "over", "of", "for", "to"}][:1] if objects else []


def _adjacent_quotation(ctx: _Context, ps: ParsedSentence, verb: Token) -> int | None:
    """A quotation that overlaps this sentence and is not yet attributed."""
    lo, hi = ps.sentence.start, ps.sentence.end
    for index, q in enumerate(ctx.quotations):
        if index in ctx.used or q.end <= lo or q.start >= hi:
            continue
        if len(ctx.text[q.content_start : q.content_end].split()) < 3 and q.closed:
            continue  # a scare-quoted term, not speech
        return index
    return None


def _overlapping_quotation(ctx: _Context, start: int, end: int) -> int | None:
    for index, q in enumerate(ctx.quotations):
        if index not in ctx.used and q.start < end and q.end > start and \
                len(ctx.text[q.content_start:q.content_end].split()) >= 3:
            return index
    return None


def _inside_quotation(ctx: _Context, offset: int) -> bool:
    span = bisect.bisect_right(ctx.quoted_starts, offset) - 1
    return span >= 0 and offset < ctx.quoted_ends[span]


def _resolve_speaker(ctx: _Context, ps: ParsedSentence, head: Token) -> tuple[str | None, SpeakerKind, str | None]:
    """(speaker, kind, words as written) for the subject ``head``."""
    base = ps.sentence.start
    if head.lower_ in _QUANTIFIERS:  # "Some of the Western countries": the countries speak
        of = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if objects:
            head = objects[0]
    subtree = [t for t in head.subtree if not _in_relative_clause(t, head)]
    lo = base + min(t.idx for t in subtree)
    hi = base + max(t.idx + len(t.text) for t in subtree)
    written = ctx.text[lo:hi]
    lower = head.lower_
    if lower in _PRONOUNS and len(subtree) == 1:
        return _resolve_pronoun(ctx, lower, written, lo)
    # a name may run past the subject the parser saw ("Adeyemi-Okoro" cut at the hyphen)
    inside = [e for e in ctx.entities if lo <= e.start < hi and e.canonical[:1].isupper()]
    # a name may run past the subject ("Adeyemi-Okoro" cut at the hyphen); anything else that does
    # is a misreading ("Dorn told KBS" taken for a title) and is not the speaker
    head_entity = next((e for e in ctx.entities if e.start <= base + head.idx < e.end
                        and (e.label in {"PERSON", "ORG"} or e.end <= hi)), None)
    if head_entity is not None and head_entity.text.lower().removeprefix("the ") in ROLE_NOUNS:
        head_entity = None  # "the Minister" tagged as a name: resolve it as a title below
    if head_entity is not None and head_entity.label == "PERSON" and " " not in head_entity.canonical:
        full = [e for e in inside if e.label == "PERSON" and " " in e.canonical]
        head_entity = full[-1] if full else head_entity  # a lone word the recogniser took for a name
    if head_entity is not None and head_entity.label in {"PERSON", "ORG"}:
        # the subject's own head names the speaker, whatever else its apposition mentions
        return head_entity.canonical, _kind_of(head_entity.label), written
    people = [e for e in inside if e.label == "PERSON"]
    if people:
        return people[-1].canonical, "person", written
    if head.lower_ in ROLE_NOUNS or head.lower_ in {"spokesperson"}:
        person = _person_with_role(ctx, head.lower_)
        if person and not inside:
            return person, "person", written
    if head_entity is not None:
        person = _person_named_by(ctx, head_entity.canonical, lo)  # a surname tagged as something else
        if person:
            return person, "person", written
        return head_entity.canonical, _kind_of(head_entity.label), written
    if head.lower_ in _NON_SPEAKER_HEADS:
        return _source_of_document(ctx, head, base, written)
    if head.tag_.startswith("NN"):
        description = _DATELINE_PREFIX.sub("", written.strip(" ,"))
        description = _LEADING_DETERMINERS.sub("", _LEADING_DETERMINERS.sub("", description))
        description = re.split(r",|\bwho\b|\bwhich\b|\bthat\b|\s(?:in|on|at|during) (?:a|an|its|their|his|her)\b",
                               description)[0].strip()
        known = _organisation_named_by(ctx, head.lower_, base + head.idx) \
            if head.text[:1].isupper() or head.lower_ in _ORG_HEADS else None
        if known:
            return known, "organization", written
        person = _person_named_by(ctx, description, lo)
        if person:
            return person, "person", written
        if description:
            return description, "group", written
    return None, "unknown", written


def _person_named_by(ctx: _Context, words: str, before: int) -> str | None:
    """A surname the recogniser missed ('Marchetti-Boyd said'): the person named earlier whose
    full name ends with these words."""
    if not words[:1].isupper():
        return None
    for entity in reversed([e for e in ctx.entities if e.label == "PERSON" and e.start < before]):
        if entity.canonical.endswith(" " + words):
            return entity.canonical
    return None


def _source_of_document(ctx: _Context, head: Token, base: int, written: str) -> tuple[str | None, SpeakerKind, str | None]:
    """'UN estimates', 'Colombian government figures', 'results published by the electoral
    authority': the speaker is whoever issued the document, not the document."""
    by = [t for t in head.subtree if t.lower_ in {"by", "from", "of"} and t.dep_ in {"agent", "prep"}]
    for preposition in by:
        objects = [c for c in preposition.children if c.dep_ == "pobj"]
        if objects:
            return _resolve_speaker_words(ctx, objects[0], base, written)
    owners = [c for c in head.children if c.dep_ == "poss"]
    if owners and owners[0].lower_ not in _PRONOUNS and owners[0].tag_ != "PRP$":
        return _resolve_speaker_words(ctx, owners[0], base, written)  # "the court's enrolment order"
    modifiers = [c for c in head.children if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < head.i]
    if not modifiers:
        return None, "unknown", written
    lo = base + min(t.idx for m in modifiers for t in m.subtree)
    hi = base + max(t.idx + len(t.text) for m in modifiers for t in m.subtree)
    covering = [e for e in ctx.entities if e.start <= lo and e.end >= hi]
    if covering:
        return covering[0].canonical, _kind_of(covering[0].label), written
    words = _LEADING_DETERMINERS.sub("", ctx.text[lo:hi].strip())
    known = _organisation_named_by(ctx, words.split()[-1].lower(), lo) if words else None
    if known:
        return known, "organization", written
    return (words, "group", written) if words else (None, "unknown", written)


def _resolve_speaker_words(ctx: _Context, token: Token, base: int, written: str) -> tuple[str | None, SpeakerKind, str | None]:
    lo = base + min(t.idx for t in token.subtree)
    hi = base + max(t.idx + len(t.text) for t in token.subtree)
    inside = [e for e in ctx.entities if e.start >= lo and e.end <= hi]
    if inside:
        return inside[0].canonical, _kind_of(inside[0].label), written
    words = _LEADING_DETERMINERS.sub("", _POSSESSIVE_END.sub("", ctx.text[lo:hi].strip()))
    known = _organisation_named_by(ctx, token.lower_, lo)
    if known:
        return known, "organization", written
    return (words, "group", written) if words else (None, "unknown", written)


def _organisation_named_by(ctx: _Context, head_word: str, before: int) -> str | None:
    """The organisation a generic noun ("the ministry", "the airline") stands for: the last one
    named before offset ``before`` whose name holds the noun, else a word of its kind
    ("Airways" for "airline")."""
    named = [e for e in ctx.entities if e.label == "ORG" and e.start < before and e.canonical[:1].isupper()
             and not _inside_quotation(ctx, e.start)]  # "the federation of …" tagged ORG is no name
    for words in ({head_word}, _ORG_KIN.get(head_word, set())):
        for entity in reversed(named):
            if words & set(re.findall(r"\w+", entity.canonical.lower())):
                return entity.canonical
    return None


def _in_relative_clause(token: Token, head: Token) -> bool:
    node = token
    while node.i != head.i and node.head.i != node.i:
        if node.dep_ in {"relcl", "acl", "advcl"}:
            return True
        node = node.head
    return False


def _resolve_pronoun(ctx: _Context, pronoun: str, written: str, at: int) -> tuple[str | None, SpeakerKind, str | None]:
    if _PRONOUNS[pronoun] == "person":
        # The most recent person who spoke, else the most recent named; skipping anyone the
        # text has shown to be of the other gender ("she said" is not Mr Brou).
        wanted = {"he": "he", "him": "he", "she": "she", "her": "she"}.get(pronoun)
        for candidates in (_introduced_in_paragraph(ctx, at), ctx.person_speakers, ctx.people_mentioned):
            for name in reversed(candidates[-6:]):
                if wanted is None or ctx.gender.get(name, wanted) == wanted:
                    if wanted and name not in ctx.gender:
                        ctx.gender[name] = wanted
                    return name, "person", written
    elif pronoun in {"they", "we"} and ctx.last_group:
        return ctx.last_group, "group", written
    elif pronoun == "it" and ctx.last_speaker and (ctx.last_speaker[1] in {"organization", "place"}
                                                    or ctx.last_speaker[0].isupper()):  # "The LSSA said"
        return ctx.last_speaker[0], ctx.last_speaker[1], written
    elif pronoun == "it" and _last_organisation_named(ctx, at):
        return _last_organisation_named(ctx, at), "organization", written
    return None, "unknown", written


def _introduced_in_paragraph(ctx: _Context, at: int) -> list[str]:
    """People named earlier in this paragraph when nobody has spoken in it yet: 'Our officer,
    Sgt. Ana Ruiz, is holding a drop-in. She said …' is Ruiz, not the last speaker."""
    paragraph = ctx.text.rfind("\n", 0, at) + 1
    if ctx.last_person_spoke_at >= paragraph:
        return []
    return [name for offset, name in ctx.people_at if paragraph <= offset < at]


def _last_organisation_named(ctx: _Context, before: int) -> str | None:
    """'It said …' after a person spoke: the organisation named last before it in the same
    paragraph, outside quotes (further back, "it" is too often something else)."""
    paragraph = ctx.text.rfind("\n", 0, before) + 1
    named = [e for e in ctx.entities if e.label == "ORG" and paragraph <= e.start < before
             and not _inside_quotation(ctx, e.start)]
    return named[-1].canonical if named else None


_GENDERED_BEFORE = re.compile(
    r"\b(?:(?P<he>Mr|Sir|Lord|King|Prince|(?i:spokesman|chairman|businessman|congressman|father|son|brother|husband))"
    r"|(?P<she>Mrs|Ms|Miss|Madam|Dame|Lady|Queen|Princess|(?i:spokeswoman|chairwoman|businesswoman|"
    r"congresswoman|mother|daughter|sister|wife)))\.?\s+(?:[A-Z][\w’'-]*\s+){0,3}$"
)
_GENDERED_PRONOUN = re.compile(r"\b(?:(?P<he>he|him|his)|(?P<she>she|her|hers))\b", re.IGNORECASE)


def _learn_gender_from_title(ctx: _Context, entity: Entity) -> None:
    """'Mr Brou', 'Spokeswoman Lena Vogt': the words before a name can tell its gender."""
    if entity.canonical in ctx.gender:
        return
    # the mention may hold its title ("Ms Lena Vogt", "Spokeswoman Lena Vogt"): read up to the name
    end = entity.start + max(entity.text.rfind(entity.canonical), 0)
    match = _GENDERED_BEFORE.search(ctx.text[max(0, end - 50) : end])
    if match:
        ctx.gender[entity.canonical] = "he" if match.group("he") else "she"


def _learn_gender_from_quote(ctx: _Context, quote: Quote) -> None:
    """'Ruiz said she could not sign': a third-person pronoun in a named speaker's paraphrase."""
    if quote.kind != "indirect" or quote.speaker in ctx.gender or (quote.speaker_text or "").lower() in _PRONOUNS:
        return
    match = _GENDERED_PRONOUN.search(quote.text[:80])
    if match:
        ctx.gender[quote.speaker] = "he" if match.group("he") else "she"


def _person_with_role(ctx: _Context, role: str) -> str | None:
    candidates = [name for name, roles in ctx.roles.items() if role in roles]
    full_names = [name for name in candidates if " " in name]
    candidates = full_names or candidates  # a lone word next to a title is often not a name
    if not candidates:
        return None
    if ctx.last_person in candidates:
        return ctx.last_person
    return candidates[-1]


def _kind_of(label: str) -> SpeakerKind:
    return {"PERSON": "person", "ORG": "organization", "GPE": "place", "NORP": "group"}.get(label, "organization")


def _unattributed(ctx: _Context, sentences: Sequence[Sentence], quotes: list[Quote]) -> list[Quote]:
    """Quotations no verb introduced: a trailing dash names the speaker, or a paragraph continues one."""
    extra: list[Quote] = []
    for index, q in enumerate(ctx.quotations):
        if index in ctx.used or len(ctx.text[q.content_start : q.content_end].split()) < 4:
            continue
        sentence = next((s for s in sentences if s.start <= q.start < s.end), None)
        if sentence is None:
            continue
        speaker: tuple[str, SpeakerKind] | None = None
        cue = ""
        dash = _DASH_SPEAKER.match(ctx.text[q.end : q.end + 8])
        if dash:
            after = q.end + dash.end()
            named = next((e for e in ctx.entities if after <= e.start <= after + 40 and e.label in
                          {"PERSON", "ORG", "GPE"}), None)
            if named:
                speaker, cue = (named.canonical, _kind_of(named.label)), ctx.text[q.end + dash.start(): q.end + dash.end()].strip(" ,")
        if speaker is None and _continue_earlier(ctx, q, quotes, extra):
            ctx.used.add(index)
            continue
        if speaker is None and _opens_paragraph(ctx.text, q.start):
            previous = [x for x in quotes + extra if x.end <= q.start and x.kind == "direct" and x.speaker]
            if previous and ctx.text.count("\n", previous[-1].end, q.start) <= 1:
                speaker, cue = (previous[-1].speaker, previous[-1].speaker_kind), previous[-1].cue
        if speaker is None:
            continue
        ctx.used.add(index)
        extra.append(Quote(
            speaker=speaker[0], speaker_kind=speaker[1], speaker_text=None, cue=cue,
            text=ctx.text[q.content_start : q.content_end].strip(), start=q.content_start, end=q.content_end,
            kind="direct", sentence=sentence.index,
        ))
    return extra


def _continue_earlier(ctx: _Context, q: Quotation, *found: list[Quote]) -> bool:
    """'"X," said Y. "Z."': the second quotation is the same speech event; extend the first."""
    line_start = ctx.text.rfind("\n", 0, q.start) + 1
    for quotes in found:
        for i in range(len(quotes) - 1, -1, -1):
            earlier = quotes[i]
            if line_start <= earlier.end <= q.start and earlier.kind == "direct" and earlier.speaker:
                continuation = ctx.text[q.content_start : q.content_end].strip()
                quotes[i] = dataclasses.replace(earlier, text=f"{earlier.text.rstrip(' ,')} {continuation}",
                                                end=q.content_end)
                return True
    return False


def _opens_paragraph(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip()
