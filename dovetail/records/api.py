from datetime import date
from decimal import Decimal

from ninja import Router, Schema, Status

from dovetail.core.api_types import Id
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import access
from dovetail.placements import services as placements
from dovetail.records.models import Assessment
from dovetail.records.services import assessments, diaries, progress
from dovetail.skills.models import Skill

router = Router(tags=["learning records"])


class CompetencyOut(Schema):
    skill: str
    skill_uri: str
    proficiency: int
    source: str
    achieved_on: date
    evidence: str

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.code

    @staticmethod
    def resolve_skill_uri(obj):
        return obj.skill.uri


class ProfileOut(Schema):
    learner: str
    best: dict[str, int]
    evidence: list[CompetencyOut]


@router.get("/learners/{profile_id}/competencies", response=ProfileOut)
def learner_competencies(request, profile_id: Id):
    """Every competency the learner has shown, best proficiency per skill, with its evidence."""
    profile = access(request.user, LearnerProfile, profile_id)
    groups, evidence = progress.competency_profile(profile)
    best = {s.skill.code: s.best for group in groups for s in group.skills}
    return {"learner": profile.user.username, "best": best, "evidence": evidence}


class EntryIn(Schema):
    written_on: date
    activities: str
    learned: str
    hours: Decimal
    difficulties: str = ""
    skills: list[str] = []


class EntryOut(Schema):
    id: int
    written_on: date
    week_of: date
    hours: Decimal
    statement_id: str | None

    @staticmethod
    def resolve_statement_id(obj):
        return str(obj.statement_id) if obj.statement_id else None


@router.post("/placements/{placement_id}/diary", response={201: EntryOut})
def write_entry(request, placement_id: Id, payload: EntryIn):
    """The learner writes a diary entry (skills by code); it is also stored as an xAPI statement."""
    placement = placements.placement_for(request.user, placement_id)
    entry = diaries.write_entry(
        placement,
        by=request.user,
        written_on=payload.written_on,
        activities=payload.activities,
        learned=payload.learned,
        hours=payload.hours,
        difficulties=payload.difficulties,
        skills=Skill.objects.filter(code__in=payload.skills),
    )
    return Status(201, entry)


class SignOffIn(Schema):
    week_of: date
    comment: str = ""
    skill_levels: dict[str, int] = {}


@router.post("/placements/{placement_id}/diary/sign-offs", response={201: dict})
def sign_off(request, placement_id: Id, payload: SignOffIn):
    """The mentor signs a diary week; ``skill_levels`` rates its skills by code (1–5)."""
    placement = placements.placement_for(request.user, placement_id)
    ids = dict(Skill.objects.filter(code__in=payload.skill_levels).values_list("code", "pk"))
    unknown = sorted(set(payload.skill_levels) - ids.keys())
    if unknown:
        raise ServiceError(f"No skill with code {unknown[0]!r}.", field="skill_levels")
    sign_off_ = diaries.sign_off_week(
        placement,
        payload.week_of,
        by=request.user,
        comment=payload.comment,
        skill_levels={ids[code]: level for code, level in payload.skill_levels.items()},
    )
    return Status(201, {"week_of": sign_off_.week_of.isoformat(), "mentor": str(sign_off_.mentor)})


class RatingsIn(Schema):
    levels: dict[int, int]
    comments: dict[int, str] = {}


class AssessmentOut(Schema):
    id: int
    status: str
    grade: Decimal | None
    passed: bool | None


@router.post("/assessments/{assessment_id}/ratings", response=AssessmentOut)
def rate(request, assessment_id: Id, payload: RatingsIn):
    """The teacher's or the mentor's ratings, by criterion id (levels count from 0)."""
    assessment = access(request.user, Assessment, assessment_id)
    return assessments.rate(
        assessment, by=request.user, levels=payload.levels, comments=payload.comments
    )


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def assessment_detail(request, assessment_id: Id):
    return access(request.user, Assessment, assessment_id)
