"""An enterprise's HR and project managers correct the skills found in its demand (a service)."""

from django.db import transaction

from dovetail.core.errors import ServiceError
from dovetail.skills.demand import may_change
from dovetail.skills.links import add_link, reject_link
from dovetail.skills.mapping import mapping_taxonomy
from dovetail.skills.models import Demand, DemandSkill, Skill


def _require_change(demand: Demand, by) -> None:
    if not may_change(by, demand):
        raise ServiceError(
            "Only the enterprise's HR and project managers correct its demand.", code="forbidden"
        )


def reject(demand: Demand, skill: Skill, *, by) -> None:
    _require_change(demand, by)
    reject_link(demand.skills, skill, by=by)


def add(demand: Demand, skill: Skill, *, by) -> DemandSkill:
    _require_change(demand, by)
    return add_link(demand.skills, skill, by=by)


def _skills(by_uri: list[str], field: str) -> list[Skill]:
    taxonomy = mapping_taxonomy()
    found = {
        skill.uri: skill
        for skill in Skill.objects.filter(taxonomy=taxonomy, uri__in=by_uri).exclude(
            kind=Skill.Kind.GROUP
        )
    }
    missing = [uri for uri in by_uri if uri not in found]
    if missing:
        raise ServiceError(
            f"{field}: {', '.join(missing)} is not a skill of {taxonomy.name}.", code="invalid"
        )
    return [found[uri] for uri in by_uri]


def review(demand: Demand, *, add_uris=(), reject_uris=(), by) -> Demand:
    """Several corrections at once, all or nothing (the API's form)."""
    _require_change(demand, by)
    adding, rejecting = _skills(list(add_uris), "add"), _skills(list(reject_uris), "reject")
    with transaction.atomic():
        for skill in rejecting:
            reject_link(demand.skills, skill, by=by)
        for skill in adding:
            add_link(demand.skills, skill, by=by)
    return demand
