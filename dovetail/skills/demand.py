"""Enterprise demand: job adverts, demand statements and project briefs (a service).

Demand comes one at a time (a page, the API) or in bulk (CSV, Excel or JSON, one transaction:
any bad row names its file, row and column and nothing is written). Every demand is mapped onto
the skills taxonomy; the level it asks for comes from its fields or, where they are empty, from
what its text says ("senior", "bachelor's degree", "5+ years").
"""

import hashlib
import json
from datetime import date
from itertools import groupby
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from pydantic import BaseModel, Field, field_validator

from dovetail.core.errors import ServiceError
from dovetail.core.models import Organisation, User
from dovetail.core.permissions import (
    CHANGE,
    access,
    may,
    organisations_for,
    visible,
)
from dovetail.core.tabular import ImportFailed, RowError, read_rows, validate_rows
from dovetail.core.tasks import Progress, long_task
from dovetail.core.uploads import DEMAND, check_bytes
from dovetail.engines.skills import cues
from dovetail.skills.links import ReviewFigures, replace_found, review_figures
from dovetail.skills.mapping import map_texts, mapping_taxonomy
from dovetail.skills.models import Demand, DemandSkill, Occupation
from dovetail.skills.occupations import NamesOccupations, names_occupations
from dovetail.skills.texts import MappedTexts, mapped_texts

BATCH = 1000


class DemandRow(BaseModel):
    kind: Demand.Kind = Demand.Kind.ADVERT
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    occupation: str = ""
    headcount: int = Field(default=1, ge=1, le=100_000)
    qualification_level: int | None = Field(default=None, ge=1, le=8)
    proficiency: int | None = Field(default=None, ge=1, le=5)
    location: str = Field(default="", max_length=120)
    posted_on: date
    needed_by: date | None = None
    reference: str = Field(default="", max_length=80)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value):
        return value.strip().lower() if isinstance(value, str) else value


def may_post_for(user, enterprise: Organisation) -> bool:
    return may(user, CHANGE, Demand(enterprise=enterprise))


def enterprises_for(user) -> list[Organisation]:
    """The enterprises whose demand ``user`` may post."""
    return list(organisations_for(user, CHANGE, Demand).order_by("name"))


def enterprise_by_code(user, code: str) -> Organisation:
    """The enterprise with this code, if ``user`` may post its demand."""
    enterprise = Organisation.objects.filter(code=code).first()
    if enterprise is None:
        raise ServiceError(f"No organisation with code {code!r}.", code="not_found")
    _require_poster(user, enterprise)
    return enterprise


def _require_poster(user, enterprise):
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ServiceError("Demand is posted by an enterprise.", code="invalid")
    if not may_post_for(user, enterprise):
        raise ServiceError(
            f"You may not post demand for {enterprise.display_name}.", code="forbidden"
        )


def _occupations_by_name(taxonomy) -> dict[str, int]:
    """Occupations by URI and by code or English label (lower case), for rows that name one."""
    found = {}
    for pk, uri, code, label in Occupation.objects.filter(taxonomy=taxonomy).values_list(
        "pk", "uri", "code", "label"
    ):
        for key in (uri, code.lower(), label.lower()):
            if key:
                found.setdefault(key, pk)
    return found


def _occupation_key(name: str) -> str:
    return name if "/" in name or ":" in name else name.lower()


def _demand(enterprise, row: DemandRow, occupation_id, by) -> Demand:
    stated = cues(row.text)
    return Demand(
        enterprise=enterprise,
        kind=row.kind,
        title=row.title,
        text=row.text,
        occupation_id=occupation_id,
        headcount=row.headcount,
        qualification_level=row.qualification_level or stated.qualification_level,
        proficiency=row.proficiency or stated.proficiency,
        location=row.location,
        posted_on=row.posted_on,
        needed_by=row.needed_by,
        reference=row.reference,
        created_by=by,
    )


def post_demand(enterprise: Organisation, row: DemandRow, *, by) -> Demand:
    """Post one demand and map it at once (one advert maps in milliseconds)."""
    _require_poster(by, enterprise)
    occupation_id = None
    if row.occupation:
        occupation_id = _occupations_by_name(mapping_taxonomy()).get(
            _occupation_key(row.occupation)
        )
        if occupation_id is None:
            raise ServiceError(f"No occupation {row.occupation!r} in the taxonomy.", "invalid")
    with transaction.atomic():
        demand = _demand(enterprise, row, occupation_id, by)
        demand.save()
        map_demands([demand.pk])
    return demand


def _rows(name: str, content: bytes):
    if check_bytes(name, content, DEMAND) == "json":
        try:
            items = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportFailed([RowError(name, 1, None, f"not JSON ({error})")]) from None
        if isinstance(items, dict):
            items = items.get("demands")
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ImportFailed([RowError(name, 1, None, "expected a list of objects")])
        return [
            (number, {k: "" if v is None else str(v) for k, v in item.items()})
            for number, item in enumerate(items, start=1)
        ]
    return read_rows(name, content, DEMAND)


