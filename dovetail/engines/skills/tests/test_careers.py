"""Continuing-education matching: demand shares, what a record lacks, courses ranked by the
missing demand they cover."""

from hypothesis import given
from hypothesis import strategies as st

from dovetail.engines.skills.careers import (
    ESSENTIAL_WEIGHT,
    Course,
    missing_skills,
    occupation_demand,
    rank_courses,
)


def test_demand_is_the_share_of_demands_naming_the_skill():
    # three adverts: two name skill 10, one names 11; skill 12 is only essential
    demand = occupation_demand([(1, 10), (2, 10), (3, 11), (1, 10)], essential={10, 12})
    assert demand == {10: 2 / 3, 11: 1 / 3, 12: ESSENTIAL_WEIGHT}


def test_held_and_rarely_asked_skills_are_not_missing():
    demanded = {10: 0.9, 11: 0.5, 12: 0.1}
    assert missing_skills(demanded, held={10}) == {11: 0.5}


def test_courses_rank_by_the_missing_weight_they_cover():
    missing = {1: 0.6, 2: 0.3, 3: 0.1}
    courses = [
        Course(5, frozenset({3})),
        Course(4, frozenset({1, 9})),
        Course(6, frozenset({2, 3})),
    ]
    ranked = rank_courses(missing, courses)
    assert [(m.course, m.covers) for m in ranked] == [(4, (1,)), (6, (2, 3)), (5, (3,))]
    assert ranked[0].score == 0.6 and ranked[1].score == 0.4


def test_a_course_teaching_nothing_missing_is_not_offered():
    assert rank_courses({1: 1.0}, [Course(1, frozenset({2}))]) == []
    assert rank_courses({}, [Course(1, frozenset({2}))]) == []


skill_sets = st.frozensets(st.integers(0, 20), max_size=6)


@given(
    st.dictionaries(st.integers(0, 20), st.floats(0.01, 1.0), max_size=10),
    st.lists(skill_sets, max_size=8),
)
def test_scores_are_shares_in_order_and_agree_with_brute_force(missing, skill_lists):
    courses = [Course(i, skills) for i, skills in enumerate(skill_lists)]
    ranked = rank_courses(missing, courses)
    total = sum(missing.values())
    for match in ranked:
        expected = sum(missing[s] for s in courses[match.course].skills if s in missing) / total
        assert abs(match.score - expected) < 1e-5 and 0 < match.score <= 1.000001
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    offered = {m.course for m in ranked}
    assert offered == {c.id for c in courses if c.skills & set(missing)}
