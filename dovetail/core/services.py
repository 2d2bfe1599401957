"""People, organisations and learners: imports, exports, profiles, tokens and the home page."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import (
    ROLE_ORGANISATION_KINDS,
    ApiToken,
    LearnerProfile,
    Membership,
    Organisation,
    Region,
    Role,
    User,
)
from dovetail.core.permissions import (
    CHANGE,
    access,
    may,
    organisations_for,
    require,
    visible,
)
from dovetail.core.policies import ADD, VIEW_PRIVATE
from dovetail.core.tabular import ImportFailed, RowError, read_rows, validate_rows
from dovetail.core.tasks import long_task
from dovetail.curriculum.services import programme_ids_by_code

# The order in which a person with several roles sees their home page.
HOME_ORDER = [
    Role.COORDINATOR,
    Role.TEACHER,
    Role.ENTERPRISE_HR,
    Role.PROJECT_MANAGER,
    Role.MENTOR,
    Role.OFFICER,
    Role.LEARNER,
]


def roles_of(user) -> list[tuple[Organisation, str]]:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    ordered = sorted(memberships, key=lambda m: HOME_ORDER.index(m.role))
    return [(m.organisation, Role(m.role)) for m in ordered]


# -- organisations -----------------------------------------------------------------------


class OrganisationRow(BaseModel):
    code: str = Field(
        pattern=r"^[-a-zA-Z0-9_]+$",
        max_length=60,
        description="use only letters, digits, - and _",
    )
    kind: Organisation.Kind
    name: str = Field(min_length=1, max_length=200)
    name_zh: str = ""
    region: str = Field(
        pattern=r"^[-a-zA-Z0-9_]+$", max_length=40, description="use only letters, digits, - and _"
    )
    industry: str = ""
    city: str = ""


def import_organisations(name: str, content: bytes, *, by) -> dict:
    """Create or update organisations by code; regions are created as named."""
    _require_administrator(by)
    rows, errors = validate_rows(name, read_rows(name, content), OrganisationRow)
    if errors:
        raise ImportFailed(errors)
    created = updated = 0
    # One transaction: a partial directory would leave dangling memberships.
    with transaction.atomic():
        for _number, row in rows:
            was_created = _write_organisation(row)[1]
            created += was_created
            updated += not was_created
    return {"created": created, "updated": updated}


def _write_organisation(row: OrganisationRow) -> tuple[Organisation, bool]:
    region = Region.objects.get_or_create(code=row.region, defaults={"name": row.region})[0]
    return Organisation.objects.update_or_create(
        code=row.code,
        defaults={**row.model_dump(exclude={"code", "region"}), "region": region},
    )


def create_organisation(row: OrganisationRow, *, by) -> Organisation:
    _require_administrator(by)
    if Organisation.objects.filter(code=row.code).exists():
        raise ServiceError(_("That code is taken."), field="code", code="exists")
    organisation = _write_organisation(row)[0]
    audit.record(by, "organisation.create", organisation)
    return organisation


def _require_administrator(user):
    if not may(user, ADD, Organisation()):
        raise PermissionDenied(_("Only an administrator may add organisations."))


def access_organisation_by_code(user, code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code).values_list("pk", flat=True).first()
    return access(user, Organisation, organisation)


ORGANISATION_FIELDS = ("name", "name_zh", "industry", "city")


def update_organisation(organisation: Organisation, *, by, **fields) -> Organisation:
    require(by, CHANGE, organisation)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ServiceError(_("An organisation needs a name."), field="name")
    changed = audit.apply_changes(
        organisation,
        {k: v for k, v in fields.items() if k in ORGANISATION_FIELDS and v is not None},
    )
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
        audit.record(by, "organisation.update", organisation, changed)
    return organisation


def members_of(user, organisation: Organisation) -> dict[str, int]:
    """How many people hold each role in the organisation (counted over those the user may see)."""
    counts = {}
    for role in Membership.objects.filter(
        organisation=organisation, user__in=visible(user, User).values("pk")
    ).values_list("role", flat=True):
        counts[role] = counts.get(role, 0) + 1
    return {Role(role).label: count for role, count in sorted(counts.items())}


def administers_any(user) -> bool:
    """Does the user administer at least one organisation (and so may import its people)?"""
    return may(user, ADD, Organisation()) or organisations_for(user, CHANGE, Organisation).exists()


# -- people ------------------------------------------------------------------------------


class PersonRow(BaseModel):
    username: str = Field(
        pattern=r"^[\w.@+-]+$",
        max_length=150,
        description="use only letters, digits and . @ + - _ (no spaces)",
    )
    full_name: str = Field(min_length=1, max_length=150)
    email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="not an e-mail address (name@example.org)",
    )
    organisation: str
    role: Role
    programme: str | None = None
    career_stage: LearnerProfile.CareerStage | None = None
    cohort_year: int | None = Field(default=None, ge=1990, le=2100)
    student_number: str = ""
    rural: bool = False
    disadvantaged: bool = False
    disability: bool = False


@dataclass(frozen=True)
class _Directory:
    """What checking a batch of person rows looks up once: organisations, programmes, and the
    accounts (with their learner profiles) that the rows' usernames already name."""

    organisations: dict
    programmes: dict
    people: dict
    profiles: dict
    student_numbers: dict  # (college id, student number) -> username holding it

    @classmethod
    def for_rows(cls, rows: list[PersonRow]) -> "_Directory":
        organisations = Organisation.objects.in_bulk(
            {row.organisation for row in rows}, field_name="code"
        )
        people = User.objects.in_bulk({row.username for row in rows}, field_name="username")
        profiles = {
            p.user_id: p
            for p in LearnerProfile.objects.filter(user__in=people.values()).select_related(
                "college"
            )
        }
        programmes = programme_ids_by_code([o.pk for o in organisations.values()])
        numbers = {row.student_number for row in rows if row.student_number}
        student_numbers = {
            (college, number): username
            for college, number, username in LearnerProfile.objects.filter(
                college__in=organisations.values(), student_number__in=numbers
            ).values_list("college_id", "student_number", "user__username")
        }
        for row in rows:
            organisation = organisations.get(row.organisation)
            if row.student_number and organisation is not None and row.role == Role.LEARNER:
                student_numbers.setdefault((organisation.pk, row.student_number), row.username)
        return cls(organisations, programmes, people, profiles, student_numbers)


