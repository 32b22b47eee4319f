"""One canonical name per person and organisation within an article.

News names a person in full once ("Foreign Ministry spokesman Lu Kang") and
then by surname ("Lu"), title ("the spokesman") or pronoun; typos creep in
("Lu Kangm"); organisations appear spelled out and abbreviated ("United Nations
(UN)", "UN"). The recogniser also mislabels short mentions ("Wang" as ORG).
This module groups those mentions; it works on plain (text, label) pairs so it
can be tested without a model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}
_STRIP_LEADING = re.compile(r"^(?:the|The)\s+")
# A dateline the recogniser swallows into a name: "DUBLIN — Brightlayer Payroll Services".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,}\s*[—–]\s*")
_STRIP_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ACRONYM_SKIP = {"of", "the", "for", "and", "on", "in", "&", "The"}

# Honorifics and titles written before names.
TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord",
          "lady", "justice", "sheikh", "madam", "gen.", "col.", "capt.", "sen.", "rep.", "gov.", "lt.", "lieut.", "maj.", "sgt.",
          "cpl.", "pvt.", "brig.", "cmdr.", "insp.", "supt.", "det.", "engr.", "hon.", "amb."}

# Head nouns of job titles and roles, used to resolve "the spokesman said".
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "minister", "president", "official", "chief",
    "secretary", "director", "ambassador", "envoy", "counselor", "counsellor", "commissioner",
    "governor", "mayor", "chairman", "chairwoman", "chair", "leader", "premier", "senator",
    "general", "commander", "head", "boss", "representative", "diplomat", "analyst", "professor",
    "researcher", "lawyer", "attorney", "judge", "executive", "manager", "owner", "founder",
    "editor", "correspondent", "reporter", "expert", "activist", "adviser", "advisor", "economist",
    "officer", "inspector", "prosecutor", "negotiator", "mediator", "chancellor", "king", "queen",
    "prince", "emperor", "pope", "bishop", "candidate", "lawmaker", "legislator", "mp", "deputy",
    "coach", "captain", "doctor", "surgeon", "scientist", "engineer", "worker", "farmer", "teacher",
    "student", "witness", "victim", "survivor", "resident", "organiser", "organizer", "founder",
    "ceo", "cfo", "administrator", "superintendent", "sheriff", "colonel", "justice", "magistrate",
    "auditor", "trustee", "steward", "rep", "convenor", "lieutenant", "sergeant", "detective", "secretary-general", "director-general", "nurse", "pilot", "commissioner", "regulator", "mediator",
}


_APPOSITIVE_STOP = {"of", "for", "at", "in", "on", "with", "from", "to", "who", "which", "that", "and", "or", "said",
                    "says", "told"}


@dataclass(frozen=True)
class Mention:
    text: str
    label: str


def clean_name(text: str) -> str:
    """'the Foreign Ministry’s' -> 'Foreign Ministry'."""
    return _STRIP_POSSESSIVE.sub("", _STRIP_LEADING.sub("", _DATELINE.sub("", text.strip()))).strip()


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word not in _ACRONYM_SKIP and word[:1].isupper())


def _near(a: str, b: str) -> bool:
    """One edit apart, for names of at least three letters ('Kangm' ~ 'Kang'); an initial
    stands for the name it begins ('B.' ~ 'Bauyrzhan')."""
    if a == b:
        return True
    if re.fullmatch(r"[A-Z]\.", a) and b[:1] == a[0] and len(b) > 2 or re.fullmatch(r"[A-Z]\.", b) and a[:1] == b[0] and len(a) > 2:
        return True
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def canonical_names(mentions: Sequence[Mention]) -> list[tuple[str, str]]:
    """For each mention, (canonical name, label) within the article, in input order."""
    mentions = [_titled_person(m) for m in mentions]
    cleaned = [strip_title(clean_name(m.text)) if m.label == "PERSON" else clean_name(m.text) for m in mentions]
    full_people = Counter(
        name for name, m in zip(cleaned, mentions) if m.label == "PERSON" and len(name.split()) >= 2
    )
    # The fullest form names a person best ("Peter Mwangi Kariuki" over "Mwangi Kariuki");
    # among equals the most frequent, so a one-off typo loses to the usual spelling.
    people = sorted(full_people, key=lambda n: (-len(n.split()), -full_people[n], -len(n)))
    long_orgs = list(dict.fromkeys(n for n, m in zip(cleaned, mentions)
                                   if m.label in {"ORG", "GPE", "NORP", "FAC"} and len(n.split()) >= 2))

    # a story repeats each name many times: each distinct one is resolved once
    resolved: dict[tuple[str, str], tuple[str, str]] = {}
    for name, mention in zip(cleaned, mentions):
        if (name, mention.label) not in resolved:
            resolved[(name, mention.label)] = _resolve(name, mention.label, people, long_orgs)
    return _merge_typos([resolved[(name, mention.label)] for name, mention in zip(cleaned, mentions)])


def _titled_person(mention: Mention) -> Mention:
    """'Foreign Minister Wang Yi' labelled ORG: a role word followed by a name is a person."""
    if mention.label != "ORG":
        return mention
    tokens = clean_name(mention.text).split()
    roles = [i for i, t in enumerate(tokens) if t.lower() in ROLE_NOUNS]
    if roles and len(tokens) - roles[-1] - 1 >= 2 and all(t[:1].isupper() for t in tokens[roles[-1] + 1 :]):
        return Mention(mention.text, "PERSON")
    return mention


def strip_title(name: str) -> str:
    """'State Minister for Disaster Management Enamul Kabir Haque' -> 'Enamul Kabir Haque'.

    The recogniser often swallows a capitalised job title into a PERSON span.
    The name is what follows the last role word and its attached phrase.
    """
    tokens = name.split()
    last_role = max((i for i, t in enumerate(tokens) if t.lower() in ROLE_NOUNS or t.lower() in TITLES), default=-1)
    if last_role < 0:
        return name
    rest = tokens[last_role + 1 :]
    if rest and rest[0].lower() in {"for", "of", "at", "in", "on"}:
        rest = rest[-3:] if len(rest) > 4 else rest[-2:]
    return " ".join(rest) if rest else name


def _resolve(name: str, label: str, people: list[str], long_orgs: list[str]) -> tuple[str, str]:
    tokens = name.split()
    if label in {"PERSON", "ORG", "NORP", "GPE"}:
        for person in people:
            parts = person.split()
            if tokens == parts:
                return person, "PERSON"
            if len(tokens) < len(parts) and all(any(_near(t, p) for p in parts) for t in tokens) and (
                label == "PERSON" or all(t in parts or len(t) >= 5 and any(_near(t, p) for p in parts) for t in tokens)
            ):
                return person, "PERSON"
    if label in {"ORG", "GPE", "NORP", "FAC"}:
        if name.isupper() and 2 <= len(name) <= 6:
            for org in long_orgs:
                if _initials(org) == name:
                    return org, "ORG"
        for org in long_orgs:
            if len(tokens) < len(org.split()) and org.endswith(" " + name):
                return org, label
        if len(tokens) == 1 and name[:1].isupper():
            # "the Ministry" after "the Ministry of Mining": the long name it begins
            for org in long_orgs:
                if org.split()[0] == name and len(org.split()) > 2:
                    return org, label
    return name, label


def _merge_typos(resolved: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """'Lu Kangm' and 'Lu Kang' in one article are one person: keep the more frequent spelling."""
    counts = Counter(name for name, label in resolved if label == "PERSON" and len(name.split()) >= 2)
    alias: dict[str, str] = {}
    for a in counts:
        for b in counts:
            pa, pb = a.split(), b.split()
            if a != b and len(pa) == len(pb) and all(_near(x, y) for x, y in zip(pa, pb)):
                # a full name over an initial ("B. Tokmoldayev"), then the usual spelling over a one-off typo
                keep = max((a, b), key=lambda n: (not re.search(r"\b[A-Z]\.", n), counts[n], -len(n)))
                alias[a if keep == b else b] = keep
    return [(alias.get(name, name), label) for name, label in resolved]


# Title abbreviations and the role each stands for: "Gov. Ana Ruiz … the governor said".
TITLE_ROLES = {"gov": "governor", "sen": "senator", "rep": "representative", "amb": "ambassador",
               "insp": "inspector", "supt": "superintendent", "capt": "captain", "cmdr": "commander",
               "col": "colonel", "gen": "general", "lt": "lieutenant", "lieut": "lieutenant", "sgt": "sergeant",
               "prof": "professor", "engr": "engineer", "det": "detective"}
# Words that end a role phrase read backwards from a name: what comes before them is another clause
# ("Minister Ana Ruiz met the ambassador, Bo Li": Bo Li is not a minister).
_ROLE_PHRASE_STOP = {"said", "says", "told", "met", "and", "with", "by", "who", "which", "that", "while", "after",
                     "before", "as", "when", "where", "but", "than"}


def roles_before(text: str, start: int) -> list[str]:
    """Role nouns written right before a name: 'Foreign Ministry spokesman Lu Kang' -> ['spokesman'],
    "Uzbekistan's ambassador to the United Nations in Geneva, Dilfuza Rakhimova" -> ['ambassador'],
    'Gov. Ana Ruiz' -> ['governor']."""
    window = text[max(0, start - 100) : start]
    window = re.split(r"(?<![A-Z][a-z])(?<![A-Z][a-z]{2})(?<![A-Z][a-z]{3})[.;:!?\"“”]", window)[-1]
    roles: list[str] = []
    for word in reversed(re.findall(r"[A-Za-z][\w’'-]*", window)[-10:]):
        lower = _STRIP_POSSESSIVE.sub("", word.lower())
        if lower in _ROLE_PHRASE_STOP or word.islower() and lower.endswith("ed"):
            break
        role = TITLE_ROLES.get(lower, lower)
        if role in ROLE_NOUNS:
            roles.append(role)
    return roles[::-1]


def roles_after(text: str, end: int) -> list[str]:
    """Appositive roles: 'Lu Kang, a spokesman for the ministry,' -> ['spokesman']."""
    match = re.match(r",\s+(?:the|a|an)\s+([^,;:.!?()\"“”]{1,70})", text[end : end + 80])
    if not match:
        return []
    # The head noun ends the phrase before its complement: "a senior spokeswoman [for the authority]".
    head: list[str] = []
    for word in re.findall(r"[\w’'-]+", match.group(1))[:6]:
        if word.lower() in _APPOSITIVE_STOP:
            break
        head.append(word.lower())
    if head and head[-1] in ROLE_NOUNS:
        return [head[-1]]
    return []
