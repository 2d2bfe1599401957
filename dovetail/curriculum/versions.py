"""Versioned modules: every change to a module makes a new version holding the module as it
stands, from the date it is taught; none is lost. A readable diff compares any two, and each
cohort is matched to the version it studies (the one in force in the module's semester)."""

import difflib
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import CHANGE, require
from dovetail.curriculum import services
from dovetail.curriculum.models import LearningOutcome, Module, ModuleVersion, TeachingStandard

# what a module is taught as, besides its names and outcomes
TEACHING_FIELDS = (
    "credits",
    "hours",
    "semester",
    "delivery_mode",
    "performance_indicators",
    "assessment_methods",
)
FIELDS = ("name", "name_zh", *TEACHING_FIELDS)
REVISABLE = {"hours", "credits", "delivery_mode", "performance_indicators", "assessment_methods"}


def snapshot(module: Module) -> dict:
    """The module as it stands: its fields and its outcomes with the skills they teach."""
    outcomes = module.outcomes.prefetch_related("skills__skill").order_by("pk")
    return {
        **{name: str(getattr(module, name)) for name in FIELDS},
        "outcomes": [
            {
                "id": outcome.pk,
                "text": outcome.text,
                "proficiency": outcome.proficiency,
                "since": outcome.since.isoformat(),
                "skills": sorted(
                    link.skill.label for link in outcome.skills.all() if not link.rejected
                ),
            }
            for outcome in outcomes
        ],
    }


def _first_taught(module: Module) -> date:
    dates = [o.since for o in module.outcomes.all()]
    return min(dates) if dates else module.created_at.date()


def versions_of(module: Module, *, record: bool = True) -> list[ModuleVersion]:
    """Every version, oldest first. A module never revised gets its first version, recorded
    when ``record`` (before a revision), or shown unsaved (on a page)."""
    versions = list(module.versions.order_by("number"))
    if not versions:
        first = ModuleVersion(
            module=module,
            number=1,
            effective_from=_first_taught(module),
            snapshot=snapshot(module),
            changelog=_("First recorded version."),
        )
        if record:
            first.save()
        versions = [first]
    return versions


def add_outcomes(module: Module, outcomes, *, since: date, by) -> None:
    """Add outcomes taught from ``since``: [{"text", "proficiency", "skill" (optional: a skill
    the outcome teaches whatever the mapping finds)}]."""
    for outcome in outcomes:
        added = services.add_outcome(
            module,
            text=outcome["text"],
            proficiency=outcome.get("proficiency", 3),
            since=since,
            by=by,
        )
        if outcome.get("skill") is not None:
            services.add_outcome_skill(added, outcome["skill"], by=by)