def import_demands(
    enterprise: Organisation, name: str, content: bytes, *, by, progress: Progress | None = None
) -> dict:
    """Create or update (by ``reference``) an enterprise's demand from CSV, .xlsx or JSON, then
    map it; all or nothing."""
    _require_poster(by, enterprise)
    progress = progress or Progress()
    good, errors = validate_rows(name, _rows(name, content), DemandRow)
    occupations = _occupations_by_name(mapping_taxonomy())
    references: dict[str, int] = {}
    for number, row in good:
        if row.occupation and _occupation_key(row.occupation) not in occupations:
            errors.append(RowError(name, number, "occupation", f"no {row.occupation!r}"))
        if row.reference:
            if row.reference in references:
                problem = f"{row.reference!r} is also on row {references[row.reference]}"
                errors.append(RowError(name, number, "reference", problem))
            references[row.reference] = number
    if errors:
        raise ImportFailed(errors)
    progress.start(len(good), f"importing {name}")
    with transaction.atomic():
        existing = dict(
            Demand.objects.filter(enterprise=enterprise)
            .exclude(reference="")
            .values_list("reference", "pk")
        )
        fresh, stale = [], []
        for _number, row in good:
            occupation_id = occupations.get(_occupation_key(row.occupation))
            demand = _demand(enterprise, row, occupation_id, by)
            if row.reference in existing:
                demand.pk = existing[row.reference]
                stale.append(demand)
            else:
                fresh.append(demand)
        Demand.objects.bulk_create(fresh, batch_size=BATCH)
        fields = [
            "kind",
            "title",
            "text",
            "occupation",
            "headcount",
            "qualification_level",
            "proficiency",
            "location",
            "posted_on",
            "needed_by",
        ]
        Demand.objects.bulk_update(stale, fields, batch_size=BATCH)
        mapped = map_demands([d.pk for d in stale + fresh], progress=progress)
    return {"created": len(fresh), "updated": len(stale), "mapped": mapped}


def map_demands(ids, *, progress: Progress | None = None) -> int:
    """(Re)map the given demands whose text changed since they were last mapped."""
    demands = list(
        Demand.objects.filter(pk__in=ids)
        .only("pk", "text", "mapped_digest", "enterprise_id")
        .order_by("enterprise_id", "pk")
    )
    results = []

    def report(done, _total):
        # the mapping reports texts done within one enterprise's; the task counts all demands
        progress.advance(mapped_before + done - progress.done)

    # each enterprise's demand is mapped with the corrections that count for it
    for enterprise_id, theirs in groupby(demands, key=lambda d: d.enterprise_id):
        mapped_before = len(results)
        results.extend(
            map_texts(
                [d.text for d in theirs],
                progress=report if progress else None,
                organisation_id=enterprise_id,
            )
        )
    changed = []
    links = []
    for demand, matches in zip(demands, results, strict=True):
        digest = hashlib.sha256(json.dumps(matches, sort_keys=True).encode()).hexdigest()
        if demand.mapped_digest == digest:
            continue
        demand.mapped_digest = digest
        changed.append(demand)
        links.extend(
            DemandSkill(
                demand_id=demand.pk,
                skill_id=m["skill_id"],
                score=m["score"],
                span=m["span"][:300],
                start=m["start"],
                end=m["end"],
                proficiency=m["proficiency"],
            )
            for m in matches
        )
    replace_found(DemandSkill, "demand", [d.pk for d in changed], links)
    Demand.objects.bulk_update(changed, ["mapped_digest"], batch_size=BATCH)
    return len(changed)


mapped_texts(MappedTexts("demand", Demand, DemandSkill, "demand", map_demands, "enterprise"))
names_occupations(NamesOccupations("demand", Demand))


@long_task("import_demands")
def import_demands_task(progress, *, enterprise_id: int, file_name: str, path: str, by_id: int):
    return import_demands(
        Organisation.objects.get(pk=enterprise_id),
        file_name,
        Path(path).read_bytes(),
        by=User.objects.get(pk=by_id),
        progress=progress,
    )


def demands_for(user, *, enterprise: Organisation | None = None, kind: str = ""):
    query = (
        visible(user, Demand)
        .select_related("enterprise", "occupation")
        .annotate(skill_count=Count("skills", filter=Q(skills__rejected=False)))
        .order_by("-posted_on", "-pk")  # a grouped query drops the model's default order
    )
    if enterprise is not None:
        query = query.filter(enterprise=enterprise)
    if kind:
        query = query.filter(kind=kind)
    return query


def demand_for(user, pk: int) -> Demand:
    return access(user, Demand, pk)


def demanded_skills(demand: Demand) -> list[DemandSkill]:
    return list(demand.skills.select_related("skill", "reviewed_by").order_by("start", "-score"))


def may_change(user, demand: Demand) -> bool:
    return may(user, CHANGE, demand)


def delete_demand(demand: Demand, *, by) -> None:
    if not may(by, CHANGE, demand):
        raise ServiceError("You may not withdraw this demand.", code="forbidden")
    demand.delete()


def demand_review_figures(user) -> ReviewFigures:
    """How enterprises corrected the skills found in the demand ``user`` may see."""
    return review_figures(visible(user, DemandSkill))


def _most_asked(field: str, limit: int, **where) -> list[int]:
    """Values of ``field`` the skills found in demand (not rejected) name most often."""
    counts = (
        DemandSkill.objects.filter(rejected=False, **where)
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
    )
    return [value for value, _n in counts[:limit]]


def occupation_most_asked_by(enterprise: Organisation) -> int | None:
    """The occupation the enterprise's mapped demand names most often (by skills found)."""
    top = _most_asked(
        "demand__occupation_id",
        1,
        demand__enterprise=enterprise,
        demand__occupation__isnull=False,
    )
    return top[0] if top else None


def skills_the_enterprise_asks_for(enterprise: Organisation, limit: int = 40) -> list[int]:
    """The skills the enterprise's own demand asks for most (what an offer form suggests)."""
    return _most_asked("skill_id", limit, demand__enterprise=enterprise)


def skills_most_asked_for(occupation_id: int, *, since: date, limit: int) -> list[int]:
    """The skills demand for the occupation asked for most since ``since``, most asked first."""
    return _most_asked(
        "skill_id", limit, demand__occupation_id=occupation_id, demand__posted_on__gte=since
    )
