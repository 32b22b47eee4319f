"""Story and event clustering quality on the multi-story corpus, held at floors."""

from dataclasses import replace

import pytest

from cluster_score import contradiction_scores, label_group_precision, run_corpus, scores

# B-cubed and pairwise F1 reached by the clustering (tests/golden/cluster_score.py); only ever raise.
FLOORS = {"stories_bcubed": 1.0, "stories_pairwise": 1.0, "events_bcubed": 0.98, "events_pairwise": 0.97,
          "copies_found": 0.86, "copies_direction": 0.90, "claims_aligned": 0.71, "claim_stance": 0.91,
          "claims_aligned_by_meaning": 0.71}
# Scored by recall alone until the precision beside it was floored too: flagging every figure as
# disputed, or joining every label into one group, would meet a recall floor.
RECALL_FLOORS = {"contradictions_flagged": 0.92, "labels_found": 0.80}
PRECISION_FLOORS = {"contradictions_flagged": 0.96, "labels_found": 1.0}  # as measured when floored


@pytest.fixture(scope="module")
def run():
    return run_corpus()


@pytest.fixture(scope="module")
def measured(run):
    return scores(run)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_clustering_holds_its_floor(measured, measure):
    precision, recall, f1 = measured[measure]
    assert f1 >= FLOORS[measure], f"{measure}: F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}) < {FLOORS[measure]}"


@pytest.mark.parametrize("measure", sorted(RECALL_FLOORS))
def test_recall_and_precision_hold_their_floors(measured, measure):
    precision, recall, _ = measured[measure]
    assert recall >= RECALL_FLOORS[measure], f"{measure}: recall {recall:.3f} < {RECALL_FLOORS[measure]}"
    assert precision >= PRECISION_FLOORS[measure], f"{measure}: precision {precision:.3f} < {PRECISION_FLOORS[measure]}"


def test_flagging_everything_meets_the_recall_floors_and_fails_the_precision_floors(run):
    """The floors tell a comparison that flags every figure as disputed, and joins every label head
    into one group, from the real one: its recall is as high, its precision under the floor."""
    from storyscope.compare.story import compare_story

    processed, found, reuses = run
    comparisons = [compare_story(s, processed, reuses) for s in found]
    flag_everything = [replace(c, numbers=tuple(replace(t, disagree=True) for t in c.numbers),
                               labels=(_one_group(c.labels),) if c.labels else ()) for c in comparisons]
    precision, recall = contradiction_scores(processed, flag_everything)
    assert recall >= RECALL_FLOORS["contradictions_flagged"] and precision < PRECISION_FLOORS["contradictions_flagged"]
    assert label_group_precision(processed, flag_everything) < PRECISION_FLOORS["labels_found"]


def _one_group(groups):
    return replace(groups[0], heads=tuple(h for g in groups for h in g.heads), uses=tuple(u for g in groups for u in g.uses))
