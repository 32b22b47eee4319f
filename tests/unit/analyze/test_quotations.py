"""find_quotations(): quotation spans whatever marks the page used."""

import pytest

from storyscope.analyze.quotations import find_quotations


def contents(text):
    return [text[q.content_start : q.content_end] for q in find_quotations(text)]


@pytest.mark.parametrize(
    "text",
    [
        'The mayor said "we will rebuild the pier" on Friday.',
        "The mayor said “we will rebuild the pier” on Friday.",
        "The mayor said ‘we will rebuild the pier’ on Friday.",
        "The mayor said 'we will rebuild the pier' on Friday.",
        "The mayor said `we will rebuild the pier’ on Friday.",
        "The mayor said «we will rebuild the pier» on Friday.",
        "The mayor said „we will rebuild the pier“ on Friday.",
    ],
)
def test_each_kind_of_mark(text):
    (q,) = find_quotations(text)
    assert text[q.content_start : q.content_end] == "we will rebuild the pier"
    assert q.closed
    assert q.start == text.index("we will") - 1
    assert q.end == text.index(" on Friday")


@pytest.mark.parametrize(
    "text",
    [
        "Marovia’s envoy said he didn’t know about the islanders’ rights.",
        "Marovia's envoy said he didn't know about the islanders' rights.",
        "It was the ’90s boom, and the fishermen’s catch doubled.",
    ],
)
def test_apostrophes_are_not_quote_marks(text):
    assert find_quotations(text) == []


def test_possessive_plural_inside_single_quotes():
    text = "He said ‘the islanders’ rights matter’ to the council."
    assert contents(text) == ["the islanders’ rights matter"]


def test_apostrophe_inside_double_quotes():
    text = "She said “we don’t know Marovia’s plan” today."
    assert contents(text) == ["we don’t know Marovia’s plan"]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ('She said "he told me \'no way\' twice" later.', "he told me 'no way' twice"),
        ("She said “he told me ‘no way’ twice” later.", "he told me ‘no way’ twice"),
        ("She said “he told me “no way” twice” later.", "he told me “no way” twice"),
    ],
)
def test_nested_quotes_give_the_outer_span(text, inner):
    assert contents(text) == [inner]


def test_several_quotes_in_order():
    text = 'He said "yes" and then "no", and finally “maybe”.'
    qs = find_quotations(text)
    assert contents(text) == ["yes", "no", "maybe"]
    assert [q.start for q in qs] == sorted(q.start for q in qs)


def test_quote_continued_over_paragraphs():
    p1 = "“We will rebuild the harbour before the winter,"
    p2 = "“and the ferry will run again by spring,” the mayor said."
    text = f"{p1}\n{p2}"
    (q,) = find_quotations(text)
    assert q.closed
    assert q.start == 0
    assert text[q.content_start : q.content_end] == f"We will rebuild the harbour before the winter,\n“and the ferry will run again by spring,"
    assert q.end == text.index(" the mayor")


def test_quote_continued_over_three_paragraphs():
    text = "“First part of it.\n“Second part of it.\n“Third and last,” she said."
    (q,) = find_quotations(text)
    assert q.closed and q.start == 0 and q.end == text.index(" she said")


def test_unclosed_quote_is_trimmed_to_its_sentence():
    text = 'The mayor said "we will rebuild the pier soon. Nobody else spoke at the meeting'
    (q,) = find_quotations(text)
    assert not q.closed
    assert text[q.content_start : q.content_end] == "we will rebuild the pier soon."


def test_unbalanced_mark_does_not_swallow_the_next_paragraph():
    text = 'The mayor said "we will rebuild the pier.\nLater the minister said "the money is there" to reporters.'
    assert contents(text) == ["we will rebuild the pier.", "the money is there"]


def test_unbalanced_mark_does_not_swallow_later_quotes_in_its_paragraph():
    text = 'The mayor said "we will rebuild the pier. Later the minister said “the money is there” to reporters.'
    qs = find_quotations(text)
    assert contents(text) == ["we will rebuild the pier.", "the money is there"]
    assert [q.closed for q in qs] == [False, True]


def test_stray_mark_with_space_after_is_ignored():
    text = 'A stray " here. Then "the pier" and “the road” were named.'
    assert contents(text) == ["the pier", "the road"]


def test_continued_quote_then_unclosed_then_more_quotes():
    text = "“Part one,\n“part two. Then «x» and «y» followed."
    qs = find_quotations(text)
    assert [text[q.content_start : q.content_end] for q in qs] == ["Part one,\n“part two.", "x", "y"]
    assert [q.start for q in qs] == sorted(q.start for q in qs)


def test_empty_quotes_are_dropped():
    assert find_quotations('He said "" and left.') == []


def test_no_text():
    assert find_quotations("") == []


def test_a_paragraph_of_unclosed_marks_of_mixed_kinds_is_read_once_per_mark():
    """A fuzzed page of 777 unclosed “ inside a "…" searched again from every mark for every
    outer one: minutes, then a RecursionError that failed the article's analysis."""
    text = 'He said "the plan ' + "“was " * 2000 + 'never" and left. Then “a real quote,” she said.'
    found = find_quotations(text)
    assert found[-1].closed and text[found[-1].content_start:found[-1].content_end] == "a real quote,"
    assert found[0].start == text.index('"')


def test_a_quotation_longer_than_any_in_news_is_not_closed_by_a_far_mark():
    from storyscope.analyze.quotations import MAX_QUOTATION_CHARS

    near = "“" + "word " * 100 + "end,” he said."
    assert find_quotations(near)[0].closed
    far = "“" + "word " * (MAX_QUOTATION_CHARS // 5 + 10) + "end,” he said."
    assert not find_quotations(far)[0].closed
