"""Score story and event clustering against tests/golden/stories/clusters.gold.json (B-cubed and pairwise).

    .venv/bin/python tests/golden/cluster_score.py
"""

from __future__ import annotations

import json
import re
import sys
import shutil
import tempfile
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "stories"


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a predicted clustering (item -> cluster) against gold."""
    items = list(gold)
    def members(assign, c):
        return {i for i in items if assign[i] == c}
    precision = recall = 0.0
    for item in items:
        same_pred = members(predicted, predicted[item])
        same_gold = members(gold, gold[item])
        overlap = len(same_pred & same_gold)
        precision += overlap / len(same_pred)
        recall += overlap / len(same_gold)
    p, r = precision / len(items), recall / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    pairs = list(combinations(sorted(gold), 2))
    same_gold = {pr for pr in pairs if gold[pr[0]] == gold[pr[1]]}
    same_pred = {pr for pr in pairs if predicted[pr[0]] == predicted[pr[1]]}
    hit = len(same_gold & same_pred)
    p = hit / len(same_pred) if same_pred else 1.0
    r = hit / len(same_gold) if same_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def gold_assignments(corpus: Path = CORPUS) -> tuple[dict[str, str], dict[str, str]]:
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    stories, events = {}, {}
    for story in clusters["stories"]:
        for event in story["events"]:
            for name in event["articles"]:
                stories[name] = story["id"]
                events[name] = event["id"]
    return stories, events


def run_corpus(corpus: Path = CORPUS):
    """Ingest the corpus as a user would; its articles, stories and text reuse."""
    from storyscope.cluster.reuse import find_reuse
    from storyscope.cluster.stories import cluster
    from storyscope.library import ingest_paths
    from storyscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"  # the corpus without its annotators' notes, which are no page
        shutil.copytree(corpus, pages, ignore=shutil.ignore_patterns("*.md", "*.py"))
        db = f"sqlite:///{tmp}/stories.db"
        ingest_paths([str(pages)], db=db, workers=1)
        with Store.open(db) as store:
            processed = list(store.iter_processed())
    found = cluster(processed)
    return processed, found, find_reuse(processed, found)


def predicted_assignments(processed, found) -> tuple[dict[str, str], dict[str, str]]:
    """File name -> story id and -> event id."""
    name_of = {p.article.id: Path(p.article.source).name for p in processed}
    stories, events = {}, {}
    for story in found:
        for event in story.events:
            for article_id in event.articles:
                stories[name_of[article_id]] = story.id
                events[name_of[article_id]] = event.id
    return stories, events


def gold_copies(corpus: Path = CORPUS) -> set[tuple[str, str]]:
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    return {(entry["source"], copy) for entry in clusters["copies"] for copy in entry["copies"]}


def reuse_scores(processed, reuses, corpus: Path = CORPUS) -> dict[str, tuple[float, float, float]]:
    """Copy pairs found (either direction), and of those, how many point the right way."""
    name_of = {p.article.id: Path(p.article.source).name for p in processed}
    predicted = {(name_of[r.source], name_of[r.copy]) for r in reuses}
    gold = gold_copies(corpus)
    undirected = {frozenset(pair) for pair in predicted}
    gold_undirected = {frozenset(pair) for pair in gold}
    hit = len(undirected & gold_undirected)
    p = hit / len(undirected) if undirected else 1.0
    r = hit / len(gold_undirected) if gold_undirected else 1.0
    directed = len(predicted & gold) / hit if hit else 1.0
    return {"copies_found": (p, r, 2 * p * r / (p + r) if p + r else 0.0),
            "copies_direction": (directed, directed, directed)}


def contradiction_scores(processed, comparisons, corpus: Path = CORPUS) -> tuple[float, float]:
    """(precision, recall) of the contradictions the comparison flags against the gold ones (one
    quantity, different values across outlets). A flag is a counted thing marked as disagreeing; it
    is right when its reports include two articles of one gold contradiction with different values.
    Recall is the share of the gold contradictions some flag is right about; precision the share of
    flags that are right about one (flagging every figure would meet the recall alone)."""
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    name_of = {p.article.id: Path(p.article.source).name for p in processed}
    flags = [thing for comparison in comparisons for thing in comparison.numbers if thing.disagree]

    def right(thing, entry) -> bool:
        return len({r.value for r in thing.reports if name_of[r.article] in entry["values"]}) > 1

    found = sum(any(right(thing, entry) for thing in flags) for entry in clusters["contradictions"])
    correct = sum(any(right(thing, entry) for entry in clusters["contradictions"]) for thing in flags)
    return (correct / len(flags) if flags else 1.0), found / len(clusters["contradictions"])


def label_recall(processed, comparisons, corpus: Path = CORPUS) -> float:
    """Share of the gold word-choice entries (one target, different words per outlet) for which a
    learned label group holds the gold labels of two or more of the articles concerned."""
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    name_of = {p.article.id: Path(p.article.source).name for p in processed}
    hit = 0
    for entry in clusters["labels"]:
        wanted = {f: [x.lower() for x in labels] for f, labels in entry["by_file"].items()}
        for comparison in comparisons:
            for group in comparison.labels:
                matched = {name_of[u.article] for u in group.uses if name_of[u.article] in wanted and any(
                    w in u.label.lower() or u.label.lower() in w for w in wanted[name_of[u.article]])}
                if len(matched) >= 2:
                    hit += 1
                    break
            else:
                continue
            break
    return hit / len(clusters["labels"])


def _gold_head(label: str) -> str:
    """The head a gold label is found under: its last word, singular, spelt the American way
    (the grouping joins centre and center), without the annotator's note or quotation marks."""
    from storyscope.words import singular

    words = re.sub(r"\(.*?\)", "", label).replace('"', "").lower().split()
    return _spelling(singular(words[-1]))


