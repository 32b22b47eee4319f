"""Separate an article's body from the page residue around it.

Input is web-page text as people copy or crawl it: one paragraph per line, with
breadcrumbs, bylines, captions, link lists, "read more" teasers and author bios
mixed in. The classifier is general, built from line *shape* rather than from
any site's strings:

- prose: a line of several words that ends like a sentence;
- headline shape: a few words, no closing punctuation, mostly capitalised;
- position: residue gathers before the first and after the last prose line;
- page furniture: separators (``a / b / c``), bullet runs, ellipsis teasers,
  whole-line parentheses, ``LABEL:`` promos, photo credits;
- a small vocabulary of navigation words (read, related, share, watch, …),
  which is what every site's furniture is written with;
- lines that recur across one outlet's pages (passed in by the caller).

Every line that is not body is returned with a reason, so nothing is lost.

A web page's body, already delimited by its markup, goes through a lighter pass
(``separate_marked_up``): only the lines whose shape is furniture wherever they
stand are cut there.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import ResidueLine

_WORD = re.compile(r"[^\W\d_][\w'’\-.&]*", re.UNICODE)
_TERMINAL = re.compile(r"""[.!?]["'”’»)\]]*\s*$|[.!?,]\s*["'”’»]\s*$""")
_ELLIPSIS = re.compile(r"(…|\.\.\.)\s*[\]\)]*\s*$")
_SEPARATORS = re.compile(r"\s(?:/|>|»|›|\|)\s")
_BULLET = re.compile(r"^\s*(?:[-–•*·▪►]|\d{1,2}[.)])\s+\S")
_CAPS_LABEL = re.compile(r"^([A-Z][A-Z &'’/-]{2,30})\s*[:|]\s*(.+)$")
_PHOTO_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?s?|image|picture|pic|credit|file photo|illustration|video)\s*(?:by|caption|source|credit)?\s*[:(]"
    r"|^(?:video|audio) duration\b|^(?:play|watch) video\b",
    re.IGNORECASE,
)
# A caption that ends with its credit: "Nurses on the picket line (Image: Klaxon/Ben Corrie)".
_TRAILING_CREDIT = re.compile(r"\((?:photo(?:graph)?|image|picture|pic|credit)s?\s*:[^)]*\)\s*$", re.IGNORECASE)
_WHOLE_PARENS = re.compile(r"^\(.*\)$|^\[.*\]$")
_MARKER = re.compile(r"^[\w./#-]+(?:\s+[\w./#-]+)?$")
_BY_LINE = re.compile(r"^(?:by|written by|reporting by|words by)\s+(.+)$", re.IGNORECASE)
_NAVIGATION = re.compile(
    r"\b(?:read more|read also|also read|see also|check also|related|more from|more on|"
    r"other (?:reports|stories|articles|news)|view (?:more|all)|you may also like|"
    r"recommended|trending|most read|popular|share|tweet|comments?|discuss|"
    r"subscribe|sign up|newsletter|follow us|click here|advertisement|sponsored|"
    r"cookies?|all rights reserved|copyright|©|watch|listen|story highlights|"
    r"highlights|top stories|latest news|next article|previous article|tags?|"
    r"lire aussi|à lire|partager|leer más|lea también|mehr zum thema|weiterlesen)\b",
    re.IGNORECASE,
)
# A copyright notice is furniture even when written as a sentence ("Copyright X. All rights reserved.").
_COPYRIGHT_LINE = re.compile(r"^(?:©|\([cC]\)\s|[Cc]opyright\s*(?:©\s*)?(?:\d{4}\b|[A-Z]))|\b[Aa]ll [Rr]ights [Rr]eserved\b")
# Imperatives that address the reader, not news: "Subscribe to …", "Sign in to comment."
_CALL_TO_ACTION = re.compile(
    r"^(?:subscribe|sign (?:in|up)|log in|follow us|click|download (?:our|the)|join (?:our|the)|"
    r"comments are (?:closed|open)|read our|share this|partager|compartir|abonnez|inscrivez|"
    r"(?:this (?:site|website)|we) uses? cookies|subscribers? only|unlock)\b",
    re.IGNORECASE,
)
_PUBLICATION_NOTE = re.compile(r"^(?:published|posted|updated|first published|last updated)\b.*\d{4}", re.IGNORECASE)
# A journalist's bio: "Jane Doe is the Ledger’s Sylhet correspondent.", "Dana Reyes covers city hall."
_BIO = re.compile(
    r"^(?:[A-ZÀ-Ý][\w’'.-]+\s+){1,3}[A-ZÀ-Ý][\w’'.-]+\s+(?:"
    r"(?:is|was|has (?:been|worked|covered|reported))\b.{0,160}\b(?:correspondent|reporter|editor|journalist|"
    r"writer|columnist|contributor|freelance|producer|photographer|bureau chief)\b"
    r"|(?:covers|writes about|reports on)\b)",
)
_TEAM_BYLINE = re.compile(
    r"^[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+(?:web team|web desk|news desk|desk|staff|"
    r"bureau|correspondent|newsroom|team)$",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_ONLY = re.compile(
    rf"^(?:[\w ,]*?(?:updated|published|posted|last modified|first published)\s*:?\s*)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
    rf"[\w\s,:|.()+—–-]*$",
    re.IGNORECASE,
)
_SMALL_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with",
    "from", "as", "is", "are", "was", "be", "its", "it", "his", "her", "their", "into", "over",
    "after", "amid", "about", "against", "says", "said", "vs", "&",
}


