"""The demo region is deterministic from its seed and date, and never half-built."""

import pytest
from django.core.management import call_command

from dovetail.core.models import LearnerProfile, Organisation, Role, User
from dovetail.core.tasks import submit
from dovetail.demo.region import PERSONAS, SIZES, persona_logins
from dovetail.partnerships.models import Agreement, Clearance, Zone
from dovetail.skills.models import Taxonomy

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        list(User.objects.order_by("username").values_list("username", "full_name")),
        list(Organisation.objects.order_by("code").values_list("code", "name_zh")),
        list(
            Clearance.objects.order_by("holder__username").values_list("holder__username", "level")
        ),
    )


def test_small_region_has_every_persona_and_kind_of_record():
    # plus the persona learner and the persona alumnus
    assert SIZES["small"].learners == LearnerProfile.objects.count() - 2
    assert {role for _, role, _ in PERSONAS} == set(Role)
    assert [row["username"] for row in persona_logins()] == [p[0] for p in PERSONAS] + ["admin"]
    assert User.objects.get(username="admin").check_password("dovetail-demo")
    for kind in Organisation.Kind.values:
        assert Organisation.objects.filter(kind=kind).exists()
    assert Zone.objects.filter(confidentiality_level=0).exists()
    assert Agreement.objects.filter(participation_rules__isnull=False).exists()
    stages = set(LearnerProfile.objects.values_list("career_stage", flat=True))
    assert stages == set(LearnerProfile.CareerStage.values)


def test_generating_into_a_populated_database_writes_nothing():
    before = User.objects.count()
    run = submit("generate_region", backend="inline", size="small", seed=1)
    assert run.status == "failed"
    assert "already holds organisations" in run.message
    assert User.objects.count() == before


def test_unknown_size_is_refused():
    run = submit("generate_region", backend="inline", size="huge")
    assert run.status == "failed" and "size must be one of" in run.message


@pytest.mark.django_db(transaction=True)
def test_same_seed_and_date_give_the_same_region():
    def generate(seed):
        call_command("flush", interactive=False, verbosity=0)
        submit("generate_region", backend="inline", size="small", seed=seed, today="2026-09-01")
        return fingerprint()

    first = generate(11)
    assert generate(11) == first
    assert generate(12) != first
    # the default taxonomy comes back after a flush, so the app keeps working
    assert Taxonomy.objects.filter(slug="dovetail").exists()
