"""A text's skill links, corrected by people and kept through re-mapping (a service).

A demand's skills and a learning outcome's skills are both links: found in the text by the
mapping engine, or added by a person. A person rejects a skill the text does not name, restores
it, or adds one the engine missed; rejections are kept rather than deleted, so re-mapping the
text does not bring the skill back, and the gap report counts only the skills left standing.
Who may correct which text is for the service that owns the text to decide.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.engines.skills.text import is_chinese
from dovetail.skills.crosswalks import counterparts
from dovetail.skills.mapping import mapping_taxonomy, taxonomy_has_chinese
from dovetail.skills.models import CORRECTED, Skill, SkillLink

FOUND = 12
BATCH = 1000


def reject_link(links, skill: Skill, *, by) -> None:
    """The text does not name this skill. A person's own addition is simply taken away."""
    link = links.filter(skill=skill).first()
    if link is None:
        raise ServiceError(f"{skill.label} is not among these skills.", code="not_found")
    if link.origin == SkillLink.Origin.PERSON:
        link.delete()
    elif not link.rejected:
        _mark(link, rejected=True, by=by)


def add_link(links, skill: Skill, *, by) -> SkillLink:
    """The text names this skill (restoring it if it had been rejected)."""
    link, created = links.get_or_create(
        skill=skill,
        defaults={
            "origin": SkillLink.Origin.PERSON,
            "score": 1.0,
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
        },
    )
    if not created and link.rejected:
        _mark(link, rejected=False, by=by)
    return link


def _mark(link: SkillLink, *, rejected: bool, by) -> None:
    link.rejected, link.reviewed_by, link.reviewed_at = rejected, by, timezone.now()
    link.save(update_fields=["rejected", "reviewed_by", "reviewed_at"])


def replace_found(model: type[SkillLink], owner: str, owner_ids, links: list[SkillLink]) -> None:
    """Store a fresh mapping of these owners' texts: the engine's earlier findings are replaced,
    while what people added or rejected stays as they left it."""
    mine = model.objects.filter(**{f"{owner}__in": owner_ids})
    kept = set(mine.filter(CORRECTED).values_list(f"{owner}_id", "skill_id"))
    mine.filter(origin=SkillLink.Origin.ENGINE, rejected=False).delete()
    model.objects.bulk_create(
        [link for link in links if (getattr(link, f"{owner}_id"), link.skill_id) not in kept],
        batch_size=BATCH,
    )


def skill_by_id(skill_id: int) -> Skill:
    skill = (
        Skill.objects.filter(pk=skill_id, taxonomy=mapping_taxonomy())
        .exclude(kind=Skill.Kind.GROUP)
        .first()
    )
    if skill is None:
        raise ServiceError("Choose a skill of the mapping taxonomy.", code="invalid")
    return skill


def find_skills(query: str, limit: int = FOUND, *, besides=(), first=()) -> list[Skill]:
    """Skills of the mapping taxonomy whose labels (English, Chinese or alternative) hold every
    word of ``query``, the skill ids ``first`` (those a form suggests, of any taxonomy) ahead of
    the rest, then shortest first; leaving out the skill ids ``besides`` (those the text already
    names). An empty query finds the ``first`` skills alone. Where the mapping taxonomy has no
    Chinese labels (ESCO), a Chinese query finds them on other taxonomies and crosses over; a
    skill found so carries the Chinese name it was found by as ``found_as`` ("" otherwise)."""
    words = query.split()
    first = list(first)
    if not words and not first:
        return []
    taxonomy = mapping_taxonomy()
    wanted = Q(pk__in=first) if not words else Q(taxonomy=taxonomy) | Q(pk__in=first)
    pickable = Skill.objects.exclude(kind=Skill.Kind.GROUP).exclude(pk__in=list(besides))
    named = _naming(words)
    skills = pickable.filter(wanted & named)
    found_as = {}
    if words and is_chinese(query) and not taxonomy_has_chinese(taxonomy):
        elsewhere = pickable.exclude(taxonomy=taxonomy).filter(named)
        names = dict(elsewhere.values_list("pk", "label_zh")[:FOUND])
        for source, targets in counterparts(list(names), taxonomy).items():
            for target, _weight in targets:
                found_as.setdefault(target, names[source] or query)
        skills = pickable.filter((wanted & named) | Q(pk__in=found_as))
    suggested_first = Case(When(pk__in=first, then=Value(0)), default=Value(1))
    found = list(skills.order_by(suggested_first, Length("label"), "label")[:limit])
    for skill in found:
        skill.found_as = found_as.get(skill.pk, "")
    return found


def _naming(words) -> Q:
    """Skills whose English, Chinese or alternative labels hold every one of ``words``."""
    named = Q()
    for word in words:
        named &= (
            Q(label__icontains=word) | Q(label_zh__icontains=word) | Q(alt_labels__icontains=word)
        )
    return named


@dataclass(frozen=True)
class ReviewFigures:
    """How people corrected one kind of text's mapping: a measure of the engine in the field."""

    found: int  # links the engine made
    taken_off: int
    added: int
    most_taken_off: list[tuple[Skill, int]]

    @property
    def taken_off_share(self) -> float | None:
        return self.taken_off / self.found if self.found else None


def review_figures(links: QuerySet, limit: int = 8) -> ReviewFigures:
    """How people corrected the links in ``links`` (those the viewer may see)."""
    counts = links.aggregate(
        found=Count("pk", filter=Q(origin=SkillLink.Origin.ENGINE)),
        taken_off=Count("pk", filter=Q(rejected=True)),
        added=Count("pk", filter=Q(origin=SkillLink.Origin.PERSON)),
    )
    top = list(
        links.filter(rejected=True)
        .values("skill")
        .annotate(n=Count("pk"))
        .order_by("-n", "skill")[:limit]
    )
    skills = Skill.objects.in_bulk([row["skill"] for row in top])
    return ReviewFigures(**counts, most_taken_off=[(skills[r["skill"]], r["n"]) for r in top])
