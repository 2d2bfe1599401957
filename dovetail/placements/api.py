from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from dovetail.core.api_types import Id
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, access
from dovetail.core.tasks import progress_of
from dovetail.core.throttling import HeavyWorkThrottle
from dovetail.curriculum.models import Programme
from dovetail.partnerships.models import Zone
from dovetail.placements import services
from dovetail.placements.models import Offer, Round
from dovetail.skills.models import Skill

router = Router(tags=["placements"])


class RequiredSkillOut(Schema):
    skill: str
    min_proficiency: int

    @staticmethod
    def resolve_skill(obj):
        return obj.skill.uri


class OfferOut(Schema):
    id: int
    enterprise: str
    zone_id: Id
    title: str
    description: str
    seats: int
    starts_on: date
    ends_on: date
    mode: str
    eligible_stages: list[str]
    accepts_in_training: bool
    reserved_rural: int
    reserved_disadvantaged: int
    reserved_disability: int
    status: str
    required_skills: list[RequiredSkillOut]

    @staticmethod
    def resolve_enterprise(obj):
        return obj.enterprise.code

    @staticmethod
    def resolve_required_skills(obj):
        return list(obj.required_skills.all())


class RequiredSkillIn(Schema):
    skill: str
    min_proficiency: int = 2


class OfferIn(Schema):
    zone_id: Id
    title: str
    description: str = ""
    seats: int
    starts_on: date
    ends_on: date
    mode: Offer.Mode = Offer.Mode.ON_SITE
    programmes: list[int] = []
    eligible_stages: list[str] = []
    accepts_in_training: bool = False
    reserved_rural: int = 0
    reserved_disadvantaged: int = 0
    reserved_disability: int = 0
    required_skills: list[RequiredSkillIn] = []


class ReviewIn(Schema):
    approve: bool
    note: str = ""


class RoundOut(Schema):
    id: int
    college: str | None
    region: str | None
    name: str
    status: str
    preference_deadline: datetime
    precedence: str
    seed: int
    summary: dict

    @staticmethod
    def resolve_college(obj):
        return obj.college.code if obj.college_id else None

    @staticmethod
    def resolve_region(obj):
        return obj.region.code if obj.region_id else None


class PreferencesIn(Schema):
    offers: list[int]


class ApplicantsIn(Schema):
    learners: list[int]


class AllocationOut(Schema):
    learner_id: Id
    username: str
    offer_id: Id | None
    choice: int | None
    explanation: list[dict]

    @staticmethod
    def resolve_username(obj):
        return obj.learner.user.username


class TaskStarted(Schema):
    task_id: str
    status: str


@router.get("/offers", response=list[OfferOut])
@paginate
def list_offers(request, status: str | None = None):
    offers = services.offer_list(request.user).prefetch_related("required_skills__skill")
    return offers.filter(status=status) if status else offers


@router.post("/offers", response={201: OfferOut})
def create_offer(request, payload: OfferIn):
    zone = access(request.user, Zone, payload.zone_id)
    skills = {
        s.uri: s for s in Skill.objects.filter(uri__in=[r.skill for r in payload.required_skills])
    }
    missing = [r.skill for r in payload.required_skills if r.skill not in skills]
    if missing:
        raise ServiceError(f"Unknown skill {missing[0]!r}.", field="required_skills")
    fields = payload.model_dump(exclude={"zone_id", "programmes", "required_skills"})
    return Status(
        201,
        services.create_offer(
            by=request.user,
            enterprise=zone.enterprise,
            zone=zone,
            programmes=Programme.objects.filter(pk__in=payload.programmes),
            required_skills=[(skills[r.skill], r.min_proficiency) for r in payload.required_skills],
            **fields,
        ),
    )


@router.get("/offers/{int:offer_id}", response=OfferOut)
def get_offer(request, offer_id: Id):
    return access(request.user, Offer, offer_id)


class OfferPatch(Schema):
    title: str | None = None
    description: str | None = None
    seats: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    mode: Offer.Mode | None = None
    eligible_stages: list[str] | None = None
    accepts_in_training: bool | None = None
    reserved_rural: int | None = None
    reserved_disadvantaged: int | None = None
    reserved_disability: int | None = None


@router.patch("/offers/{int:offer_id}", response=OfferOut)
def patch_offer(request, offer_id: Id, payload: OfferPatch):
    """Edit an offer; an approved offer returns to review."""
    offer = access(request.user, Offer, offer_id, CHANGE)
    return services.update_offer(offer, by=request.user, **payload.model_dump(exclude_none=True))


@router.post("/offers/{int:offer_id}/review", response=OfferOut)
def review_offer(request, offer_id: Id, payload: ReviewIn):
    offer = access(request.user, Offer, offer_id)
    return services.review_offer(offer, by=request.user, approve=payload.approve, note=payload.note)


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request):
    return services.rounds_of(request.user)


@router.get("/rounds/{int:round_id}", response=RoundOut)
def get_round(request, round_id: Id):
    return access(request.user, Round, round_id)


@router.get("/rounds/{int:round_id}/offers", response=list[OfferOut])
def round_offers(request, round_id: Id):
    offers = services.round_offers(request.user, access(request.user, Round, round_id))
    return offers.prefetch_related("required_skills__skill")


@router.get("/rounds/{int:round_id}/preferences", response=PreferencesIn)
def my_preferences(request, round_id: Id):
    round_ = access(request.user, Round, round_id)
    profile, _ = services.open_round_for_learner(request.user)
    return {"offers": services.preferences_of(profile, round_) if profile else []}


@router.put("/rounds/{int:round_id}/preferences", response=PreferencesIn)
def set_my_preferences(request, round_id: Id, payload: PreferencesIn):
    """The caller ranks offers, best first, before the round's deadline."""
    round_ = access(request.user, Round, round_id)
    services.set_preferences(round_, by=request.user, offer_ids=payload.offers)
    return {"offers": payload.offers}


@router.put("/rounds/{int:round_id}/offers/{int:offer_id}/applicants", response=ApplicantsIn)
def rank_applicants(request, round_id: Id, offer_id: Id, payload: ApplicantsIn):
    """The enterprise orders an offer's applicants (learner ids), best first."""
    round_ = access(request.user, Round, round_id)
    offer = access(request.user, Offer, offer_id, CHANGE)
    services.rank_applicants(round_, offer, by=request.user, learner_ids=payload.learners)
    return {"learners": payload.learners}


@router.post(
    "/rounds/{int:round_id}/run", response={202: TaskStarted}, throttle=[HeavyWorkThrottle()]
)
def run_round(request, round_id: Id, early: bool = False):
    """Match the round as a task. Before the preference deadline it runs only with
    ``early=true``; otherwise the task fails saying so."""
    round_ = access(request.user, Round, round_id, CHANGE)
    run = services.start_run(round_, by=request.user, early=early)
    return Status(202, {"task_id": str(run.pk), "status": progress_of(run)["status"]})


@router.post("/rounds/{int:round_id}/publish", response=RoundOut)
def publish_round(request, round_id: Id):
    round_ = access(request.user, Round, round_id, CHANGE)
    services.publish_round(round_, by=request.user)
    round_.refresh_from_db()
    return round_


@router.get("/rounds/{int:round_id}/allocations", response=list[AllocationOut])
@paginate
def allocations(request, round_id: Id):
    return services.allocations_of(request.user, access(request.user, Round, round_id))
