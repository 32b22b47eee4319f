"""Text reuse and lineage on hand-built articles."""

from storyscope.cluster.reuse import find_reuse, lineage
from storyscope.model import Article, ArticleAnalysis, Event, ProcessedArticle, Sentence, Story

WIRE = [
    "Dockworkers at Saltmouth port walked off the job on Monday over planned pension cuts.",
    "The union said about 2,400 members joined the strike at the start of the morning shift.",
    "Port authority chief Elin Varga said the cuts were needed to keep the pension fund solvent.",
    "Ships queued outside the harbour as cranes stood idle for most of the day.",
]
LOCAL = "Shop owners near the harbour said trade had already fallen since the weekend."
SPUN = [
    "Over planned cuts to pensions, Saltmouth port dockworkers left their jobs on Monday.",
    "About 2,400 union members joined the strike when the morning shift began, the union said.",
    "To keep the pension fund solvent the cuts were needed, said port authority chief Elin Varga.",
    "For most of the day cranes stood idle while ships queued outside the harbour.",
]


def article(article_id: str, sentences: list[str], published: str) -> ProcessedArticle:
    text, spans, start = "", [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, start, start + len(s), s))
        text += s + "\n"
        start += len(s) + 1
    return ProcessedArticle(
        Article(id=article_id, source=article_id, format="text", text=text.rstrip("\n"), published=published),
        ArticleAnalysis(sentences=tuple(spans)),
    )


def story(*ids: str) -> Story:
    return Story("s" + "0" * 12, None, ids, (Event("e" + "0" * 12, None, None, ids),))


def test_verbatim_republication_points_back_to_the_earlier_wire():
    wire = article("wire", WIRE, "2024-03-11")
    client = article("client", WIRE, "2024-03-12")
    (reuse,) = find_reuse([client, wire], [story("client", "wire")])
    assert (reuse.source, reuse.copy, reuse.kind) == ("wire", "client", "verbatim")
    assert reuse.share_of_copy == 1.0 and len(reuse.passages) == 4


def test_same_day_edited_copy_the_source_is_the_one_with_more():
    wire = article("wire", WIRE, "2024-03-11")
    trimmed = article("trimmed", WIRE[:2] + [LOCAL], "2024-03-11")  # last paragraphs cut, a local one added
    (reuse,) = find_reuse([trimmed, wire], [story("wire", "trimmed")])
    assert (reuse.source, reuse.copy, reuse.kind) == ("wire", "trimmed", "edited")
    assert (reuse.share_of_copy, reuse.share_of_source) == (0.667, 0.5)


def test_spun_rewrite_is_found_by_content_words():
    wire = article("wire", WIRE, "2024-03-11")
    farm = article("farm", SPUN, "2024-03-13")
    (reuse,) = find_reuse([wire, farm], [story("wire", "farm")])
    assert (reuse.source, reuse.copy, reuse.kind) == ("wire", "farm", "spun")
    assert all(p.rewritten for p in reuse.passages)


def test_unrelated_articles_share_nothing_and_other_stories_are_not_compared():
    wire = article("wire", WIRE, "2024-03-11")
    other = article("other", ["The football federation named a new national coach on Tuesday.",
                              "She signed a three-year contract and will lead the team next summer."], "2024-03-11")
    assert find_reuse([wire, other], [story("wire", "other")]) == []
    copy = article("copy", WIRE, "2024-03-12")
    assert find_reuse([wire, copy], [story("wire"), story("copy")]) == []


def test_lineage_follows_copies_of_copies_to_the_origin():
    wire = article("wire", WIRE, "2024-03-11")
    client = article("client", WIRE, "2024-03-12")
    farm = article("farm", SPUN, "2024-03-13")
    reuses = find_reuse([wire, client, farm], [story("wire", "client", "farm")])
    assert lineage(reuses)["farm"] == "wire" and lineage(reuses)["client"] == "wire"
