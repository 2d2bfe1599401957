"""Looking up many keys at once gives what a dict of the largest value per key would."""

from hypothesis import given
from hypothesis import strategies as st

from dovetail.core.arrays import lookup, pair_keys


@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(-5, 5)), max_size=30),
    st.lists(st.integers(0, 25), max_size=30),
)
def test_lookup_agrees_with_a_dict_of_the_largest_value(stored, wanted):
    best = {}
    for key, value in stored:
        best[key] = max(value, best.get(key, value))
    found = lookup([k for k, _ in stored], [v for _, v in stored], wanted, missing=-99)
    assert found.tolist() == [best.get(key, -99) for key in wanted]


def test_pairs_of_ids_make_distinct_keys():
    assert len(set(pair_keys([1, 1, 2], [2, 3, 2]).tolist())) == 3
