"""A user with no taxonomy of their own gets a working, bilingual default one."""

from django.utils import translation

from dovetail.skills.models import Occupation, OccupationSkill, QualificationLevel, Skill
from dovetail.skills.services import load_default_taxonomy, taxonomy_summary


def test_default_taxonomy_is_there_after_migrate(db):
    summary = {row["slug"]: row for row in taxonomy_summary()}
    assert summary["dovetail"]["skills"] == 38
    assert summary["dovetail"]["occupations"] == 12
    assert QualificationLevel.objects.filter(framework="eqf").count() == 8
    assert QualificationLevel.objects.filter(framework="cn-vsl").count() == 5


def test_skills_form_a_hierarchy_with_occupation_relations(db):
    skill = Skill.objects.get(code="battery-diagnostics")
    assert skill.parent.kind == Skill.Kind.GROUP
    technician = Occupation.objects.get(code="ev-technician")
    assert OccupationSkill.objects.get(occupation=technician, skill=skill).relation == "essential"


def test_reloading_updates_without_duplicating(db):
    Skill.objects.filter(code="first-aid").update(label="changed")
    before = Skill.objects.count(), OccupationSkill.objects.count()
    load_default_taxonomy()
    assert (Skill.objects.count(), OccupationSkill.objects.count()) == before
    assert Skill.objects.get(code="first-aid").label == "give first aid"


def test_labels_follow_the_language(db):
    skill = Skill.objects.get(code="first-aid")
    with translation.override("zh-hans"):
        assert skill.display_label == "实施急救"
    with translation.override("en"):
        assert skill.display_label == "give first aid"