@dataclass(frozen=True)
class Separation:
    """The result of cleaning: the body lines and everything else, with reasons."""

    body: tuple[str, ...]
    residue: tuple[ResidueLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.body)

    def first(self, reason: str) -> str | None:
        return next((r.text for r in self.residue if r.reason == reason), None)


def line_key(line: str) -> str:
    """A stable key for a stripped line, used to count lines that recur across pages."""
    return hashlib.sha1(" ".join(line.split()).casefold().encode("utf-8")).hexdigest()


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_prose(line: str) -> bool:
    """A line that reads as running text: several words, ending like a sentence."""
    n = len(words(line))
    if _ELLIPSIS.search(line):
        return False
    return (n >= 6 and bool(_TERMINAL.search(line))) or n >= 30


def is_headline_shaped(line: str) -> bool:
    ws = words(line)
    if not 2 <= len(ws) <= 24 or _TERMINAL.search(line):
        return False
    content = [w for w in ws if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.5


def _could_be_title(line: str) -> bool:
    """Headlines come in title case and sentence case; they never end with a full stop (a
    clickbait one may end with "!!"), and a "date 2024-10-21 Name" line is page metadata."""
    return (3 <= len(words(line)) <= 30 and not re.search(r"(?<![.!?])\.\s*$", line)
            and not _METADATA_LINE.match(line) and not is_name_shaped(line))


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in words(text) if len(w) > 3 and w.casefold() not in _SMALL_WORDS}


def _lead_words(lines: list[tuple[int, str]], first: int) -> set[str]:
    """The content words of the first two body lines, which a headline and a standfirst repeat."""
    return _content_words(" ".join(line for _, line in lines[first:first + 2]))


_OPENING_MARKS = frozenset("“\"‘'")
_CLOSING_MARKS = frozenset("”\"’'")


