"""Bulk rows: a value outside a field's choices is refused by name, and nothing is written."""

import pytest

from dovetail.core import bulk
from dovetail.core.models import Organisation, Region

pytestmark = pytest.mark.django_db


def test_a_value_outside_the_choices_names_the_row_and_field_and_writes_nothing():
    (region,) = bulk.add_regions([{"code": "r", "name": "R"}])
    rows = [
        {"code": "a-college", "kind": "college", "region": region, "name": "A"},
        {"code": "b-factory", "kind": "factory", "region": region, "name": "B"},
    ]
    with pytest.raises(bulk.BadRow, match=r"Organisation row 2: kind 'factory' is not one of"):
        bulk.add_organisations(rows)
    assert not Organisation.objects.filter(region=region).exists()


def test_learners_come_with_their_college_membership():
    (region,) = bulk.add_regions([{"code": "r", "name": "R"}])
    (college,) = bulk.add_organisations(
        [{"code": "c", "kind": "college", "region": region, "name": "C"}]
    )
    (user,) = bulk.add_users([{"username": "new-learner", "full_name": "N"}])
    (profile,) = bulk.add_learners(
        [{"user": user, "college": college, "student_number": "1", "cohort_year": 2026}]
    )
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("organisation__code", "role")) == [("c", "learner")]
    assert Region.objects.filter(code="r").exists() and profile.pk
