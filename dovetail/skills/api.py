"""Demand, text-to-skills mapping and gap reports over JSON."""

import base64
import binascii
from datetime import date
from typing import Annotated

from ninja import Field, Router, Schema, Status
from pydantic import StringConstraints

from dovetail.core.api_types import Id
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import require
from dovetail.core.tasks import Progress
from dovetail.core.throttling import HeavyWorkThrottle
from dovetail.core.uploads import DEMAND
from dovetail.skills import demand, gaps, review
from dovetail.skills.mapping import map_texts, mapping_taxonomy
from dovetail.skills.policies import MAP_TEXT

router = Router(tags=["skills"])


class SkillMatchOut(Schema):
    uri: str
    label: str
    score: float
    span: str
    start: int
    end: int
    proficiency: int | None


MAX_TEXTS = 200
MAX_TEXT_CHARS = 5000


class MapIn(Schema):
    texts: list[Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]] = Field(
        min_length=1, max_length=MAX_TEXTS
    )
    top: int = Field(10, ge=1, le=50)


@router.post("/skills/map", response=list[list[SkillMatchOut]], throttle=[HeavyWorkThrottle()])
def map_skills(request, payload: MapIn):
    """Map texts (adverts, outcomes, briefs; English or Chinese) onto the skills taxonomy: per
    text, its skills best first with the span of text that evidences each. At most 200 texts of
    5,000 characters a call, for college and enterprise staff and officers; calls are
    rate-limited per person (429 when over)."""
    taxonomy = mapping_taxonomy()
    require(request.user, MAP_TEXT, taxonomy)
    return map_texts(payload.texts, taxonomy, top=payload.top)


class DemandIn(Schema):
    enterprise: str
    kind: str = "advert"
    title: str
    text: str
    occupation: str = ""
    headcount: int = 1
    qualification_level: int | None = None
    proficiency: int | None = None
    location: str = ""
    posted_on: date
    needed_by: date | None = None
    reference: str = ""


class DemandSkillOut(Schema):
    skill_uri: str
    skill: str
    score: float
    span: str
    proficiency: int | None
    origin: str  # "engine": found in the text; "person": added by someone
    rejected: bool  # taken off by someone; the gap report leaves it out
    reviewed_by: str | None  # who added or took it off

    @staticmethod
    def resolve_skill_uri(obj):
        return obj.skill.uri

    @staticmethod
    def resolve_reviewed_by(obj):
        return obj.reviewed_by.username if obj.reviewed_by else None

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.label


class DemandOut(Schema):
    id: int
    enterprise: str
    kind: str
    title: str
    text: str
    headcount: int
    qualification_level: int | None
    proficiency: int | None
    posted_on: date
    needed_by: date | None
    reference: str
    skills: list[DemandSkillOut]

    @staticmethod
    def resolve_enterprise(obj):
        return obj.enterprise.code

    @staticmethod
    def resolve_skills(obj):
        return demand.demanded_skills(obj)


@router.post("/demand", response={201: DemandOut}, throttle=[HeavyWorkThrottle()])
def post_demand(request, payload: DemandIn):
    """Post one job advert, demand statement or project brief; it is mapped at once."""
    data = payload.dict()
    enterprise = demand.enterprise_by_code(request.user, data.pop("enterprise"))
    posted = demand.post_demand(enterprise, demand.DemandRow(**data), by=request.user)
    return Status(201, posted)


class BulkIn(Schema):
    enterprise: str
    file_name: str = Field(max_length=200)
    # base64 of a demand file at its 50 MB limit
    content_base64: str = Field(max_length=DEMAND.max_bytes * 4 // 3 + 4)


class BulkOut(Schema):
    created: int
    updated: int
    mapped: int


@router.post("/demand/bulk", response=BulkOut, throttle=[HeavyWorkThrottle()])
def import_demand(request, payload: BulkIn):
    """Import a CSV, .xlsx or JSON file of demand (base64), all or nothing."""
    enterprise = demand.enterprise_by_code(request.user, payload.enterprise)
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except binascii.Error:
        raise ServiceError("Not base64.", field="content_base64") from None
    return demand.import_demands(
        enterprise,
        payload.file_name,
        content,
        by=request.user,
        progress=Progress(),
    )


@router.get("/demand/{demand_id}", response=DemandOut)
def get_demand(request, demand_id: Id):
    return demand.demand_for(request.user, demand_id)


class ReviewIn(Schema):
    add: list[str] = []
    reject: list[str] = []


@router.post("/demand/{demand_id}/skills", response=DemandOut)
def review_demand_skills(request, demand_id: Id, payload: ReviewIn):
    """Correct the skills found in a demand: ``add`` and ``reject`` list skill URIs of the mapping
    taxonomy (adding a rejected skill restores it). All or nothing."""
    item = demand.demand_for(request.user, demand_id)
    return review.review(item, add_uris=payload.add, reject_uris=payload.reject, by=request.user)


class GapIn(Schema):
    scope: str
    scope_id: Id
    start: date
    end: date


class GapOut(Schema):
    id: int
    scope: str
    scope_name: str
    period_start: date
    period_end: date
    result: dict


@router.post("/gaps", response={201: GapOut}, throttle=[HeavyWorkThrottle()])
def compute_gaps(request, payload: GapIn):
    """Compute a five-dimension gap report for a programme, a college or a region."""
    report = gaps.compute_gap_report(
        request.user, payload.scope, payload.scope_id, payload.start, payload.end
    )
    return Status(201, report)


@router.get("/gaps/{report_id}", response=GapOut)
def get_gaps(request, report_id: Id):
    return gaps.report_for(request.user, report_id)