def _spelling(head: str) -> str:
    return head[:-2] + "er" if head.endswith("re") else head


def label_precision(processed, comparisons, corpus: Path = CORPUS) -> float:
    """Share of the learned word-choice groups joining two or more heads whose heads refer to one
    thing: all of them are heads of the gold labels of one target. A group of one head (with its
    spelling variants) is one referent by construction and is not counted; a right join the gold
    does not annotate counts against, so this is a lower bound."""
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    targets = [{_gold_head(x) for labels in entry["by_file"].values() for x in labels} for entry in clusters["labels"]]
    joined = [{_spelling(h) for h in group.heads} for comparison in comparisons for group in comparison.labels]
    joined = [heads for heads in joined if len(heads) > 1]
    if not joined:
        return 1.0
    return sum(any(heads <= target for target in targets) for heads in joined) / len(joined)


def label_group_precision(processed, comparisons, corpus: Path = CORPUS) -> float:
    """Of the learned word-choice groups that hold a head of some gold target's labels, the share
    whose heads all belong to one target ("strike" alone, or "strike" with "walkout"; not "strike"
    with "port"). Unlike label_precision it counts groups of one head, so a comparison that joins
    every head into one group scores near 0 while the label recall stays as high."""
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    targets = [{_gold_head(x) for labels in entry["by_file"].values() for x in labels} for entry in clusters["labels"]]
    groups = [{_spelling(h) for h in group.heads} for comparison in comparisons for group in comparison.labels]
    touching = [heads for heads in groups if any(heads & target for target in targets)]
    if not touching:
        return 1.0
    return sum(any(heads <= target for target in targets) for heads in touching) / len(touching)


