"""Programmes and modules."""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import transaction
from django.db.models import F, Sum

from dovetail.core.permissions import CHANGE, access, may, require, visible
from dovetail.curriculum.models import (
    GraduatePlan,
    LearningOutcome,
    Module,
    OutcomeSkill,
    Programme,
)
from dovetail.skills import links
from dovetail.skills.mapping import map_texts
from dovetail.skills.models import Skill
from dovetail.skills.occupations import NamesOccupations, names_occupations
from dovetail.skills.texts import MappedTexts, mapped_texts


def programme_ids_by_code(college_ids) -> dict[tuple[int, str], int]:
    """{(college id, programme code): programme id} for the given colleges."""
    return {
        (college_id, code): pk
        for pk, college_id, code in Programme.objects.filter(
            college_id__in=college_ids
        ).values_list("pk", "college_id", "code")
    }


def programmes_of(user, college):
    """A college's programmes with their modules, as ``user`` may see them."""
    return visible(user, Programme.objects.filter(college=college)).prefetch_related("modules")


def workplace_hours_by_programme(programme_ids) -> dict[int, int]:
    """{programme id: hours of its modules taught at the workplace}."""
    rows = (
        Module.objects.filter(programme_id__in=programme_ids, workplace_based=True)
        .values("programme_id")
        .annotate(hours=Sum("hours"))
    )
    return {row["programme_id"]: row["hours"] for row in rows}


def modules_of(user, college):
    """The modules of a college's programmes that the user may see."""
    return visible(user, Module).filter(programme__college=college).select_related("programme")


@dataclass(frozen=True)
class OutcomeSkillRow:
    outcome_id: int
    programme_id: int
    skill_id: int
    since: date
    proficiency: int


def outcome_skills(programme_ids) -> list[OutcomeSkillRow]:
    """Every skill the learning outcomes of these programmes cover."""
    return [
        OutcomeSkillRow(*row)
        for row in OutcomeSkill.objects.filter(
            outcome__module__programme_id__in=programme_ids, rejected=False
        ).values_list(
            "outcome_id",
            "outcome__module__programme_id",
            "skill_id",
            "outcome__since",
            "outcome__proficiency",
        )
    ]


def outcomes_by_id(ids) -> list[LearningOutcome]:
    return list(
        LearningOutcome.objects.filter(pk__in=ids).select_related("module", "module__programme")
    )


def graduate_plans(programme_ids, from_year: int, to_year: int) -> list[GraduatePlan]:
    return list(
        GraduatePlan.objects.filter(
            programme_id__in=programme_ids, year__range=(from_year, to_year)
        )
    )


def add_outcome(module: Module, *, text: str, proficiency: int, since: date, by):
    """Add a learning outcome to a module and map it onto the skills taxonomy."""
    require(by, CHANGE, module)
    with transaction.atomic():
        outcome = LearningOutcome.objects.create(
            module=module, text=text, proficiency=proficiency, since=since
        )
        map_outcomes([outcome.pk])
    return outcome


def map_outcomes(ids) -> int:
    """(Re)map learning outcomes onto the skills taxonomy; returns how many were mapped."""
    outcomes = list(
        LearningOutcome.objects.filter(pk__in=ids)
        .annotate(college_id=F("module__programme__college_id"))
        .order_by("college_id", "pk")
    )
    results = []
    # each college's outcomes are mapped with the corrections that count for it
    for college_id, theirs in groupby(outcomes, key=lambda o: o.college_id):
        results.extend(map_texts([o.text for o in theirs], organisation_id=college_id))
    found = [
        OutcomeSkill(outcome=o, skill_id=m["skill_id"], score=m["score"], span=m["span"][:300])
        for o, matches in zip(outcomes, results, strict=True)
        for m in matches
    ]
    links.replace_found(OutcomeSkill, "outcome", [o.pk for o in outcomes], found)
    return len(outcomes)


mapped_texts(
    MappedTexts(
        "outcome",
        LearningOutcome,
        OutcomeSkill,
        "outcome",
        map_outcomes,
        "module__programme__college",
    )
)
names_occupations(NamesOccupations("graduate_plan", GraduatePlan))


def outcome_for(user, pk: int) -> LearningOutcome:
    return access(user, LearningOutcome, pk)


def outcome_skills_of(outcome: LearningOutcome) -> list[OutcomeSkill]:
    return list(outcome.skills.select_related("skill", "reviewed_by").order_by("-score"))


def may_correct(user, outcome: LearningOutcome) -> bool:
    return may(user, CHANGE, outcome)


def reject_outcome_skill(outcome: LearningOutcome, skill, *, by) -> None:
    """The outcome does not teach this skill; the gap report stops counting it as covered."""
    require(by, CHANGE, outcome)
    links.reject_link(outcome.skills, skill, by=by)


def add_outcome_skill(outcome: LearningOutcome, skill, *, by) -> OutcomeSkill:
    """The outcome teaches this skill, though the engine did not find it in the text."""
    require(by, CHANGE, outcome)
    return links.add_link(outcome.skills, skill, by=by)


def set_graduate_plan(programme: Programme, *, year: int, graduates: int, occupation_id, by):
    require(by, CHANGE, programme)
    plan, _created = GraduatePlan.objects.update_or_create(
        programme=programme,
        year=year,
        occupation_id=occupation_id,
        defaults={"graduates": graduates},
    )
    return plan


def modules_with_outcomes(programme: Programme):
    """The programme's modules, each with its outcomes and the skills they were mapped to."""
    return programme.modules.prefetch_related("outcomes__skills__skill")


def outcome_review_figures(user) -> links.ReviewFigures:
    """How college staff corrected the skills found in the learning outcomes ``user`` may see."""
    return links.review_figures(visible(user, OutcomeSkill))


def module_skills(module_id: int) -> list:
    """The skills a module's outcomes cover (not rejected), each once."""
    return list(
        Skill.objects.filter(
            pk__in=OutcomeSkill.objects.filter(outcome__module_id=module_id, rejected=False).values(
                "skill_id"
            )
        ).select_related("taxonomy")
    )


def module_outcomes(module_id: int) -> list[LearningOutcome]:
    return list(LearningOutcome.objects.filter(module_id=module_id).order_by("pk"))


def module_by_id(module_id) -> Module:
    return Module.objects.select_related("programme", "programme__college").get(pk=module_id)
