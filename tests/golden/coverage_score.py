"""Score stories, events, publication days, event dates, titles and outlets on the coverage corpus
(tests/golden/coverage/, conventions in its CONVENTIONS.md), next to a peer baseline.

    .venv/bin/python tests/golden/coverage_score.py [--json] [--corpus running]

``--corpus running`` scores tests/golden/running/ instead, a tuning corpus of long running stories
written in the same format and conventions.

The corpus is ingested twice as a user would (``ingest`` then ``cluster``): the pages alone, and
with a ``sources.csv`` giving only each page's address. The peer is scikit-learn's
``TfidfVectorizer`` (English stop words, sublinear tf) over each stored body with average-link
agglomerative clustering on cosine distance: one distance threshold for stories and a finer one
for events, both picked on tests/golden/stories/ and carried over unchanged ("transferred"), and
both picked on this corpus itself ("oracle", the best the peer could ever do here).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "coverage"
PAGES = CORPUS / "pages"
TUNING = HERE / "stories"
RUNNING = HERE / "running"  # a tuning corpus of long running stories, in this corpus's format
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 20)]  # cosine distances the peer may pick
sys.path.insert(0, str(HERE))

from cluster_score import pairwise  # noqa: E402


@cache
def gold(corpus: Path = CORPUS) -> dict:
    """The gold parts merged: stories (with events) and pages."""
    merged: dict = {"stories": [], "pages": {}}
    for part in sorted((corpus / "gold").glob("part-*.json")):
        data = json.loads(part.read_text(encoding="utf-8"))
        merged["stories"] += data["stories"]
        merged["pages"] |= data["pages"]
    return merged


def gold_assignments(corpus: Path = CORPUS) -> tuple[dict[str, str], dict[str, str]]:
    """File name -> gold story id, and -> gold event id."""
    stories, events = {}, {}
    for story in gold(corpus)["stories"]:
        for event in story["events"]:
            for name in event["articles"]:
                stories[name], events[name] = story["id"], event["id"]
    return stories, events


def run_storyscope(with_urls: bool, corpus: Path = CORPUS) -> dict:
    """Ingest and cluster the pages as a user would; what storyscope then shows of each page and
    story: {"records": file -> export record, "stories": [Story], "name_of": id -> file}."""
    from storyscope.library import cluster_stories, ingest_paths, iter_article_records
    from storyscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        shutil.copytree(corpus / "pages", folder)
        if with_urls:
            with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["file", "url"])
                for name, page in sorted(gold(corpus)["pages"].items()):
                    writer.writerow([name, page["url"]])
        db = f"sqlite:///{tmp}/coverage.db"
        summary = ingest_paths([str(folder)], db=db, workers=1)
        if summary.failures:
            raise SystemExit(f"pages not stored: {summary.failures}")
        stories = cluster_stories(db)
        with Store.open(db) as store:
            records = {Path(r["source"]).name: r for r in iter_article_records(store)}
    return {"records": records, "stories": stories,
            "name_of": {r["id"]: name for name, r in records.items()}}


def predicted_assignments(run: dict) -> tuple[dict[str, str], dict[str, str]]:
    stories, events = {}, {}
    for story in run["stories"]:
        for event in story.events:
            for article_id in event.articles:
                name = run["name_of"][article_id]
                stories[name], events[name] = story.id, f"{story.id}/{event.id}"
    return stories, events


def publication_days(run: dict, with_urls: bool, corpus: Path = CORPUS) -> dict:
    """Pages whose gold says their day can be known (from the page or its story; from the address
    too when it is given): the share shown with the right day, and the misses."""
    derivable = {"page", "story"} | ({"url"} if with_urls else set())
    pages = {n: p for n, p in gold(corpus)["pages"].items() if p["published_from"] in derivable}
    misses = {n: (p["published"], run["records"][n]["published"]) for n, p in pages.items()
              if run["records"][n]["published"] != p["published"]}
    return {"right": (len(pages) - len(misses)) / len(pages), "pages": len(pages), "misses": misses}


def event_dates(run: dict, corpus: Path = CORPUS) -> dict:
    """Gold events whose date storyscope gives: the predicted event holding most of the gold
    event's pages must carry the gold day (or month, when the gold gives a month)."""
    predicted = {}
    for story in run["stories"]:
        for event in story.events:
            for article_id in event.articles:
                predicted[run["name_of"][article_id]] = event
    misses = {}
    total = 0
    for story in gold(corpus)["stories"]:
        for event in story["events"]:
            total += 1
            holders = [predicted[n] for n in event["articles"]]
            best = max(holders, key=holders.count)
            width = 10 if event["precision"] == "day" else 7
            if (best.date or "")[:width] != event["date"]:
                misses[event["id"]] = (event["date"], best.date)
    return {"found": (total - len(misses)) / total, "events": total, "misses": misses}


