import pytest

from storyscope.errors import TooLarge
from storyscope.normalize.html import HtmlExtraction, extract_html, visible_lines

P1 = "Beijing said on Monday it was willing to invite United Nations officials to visit the centres in Xinjiang."
P2 = "The announcement comes amid escalating global concern over reported human rights abuses in the region."
P3 = "Speaking at a regular briefing, a spokesman said the visit would be permitted if officials obey the law."

PAGE = f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html><head><title>China invites UN officials | Example Times</title>
<meta property="og:site_name" content="Example Times"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2019-01-08T09:00:00Z">
<link rel="canonical" href="https://example.com/news/un-visit">
<style>p {{ color: red }}</style><script>var tracking = "not text";</script></head>
<body>
<nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav>
<article>
<h1>China invites UN officials</h1>
<p class="byline">By Jane Doe</p>
<p>{P1}</p>
<p>{P2} <a href="/x">More</a> words.</p>
<div hidden>hidden promo</div><span style="display: none">also hidden</span><!-- a comment -->
<p>{P3}</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story about trade</a></li></ul></aside>
<footer>Copyright Example Times<br>All rights reserved</footer>
</body></html>"""


@pytest.fixture(scope="module")
def extraction():
    return extract_html(PAGE, "https://example.com/news/un-visit?ref=feed")


def test_body_is_the_article_paragraphs_without_the_headline(extraction):
    assert extraction.body_text.split("\n") == [P1, f"{P2} More words.", P3]


def test_every_other_visible_line_is_residue_in_page_order(extraction):
    assert extraction.residue == (
        "Home > World",
        "China invites UN officials",
        "By Jane Doe",
        "Related",
        "Another story about trade",
        "Copyright Example Times",
        "All rights reserved",
    )


def test_nothing_invisible_leaks_into_the_residue(extraction):
    joined = " ".join(extraction.residue)
    for hidden in ("tracking", "color", "hidden promo", "also hidden", "a comment", "| Example Times"):
        assert hidden not in joined


def test_metadata_comes_from_the_page(extraction):
    assert (extraction.title, extraction.author, extraction.date, extraction.outlet, extraction.url) == (
        "China invites UN officials",
        "Jane Doe",
        "2019-01-08",
        "Example Times",
        "https://example.com/news/un-visit",
    )


def test_every_visible_line_is_body_or_residue(extraction):
    body = extraction.body_text.split("\n")
    for line in visible_lines(PAGE):
        assert line in body or line in extraction.residue


def test_repeated_lines_are_kept_as_often_as_they_appear():
    html = f"<html><body><article><p>{P1}</p><p>{P2}</p></article><div><p>Share</p><p>Share</p></div></body></html>"
    result = extract_html(html)
    # A body line accounts for one occurrence on the page; the others stay residue.
    assert result.body_text.split("\n").count("Share") + result.residue.count("Share") == 2


def test_a_page_without_an_article_keeps_all_its_text_as_residue():
    result = extract_html("<html><body><ul><li><a href='/'>Home</a></li><li>Contact</li></ul></body></html>")
    assert result == HtmlExtraction(body_text="", residue=("Home", "Contact"))


def test_size_is_capped():
    with pytest.raises(TooLarge):
        extract_html("<p>" + "x" * 100 + "</p>", max_chars=50)


def test_the_headline_and_the_kicker_above_it_are_no_body():
    page = f"""<html><head><title>China invites UN officials</title></head><body><article>
<p>World · Asia</p><h1>China invites UN officials</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article></body></html>"""
    result = extract_html(page)
    assert result.body_text.split("\n") == [P1, P2, P3]
    assert "World · Asia" in result.residue


def test_a_page_of_thousands_of_short_lines_skips_the_quadratic_rescue(monkeypatch):
    # jusText, trafilatura's rescue when its own extractor finds little, walks from each short
    # paragraph to the nearest long one: a table of 15,000 elements took 23 s in it. Past
    # MAX_RESCUED_ELEMENTS the page goes without the rescues; a small page keeps them.
    import trafilatura.external  # jusText's quadratic pass, as trafilatura calls it

    from storyscope.normalize.html import MAX_RESCUED_ELEMENTS

    revisions = []
    revise = trafilatura.external.revise_paragraph_classification
    monkeypatch.setattr(trafilatura.external, "revise_paragraph_classification",
                        lambda *args, **kwargs: revisions.append(1) or revise(*args, **kwargs))

    def table_page(rows: int) -> str:
        cells = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(rows))
        return f"<html><body><p>{P1}</p><table>{cells}</table></body></html>"

    extract_html(table_page(200))
    assert revisions, "the rescue runs on a small page (else this test shows nothing)"
    revisions.clear()
    big = table_page(MAX_RESCUED_ELEMENTS // 3 + 1)
    assert extract_html(big).body_text == P1
    assert not revisions
