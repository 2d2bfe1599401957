"""Re-mapping every text when the mapping taxonomy changes (a service and its task).

Demand and learning outcomes are compared on one taxonomy. When another becomes the mapping
taxonomy (ESCO is loaded, or settings name another), texts mapped onto the old one would drop out
of every report, so each is mapped again. People's corrections are carried first, across the
crosswalks: a skill a person added counts as its counterparts, and a skill a person took off
keeps its counterparts off, so re-mapping does not bring back what someone rejected. A
correction with no counterpart stays where it was, outside the reports, for a person to redo.
Rows naming one of the default taxonomy's occupations move onto its counterpart in the same
transaction (:mod:`dovetail.skills.occupations`).

Each app whose texts are mapped registers them (:mod:`dovetail.skills.texts`), so this module
reads no other app's tables.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dovetail.core.models import User
from dovetail.core.tasks import Progress, long_task
from dovetail.skills.crosswalks import counterparts
from dovetail.skills.frameworks import require_admin
from dovetail.skills.mapping import mapping_taxonomy
from dovetail.skills.models import CORRECTED, SkillLink, Taxonomy
from dovetail.skills.occupations import carry_occupations, rows_to_carry
from dovetail.skills.texts import MappedTexts, kinds

CHUNK = 1000


def waiting_for_remap() -> dict[str, int]:
    """What re-mapping would change: {kind: how many of its texts still hold skills the engine
    found on a taxonomy other than the mapping one}, and under ``occupations`` how many rows name
    an occupation that re-mapping would move onto its counterpart."""
    taxonomy = mapping_taxonomy()
    waiting = {
        kind.name: kind.links.objects.filter(origin=SkillLink.Origin.ENGINE, rejected=False)
        .exclude(skill__taxonomy=taxonomy)
        .values(kind.owner)
        .distinct()
        .count()
        for kind in kinds()
    }
    waiting["occupations"] = rows_to_carry(taxonomy)
    return waiting


def carry_corrections(kind: MappedTexts, taxonomy: Taxonomy) -> int:
    """Carry people's corrections of ``kind``'s texts from other taxonomies onto ``taxonomy``;
    returns how many corrections were carried (and taken off the old taxonomy)."""
    corrected = list(
        kind.links.objects.filter(CORRECTED)
        .exclude(skill__taxonomy=taxonomy)
        .values_list("pk", f"{kind.owner}_id", "skill_id", "rejected", "reviewed_by", "reviewed_at")
    )
    if not corrected:
        return 0
    reach = counterparts({row[2] for row in corrected}, taxonomy)
    owners = {row[1] for row in corrected}
    existing = {
        (getattr(link, f"{kind.owner}_id"), link.skill_id): link
        for link in kind.links.objects.filter(
            **{f"{kind.owner}__in": owners}, skill__taxonomy=taxonomy
        )
    }
    carried, made, changed = [], {}, []
    for pk, owner, skill, rejected, reviewed_by, reviewed_at in corrected:
        targets = [target for target, _weight in reach.get(skill, ())]
        if not targets:
            continue
        carried.append(pk)
        # a rejection keeps the counterpart off; an addition makes it the person's, so that
        # re-mapping, which replaces only what the engine found, keeps it
        for target in targets:
            link = existing.get((owner, target)) or made.get((owner, target))
            if link is None:
                link = made[owner, target] = kind.links(
                    **{f"{kind.owner}_id": owner}, skill_id=target, score=0.0 if rejected else 1.0
                )
            elif link.pk is not None:
                changed.append(link)
            link.rejected, link.reviewed_by_id = rejected, reviewed_by
            link.reviewed_at = reviewed_at or timezone.now()
            if not rejected:
                link.origin = SkillLink.Origin.PERSON
    kind.links.objects.bulk_create(made.values(), batch_size=CHUNK)
    kind.links.objects.bulk_update(
        changed, ["origin", "rejected", "reviewed_by", "reviewed_at"], batch_size=CHUNK
    )
    kind.links.objects.filter(pk__in=carried).delete()
    return len(carried)


def remap_texts(*, by, progress: Progress | None = None) -> dict:
    """Map every registered text onto the mapping taxonomy again, carrying people's corrections
    first; all or nothing."""
    require_admin(by)
    progress = progress or Progress()
    taxonomy = mapping_taxonomy()
    ids = {kind.name: kind.all_ids() for kind in kinds()}
    progress.start(sum(map(len, ids.values())) or 1, f"re-mapping texts onto {taxonomy.name}")
    counts = {"taxonomy": taxonomy.slug, "corrections_carried": 0}
    # One transaction: a report must not compare texts half of which are on each taxonomy.
    with transaction.atomic():
        counts["occupations_moved"] = sum(carry_occupations(taxonomy).values())
        for kind in kinds():
            counts["corrections_carried"] += carry_corrections(kind, taxonomy)
            mine = ids[kind.name]
            for start in range(0, len(mine), CHUNK):
                chunk = mine[start : start + CHUNK]
                kind.map_ids(chunk)
                progress.advance(len(chunk), f"{kind.name}: {start + len(chunk)} of {len(mine)}")
            counts[kind.name] = len(mine)
    return counts


def remap_summary_lines(result: dict) -> list[tuple[str, object]]:
    return [
        (_("Mapped onto"), result["taxonomy"]),
        (_("Demands"), result.get("demand", 0)),
        (_("Learning outcomes"), result.get("outcome", 0)),
        (_("Corrections carried across crosswalks"), result["corrections_carried"]),
        (
            _("Demands, graduate plans and career steps moved onto its occupations"),
            result.get("occupations_moved", 0),
        ),
    ]


@long_task("remap_texts", summary=remap_summary_lines)
def remap_texts_task(progress, *, by_id: int) -> dict:
    return remap_texts(by=User.objects.get(pk=by_id), progress=progress)
