"""The depth index: hand-computed scores, contributions that add up, and the formula's
promises (more evidence never lowers a score; meeting every target is 100)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dovetail.engines.indicators import IndexDefinition, depth_index, group_means

DEFINITION = IndexDefinition(("a", "b", "c"), weights=(2.0, 1.0, 1.0), targets=(10.0, 1.0, 4.0))


def test_hand_computed_scores():
    # a: 5/10 of weight 2/4 → 25; b: capped at 1 of 1/4 → 25; c: 1/4 of 1/4 → 6.25
    result = depth_index(np.array([[5.0, 3.0, 1.0]]), DEFINITION)
    assert result.contributions.tolist() == [[25.0, 25.0, 6.25]]
    assert result.scores.tolist() == [56.25]


def test_missing_and_negative_evidence_count_as_none():
    result = depth_index(np.array([[np.nan, -2.0, 4.0]]), DEFINITION)
    assert result.scores.tolist() == [25.0]


@pytest.mark.parametrize(
    "weights, targets",
    [((1.0,), (0.0,)), ((-1.0,), (1.0,)), ((0.0,), (1.0,)), ((1.0, 1.0), (1.0,))],
)
def test_a_bad_definition_is_refused(weights, targets):
    with pytest.raises(ValueError):
        IndexDefinition(("a",) * len(weights), weights=weights, targets=targets)


def test_group_means_average_each_group_once():
    means = group_means(np.array([10.0, 20.0, 60.0]), np.array([1, 1, 2]))
    assert means == {1: 15.0, 2: 60.0}


EVIDENCE = arrays(np.float64, st.tuples(st.integers(1, 8), st.just(3)), elements=st.floats(0, 50))


@given(EVIDENCE)
def test_contributions_add_up_and_scores_stay_in_range(evidence):
    result = depth_index(evidence, DEFINITION)
    assert np.allclose(result.contributions.sum(axis=1), result.scores)
    assert ((result.scores >= 0) & (result.scores <= 100 + 1e-9)).all()


@given(EVIDENCE, st.integers(0, 2), st.floats(0, 20))
def test_more_evidence_never_lowers_a_score(evidence, column, extra):
    more = evidence.copy()
    more[:, column] += extra
    assert (
        depth_index(more, DEFINITION).scores >= depth_index(evidence, DEFINITION).scores - 1e-9
    ).all()


def test_meeting_every_target_scores_100():
    assert depth_index(np.array([[10.0, 1.0, 4.0]]), DEFINITION).scores.tolist() == [100.0]