def _check_existing_account(name, number, row: PersonRow, organisation, directory, by):
    """An existing account gains a role only through someone who may change that person, and a
    learner moves to another college only through someone who may change their profile."""
    person = directory.people.get(row.username)
    if person is None:
        return None
    if not may(by, CHANGE, person):
        return RowError(
            name,
            number,
            "username",
            f"{row.username!r} is an existing account you may not change;"
            " ask an organisation they belong to",
        )
    profile = directory.profiles.get(person.pk)
    if (
        row.role == Role.LEARNER
        and profile is not None
        and profile.college_id != organisation.pk
        and not may(by, CHANGE, profile)
    ):
        return RowError(
            name,
            number,
            "username",
            f"{row.username!r} is a learner at {profile.college.code}; only that college may"
            " move them",
        )
    return None


def _check_person_row(name, number, row: PersonRow, directory: _Directory, by):
    programmes = directory.programmes
    organisation = directory.organisations.get(row.organisation)
    if organisation is None:
        return RowError(
            name, number, "organisation", f"no organisation with code {row.organisation!r}"
        )
    if organisation.kind not in ROLE_ORGANISATION_KINDS[row.role]:
        return RowError(
            name,
            number,
            "role",
            f"a {row.role.label} cannot belong to a {organisation.get_kind_display()}",
        )
    if not may(by, CHANGE, organisation):
        return RowError(
            name, number, "organisation", f"you may not add people to {organisation.code}"
        )
    refused = _check_existing_account(name, number, row, organisation, directory, by)
    if refused:
        return refused
    if row.role == Role.LEARNER:
        if row.career_stage is None:
            return RowError(name, number, "career_stage", "a learner needs a career stage")
        if row.cohort_year is None:
            return RowError(name, number, "cohort_year", "a learner needs a cohort year")
        holder = directory.student_numbers.get((organisation.pk, row.student_number))
        if row.student_number and holder not in (None, row.username):
            return RowError(
                name,
                number,
                "student_number",
                f"{organisation.code} already gave {row.student_number!r} to {holder!r}",
            )
        if row.programme and (organisation.pk, row.programme) not in programmes:
            return RowError(
                name, number, "programme", f"{organisation.code} has no programme {row.programme!r}"
            )
    return None


