from datetime import date

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from dovetail.core.api_types import Id
from dovetail.core.models import Organisation, User
from dovetail.core.permissions import CHANGE, access, visible
from dovetail.partnerships import services
from dovetail.partnerships.models import Agreement, Clearance, Partnership, Zone

router = Router(tags=["partnerships"])


class PartnershipOut(Schema):
    id: int
    college: str
    enterprise: str
    status: str
    started_on: date

    @staticmethod
    def resolve_college(obj):
        return obj.college.code

    @staticmethod
    def resolve_enterprise(obj):
        return obj.enterprise.code


class PartnershipIn(Schema):
    college: str
    enterprise: str
    started_on: date


class ParticipationRuleOut(Schema):
    confidentiality_level: int
    participation: str
    requires_clearance: bool
    max_hours_per_week: int | None


class TemporalRuleOut(Schema):
    conflict_kind: str
    prevailing_party: str
    rank: int


class AgreementOut(Schema):
    id: int
    partnership_id: Id
    kind: str
    title: str
    signed_on: date | None
    starts_on: date
    ends_on: date
    participation_rules: list[ParticipationRuleOut]
    temporal_rules: list[TemporalRuleOut]

    @staticmethod
    def resolve_participation_rules(obj):
        return list(obj.participation_rules.all())

    @staticmethod
    def resolve_temporal_rules(obj):
        return list(obj.temporal_rules.all())


class AgreementIn(Schema):
    kind: str
    title: str
    starts_on: date
    ends_on: date
    signed_on: date | None = None


class ZoneOut(Schema):
    id: int
    enterprise: str
    name: str
    name_zh: str
    kind: str
    confidentiality_level: int
    description: str
    capacity: int

    @staticmethod
    def resolve_enterprise(obj):
        return obj.enterprise.code


class ZoneIn(Schema):
    enterprise: str
    name: str
    name_zh: str = ""
    kind: str
    confidentiality_level: int
    description: str = ""
    capacity: int = 0


class ZonePatch(Schema):
    name: str | None = None
    name_zh: str | None = None
    kind: str | None = None
    confidentiality_level: int | None = None
    description: str | None = None
    capacity: int | None = None


class ClearanceOut(Schema):
    id: int
    holder: str
    partnership_id: Id
    level: int
    signed_on: date
    expires_on: date
    revoked: bool

    @staticmethod
    def resolve_holder(obj):
        return obj.holder.username


class ClearanceIn(Schema):
    holder: str
    partnership_id: Id
    level: int
    signed_on: date
    expires_on: date


class ParticipationOut(Schema):
    zone_id: Id
    participation: str
    allowed: bool
    reason: str
    max_hours_per_week: int | None


def _organisation(user, code, field):
    organisation = visible(user, Organisation).filter(code=code).first()
    if organisation is None:
        raise services.ServiceError(f"No organisation with code {code!r}.", field=field)
    return organisation


@router.get("/partnerships", response=list[PartnershipOut])
@paginate
def list_partnerships(request, q: str = ""):
    return services.partnership_rows(request.user, search=q)


@router.post("/partnerships", response={201: PartnershipOut})
def create_partnership(request, payload: PartnershipIn):
    return Status(
        201,
        services.create_partnership(
            by=request.user,
            college=_organisation(request.user, payload.college, "college"),
            enterprise=_organisation(request.user, payload.enterprise, "enterprise"),
            started_on=payload.started_on,
        ),
    )


@router.get("/partnerships/{int:partnership_id}", response=PartnershipOut)
def get_partnership(request, partnership_id: Id):
    return access(request.user, Partnership, partnership_id)


@router.get("/partnerships/{int:partnership_id}/agreements", response=list[AgreementOut])
def list_agreements(request, partnership_id: Id):
    partnership = access(request.user, Partnership, partnership_id)
    return visible(request.user, partnership.agreements.all()).prefetch_related(
        "participation_rules", "temporal_rules"
    )


@router.post("/partnerships/{int:partnership_id}/agreements", response={201: AgreementOut})
def create_agreement(request, partnership_id: Id, payload: AgreementIn):
    partnership = access(request.user, Partnership, partnership_id)
    return Status(
        201, services.create_agreement(partnership, by=request.user, **payload.model_dump())
    )