def _headline(lines: list[tuple[int, str]], reasons: dict[int, str], first: int) -> int | None:
    """Which line above the body is the headline: of the lines that could be one, the one the page
    quotes elsewhere ('47 thoughts on “…”'), else the one whose words the lead repeats most (a
    masthead, a tagline or a section name shares none), a sentence-length one before a short one;
    None when no line could be. A headline comes above its standfirst, which repeats the lead too."""
    lead = _lead_words(lines, first)
    byline = next((pos for pos in range(first) if reasons.get(pos) in {"byline", "date"}), first)
    candidates = [pos for pos in range(first) if _could_be_title(lines[pos][1]) and (
        pos not in reasons or pos < byline and _kicker_headline(lines[pos][1], reasons[pos]))]
    if not candidates:
        return None

    page = "\n".join(line for _, line in lines)  # searched whole: a line's own place has "\n" before it

    def quoted_elsewhere(pos: int) -> bool:
        line = lines[pos][1]
        if len(words(line)) < 5:
            return False
        at = page.find(line)
        while at != -1:  # str.find per occurrence, not a pattern per other line (4,000 lines: 15 s)
            end = at + len(line)
            if at > 0 and page[at - 1] in _OPENING_MARKS and end < len(page) and page[end] in _CLOSING_MARKS:
                return True
            at = page.find(line, at + 1)
        return False

    def score(pos: int) -> tuple:
        own = _content_words(lines[pos][1])
        line = lines[pos][1]  # "Site | tagline" is page furniture, whatever words it shares
        return (" | " not in line, quoted_elsewhere(pos), bool(own & lead), len(words(line)) >= 5,
                len(own & lead) / (len(own) or 1), -pos)

    best = max(candidates, key=score)
    above = best - 1
    if (above in candidates and not quoted_elsewhere(best) and " | " not in lines[above][1]
            and len(_content_words(lines[above][1]) & lead) >= 2):
        return above  # best is the standfirst under its headline
    return best


# A byline or a date line, however the page classed it: "By Nélida Cruz", "Posted by Dan | 2 hours
# ago", "date 2023-06-16 Camila Ortiz".
_CREDIT_LINE = re.compile(r"^(?:(?:posted|written|published)\s+)?by\s+\S|^(?:date|published|posted|updated)\b",
                          re.IGNORECASE)
_SENTENCE_HEADLINE_WORDS = 20


def _sentence_headline(lines: list[tuple[int, str]], reasons: dict[int, str], prose: list[int]) -> bool:
    """Whether the first prose line is the headline, written as a sentence ('The plant is running.
    The consultation never began.', 'Did the court close the plant? No.', 'Council Shuts The Ferry
    — And Nobody Knows Why!!'). It is when it is short beside the paragraph after it (or in
    title case), no line above it shares the lead's words (what stands there is a masthead or a
    tagline), and it stands right above the byline or date line, or right under one or the page's
    head and the lead repeats its words."""
    if len(prose) < 2:
        return False
    head = prose[0]
    size = len(words(lines[head][1]))
    # A lead paragraph is long and never in title case.
    short = 2 * size <= len(words(lines[prose[1]][1])) or _title_case(lines[head][1])
    if size > _SENTENCE_HEADLINE_WORDS or not short:
        return False
    lead = _content_words(" ".join(lines[pos][1] for pos in prose[1:3]))
    if any(_content_words(lines[pos][1]) & lead for pos in range(head) if pos not in reasons):
        return False

    def credit(pos: int) -> bool:
        if not 0 <= pos < len(lines):
            return False
        return reasons.get(pos) in {"byline", "date"} or bool(_CREDIT_LINE.match(lines[pos][1]))

    # Under the page's furniture only a question or an exclamation: a short first paragraph ends in a full stop.
    under_head = credit(head - 1) or (head == 0 or head - 1 in reasons) and not lines[head][1].endswith(".")
    above_credit = credit(head + 1) and head + 1 < prose[1]
    return above_credit or under_head and len(_content_words(lines[head][1]) & lead) >= 2


def _kicker_headline(line: str, reason: str) -> bool:
    """'NURSES WALK OUT: 400 ops axed…' opens with capitals like a 'WATCH: …' promo, but its
    label is no navigation word: above the byline it may be the headline ('CLAIM: …' under the
    byline of a fact-check is not). 'VIDEO: Chaos At The Port As …' reads like a caption's label,
    but a caption is a sentence: in title case it is a headline."""
    label = _CAPS_LABEL.match(line) if reason in {"promo", "caption"} else None
    if reason == "caption" and not (label and is_headline_shaped(label.group(2)) and _title_case(label.group(2))):
        return False
    return bool(label) and not _NAVIGATION.search(label.group(1))