def _write_person(row: PersonRow, organisation: Organisation, programmes) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=row.username, defaults={"full_name": row.full_name, "password": "!"}
    )
    if not created:
        user.full_name = row.full_name
    if row.email:
        user.email = row.email
    user.save(update_fields=["full_name", "email"])
    Membership.objects.get_or_create(user=user, organisation=organisation, role=row.role)
    if row.role == Role.LEARNER:
        LearnerProfile.objects.update_or_create(
            user=user,
            defaults={
                "college": organisation,
                "programme_id": programmes.get((organisation.pk, row.programme)),
                "career_stage": row.career_stage,
                "cohort_year": row.cohort_year,
                "student_number": row.student_number,
                "rural": row.rural,
                "disadvantaged": row.disadvantaged,
                "disability": row.disability,
            },
        )
    return user, created


def add_person(person: PersonRow, *, by) -> User:
    """Add one person (or a new role for an existing one), under the same checks as an import."""
    directory = _Directory.for_rows([person])
    error = _check_person_row("request", 0, person, directory, by)
    if error:
        raise ServiceError(error.message, field=error.column)
    # One transaction: user, membership and learner profile exist together or not at all.
    with transaction.atomic():
        user, created = _write_person(
            person, directory.organisations[person.organisation], directory.programmes
        )
        audit.record(
            by, "person.create" if created else "person.add_role", user, {"role": person.role}
        )
    return user


PERSON_FIELDS = ("full_name", "email")


def update_person(person: User, *, by, **fields) -> User:
    require(by, CHANGE, person)
    if "full_name" in fields and not (fields["full_name"] or "").strip():
        raise ServiceError(_("A person needs a name."), field="full_name")
    changed = audit.apply_changes(
        person, {k: v for k, v in fields.items() if k in PERSON_FIELDS and v is not None}
    )
    if changed:
        person.save(update_fields=list(changed))
        audit.record(by, "person.update", person, changed)
    return person


def import_people(name: str, content: bytes, *, by, progress=None) -> dict:
    """Create or update people by username, adding the membership (and learner profile) given."""
    rows, errors = validate_rows(name, read_rows(name, content), PersonRow)
    directory = _Directory.for_rows([row for _, row in rows])
    for number, row in rows:
        error = _check_person_row(name, number, row, directory, by)
        if error:
            errors.append(error)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    if progress:
        progress.start(len(rows), name)
    counts = {"created": 0, "updated": 0}
    # One transaction: an import that fails halfway writes nothing.
    with transaction.atomic():
        for _number, row in rows:
            _, created = _write_person(
                row, directory.organisations[row.organisation], directory.programmes
            )
            counts["created" if created else "updated"] += 1
            if progress:
                progress.advance()
        audit.record(by, "people.import", by, {"file": name, **counts})
    return counts


@long_task("import_people")
def import_people_task(progress, *, file_name: str, path: str, by_id: int) -> dict:
    return import_people(
        file_name, Path(path).read_bytes(), by=User.objects.get(pk=by_id), progress=progress
    )


# -- learners ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerView:
    """A learner as one person may see them: private attributes only when allowed."""

    profile: LearnerProfile
    show_private: bool


def learner_view(user, profile: LearnerProfile) -> LearnerView:
    return LearnerView(profile, may(user, VIEW_PRIVATE, profile))


LEARNER_FIELDS = (
    "programme",
    "career_stage",
    "cohort_year",
    "student_number",
    "rural",
    "disadvantaged",
    "disability",
)


