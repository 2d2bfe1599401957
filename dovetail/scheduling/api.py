from ninja import Router, Schema, Status

from dovetail.core.api_types import Id
from dovetail.core.models import TaskRun
from dovetail.core.permissions import CHANGE, access, visible
from dovetail.core.tasks import progress_of, submit
from dovetail.core.throttling import HeavyWorkThrottle
from dovetail.partnerships.models import Zone
from dovetail.scheduling import services
from dovetail.scheduling.models import PlanChange, PracticePlan

router = Router(tags=["practice scheduling"])


class PlanOut(Schema):
    id: int
    name: str
    college: str
    calendar: str
    status: str
    objective: int | None
    greedy_objective: int | None
    diagnoses: list[str]

    @staticmethod
    def resolve_college(obj):
        return obj.college.code

    @staticmethod
    def resolve_calendar(obj):
        return obj.calendar.name


class EntryOut(Schema):
    id: int
    learner: str
    enterprise: str
    zone_id: Id
    weeks: list[int]
    unmet_hours: int

    @staticmethod
    def resolve_learner(obj):
        return obj.placement.learner.user.username

    @staticmethod
    def resolve_enterprise(obj):
        return obj.placement.offer.enterprise.code

    @staticmethod
    def resolve_zone_id(obj):
        return obj.placement.offer.zone_id

    @staticmethod
    def resolve_weeks(obj):
        return [w + 1 for w in obj.weeks]


class ChangeIn(Schema):
    zone_id: Id
    conflict_kind: str
    description: str
    first_week: int
    last_week: int
    capacity_days: int = 0


class ChangeOut(Schema):
    id: int
    outcome: str
    diff: list[dict]
    notified: list[str]


class TaskStarted(Schema):
    task_id: str
    status: str


def _entries(queryset):
    return queryset.select_related("placement__learner__user", "placement__offer__enterprise")


@router.get("/plans", response=list[PlanOut])
def list_plans(request):
    return services.plans_of(request.user)


@router.get("/plans/{int:plan_id}/entries", response=list[EntryOut])
def plan_entries(request, plan_id: Id):
    plan = access(request.user, PracticePlan, plan_id)
    return _entries(visible(request.user, plan.entries.all()))


@router.post(
    "/plans/{int:plan_id}/solve", response={202: TaskStarted}, throttle=[HeavyWorkThrottle()]
)
def solve_plan(request, plan_id: Id):
    plan = access(request.user, PracticePlan, plan_id, CHANGE)
    run = submit("solve_practice_plan", by=request.user, plan_id=plan.pk, by_id=request.user.pk)
    return Status(202, {"task_id": str(run.pk), "status": progress_of(run)["status"]})


@router.post("/plans/{int:plan_id}/changes", response={201: ChangeOut})
def report_change(request, plan_id: Id, payload: ChangeIn):
    plan = access(request.user, PracticePlan, plan_id)
    zone = access(request.user, Zone, payload.zone_id)
    fields = payload.model_dump(exclude={"zone_id"})
    return Status(201, services.report_change(plan, by=request.user, zone=zone, **fields))


@router.post("/changes/{int:change_id}/settle", response={200: ChangeOut, 202: TaskStarted})
def settle_change(request, change_id: Id):
    """Settle a change by the agreement's priority rule. A repair solves the plan again as a
    task: 202 with the task to follow, or 200 with the change when it is already done."""
    change = access(request.user, PlanChange, change_id)
    run = services.start_settling(change, by=request.user)
    if run.status == TaskRun.Status.SUCCEEDED:
        change.refresh_from_db()
        return Status(200, change)
    return Status(202, {"task_id": str(run.pk), "status": progress_of(run)["status"]})


@router.get("/me/practice", response=list[EntryOut])
def my_practice(request):
    return _entries(services.entries_of_learner(request.user))
