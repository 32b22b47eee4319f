"""Score claims across outlets on a corpus annotated for them (default tests/golden/claims/, the
paraphrase-heavy corpus; ``--corpus stories`` for the tuning corpus): alignment of the same fact
told in other words, and contradiction flags with their false alarms.

    .venv/bin/python tests/golden/claims_score.py [--corpus claims|stories] [--misses]

- **Alignment**: pairs of sentences (in different articles of the annotated stories) that one
  claim holds, against the gold's pairs (``claims_score`` in cluster_score.py).
- **Contradictions**: a flag is a claim marked contradicted, or a counted thing whose reports
  disagree. A gold contradiction is found when some flag holds two or more of its pages; a flag
  is right when it holds two or more pages of one gold contradiction, and a false alarm
  otherwise (the gold lists every disagreement in its annotated stories). Look-alikes the gold
  marks as no contradiction ("five of the 12 countries", 11:42 and 11.42am) that a flag holds,
  with no gold contradiction among its pages, are counted apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import cluster_score  # noqa: E402


def flags(comparisons, name_of: dict[str, str], claims_only: bool) -> list[frozenset[str]]:
    """The pages each disagreement storyscope flags holds: contradicted claims and (unless
    ``claims_only``) counted things whose reports disagree."""
    found = []
    for comparison in comparisons:
        for claim in comparison.claims:
            if claim.status == "contradicted":
                found.append(frozenset(name_of[v.article] for v in claim.versions))
        for thing in () if claims_only else comparison.numbers:
            if thing.disagree:
                found.append(frozenset(name_of[r.article] for r in thing.reports))
    return found


def contradiction_scores(comparisons, processed, corpus: Path, claims_only: bool = True) -> dict:
    clusters = json.loads((corpus / "clusters.gold.json").read_text(encoding="utf-8"))
    claims_gold = json.loads((corpus / "claims.gold.json").read_text(encoding="utf-8"))
    annotated = {name for story in clusters["stories"] if story["id"] in claims_gold["stories"]
                 for event in story["events"] for name in event["articles"]}
    name_of = {p.article.id: Path(p.article.source).name for p in processed}
    raised = [f & annotated for f in flags(comparisons, name_of, claims_only) if len(f & annotated) >= 2]
    gold = [frozenset(entry["values"]) for entry in clusters["contradictions"]]
    look_alikes = [frozenset(entry["values"]) for entry in clusters.get("non_contradictions", [])]
    found = [g for g in gold if any(len(g & f) >= 2 for f in raised)]
    right = [f for f in raised if any(len(g & f) >= 2 for g in gold)]
    alarms = [f for f in raised if f not in right]
    p = len(right) / len(raised) if raised else 1.0
    r = len(found) / len(gold) if gold else 1.0
    kind = "claims" if claims_only else "any flag"
    return {f"contradictions ({kind})": (p, r, 2 * p * r / (p + r) if p + r else 0.0),
            f"flags ({kind})": len(raised), f"false alarms ({kind})": len(alarms),
            f"look-alikes flagged ({kind})": sum(1 for n in look_alikes if any(len(n & f) >= 2 for f in alarms)),
            f"missed ({kind})": [entry["what"] for entry in clusters["contradictions"]
                                 if frozenset(entry["values"]) not in found]}


def scores(corpus: Path, vectors_too: bool = True) -> dict:
    from storyscope.compare.story import compare_story

    processed, found, reuses = cluster_score.run_corpus(corpus)
    comparisons = [compare_story(s, processed, reuses) for s in found]
    gold_stories, _ = cluster_score.gold_assignments(corpus)
    stories, _ = cluster_score.predicted_assignments(processed, found)
    result = {"stories_pairwise": cluster_score.pairwise(gold_stories, stories)}
    result |= cluster_score.claim_scores(processed, comparisons, corpus)
    result |= contradiction_scores(comparisons, processed, corpus, claims_only=True)
    result |= contradiction_scores(comparisons, processed, corpus, claims_only=False)
    if vectors_too:
        from storyscope.compare.embeddings import sentence_vectors

        vectors = sentence_vectors(processed)
        by_meaning = [compare_story(s, processed, reuses, vectors) for s in found]
        result["claims_aligned_by_meaning"] = cluster_score.claim_scores(processed, by_meaning, corpus)["claims_aligned"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="claims", choices=("claims", "stories"))
    parser.add_argument("--misses", action="store_true", help="list the gold contradictions not found")
    args = parser.parse_args()
    result = scores(HERE / args.corpus)
    for name, value in result.items():
        if isinstance(value, tuple):
            p, r, f = value
            print(f"  {name:26s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
        elif not name.startswith("missed") or args.misses:
            print(f"  {name:26s} {value}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    main()