def update_learner(profile: LearnerProfile, *, by, **fields) -> LearnerProfile:
    require(by, CHANGE, profile)
    programme = fields.get("programme")
    if programme is not None and programme.college_id != profile.college_id:
        raise ServiceError(_("That programme belongs to another college."), field="programme")
    if "career_stage" in fields and fields["career_stage"] not in LearnerProfile.CareerStage.values:
        raise ServiceError(_("Unknown career stage."), field="career_stage")
    number = (fields.get("student_number") or "").strip()
    if (
        number
        and LearnerProfile.objects.filter(college_id=profile.college_id, student_number=number)
        .exclude(pk=profile.pk)
        .exists()
    ):
        raise ServiceError(
            _("Another learner of this college has student number %(number)s.")
            % {"number": number},
            field="student_number",
        )
    # null means "leave as it is", except for the programme, which a learner may be without
    changed = audit.apply_changes(
        profile,
        {
            k: v
            for k, v in fields.items()
            if k in LEARNER_FIELDS and (v is not None or k == "programme")
        },
    )
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
        audit.record(by, "learner.update", profile, changed)
    return profile


def learner_rows(user, *, search: str = "", college_id: int | None = None):
    learners = visible(user, LearnerProfile).select_related("user", "college", "programme")
    if college_id:
        learners = learners.filter(college_id=college_id)
    if search:
        learners = learners.filter(user__full_name__icontains=search) | learners.filter(
            student_number__icontains=search
        )
    return learners.order_by("college_id", "student_number")


# -- exports -----------------------------------------------------------------------------


def export_table(kind: str, *, by) -> tuple[list[str], list[list]]:
    """The rows of one list as the user may see them: organisations, people or learners."""
    if kind == "organisations":
        columns = ["code", "kind", "name", "name_zh", "region", "industry", "city"]
        rows = (
            [o.code, o.kind, o.name, o.name_zh, o.region.code, o.industry, o.city]
            for o in visible(by, Organisation).select_related("region")
        )
    elif kind == "people":
        columns = ["username", "full_name", "email", "organisation", "role"]
        rows = (
            [m.user.username, m.user.full_name, m.user.email, m.organisation.code, m.role]
            for m in Membership.objects.filter(user__in=visible(by, User).values("pk"))
            .select_related("user", "organisation")
            .order_by("organisation__code", "user__username")
        )
    elif kind == "learners":
        columns = ["username", "full_name", "college", "programme", "career_stage", "cohort_year"]
        columns += ["student_number", "rural", "disadvantaged", "disability"]
        rows = (_learner_export_row(by, p) for p in learner_rows(by))
    else:
        raise ServiceError(_("Unknown list %(kind)s.") % {"kind": kind}, field="kind")
    return columns, list(rows)


def _learner_export_row(by, profile):
    private = may(by, VIEW_PRIVATE, profile)
    return [
        profile.user.username,
        profile.user.full_name,
        profile.college.code,
        profile.programme.code if profile.programme else "",
        profile.career_stage,
        profile.cohort_year,
        profile.student_number,
        *([profile.rural, profile.disadvantaged, profile.disability] if private else ["", "", ""]),
    ]


# -- API tokens --------------------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(user, *, name: str) -> str:
    """Create a token and return it; it is shown once and only its digest is kept."""
    raw = "dvt_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(raw))
    return raw


def user_for_token(raw: str):
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


# -- home --------------------------------------------------------------------------------


def home_summary(user, *, today: date) -> dict:
    """Counts for the home page header, each limited to what the user may see."""
    summary = {"roles": roles_of(user)}
    learner = (
        LearnerProfile.objects.filter(user=user).select_related("programme", "college").first()
    )
    if learner:
        summary["learner"] = learner_view(user, learner)
    staff_colleges = [
        org for org, role in summary["roles"] if role in (Role.COORDINATOR, Role.TEACHER)
    ]
    if staff_colleges:
        summary["learner_count"] = visible(user, LearnerProfile).count()
    summary["today"] = today
    return summary


def ensure_in_service_learner(user: User, college: Organisation) -> LearnerProfile:
    """The person's learner record, made at ``college`` at the in-service stage when they have
    none (an enterprise's worker enrolling on training); an existing record is kept as it is."""
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    with transaction.atomic():
        Membership.objects.get_or_create(user=user, organisation=college, role=Role.LEARNER)
        profile = LearnerProfile.objects.create(
            user=user,
            college=college,
            career_stage=LearnerProfile.CareerStage.IN_SERVICE,
            cohort_year=timezone.localdate().year,
        )
    return profile
