"""Hand-built analysed articles for the comparison tests: sentences in, a ProcessedArticle out."""

from storyscope.model import Article, ArticleAnalysis, Event, NumberMention, ProcessedArticle, Sentence, Story

FLOOD = "At least 11 people died when the Danne river burst its banks in Meridal on Sunday."
FLOOD_OTHER = "Fourteen people died after the Danne river burst its banks across Meridal on Sunday."
FLOOD_SEVEN = "Seven people died after the Danne river burst its banks across Meridal on Sunday."
WALL = "The river wall repairs that the city postponed last year were never finished before the flood."
MAYOR = "Mayor Ana Varga said the city would open emergency shelters in three schools."


def article(aid, outlet, sentences, published="2025-09-15", numbers=(), quotes=(), dates=(), entities=()):
    spans, text, start = [], "", 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(i, start, start + len(s), s))
        text += s + "\n"
        start += len(s) + 1
    return ProcessedArticle(
        Article(id=aid, source=aid, format="text", text=text.rstrip("\n"), outlet=outlet, published=published),
        ArticleAnalysis(sentences=tuple(spans), numbers=tuple(numbers), quotes=tuple(quotes),
                        dates=tuple(dates), entities=tuple(entities)))


def number(value, unit, sentence, text, qualifier=None):
    return NumberMention(text=text, value=value, unit=unit, qualifier=qualifier, start=0, end=len(text),
                         sentence=sentence)


def story_of(*processed):
    ids = tuple(p.article.id for p in processed)
    return Story("s" + "1" * 12, None, ids, (Event("e" + "1" * 12, None, "2025-09-14", ids),))
