"""People correct what the mapping engine found in a demand (a service).

The enterprise's HR and project managers reject a skill the text does not ask for, restore it,
or add one the engine missed. Rejections are kept rather than deleted, so re-mapping the text
does not bring the skill back, and the gap report counts only the skills left standing.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.skills.demand import may_change
from dovetail.skills.mapping import mapping_taxonomy
from dovetail.skills.models import Demand, DemandSkill, Skill

FOUND = 12


def _require_change(demand: Demand, by) -> None:
    if not may_change(by, demand):
        raise ServiceError(
            "Only the enterprise's HR and project managers correct its demand.", code="forbidden"
        )


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


def reject(demand: Demand, skill: Skill, *, by) -> None:
    """The text does not ask for this skill. A person's own addition is simply taken away."""
    _require_change(demand, by)
    link = demand.skills.filter(skill=skill).first()
    if link is None:
        raise ServiceError(f"{skill.label} is not among this demand's skills.", code="not_found")
    if link.origin == DemandSkill.Origin.PERSON:
        link.delete()
    elif not link.rejected:
        _mark(link, rejected=True, by=by)


def add(demand: Demand, skill: Skill, *, by) -> DemandSkill:
    """The demand asks for this skill (restoring it if it had been rejected)."""
    _require_change(demand, by)
    link, created = DemandSkill.objects.get_or_create(
        demand=demand,
        skill=skill,
        defaults={
            "origin": DemandSkill.Origin.PERSON,
            "score": 1.0,
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
        },
    )
    if not created and link.rejected:
        _mark(link, rejected=False, by=by)
    return link


def _mark(link: DemandSkill, *, rejected: bool, by) -> None:
    link.rejected, link.reviewed_by, link.reviewed_at = rejected, by, timezone.now()
    link.save(update_fields=["rejected", "reviewed_by", "reviewed_at"])


def review(demand: Demand, *, add_uris=(), reject_uris=(), by) -> Demand:
    """Several corrections at once, all or nothing (the API's form)."""
    _require_change(demand, by)
    adding, rejecting = _skills(list(add_uris), "add"), _skills(list(reject_uris), "reject")
    with transaction.atomic():
        for skill in rejecting:
            reject(demand, skill, by=by)
        for skill in adding:
            add(demand, skill, by=by)
    return demand


def skill_by_id(skill_id: int) -> Skill:
    skill = (
        Skill.objects.filter(pk=skill_id, taxonomy=mapping_taxonomy())
        .exclude(kind=Skill.Kind.GROUP)
        .first()
    )
    if skill is None:
        raise ServiceError("Choose a skill of the mapping taxonomy.", code="invalid")
    return skill


def find_skills(query: str, limit: int = FOUND) -> list[Skill]:
    """Skills of the mapping taxonomy whose labels hold every word of ``query``, shortest first."""
    words = query.split()
    if not words:
        return []
    skills = Skill.objects.filter(taxonomy=mapping_taxonomy()).exclude(kind=Skill.Kind.GROUP)
    for word in words:
        skills = skills.filter(
            Q(label__icontains=word) | Q(label_zh__icontains=word) | Q(alt_labels__icontains=word)
        )
    return list(skills.order_by(Length("label"), "label")[:limit])
