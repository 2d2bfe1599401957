from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from dovetail.core import services
from dovetail.core.api_types import Id
from dovetail.core.models import LearnerProfile, Organisation, TaskRun, User
from dovetail.core.permissions import CHANGE, access, may, visible
from dovetail.core.policies import VIEW_PRIVATE
from dovetail.core.tasks import progress_of
from dovetail.curriculum.models import Programme

router = Router(tags=["people and organisations"])


class OrganisationOut(Schema):
    id: int
    code: str
    kind: str
    name: str
    name_zh: str
    region: str
    industry: str
    city: str

    @staticmethod
    def resolve_region(obj):
        return obj.region.code


class OrganisationPatch(Schema):
    name: str | None = None
    name_zh: str | None = None
    industry: str | None = None
    city: str | None = None


class MembershipOut(Schema):
    organisation: str
    role: str


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj):
        return [
            {"organisation": m.organisation.code, "role": m.role} for m in obj.memberships.all()
        ]


def _private(context, profile, name):
    """Inclusion attributes are null unless the caller may see them."""
    return getattr(profile, name) if may(context["request"].user, VIEW_PRIVATE, profile) else None


class LearnerOut(Schema):
    id: int
    username: str
    full_name: str
    college: str
    programme: str | None
    career_stage: str
    cohort_year: int
    student_number: str
    rural: bool | None
    disadvantaged: bool | None
    disability: bool | None

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj):
        return obj.user.full_name

    @staticmethod
    def resolve_college(obj):
        return obj.college.code

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.code if obj.programme else None

    @staticmethod
    def resolve_rural(obj, context):
        return _private(context, obj, "rural")

    @staticmethod
    def resolve_disadvantaged(obj, context):
        return _private(context, obj, "disadvantaged")

    @staticmethod
    def resolve_disability(obj, context):
        return _private(context, obj, "disability")


class LearnerPatch(Schema):
    programme: str | None = None
    career_stage: str | None = None
    cohort_year: int | None = None
    student_number: str | None = None
    rural: bool | None = None
    disadvantaged: bool | None = None
    disability: bool | None = None


class TaskOut(Schema):
    id: str
    name: str
    status: str
    done: int
    total: int
    fraction: float
    message: str
    result: dict
    error: str


class MeOut(PersonOut):
    is_superuser: bool
    last_login: datetime | None


@router.get("/me", response=MeOut)
def me(request):
    return User.objects.prefetch_related("memberships__organisation").get(pk=request.user.pk)


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def list_organisations(request, kind: str | None = None, region: str | None = None):
    rows = visible(request.user, Organisation).select_related("region")
    if kind:
        rows = rows.filter(kind=kind)
    if region:
        rows = rows.filter(region__code=region)
    return rows


@router.get("/organisations/{code}", response=OrganisationOut)
def get_organisation(request, code: str):
    return services.access_organisation_by_code(request.user, code)


@router.patch("/organisations/{code}", response=OrganisationOut)
def patch_organisation(request, code: str, payload: OrganisationPatch):
    organisation = services.access_organisation_by_code(request.user, code)
    return services.update_organisation(
        organisation, by=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request, payload: services.OrganisationRow):
    return Status(201, services.create_organisation(payload, by=request.user))


class PersonPatch(Schema):
    full_name: str | None = None
    email: str | None = None


@router.post("/people", response={201: PersonOut})
def add_person(request, payload: services.PersonRow):
    """Add a person with a role in an organisation you administer (learners need stage and year)."""
    return Status(201, services.add_person(payload, by=request.user))


@router.patch("/people/{int:person_id}", response=PersonOut)
def patch_person(request, person_id: Id, payload: PersonPatch):
    person = access(request.user, User, person_id, CHANGE)
    return services.update_person(person, by=request.user, **payload.model_dump(exclude_unset=True))


@router.get("/people", response=list[PersonOut])
@paginate
def list_people(request, organisation: str | None = None):
    rows = visible(request.user, User).prefetch_related("memberships__organisation")
    if organisation:
        rows = rows.filter(memberships__organisation__code=organisation)
    return rows


@router.get("/people/{int:person_id}", response=PersonOut)
def get_person(request, person_id: Id):
    return access(request.user, User, person_id)


@router.get("/learners", response=list[LearnerOut])
@paginate
def list_learners(request, q: str = ""):
    return services.learner_rows(request.user, search=q)


@router.get("/learners/{int:learner_id}", response=LearnerOut)
def get_learner(request, learner_id: Id):
    return access(request.user, LearnerProfile, learner_id)


@router.patch("/learners/{int:learner_id}", response=LearnerOut)
def patch_learner(request, learner_id: Id, payload: LearnerPatch):
    profile = access(request.user, LearnerProfile, learner_id, CHANGE)
    fields = payload.model_dump(exclude_unset=True)
    if "programme" in fields:
        fields["programme"] = get_object_or_404(
            Programme, college=profile.college, code=fields["programme"]
        )
    return services.update_learner(profile, by=request.user, **fields)


@router.get("/tasks/{uuid:task_id}", response=TaskOut)
def get_task(request, task_id):
    return progress_of(access(request.user, TaskRun, task_id))
