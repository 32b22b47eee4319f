"""to_article(): RawDocument -> Article."""

import pytest

from storyscope.errors import EmptyInput
from storyscope.model import RawDocument
from storyscope.normalize.article import article_id, iso_date, normalize_text, to_article

P1 = "The council voted on Tuesday to close the old ferry terminal by the end of next year."
P2 = "Residents said the closure would cut them off from the mainland during winter storms."
P3 = "A final decision on compensation is expected after a public hearing in the spring."

PAGE = f"Home / Towns / Islands\nCouncil Shuts Island Ferry Terminal\nBy Amara Quint\nJuly 13, 2019\nPORT LOUIS (IGN) — {P1}\n{P2}\n{P3}"


def raw(text=PAGE, **kw):
    return RawDocument(source="mem://1", format="text", text=text, **kw)


def test_body_residue_and_inferred_metadata():
    art = to_article(raw())
    assert art.text == f"PORT LOUIS (IGN) — {P1}\n{P2}\n{P3}"
    assert art.title == "Council Shuts Island Ferry Terminal"
    assert art.author == "Amara Quint"
    assert art.dateline == "Port Louis"
    assert (art.outlet, art.outlet_basis) == (None, None)  # "(IGN)" is never spelled out
    assert art.published == "2019-07-13"
    assert art.published_inferred is False
    assert [r.reason for r in art.boilerplate] == ["breadcrumb", "title", "byline", "date"]
    assert art.source == "mem://1" and art.format == "text"


def test_id_is_stable_for_the_same_input():
    assert to_article(raw()).id == to_article(raw()).id
    # whitespace differences do not make a new article
    assert to_article(raw(PAGE.replace(" the ", "  the "))).id == to_article(raw()).id


def test_id_changes_when_the_body_changes():
    changed = PAGE.replace("spring", "summer")
    assert to_article(raw(changed)).id != to_article(raw()).id


def test_id_changes_with_url_and_outlet():
    body = "a body"
    assert article_id("https://a.example/1", None, body) != article_id("https://a.example/2", None, body)
    assert article_id(None, "Island Gazette", body) == article_id(None, "island gazette", body)
    assert article_id(None, "Island Gazette", body) != article_id(None, "Harbour Post", body)


@pytest.mark.parametrize("text", ["", "   \n\n", "Home / News / Local\nRead more\nBy Amara Quint\nJuly 13, 2019"])
def test_residue_only_text_is_empty_input(text):
    with pytest.raises(EmptyInput) as info:
        to_article(raw(text))
    assert info.value.code == "empty"
    assert info.value.source == "mem://1"


def test_given_metadata_wins_over_inferred():
    art = to_article(
        raw(url="https://www.harbourpost.com/ferry", title="Given Title", outlet="Harbour Post",
            author="Given Author", published="2020-01-02T08:00:00Z")
    )
    assert (art.outlet, art.outlet_basis) == ("Harbour Post", "given")
    assert art.title == "Given Title"
    assert art.author == "Given Author"
    assert art.published == "2020-01-02"
    assert art.url == "https://www.harbourpost.com/ferry"


def test_url_outlet_when_no_outlet_given():
    art = to_article(raw(url="https://www.harbourpost.com/ferry"))
    assert (art.outlet, art.outlet_basis) == ("harbourpost.com", "url")


def test_unparseable_given_date_falls_back_to_the_stated_one():
    assert to_article(raw(published="sometime")).published == "2019-07-13"


def test_extra_is_copied():
    art = to_article(raw(extra={"lang": "en"}))
    assert art.extra == {"lang": "en"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-07-13", "2019-07-13"),
        ("2019-07-13T10:00:00+08:00", "2019-07-13"),
        ("July 13, 2019", "2019-07-13"),
        ("13 July 2019", "2019-07-13"),
        ("July 2019", None),
        ("2019", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_normalize_text_folds_whitespace_keeps_quotes():
    assert normalize_text("a\u00a0 b\r\n“c”\rd  \t e") == "a b\n“c”\nd e"
    assert normalize_text("Cafe\u0301") == "Café"


def test_runs_of_one_punctuation_mark_are_capped():
    # spaCy's tokenizer is quadratic in such runs: 10,000 apostrophes took it over 30 s.
    assert normalize_text("in the 1990s" + "'" * 10_000 + "s") == "in the 1990s" + "'" * 20 + "s"
    assert normalize_text("Wait... what?!! -- ok") == "Wait... what?!! -- ok"
    # mixed marks too: "]]>" 4,500 times (a fuzzed page) took the tokenizer 37 s
    assert normalize_text("B" + "]]>" * 4500 + " end") == "B" + ("]]>" * 7)[:20] + " end"


def test_text_over_the_analysis_limit_is_refused_as_too_large():
    from storyscope.errors import TooLarge

    with pytest.raises(TooLarge, match="1000000-character limit"):
        to_article(RawDocument(source="huge.txt", format="text", text="harbour vote " * 100_000))


def test_a_page_keeps_the_list_items_and_short_lines_its_markup_puts_in_the_article():
    page = f"""<html><body><nav><a href="/">Home</a> <a href="/towns">Towns</a></nav><article>
<h1>Council shuts the ferry terminal</h1><p>{P1}</p><p>What happens next</p>
<ul><li>A public hearing in March</li><li>A vote by the council in May</li></ul><p>{P2}</p><p>{P3}</p>
<p>Subscribe to our newsletter</p></article></body></html>"""
    art = to_article(RawDocument(source="mem://page", format="html", html=page))
    assert art.text.split("\n") == [
        P1, "What happens next", "- A public hearing in March", "- A vote by the council in May", P2, P3]
    assert "Subscribe to our newsletter" in [r.text for r in art.boilerplate]


def test_a_body_longer_than_one_analysis_can_take_is_refused_by_its_token_count():
    """A fuzzed page of one JSON fragment repeated, 215,000 characters but 107,000 tokens, took
    19 s to analyse; its length in characters says little about its cost, its tokens do."""
    from storyscope.errors import TooLarge
    from storyscope.normalize.article import MAX_ARTICLE_TOKENS

    fragment = '"text": '  # four tokens in eight characters
    over = fragment * (MAX_ARTICLE_TOKENS // 4 + 1)
    with pytest.raises(TooLarge, match=f"words and punctuation marks is over the {MAX_ARTICLE_TOKENS}-token limit"):
        to_article(RawDocument(source="json-soup.txt", format="text", text=f"{P1}\n{over}\n{P2}\n{P3}"))
    under = fragment * (MAX_ARTICLE_TOKENS // 8)
    assert under.strip() in to_article(RawDocument(source="long.txt", format="text", text=f"{P1}\n{under}\n{P2}")).text
