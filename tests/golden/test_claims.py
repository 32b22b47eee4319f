"""Claims across outlets on the paraphrase-heavy corpus (tests/golden/claims/, written before any
tuning on it), held at floors: alignment of one fact told in other words, and contradicted
claims with their false alarms."""

import pytest

import claims_score

pytestmark = pytest.mark.slow

# Reached on the corpus (tests/golden/claims_score.py); only ever raise. First scored at: aligned
# P 0.912 R 0.137 F1 0.238, by meaning F1 0.408; contradicted claims P 0.667 R 0.429.
# Disputed figures (compare/disputes.py) took contradicted claims from P 1.000 R 0.429 (4 flags)
# to P 0.875 R 0.857 (8 flags): the one false alarm is a share price early in the day against
# its close, a look-alike the gold marks twice; the precision floor moved down with it.
FLOORS = {"claims_aligned": 0.44, "claims_aligned_by_meaning": 0.51, "contradictions (claims)": 0.86}
PRECISION_FLOORS = {"claims_aligned": 0.88, "contradictions (claims)": 0.87}
LOOK_ALIKE_FLAGS_AT_MOST = 2  # the one false alarm above holds two look-alike pairs


@pytest.fixture(scope="module")
def measured():
    return claims_score.scores(claims_score.HERE / "claims")


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_claims_hold_their_floor(measured, measure):
    precision, recall, f1 = measured[measure]
    assert f1 >= FLOORS[measure], f"{measure}: F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}) < {FLOORS[measure]}"


@pytest.mark.parametrize("measure", sorted(PRECISION_FLOORS))
def test_claims_stay_precise(measured, measure):
    precision = measured[measure][0]
    assert precision >= PRECISION_FLOORS[measure], f"{measure}: precision {precision:.3f} < {PRECISION_FLOORS[measure]}"


def test_look_alikes_are_not_flagged_on_claims(measured):
    assert measured["look-alikes flagged (claims)"] <= LOOK_ALIKE_FLAGS_AT_MOST
