"""JSON API for the integration depth index."""

from django.utils import timezone
from ninja import Router, Schema

from dovetail.core.api_types import Id
from dovetail.core.models import Region
from dovetail.core.permissions import access
from dovetail.evaluation import services
from dovetail.partnerships.models import Partnership

router = Router(tags=["evaluation"])


class ComponentOut(Schema):
    code: str
    label: str
    meaning: str
    weight: float
    target: float
    share: float


class ScoreOut(Schema):
    partnership_id: int
    college: str
    enterprise: str
    score: float
    points: dict[str, float]


@router.get("/depth/formula", response=list[ComponentOut], auth=None)
def get_formula(request, region: str | None = None):
    """The published formula: each component, its weight (and share of the total) and target,
    for a region (its officers may have changed them) or the defaults."""
    found = Region.objects.filter(code=region).first() if region else None
    return [
        {
            "code": row["component"].code,
            "label": str(row["component"].label),
            "meaning": str(row["component"].meaning),
            "weight": row["weight"],
            "target": row["target"],
            "share": row["share"],
        }
        for row in services.formula(found)
    ]


@router.get("/depth", response=list[ScoreOut])
def list_scores(request):
    """Every partnership whose governance you see, deepest first, with each component's points."""
    report = services.depth_report(request.user, today=timezone.localdate(), history=False)
    return [
        {
            "partnership_id": row["partnership"].pk,
            "college": row["partnership"].college.code,
            "enterprise": row["partnership"].enterprise.code,
            "score": row["score"],
            "points": row["points"],
        }
        for row in report["rows"]
    ]


@router.get("/depth/partnerships/{int:partnership_id}", response=ScoreOut)
def get_score(request, partnership_id: Id):
    partnership = access(request.user, Partnership, partnership_id)
    detail = services.partnership_depth(request.user, partnership, today=timezone.localdate())
    return {
        "partnership_id": partnership.pk,
        "college": partnership.college.code,
        "enterprise": partnership.enterprise.code,
        "score": detail["score"],
        "points": {row["component"].code: row["points"] for row in detail["components"]},
    }
