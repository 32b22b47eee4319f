"""Story and event clustering on hand-built article features."""

from datetime import date

from storyscope.cluster.features import ArticleFeatures, content_terms
from storyscope.cluster.stories import cluster_features, stable_id

PORT = ("dockworkers strike port saltmouth pension union walkout cranes ships waiting harbour "
        "authority talks pension reform retirement age").split()
FLOOD = ("river flood meridal rain evacuated homes water levels rescue boats embankment "
         "burst valley villages damage").split()


def feature(i, words, names, day, outlet="Outlet"):
    return ArticleFeatures(id=f"a{i:02d}", outlet=outlet, published=day, terms=tuple(words),
                           names=frozenset(names), event_day=day)


def groups(stories):
    return sorted(sorted(s.articles) for s in stories)


def test_articles_on_one_topic_form_one_story_and_others_stay_apart():
    port = [feature(i, PORT[i:] + PORT[:i], {"Saltmouth", "Dockers Union"}, date(2024, 3, 11)) for i in range(3)]
    flood = [feature(10 + i, FLOOD[i:] + FLOOD[:i], {"Meridal", "Danne"}, date(2025, 9, 14)) for i in range(3)]
    stories = cluster_features(port + flood)
    assert groups(stories) == [["a00", "a01", "a02"], ["a10", "a11", "a12"]]


def test_a_story_splits_into_events_by_the_days_they_report():
    first = [feature(i, PORT, {"Saltmouth"}, date(2024, 3, 11 + i)) for i in range(2)]
    second = [feature(5 + i, PORT, {"Saltmouth"}, date(2025, 3, 17)) for i in range(2)]
    (story,) = cluster_features(first + second)
    assert [sorted(e.articles) for e in story.events] == [["a00", "a01"], ["a05", "a06"]]
    assert [e.date for e in story.events] == ["2024-03-11", "2025-03-17"]


def test_unrelated_singletons_stay_single():
    a = feature(1, "lighthouse restoration volunteers paint lamp tower".split(), {"Old Point"}, date(2025, 4, 14))
    b = feature(2, "football coach appointed national team contract".split(), {"Korvana FA"}, date(2025, 1, 8))
    assert groups(cluster_features([a, b])) == [["a01"], ["a02"]]


def test_ids_are_stable_and_independent_of_input_order():
    arts = [feature(i, PORT, {"Saltmouth"}, date(2024, 3, 11)) for i in range(3)]
    assert cluster_features(arts)[0].id == cluster_features(list(reversed(arts)))[0].id == stable_id(
        "s", ["a00", "a01", "a02"])


def test_content_terms_drop_stop_words_and_possessives():
    assert content_terms("The Port’s workers said they would strike on Monday.") == (
        "port", "workers", "said", "strike", "monday")


def test_empty_input():
    assert cluster_features([]) == []


def test_reader_edits_merge_split_and_replay_in_order():
    from storyscope.model import StoryEdit

    port = [feature(i, PORT, {"Saltmouth"}, date(2024, 3, 11)) for i in range(2)]
    flood = [feature(10, FLOOD, {"Meridal"}, date(2025, 9, 14))]
    merged = cluster_features(port + flood, [StoryEdit("merge", "a00", "a10")])
    assert groups(merged) == [["a00", "a01", "a10"]]
    split = cluster_features(port + flood, [StoryEdit("merge", "a00", "a10"), StoryEdit("split", "a10")])
    assert groups(split) == [["a00", "a01"], ["a10"]]
    again = cluster_features(port + flood, [StoryEdit("split", "a01"), StoryEdit("merge", "a01", "a00")])
    assert groups(again) == [["a00", "a01"], ["a10"]]


def test_incremental_run_keeps_stories_and_places_only_new_articles():
    port = [feature(i, PORT, {"Saltmouth"}, date(2024, 3, 11)) for i in range(3)]
    flood = [feature(10 + i, FLOOD, {"Meridal"}, date(2025, 9, 14)) for i in range(2)]
    first = cluster_features(port[:2] + flood)
    later = cluster_features(port + flood, existing=first)
    assert groups(later) == [["a00", "a01", "a02"], ["a10", "a11"]]
    # a reader's split made before stays: the stored stories are kept together as given
    frozen = [s for s in first]
    assert groups(cluster_features(port[:2] + flood, existing=frozen)) == groups(first)


def test_candidate_pairs_come_from_the_blocking_the_caller_chose():
    port = [feature(i, PORT, {"Saltmouth"}, date(2024, 3, 11)) for i in range(3)]
    flood = [feature(10 + i, FLOOD, {"Meridal"}, date(2025, 9, 14)) for i in range(2)]
    asked = []

    def no_candidates(signatures, banned, query):
        asked.append((len(signatures), query))
        return set()

    assert groups(cluster_features(port + flood, blocking=no_candidates)) == [[f.id] for f in port + flood]
    first = cluster_features(port[:2] + flood)
    cluster_features(port + flood, existing=first, blocking=no_candidates)
    assert asked == [(5, None), (5, [2])]  # every article's keys; only the new one looked up


def test_a_lone_page_joins_the_story_it_reads_like_and_not_one_that_shares_its_town():
    import numpy

    from storyscope.cluster.stories import _lone_pages_joined

    # pages 0-2: a strike story; 3: a fact-check of it; 4: a lighthouse in the same port town.
    # ``similar`` is what linked them (the link is 0.15), ``words`` how alike their words are.
    similar = numpy.array([
        [1.0, 0.4, 0.4, 0.2, 0.24],
        [0.4, 1.0, 0.4, 0.1, 0.15],
        [0.4, 0.4, 1.0, 0.1, 0.15],
        [0.2, 0.1, 0.1, 1.0, 0.0],
        [0.24, 0.15, 0.15, 0.0, 1.0],
    ])
    words = similar.copy()
    words[3, :3] = words[:3, 3] = [0.2, 0.2, 0.2]  # the fact-check tells what the whole story tells
    words[4, :3] = words[:3, 4] = [0.12, 0.05, 0.05]  # the lighthouse shares one page's town
    joined = _lone_pages_joined([[0, 1, 2], [3], [4]], [0, 1, 2, 3, 4], similar, words)
    assert sorted(joined) == [[0, 1, 2, 3], [4]]


def test_an_events_day_is_the_one_its_dated_pages_report_not_outvoted_by_pages_dated_from_it():
    from storyscope.cluster.dating import DatingFacts, DayExpression

    day = date(2024, 3, 11)
    dated = ArticleFeatures(id="a00", outlet="Agency", published=day, terms=tuple(PORT), names=frozenset(),
                            event_day=day, dating=DatingFacts(day, None, ()))
    # two later reports that say "yesterday" and give no day of their own: dated the day after
    later = [ArticleFeatures(id=f"a0{i}", outlet=f"Paper {i}", published=None, terms=tuple(PORT), names=frozenset(),
                             event_day=None,
                             dating=DatingFacts(None, None, (DayExpression("yesterday", 0, None, None, None),)))
             for i in (1, 2)]
    (story,) = cluster_features([dated, *later])
    (event,) = story.events
    assert {d.published for d in story.dated} == {"2024-03-12"}
    assert (event.date, event.first_date, event.last_date) == ("2024-03-11", "2024-03-11", "2024-03-12")
