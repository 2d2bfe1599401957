"""Occupations carried onto the counterparts the shipped file names for them."""

import pytest

from dovetail.skills.models import Demand, Occupation, Taxonomy
from dovetail.skills.occupations import carry_occupations, occupation_counterparts
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