@router.get("/agreements/{int:agreement_id}", response=AgreementOut)
def get_agreement(request, agreement_id: Id):
    return access(request.user, Agreement, agreement_id)


class SignatureIn(Schema):
    signed_on: date


class InterfaceRulesIn(Schema):
    participation_rules: list[ParticipationRuleOut]
    temporal_rules: list[TemporalRuleOut]


@router.post("/agreements/{int:agreement_id}/sign", response=AgreementOut)
def sign_agreement(request, agreement_id: Id, payload: SignatureIn):
    agreement = access(request.user, Agreement, agreement_id, CHANGE)
    return services.sign_agreement(agreement, by=request.user, signed_on=payload.signed_on)


@router.put("/agreements/{int:agreement_id}/rules", response=AgreementOut)
def replace_interface_rules(request, agreement_id: Id, payload: InterfaceRulesIn):
    """Replace the agreement's interface rules: participation per level, timing priorities."""
    agreement = access(request.user, Agreement, agreement_id, CHANGE)
    return services.update_interface_rules(
        agreement,
        by=request.user,
        participation={
            r.confidentiality_level: r.model_dump(exclude={"confidentiality_level"})
            for r in payload.participation_rules
        },
        temporal={
            r.conflict_kind: r.model_dump(exclude={"conflict_kind"}) for r in payload.temporal_rules
        },
    )


@router.get("/zones", response=list[ZoneOut])
@paginate
def list_zones(request, enterprise: str | None = None):
    zones = visible(request.user, Zone).select_related("enterprise")
    return zones.filter(enterprise__code=enterprise) if enterprise else zones


@router.post("/zones", response={201: ZoneOut})
def create_zone(request, payload: ZoneIn):
    fields = payload.model_dump()
    enterprise = _organisation(request.user, fields.pop("enterprise"), "enterprise")
    return Status(201, services.create_zone(by=request.user, enterprise=enterprise, **fields))


@router.get("/zones/{int:zone_id}", response=ZoneOut)
def get_zone(request, zone_id: Id):
    return access(request.user, Zone, zone_id)


@router.patch("/zones/{int:zone_id}", response=ZoneOut)
def patch_zone(request, zone_id: Id, payload: ZonePatch):
    zone = access(request.user, Zone, zone_id, CHANGE)
    return services.update_zone(zone, by=request.user, **payload.model_dump(exclude_unset=True))


@router.get("/zones/{int:zone_id}/participation", response=ParticipationOut)
def my_participation(request, zone_id: Id):
    """What the caller may do in this zone today, under the agreement's interface rules."""
    zone = access(request.user, Zone, zone_id)
    decision = services.participation_for(request.user, zone, on=timezone.localdate())
    return {
        "zone_id": zone.pk,
        "participation": decision.participation,
        "allowed": decision.allowed,
        "reason": decision.reason,
        "max_hours_per_week": decision.max_hours_per_week,
    }


@router.get("/clearances", response=list[ClearanceOut])
@paginate
def list_clearances(request, partnership_id: Id | None = None):
    clearances = visible(request.user, Clearance).select_related("holder")
    return clearances.filter(partnership_id=partnership_id) if partnership_id else clearances


@router.post("/clearances", response={201: ClearanceOut})
def create_clearance(request, payload: ClearanceIn):
    partnership = access(request.user, Partnership, payload.partnership_id)
    holder = visible(request.user, User).filter(username=payload.holder).first()
    if holder is None:
        raise services.ServiceError(
            f"No person {payload.holder!r} that you may see.", field="holder"
        )
    return Status(
        201,
        services.record_clearance(
            by=request.user,
            holder=holder,
            partnership=partnership,
            level=payload.level,
            signed_on=payload.signed_on,
            expires_on=payload.expires_on,
        ),
    )


@router.post("/clearances/{int:clearance_id}/revoke", response=ClearanceOut)
def revoke_clearance(request, clearance_id: Id):
    return services.revoke_clearance(access(request.user, Clearance, clearance_id), by=request.user)
