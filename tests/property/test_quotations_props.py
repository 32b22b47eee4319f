"""find_quotations() on arbitrary text: well-formed spans, and one bad mark stays local."""

from hypothesis import assume, given, settings, strategies as st

from storyscope.analyze.quotations import find_quotations

SETTINGS = settings(max_examples=200, deadline=None)
MARKS = "\"'“”‘’`«»„‹›"
ALPHABET = "ab xy.,!?" + MARKS
quote_text = st.text(alphabet=ALPHABET + "\n", max_size=200)


@SETTINGS
@given(st.one_of(quote_text, st.text(max_size=200)))
def test_spans_are_ordered_disjoint_in_bounds(text):
    qs = find_quotations(text)
    previous_end = 0
    for q in qs:
        assert 0 <= q.start < q.content_start <= q.content_end <= q.end <= len(text)
        assert q.content_end > q.content_start
        assert q.start >= previous_end
        assert text[q.start] in MARKS  # a quotation starts at its opening mark
        if q.closed:
            assert q.end == q.content_end + 1 and text[q.content_end] in MARKS
        previous_end = q.end


words = st.sampled_from(["the", "mayor", "said", "pier", "will", "open", "ok.", "now!", "it’s", "islanders’"])
quoted = st.builds(lambda o, ws, c: o + " ".join(ws) + c, st.sampled_from("\"“‘«'`"), st.lists(words, min_size=1, max_size=4),
                   st.sampled_from(["\"", "”", "’", "»", "'", ""]))
# Paragraphs start with a word: a paragraph opening with a mark may continue the previous
# paragraph's unclosed quote, which is the news convention, not a leak.
paragraph = st.builds(lambda first, rest: " ".join([first, *rest]), words,
                      st.lists(st.one_of(words, quoted), max_size=8))


def _per_paragraph(text):
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    out = {}
    for q in find_quotations(text):
        para = max(i for i, s in enumerate(starts) if s <= q.start)
        out.setdefault(para, []).append((q.start - starts[para], text[q.content_start : q.content_end], q.closed))
    return out


@SETTINGS
@given(st.lists(paragraph, min_size=2, max_size=5), st.data())
def test_a_stray_mark_leaves_other_paragraphs_alone(paragraphs, data):
    target = data.draw(st.integers(0, len(paragraphs) - 1))
    para = paragraphs[target]
    position = data.draw(st.integers(1, len(para)))
    mark = data.draw(st.sampled_from(MARKS))
    changed = paragraphs[:target] + [para[:position] + mark + para[position:]] + paragraphs[target + 1 :]
    before = _per_paragraph("\n".join(paragraphs))
    after = _per_paragraph("\n".join(changed))
    for index in range(len(paragraphs)):
        if index != target:
            assert after.get(index) == before.get(index), index


@SETTINGS
@given(st.lists(paragraph, min_size=1, max_size=4))
def test_quotes_never_cross_a_paragraph_not_opened_by_a_mark(paragraphs):
    text = "\n".join(paragraphs)
    assume(text)
    for q in find_quotations(text):
        assert "\n" not in text[q.start : q.end]