def _title_case(text: str) -> bool:
    """'Chaos At The Port As Police …': every word of four letters or more capitalised."""
    long_words = [w for w in words(text) if len(w) >= 4]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


_METADATA_LINE = re.compile(r"^(?:date|published|posted|updated|last updated)\b[\s:]*\S*\d", re.IGNORECASE)


def is_name_shaped(line: str) -> bool:
    """'Lester Mason', 'Sergey Kwan': two to four capitalised words and nothing else."""
    tokens = line.split()
    return 2 <= len(tokens) <= 4 and all(re.fullmatch(r"[A-Z][a-zA-Z'’.-]*", t) for t in tokens) and not any(
        t.lower() in _SMALL_WORDS for t in tokens
    )


def _is_table_row(line: str) -> bool:
    """'Policy rate | 5.25% | 5.00%': cells with figures make a table row, not a breadcrumb."""
    cells = [c.strip() for c in line.split("|")]
    return len(cells) >= 3 and any(re.search(r"\d", c) for c in cells)


def _furniture_reason(line: str) -> str | None:
    """Reasons that hold wherever the line stands on the page."""
    ws = words(line)
    if not ws:
        return "marker"
    separators = len(_SEPARATORS.findall(line))
    short_trail = separators == 1 and len(ws) <= 5 and re.search(r"\s[/>»›]\s", line)  # "Newsroom / Company News"
    if (separators >= 2 or short_trail) and not _TERMINAL.search(line) and not _is_table_row(line):
        return "breadcrumb"
    if _MARKER.match(line) and not _TERMINAL.search(line) and (line.islower() or "_" in line):
        return "marker"
    if _PHOTO_CREDIT.search(line) and (not is_prose(line.split(":", 1)[0] + ".") or _TRAILING_CREDIT.search(line)):
        return "caption"
    if _WHOLE_PARENS.match(line) and len(ws) <= 12:
        return "credit"
    if _DATE_ONLY.match(line) and len(ws) <= 12:
        return "date"
    if _BY_LINE.match(line) and len(ws) <= 8:
        return "byline"
    if _TEAM_BYLINE.match(line):
        return "byline"
    label = _CAPS_LABEL.match(line)
    if label and len(label.group(1).split()) <= 3 and not _ELLIPSIS.search(line) and (
            not _TERMINAL.search(label.group(2)) or _NAVIGATION.search(label.group(1))):
        return "promo"
    if _CALL_TO_ACTION.match(line) and len(ws) <= 25:
        return "navigation"
    if _PUBLICATION_NOTE.match(line) and len(ws) <= 15:
        return "date"
    if _NAVIGATION.search(line) and len(ws) <= 8 and not _TERMINAL.search(line):
        return "navigation"
    if _COPYRIGHT_LINE.search(line) and (len(ws) <= 12 or re.match(r"^(?:©|copyright)", line, re.I) and len(ws) <= 30):
        return "copyright"
    return None


def separate(text: str, recurring: frozenset[str] = frozenset()) -> Separation:
    """Split ``text`` into body lines and residue lines.

    ``recurring`` holds ``line_key`` values of lines seen on other pages of the
    same outlet; such lines are residue unless they read as running text.
    """
    lines = _lines(text)
    reasons: dict[int, str] = {}

    for pos, (_, line) in enumerate(lines):
        reason = _furniture_reason(line)
        if reason is None and recurring and line_key(line) in recurring and not is_prose(line):
            reason = "recurring"
        if reason:
            reasons[pos] = reason
    _mark_bullet_runs(lines, reasons)
    _keep_table_headers(lines, reasons)
    _mark_bios(lines, reasons)
    _mark_teasers_after_labels(lines, reasons)

    prose = [pos for pos, (_, line) in enumerate(lines) if pos not in reasons and is_prose(line)]
    if not prose:
        # No running text at all (a stub, a list page): keep what is left as body.
        first, last = 0, len(lines) - 1
    else:
        first, last = prose[0], prose[-1]
        last = _end_before_signature(lines, reasons, first, last)
        while last + 1 < len(lines) and last + 1 not in reasons and _closing_sentence(lines[last + 1][1]):
            last += 1

    title = None
    headline = _headline(lines, reasons, first)
    if prose and _sentence_headline(lines, reasons, prose):
        headline, first = prose[0], prose[1]
    reasons.pop(headline, None)  # a kicker-shaped headline was taken for a promo
    for pos, (_, line) in enumerate(lines):
        if pos in reasons:
            continue
        if pos < first:
            if pos == headline:
                title = line
                reasons[pos] = "title"
            elif is_name_shaped(line):
                reasons[pos] = "byline"
            elif title is not None and line.casefold() == title.casefold():
                reasons[pos] = "repeated-title"
            else:
                reasons[pos] = "header"
        elif pos > last:
            reasons[pos] = _tail_reason(lines, pos, reasons)
        elif not is_prose(line) and _interrupts_body(line):
            reasons[pos] = "interstitial"

    _mark_repeats(lines, reasons, title)

    return _split(lines, reasons)


