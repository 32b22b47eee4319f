"""The five example pages tell one running story (UN access to Xinjiang, 2019-2022)."""

from storyscope.cluster.stories import cluster
from storyscope.store import Store


def test_examples_form_one_story_with_events_in_time_order(examples_db):
    with Store.open(examples_db) as store:
        processed = list(store.iter_processed())
    stories = cluster(processed)
    assert len(stories) == 1
    name = {p.article.id: p.article.source.rsplit("/", 1)[-1][:3] for p in processed}
    events = [sorted(name[a] for a in e.articles) for e in stories[0].events]
    # the 2019 briefing coverage, the July 2019 letter, the February 2022 remarks
    assert events[1:] == [["002"], ["003"]]
    assert {"000", "001"} <= set(events[0])
    assert [e.date for e in stories[0].events] == sorted(e.date for e in stories[0].events)
