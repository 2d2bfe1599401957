"""The mapping learns from people's corrections: an enterprise's own corrections apply to its next
similar advert, and a correction many enterprises agree on applies to everyone's."""

import pytest
from django.utils import timezone

from dovetail.core.models import Membership, Organisation, Role
from dovetail.skills import demand, review
from dovetail.skills.learning import AGREE
from dovetail.skills.models import Skill

pytestmark = pytest.mark.django_db

ADVERT = "We need a technician to program PLC control systems and keep care records."
AGAIN = "We need a technician to program PLC control systems and keep care records, day shifts."


def _skill(code):
    return Skill.objects.get(taxonomy__slug="dovetail", code=code)


def _post(enterprise, text, by):
    row = demand.DemandRow(title="Technician", text=text, posted_on=timezone.localdate())
    return demand.post_demand(enterprise, row, by=by)


def _codes(item):
    return {s.skill.code for s in demand.demanded_skills(item) if not s.rejected}


@pytest.fixture
def hr_enterprise(persona):
    return Membership.objects.get(user=persona("hr"), role=Role.ENTERPRISE_HR).organisation


def test_an_enterprises_correction_applies_to_its_next_similar_advert(persona, hr_enterprise):
    # given an advert HR corrected: care records taken off, first aid added
    hr = persona("hr")
    first = _post(hr_enterprise, ADVERT, hr)
    assert "care-records" in _codes(first) and "first-aid" not in _codes(first)
    review.reject(first, _skill("care-records"), by=hr)
    review.add(first, _skill("first-aid"), by=hr)
    # when the enterprise posts a similar advert
    second = _post(hr_enterprise, AGAIN, hr)
    # then the engine makes the correction itself, and keeps what the text plainly asks for
    assert "care-records" not in _codes(second) and "first-aid" in _codes(second)
    assert "plc-programming" in _codes(second)
    # while another enterprise, which corrected nothing, still gets the engine's own answer
    other = Organisation.objects.filter(kind="enterprise").exclude(pk=hr_enterprise.pk).first()
    theirs = _post(other, AGAIN, persona("admin"))
    assert "care-records" in _codes(theirs) and "first-aid" not in _codes(theirs)


def test_a_correction_enough_enterprises_agree_on_applies_to_everyone(persona):
    # given AGREE enterprises that each took care records off a similar advert
    admin = persona("admin")
    enterprises = list(Organisation.objects.filter(kind="enterprise").order_by("pk")[: AGREE + 1])
    for enterprise in enterprises[:AGREE]:
        review.reject(_post(enterprise, ADVERT, admin), _skill("care-records"), by=admin)
    # when one more enterprise posts such an advert
    latest = _post(enterprises[AGREE], AGAIN, admin)
    # then the shared mistake is not made for it either
    assert "care-records" not in _codes(latest) and "plc-programming" in _codes(latest)


def test_one_enterprise_alone_does_not_change_anothers_mapping(persona):
    admin = persona("admin")
    first, second = Organisation.objects.filter(kind="enterprise").order_by("pk")[:2]
    review.reject(_post(first, ADVERT, admin), _skill("care-records"), by=admin)
    assert "care-records" in _codes(_post(second, AGAIN, admin))
