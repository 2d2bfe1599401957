"""Occupations carried onto the counterparts the shipped file names for them."""

import pytest

from dovetail.skills.models import Demand, Occupation, Taxonomy
from dovetail.skills.occupations import carry_occupations, occupation_counterparts
from dovetail.skills.remap import waiting_for_remap
from dovetail.skills.services import DEFAULT_TAXONOMY_SLUG, shipped_taxonomy

pytestmark = pytest.mark.django_db


def _default(code) -> Occupation:
    return Occupation.objects.get(taxonomy__slug=DEFAULT_TAXONOMY_SLUG, code=code)


def test_counterparts_are_only_those_the_taxonomy_holds():
    framework = Taxonomy.objects.create(slug="framework", name="Framework")
    match = {o["code"]: o["matches"][0] for o in shipped_taxonomy()["occupations"]}["cnc-operator"]
    counterpart = Occupation.objects.create(
        taxonomy=framework, uri=match["uri"], code="cnc", label=match["label"]
    )
    assert occupation_counterparts(framework) == {_default("cnc-operator").pk: counterpart.pk}
    assert occupation_counterparts(Taxonomy.objects.create(slug="empty", name="Empty")) == {}


def test_every_registered_holder_moves_its_rows_and_says_how_many(persona):
    framework = Taxonomy.objects.create(slug="framework", name="Framework")
    match = {o["code"]: o["matches"][0] for o in shipped_taxonomy()["occupations"]}["elderly-carer"]
    counterpart = Occupation.objects.create(
        taxonomy=framework, uri=match["uri"], code="carer", label=match["label"]
    )
    naming = Demand.objects.filter(occupation=_default("elderly-carer")).count()
    assert naming, "the demo region has adverts for elderly carers"
    moved = carry_occupations(framework)
    assert set(moved) == {"career_step", "demand", "graduate_plan"}
    assert moved["demand"] == naming
    assert Demand.objects.filter(occupation=counterpart).count() == naming
    assert carry_occupations(framework) == dict.fromkeys(moved, 0)


def test_rows_naming_an_occupation_with_a_counterpart_wait_for_re_mapping(settings, client_as):
    # given a mapping taxonomy holding the elderly carer's counterpart
    framework = Taxonomy.objects.create(slug="framework", name="Framework")
    match = {o["code"]: o["matches"][0] for o in shipped_taxonomy()["occupations"]}["elderly-carer"]
    Occupation.objects.create(taxonomy=framework, uri=match["uri"], code="c", label=match["label"])
    settings.DOVETAIL_MAPPING_TAXONOMY = "framework"
    # then every row naming elderly carers waits, and the taxonomies page says so
    waiting = waiting_for_remap()["occupations"]
    assert waiting >= Demand.objects.filter(occupation=_default("elderly-carer")).count() > 0
    page = client_as("coordinator").get("/skills/taxonomies/").content.decode()
    assert "data-occupations-waiting" in page and f"{waiting} demands, graduate plans" in page
    # and once they are moved, none waits
    assert sum(carry_occupations(framework).values()) == waiting
    assert waiting_for_remap()["occupations"] == 0