def claim_scores(processed, comparisons, corpus: Path = CORPUS) -> dict[str, tuple[float, float, float]]:
    """Claim alignment against claims.gold.json: pairs of sentences (in different articles of the
    annotated stories) put in one claim, precision and recall; and, for gold versions the
    comparison also aligned, how often it types their stance as the annotator did."""
    gold = json.loads((corpus / "claims.gold.json").read_text(encoding="utf-8"))
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    annotated = {name for story in clusters["stories"] if story["id"] in gold["stories"]
                 for event in story["events"] for name in event["articles"]}
    by_name = {Path(p.article.source).name: p for p in processed}
    name_of = {p.article.id: Path(p.article.source).name for p in processed}

    def sentence_of(name: str, fragment: str) -> tuple[str, int] | None:
        p = by_name[name]
        at = p.article.text.find(fragment)
        if at < 0:
            return None
        return next(((name, s.index) for s in p.analysis.sentences if s.start <= at < s.end), None)

    gold_pairs, stances = set(), {}
    for claim in gold["claims"]:
        located = []
        for version in claim["versions"]:
            where = sentence_of(version["file"], version["sentence"])
            if where:
                located.append(where)
                stances[where] = version["stance"]
        gold_pairs |= {frozenset(pair) for pair in combinations(located, 2)}
    predicted_pairs, predicted_stance = set(), {}
    for comparison in comparisons:
        for claim in comparison.claims:
            located = [(name_of[v.article], v.sentence) for v in claim.versions if name_of[v.article] in annotated]
            predicted_pairs |= {frozenset(pair) for pair in combinations(located, 2)}
            for v in claim.versions:
                predicted_stance[(name_of[v.article], v.sentence)] = v.stance
    hit = len(gold_pairs & predicted_pairs)
    p = hit / len(predicted_pairs) if predicted_pairs else 1.0
    r = hit / len(gold_pairs) if gold_pairs else 1.0
    aligned = [w for pair in gold_pairs & predicted_pairs for w in pair]
    agree = sum(predicted_stance.get(w) == stances[w] for w in set(aligned))
    stance = agree / len(set(aligned)) if aligned else 0.0
    return {"claims_aligned": (p, r, 2 * p * r / (p + r) if p + r else 0.0),
            "claim_stance": (stance, stance, stance)}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(run=None) -> dict[str, tuple[float, float, float]]:
    """Every figure as (precision, recall, F1); ``run`` is what run_corpus() returned, if at hand.
    contradictions_flagged and labels_found pair their recall with a precision: the share of flags
    that are right, and the share of learned label groups on a gold target that keep to it."""
    from storyscope.compare.embeddings import sentence_vectors
    from storyscope.compare.story import compare_story

    processed, found, reuses = run or run_corpus()
    comparisons = [compare_story(s, processed, reuses) for s in found]
    flags_right, contradictions = contradiction_scores(processed, comparisons)
    vectors = sentence_vectors(processed)  # the optional embeddings extra, installed for the tests
    by_meaning = [compare_story(s, processed, reuses, vectors) for s in found]
    labels = label_recall(processed, comparisons)
    labels_right = label_group_precision(processed, comparisons)
    one_referent = label_precision(processed, comparisons)
    gold_stories, gold_events = gold_assignments()
    stories, events = predicted_assignments(processed, found)
    # events are scored as (story, event) pairs, so an event split across stories counts as wrong
    return {
        "stories_bcubed": bcubed(gold_stories, stories),
        "stories_pairwise": pairwise(gold_stories, stories),
        "events_bcubed": bcubed(gold_events, events),
        "events_pairwise": pairwise(gold_events, events),
    } | reuse_scores(processed, reuses) | {"contradictions_flagged": (flags_right, contradictions, f1(flags_right, contradictions)),
                                           "labels_found": (labels_right, labels, f1(labels_right, labels)),
                                           "label_groups_one_referent": (one_referent, one_referent, one_referent)} | claim_scores(processed, comparisons) | {
        "claims_aligned_by_meaning": claim_scores(processed, by_meaning)["claims_aligned"]}


def main() -> None:
    for name, (p, r, f) in scores().items():
        print(f"  {name:18s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    main()