# What a line's shape gives away as furniture even inside a body that a page's markup delimits:
# navigation vocabulary and calls to action, copyright notices, photo credits, date lines.
MARKED_UP_FURNITURE = frozenset({"navigation", "copyright", "caption", "date"})
# A line this long inside such a body is a paragraph, whatever furniture words it carries.
MARKED_UP_PARAGRAPH_WORDS = 40


def separate_marked_up(text: str) -> Separation:
    """Split the body a page's markup delimits into body lines and residue lines.

    The markup has already told the article from the page around it, so the
    positional and short-line rules of ``separate`` (written for text without
    markup) would only cut paragraphs, list items and crossheads: here only
    lines that are furniture by their own shape are residue.
    """
    lines = _lines(text)
    reasons = {pos: reason for pos, (_, line) in enumerate(lines)
               if len(words(line)) < MARKED_UP_PARAGRAPH_WORDS
               and (reason := _furniture_reason(line)) in MARKED_UP_FURNITURE}
    return _split(lines, reasons)


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped line) for each non-blank line."""
    return [(i, raw.strip()) for i, raw in enumerate(text.split("\n")) if raw.strip()]


def _split(lines: list[tuple[int, str]], reasons: dict[int, str]) -> Separation:
    """Lines with a reason are residue, the rest body."""
    body = tuple(line for pos, (_, line) in enumerate(lines) if pos not in reasons)
    residue = tuple(
        ResidueLine(text=line, reason=reasons[pos], line=i) for pos, (i, line) in enumerate(lines) if pos in reasons
    )
    return Separation(body=body, residue=residue)


def _mark_bullet_runs(lines: list[tuple[int, str]], reasons: dict[int, str]) -> None:
    """Runs of two or more bulleted headline-like lines are lists of links."""
    run: list[int] = []
    for pos, (_, line) in enumerate(lines + [(-1, "")]):
        item = line[1:].strip() if line else ""
        if line and _BULLET.match(line) and not is_prose(item) and not re.search(r"[;,:]\s*$", item):
            run.append(pos)
            continue
        if len(run) >= 2:
            for p in run:
                reasons.setdefault(p, "related-links")
        run = []


def _keep_table_headers(lines: list[tuple[int, str]], reasons: dict[int, str]) -> None:
    """'Rate | Previous | New' heads the table rows below it; it is no breadcrumb."""
    for pos in range(len(lines) - 1):
        line, below = lines[pos][1], lines[pos + 1][1]
        if reasons.get(pos) == "breadcrumb" and _is_table_row(below) and line.count("|") == below.count("|"):
            del reasons[pos]


def _mark_bios(lines: list[tuple[int, str]], reasons: dict[int, str]) -> None:
    """Author bios stand in the second half of the page and describe a journalist."""
    for pos in range(len(lines) // 2, len(lines)):
        if pos not in reasons and _BIO.match(lines[pos][1]):
            reasons[pos] = "author-bio"


def _mark_teasers_after_labels(lines: list[tuple[int, str]], reasons: dict[int, str]) -> None:
    """After 'Read more' or 'Related stories', headlines of other articles follow until prose resumes.
    Above the first prose line the run also stops at a line that repeats the lead's words: that is
    the page's own headline under a 'Subscribe | Log in' bar, not a teaser."""
    first = next((pos for pos, (_, line) in enumerate(lines) if pos not in reasons and is_prose(line)), 0)
    lead = _lead_words(lines, first)
    for pos in range(1, len(lines)):
        if pos in reasons or reasons.get(pos - 1) not in {"navigation", "promo", "teaser"}:
            continue
        line = lines[pos][1]
        if pos < first and len(_content_words(line) & lead) >= 2:
            continue
        if reasons.get(pos - 1) in {"navigation", "teaser"} and (is_headline_shaped(line) or _could_be_title(line)
                                                               and not is_prose(line) or _ELLIPSIS.search(line)):
            reasons[pos] = "teaser"


