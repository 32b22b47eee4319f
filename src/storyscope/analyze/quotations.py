"""Find quotation spans in text, whatever marks the page used.

Pages mix straight and curly marks, single and double, a backtick opening a
phrase closed by ’, guillemets, and the occasional stray or missing mark. The
scanner works paragraph by paragraph so one bad mark can never swallow the
quotes that follow it, and it tells an apostrophe (China’s, Uyghurs’) from a
closing single quote by what stands around it.

A quote that runs over several paragraphs follows the news convention: the
paragraph ends without a closing mark and the next one opens again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks it may pair with
_PAIRS = {
    "“": "”\"",
    "„": "“”\"",
    '"': "\"”",
    "«": "»",
    "‹": "›",
    "‘": "’'",
    "`": "’'`",
    "'": "'’",
}
_DOUBLE = {"“", "„", '"', "«"}
_WORDCHAR = re.compile(r"\w", re.UNICODE)
# A reporting clause inside an unclosed quotation shows where the missing closing mark belonged.
_ATTRIBUTION_INSIDE = re.compile(
    r"[,.!?](?=\s+(?:(?:he|she|they)\s+(?:said|says|added|told)|(?:said|says|added|told)\s+[A-Z]"
    r"|(?:[A-Z][\w’'-]*\s+){1,3}(?:said|says|added|told)\b))"
)
_MAX_UNCLOSED = 400  # characters an unclosed quote may claim before we stop trusting it
# How far a closing mark is looked for. No quotation in news copy is this long; without a bound,
# a paragraph of many unclosed marks of mixed kinds is searched again from each one (a fuzzed
# 40 kB page took minutes).
MAX_QUOTATION_CHARS = 5_000
MAX_NESTING = 6  # quotations inside quotations; past this, an opening mark is read as a plain mark


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or of the end of the claimed text)
    content_start: int
    content_end: int
    closed: bool


def _is_word(ch: str) -> bool:
    return bool(ch) and bool(_WORDCHAR.match(ch))


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() or not after:
        return False
    if text[i] in "’'" and _is_word(before):
        return False  # an apostrophe or a closing mark
    return not _is_word(before) or text[i] in "“„«‹`"


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    if text[i] in "’'" and _is_word(after):
        return False  # China’s, don’t
    return True


def _scan_paragraph(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    """(open, close_or_end, closed) for the outermost quotations in text[lo:hi]."""
    found: list[tuple[int, int, bool]] = []
    sentence_ends: dict[int, int] = {}  # unclosed quotation -> the end of its sentence
    closes: dict[int, int | None] = {}  # each opening mark's closing mark, searched for once
    i = lo
    while i < hi:
        ch = text[i]
        if ch in _PAIRS and _can_open(text, i):
            close = _find_close(text, i, hi, closes)
            if close is not None:
                found.append((i, close + 1, True))
                i = close + 1
                continue
            if ch in _DOUBLE:
                # Unclosed: it claims the rest of the paragraph (a quote continued in the
                # next one) unless quotations follow its sentence; then it ends there, so
                # one bad mark never swallows the quotes after it.
                found.append((i, hi, False))
                stop = re.search(r"[.!?](?=\s|$)", text[i + 1 : hi])
                if stop is None:
                    break
                i = sentence_ends[len(found) - 1] = i + 1 + stop.end()
                continue
        i += 1
    for index, end in sentence_ends.items():
        if index < len(found) - 1:
            found[index] = (found[index][0], end, False)
    return found


def _find_close(text: str, open_at: int, hi: int, closes: dict[int, int | None], depth: int = 0) -> int | None:
    """The matching closing mark, skipping quotes nested inside and apostrophes (``closes``
    remembers each mark's answer: the same nested mark is met again from every outer one)."""
    if depth > MAX_NESTING:
        return None
    if open_at not in closes:
        closes[open_at] = _search_close(text, open_at, hi, closes, depth)
    return closes[open_at]


def _search_close(text: str, open_at: int, hi: int, closes: dict[int, int | None], depth: int) -> int | None:
    closers = _PAIRS[text[open_at]]
    single = text[open_at] not in _DOUBLE
    i = open_at + 1
    while i < min(hi, open_at + MAX_QUOTATION_CHARS):
        ch = text[i]
        if ch in closers and _can_close(text, i):
            # For single quotes, a possessive plural (Uyghurs’ rights) is not a close
            # when another plausible closer follows in the same sentence.
            if not (single and text[i - 1] == "s" and _later_close(text, i + 1, hi, closers)):
                return i
        elif ch in _PAIRS and ch not in closers and ch in _DOUBLE and not single and _can_open(text, i):
            nested = _find_close(text, i, hi, closes, depth + 1)
            if nested is not None:
                i = nested + 1
                continue
        i += 1
    return None


def _later_close(text: str, start: int, hi: int, closers: str) -> bool:
    end = min(hi, start + 120)
    stop = re.search(r"[.!?]\s", text[start:end])
    end = start + stop.start() if stop else end
    return any(text[j] in closers and _can_close(text, j) for j in range(start, end))


def find_quotations(text: str) -> list[Quotation]:
    """All outermost quotations in ``text``, continued across paragraphs where the page does."""
    results: list[Quotation] = []
    pending: Quotation | None = None  # an unclosed quote waiting for its continuation
    offset = 0
    for paragraph in text.split("\n"):
        lo, hi = offset, offset + len(paragraph)
        offset = hi + 1
        spans = _scan_paragraph(text, lo, hi)
        if pending is not None:
            stripped = paragraph.lstrip()
            first = lo + len(paragraph) - len(stripped)
            if spans and spans[0][0] == first:
                open_at, close_at, closed = spans.pop(0)
                pending = Quotation(pending.start, close_at, pending.content_start,
                                    close_at - 1 if closed else close_at, closed)
                if closed or spans:
                    results.append(pending)
                    pending = None
            else:
                results.append(_trim_unclosed(text, pending))
                pending = None
        for k, (open_at, close_at, closed) in enumerate(spans):
            if closed:
                results.append(Quotation(open_at, close_at, open_at + 1, close_at - 1, True))
            elif k < len(spans) - 1:  # unclosed, already ended at its sentence
                results.append(Quotation(open_at, close_at, open_at + 1, close_at, False))
            elif cut := _ATTRIBUTION_INSIDE.search(text, open_at + 1, close_at):
                # '"The offer was an insult, said Peter Haugen.': the closing mark went missing
                results.append(Quotation(open_at, cut.start() + 1, open_at + 1, cut.start() + 1, False))
            else:
                pending = Quotation(open_at, close_at, open_at + 1, close_at, False)
    if pending is not None:
        results.append(_trim_unclosed(text, pending))
    return [q for q in results if q.content_end > q.content_start]


def _trim_unclosed(text: str, quote: Quotation) -> Quotation:
    """An opening mark nobody closed: trust it up to the end of its sentence only."""
    segment = text[quote.content_start : min(quote.content_end, quote.content_start + _MAX_UNCLOSED)]
    stop = re.search(r"[.!?](?=\s|$)", segment)
    end = quote.content_start + (stop.end() if stop else len(segment))
    return Quotation(quote.start, end, quote.content_start, end, False)