def revise(
    module: Module,
    *,
    by,
    changelog: str,
    effective_from: date,
    changes: dict | None = None,
    new_outcomes: list[dict] = (),
    proposal=None,
) -> ModuleVersion:
    """Change the module and record the new version. ``new_outcomes``: [{"text", "proficiency",
    "skill" (optional: a skill the outcome teaches whatever the mapping finds)}]."""
    require(by, CHANGE, module)
    changes = changes or {}
    unknown = set(changes) - REVISABLE
    if unknown:
        raise ServiceError(
            _("These cannot be revised: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    if not changelog.strip():
        raise ServiceError(_("Say what changed and why."), field="changelog")
    # one transaction: the module, its outcomes and the version that records them change together
    with transaction.atomic():
        Module.objects.select_for_update().get(pk=module.pk)
        previous = versions_of(module)[-1]
        if effective_from < previous.effective_from:
            raise ServiceError(
                _("Version %(number)s is taught from %(date)s; a new one cannot start before it.")
                % {"number": previous.number, "date": previous.effective_from.isoformat()},
                field="effective_from",
            )
        changed = audit.apply_changes(module, changes)
        if changed:
            module.save(update_fields=[*changed, "updated_at"])
        add_outcomes(module, new_outcomes, since=effective_from, by=by)
        version = ModuleVersion.objects.create(
            module=module,
            number=previous.number + 1,
            effective_from=effective_from,
            snapshot=snapshot(module),
            changelog=changelog.strip(),
            proposal=proposal,
            created_by=by,
        )
        audit.record(by, "module.revise", module, {**changed, "version": version.number})
    return version


def _field_changes(pairs) -> list[dict]:
    """[(field, before, after)] → the fields that changed, each with its changed lines."""
    return [
        {
            "field": name,
            "before": before,
            "after": after,
            "lines": list(
                difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            )[2:],
        }
        for name, before, after in pairs
        if before != after
    ]


def diff(older: ModuleVersion, newer: ModuleVersion) -> list[dict]:
    """What changed between two versions, field by field and outcome by outcome."""
    rows = _field_changes(
        (name, older.snapshot.get(name, ""), newer.snapshot.get(name, "")) for name in FIELDS
    )
    before = {o["text"] for o in older.snapshot.get("outcomes", [])}
    after = {o["text"] for o in newer.snapshot.get("outcomes", [])}
    rows += [{"field": "outcome", "before": "", "after": text} for text in sorted(after - before)]
    rows += [{"field": "outcome", "before": text, "after": ""} for text in sorted(before - after)]
    return rows


def semester_start(cohort_year: int, semester: int) -> date:
    """When a cohort begins a semester: September of its year, then every half year."""
    start = date(cohort_year, 9, 1)
    return start + timedelta(days=182 * (semester - 1))


def cohorts_by_version(module: Module) -> dict[int, list[int]]:
    """{version number: the cohort years that study (or studied) it}."""
    versions = versions_of(module, record=False)
    cohorts = sorted(
        set(
            LearnerProfile.objects.filter(programme_id=module.programme_id).values_list(
                "cohort_year", flat=True
            )
        )
    )
    studied: dict[int, list[int]] = {version.number: [] for version in versions}
    for year in cohorts:
        starts = semester_start(year, module.semester)
        in_force = [v for v in versions if v.effective_from <= starts] or versions[:1]
        studied[in_force[-1].number].append(year)
    return studied


def outcomes_of(module: Module) -> list[LearningOutcome]:
    return list(module.outcomes.order_by("pk"))


def standard_by_cohort(programme) -> list[dict]:
    """The programme's teaching standard as each cohort studies it: for every cohort year, the
    version of each module in force when that cohort reaches the module's semester."""
    modules = list(programme.modules.order_by("semester", "code"))
    history = {module.pk: versions_of(module, record=False) for module in modules}
    cohorts = sorted(
        set(
            LearnerProfile.objects.filter(programme=programme).values_list("cohort_year", flat=True)
        )
    )
    rows = []
    for year in cohorts:
        studied = []
        for module in modules:
            starts = semester_start(year, module.semester)
            in_force = [v for v in history[module.pk] if v.effective_from <= starts]
            studied.append((module, (in_force or history[module.pk][:1])[-1].number))
        rows.append({"cohort": year, "modules": studied})
    return rows


STANDARD_FIELDS = ("objectives", "graduate_requirements")


def standards_of(programme) -> list[TeachingStandard]:
    return list(programme.standards.order_by("number").select_related("created_by"))


def revise_standard(
    programme, *, by, objectives: str, graduate_requirements: str, changelog: str, effective_from
) -> TeachingStandard:
    """A new version of the programme's teaching standard."""
    require(by, CHANGE, programme)
    if not objectives.strip() or not graduate_requirements.strip():
        raise ServiceError(
            _("Write the objectives and the graduation requirements."), field="objectives"
        )
    if not changelog.strip():
        raise ServiceError(_("Say what changed and why."), field="changelog")
    with transaction.atomic():
        previous = programme.standards.select_for_update().order_by("number").last()
        if previous and effective_from < previous.effective_from:
            raise ServiceError(
                _("Version %(number)s is taught from %(date)s; a new one cannot start before it.")
                % {"number": previous.number, "date": previous.effective_from.isoformat()},
                field="effective_from",
            )
        standard = TeachingStandard.objects.create(
            programme=programme,
            number=(previous.number if previous else 0) + 1,
            effective_from=effective_from,
            objectives=objectives.strip(),
            graduate_requirements=graduate_requirements.strip(),
            changelog=changelog.strip(),
            created_by=by,
        )
        audit.record(by, "standard.revise", programme, {"version": standard.number})
    return standard


def standard_history(programme) -> list[dict]:
    """Each version of the standard, newest first, with its diff and the cohorts it applies to
    (the version in force when the cohort began)."""
    history = standards_of(programme)
    cohorts = sorted(
        set(
            LearnerProfile.objects.filter(programme=programme).values_list("cohort_year", flat=True)
        )
    )
    applies: dict[int, list[int]] = {standard.number: [] for standard in history}
    for year in cohorts:
        in_force = [s for s in history if s.effective_from <= date(year, 9, 1)]
        if in_force:
            applies[in_force[-1].number].append(year)
    rows = []
    for older, standard in zip([None, *history[:-1]], history, strict=True):
        changes = []
        if older is not None:
            changes = _field_changes(
                (name, getattr(older, name), getattr(standard, name)) for name in STANDARD_FIELDS
            )
        rows.append({"standard": standard, "cohorts": applies[standard.number], "diff": changes})
    return rows[::-1]