def _end_before_signature(lines: list[tuple[int, str]], reasons: dict[int, str], first: int, last: int) -> int:
    """A lone name line late in the text signs the article off: the body ends there.

    What follows it (an author bio, more teasers) is residue even when it is
    written as prose.
    """
    total = sum(len(line) for _, line in lines[first : last + 1]) or 1
    seen = 0
    for pos in range(first, last + 1):
        line = lines[pos][1]
        seen += len(line)
        if pos in reasons or pos == first:
            continue
        if (is_name_shaped(line) or _TEAM_BYLINE.match(line)) and seen / total >= 0.6:
            reasons[pos] = "byline"
            return pos - 1
    return last


def _closing_sentence(line: str) -> bool:
    """'He declined to comment.', 'The inquiry continues.': a sentence too short to count as prose
    right after the last paragraph still closes the article (a footer line does not end in a full stop)."""
    return (3 <= len(words(line)) and line[:1].isupper() and bool(re.search(r"(?<!\.)\.[\"'”’]?$", line))
            and not re.search(r"\bby\s+[A-Z]", line) and not is_name_shaped(line.rstrip(".")))


def _tail_reason(lines: list[tuple[int, str]], pos: int, reasons: dict[int, str]) -> str:
    line = lines[pos][1]
    signature = next(
        (lines[p][1] for p in range(pos - 1, -1, -1) if reasons.get(p) == "byline"), None
    )
    if signature and any(part in line for part in signature.split() if len(part) > 2):
        return "author-bio"
    if _ELLIPSIS.search(line):
        return "teaser"
    if is_name_shaped(line):
        return "byline"
    if is_headline_shaped(line):
        previous = reasons.get(pos - 1)
        return "teaser" if previous in {"navigation", "teaser"} else "footer"
    return "footer"


def _interrupts_body(line: str) -> bool:
    """A non-prose line between paragraphs: furniture unless it reads as a crosshead."""
    bullet = _BULLET.match(line) and not re.search(r"[;,:.]\s*$", line)  # a list item ending like a clause is body
    # a sentence that uses a navigation word is news: "He declined to comment.", "Watch the vote."
    navigation = _NAVIGATION.search(line) and not _TERMINAL.search(line)
    return bool(_ELLIPSIS.search(line) or navigation or bullet)


def _mark_repeats(lines: list[tuple[int, str]], reasons: dict[int, str], title: str | None) -> None:
    """Highlights and pull quotes repeat a body sentence: keep the body's copy only."""
    body_text = " ".join(" ".join(line.split()) for pos, (_, line) in enumerate(lines) if pos not in reasons)
    for pos, (_, line) in enumerate(lines):
        if pos in reasons:
            continue
        flat = " ".join(line.split())
        # the count last: it reads the whole body, and most lines are prose (a 160 kB page: 2.6 s)
        if len(words(flat)) >= 5 and not is_prose(flat) and body_text.count(flat.rstrip(".")) >= 2:
            reasons[pos] = "repeated"
        elif title and flat.casefold() == title.casefold():
            reasons[pos] = "repeated-title"
