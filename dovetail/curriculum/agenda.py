"""What the curriculum puts on a person's home agenda: proposals waiting for the committee,
partner contributions waiting for a teacher's review."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.models import Role
from dovetail.core.permissions import COLLEGE_STAFF, actor_for, visible
from dovetail.curriculum.models import AdjustmentProposal, SectionRevision


@agenda_source
def agenda_for(user, *, today, limit: int = 5) -> list[AgendaItem]:
    actor = actor_for(user)
    items = []
    committees = actor.organisations_with({Role.COORDINATOR})
    if committees:
        waiting = visible(user, AdjustmentProposal).filter(
            status=AdjustmentProposal.Status.SUBMITTED, programme__college__in=committees
        )
        items += [
            AgendaItem(
                title=_("Adjustment proposal for the committee"),
                detail=f"{proposal.title} · {proposal.programme}",
                url=reverse("curriculum:proposal", args=[proposal.pk]),
                due=proposal.updated_at.date(),
            )
            for proposal in waiting.select_related("programme")[:limit]
        ]
    colleges = actor.organisations_with(COLLEGE_STAFF)
    if colleges:
        pending = SectionRevision.objects.filter(
            status=SectionRevision.Status.PENDING,
            section__module__programme__college__in=colleges,
        ).select_related("section__module")
        items += [
            AgendaItem(
                title=_("Work-manual revision to review"),
                detail=f"{revision.section} · {revision.section.module}",
                url=reverse("curriculum:materials", args=[revision.section.module_id]),
                due=revision.created_at.date(),
            )
            for revision in pending[:limit]
        ]
    return items