def _plain(text: str | None) -> str:
    """Compared case-free, with quotes, dashes and spaces unified."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return " ".join(text.split())


def metadata(run: dict, corpus: Path = CORPUS) -> dict:
    """Titles (a page without a headline must get a made one, so only pages with one are scored)
    and outlet names, exactly as the gold writes them (case, quotes and spaces aside)."""
    pages = gold(corpus)["pages"]
    titled = {n: p for n, p in pages.items() if p["title"]}
    title_misses = {n: (p["title"], run["records"][n]["title"]) for n, p in titled.items()
                    if _plain(p["title"]) != _plain(run["records"][n]["title"])}
    outlet_misses = {n: (p["outlet"], run["records"][n]["outlet"]) for n, p in pages.items()
                     if _plain(p["outlet"]) != _plain(run["records"][n]["outlet"])}
    untitled = [n for n, p in pages.items() if not p["title"] and not run["records"][n]["title"]]
    return {"titles": 1 - len(title_misses) / len(titled), "outlets": 1 - len(outlet_misses) / len(pages),
            "untitled_left_empty": len(untitled), "title_misses": title_misses, "outlet_misses": outlet_misses}


# ---------------------------------------------------------------- the peer

def peer_groups(texts: dict[str, str], threshold: float) -> dict[str, int]:
    """TF-IDF (English stop words, sublinear tf) and average-link agglomerative clustering on
    cosine distance, cut at ``threshold``: file -> cluster."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    names = sorted(texts)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([texts[n] for n in names])
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(matrix.toarray())
    return dict(zip(names, (int(label) for label in labels)))


def best_threshold(texts: dict[str, str], gold_groups: dict[str, str], below: float = 1.0) -> float:
    """The distance threshold (under ``below``) giving the peer its best pairwise F1 against ``gold_groups``."""
    return max((t for t in THRESHOLDS if t < below),
               key=lambda t: (pairwise(gold_groups, peer_groups(texts, t))[2], -t))


def thresholds(texts: dict[str, str], stories: dict[str, str], events: dict[str, str]) -> tuple[float, float]:
    """The peer's story threshold, and a finer one for events (a smaller cosine distance)."""
    story = best_threshold(texts, stories)
    return story, best_threshold(texts, events, below=story)


def peer_scores(texts: dict[str, str], gold_stories: dict, gold_events: dict,
                story_threshold: float, event_threshold: float) -> dict:
    return {"story_threshold": story_threshold, "event_threshold": event_threshold,
            "stories": pairwise(gold_stories, peer_groups(texts, story_threshold)),
            "events": pairwise(gold_events, peer_groups(texts, event_threshold))}


def tuning_texts() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Bodies of tests/golden/stories/ as storyscope stores them, and its gold stories and events."""
    from cluster_score import gold_assignments as tuning_gold
    from cluster_score import run_corpus

    processed, _, _ = run_corpus()
    stories, events = tuning_gold()
    texts = {Path(p.article.source).name: p.article.text for p in processed}
    return texts, stories, events


def peer(bodies: dict[str, str], corpus: Path = CORPUS) -> dict:
    gold_stories, gold_events = gold_assignments(corpus)
    tune_texts, tune_stories, tune_events = tuning_texts()
    transferred = peer_scores(bodies, gold_stories, gold_events, *thresholds(tune_texts, tune_stories, tune_events))
    oracle = peer_scores(bodies, gold_stories, gold_events, *thresholds(bodies, gold_stories, gold_events))
    return {"transferred": transferred, "oracle": oracle}


# ---------------------------------------------------------------- all of it

def scores(with_peer: bool = True, corpus: Path = CORPUS) -> dict:
    gold_stories, gold_events = gold_assignments(corpus)
    result = {}
    for label, with_urls in (("pages alone", False), ("with addresses", True)):
        run = run_storyscope(with_urls, corpus)
        stories, events = predicted_assignments(run)
        result[label] = {"stories": pairwise(gold_stories, stories), "events": pairwise(gold_events, events),
                         "stories_found": len(run["stories"]),
                         "events_found": sum(len(s.events) for s in run["stories"]),
                         "publication_day": publication_days(run, with_urls, corpus),
                         "event_dates": event_dates(run, corpus), "metadata": metadata(run, corpus)}
        if with_peer and not with_urls:
            result["peer"] = peer({n: r["text"] for n, r in run["records"].items()}, corpus)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the whole result, misses included, as JSON")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer baseline")
    parser.add_argument("--corpus", choices=("coverage", "running"), default="coverage",
                        help="the corpus to score (default: coverage, the evaluation corpus)")
    args = parser.parse_args()
    corpus = HERE / args.corpus
    result = scores(not args.no_peer, corpus)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return
    g = gold(corpus)
    print(f"{args.corpus} corpus: {len(g['pages'])} pages, {len(g['stories'])} stories, "
          f"{sum(len(s['events']) for s in g['stories'])} events")
    for label in ("pages alone", "with addresses"):
        r = result[label]
        print(f"\n{label}: {r['stories_found']} stories, {r['events_found']} events found")
        for key in ("stories", "events"):
            p, rec, f = r[key]
            print(f"  {key:<8} pairwise P {p:.3f}  R {rec:.3f}  F1 {f:.3f}")
        day, when, meta = r["publication_day"], r["event_dates"], r["metadata"]
        print(f"  publication day right   {day['right']:.3f} of {day['pages']} derivable pages")
        print(f"  event date found        {when['found']:.3f} of {when['events']} events")
        print(f"  titles {meta['titles']:.3f}   outlets {meta['outlets']:.3f}   "
              f"headline-less pages left untitled: {meta['untitled_left_empty']}")
    if "peer" in result:
        for kind, r in result["peer"].items():
            print(f"\npeer (TF-IDF + average link), {kind} thresholds {r['story_threshold']} / {r['event_threshold']}: "
                  f"stories F1 {r['stories'][2]:.3f}, events F1 {r['events'][2]:.3f}")


if __name__ == "__main__":
    main()
