"""What credentials put on a person's home agenda: claims to assess, claims asking for more."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.credentials.models import PriorLearningClaim
from dovetail.credentials.prior_learning import claims_for

URGENT_AFTER_DAYS = 14


@agenda_source
def agenda_for(user, *, today, limit: int = 8) -> list[AgendaItem]:
    items = []
    waiting = (
        claims_for(user, status=PriorLearningClaim.Status.SUBMITTED)
        .exclude(learner__user=user)
        .order_by("updated_at")
    )
    for claim in waiting[:limit]:
        items.append(
            AgendaItem(
                title=_("Prior-learning claim to assess"),
                detail=f"{claim.learner.user} · {claim.module}",
                url=reverse("credentials:claim", args=[claim.pk]),
                due=claim.updated_at.date(),
                urgent=(today - claim.updated_at.date()).days > URGENT_AFTER_DAYS,
            )
        )
    for claim in claims_for(user, status=PriorLearningClaim.Status.MORE_EVIDENCE).filter(
        learner__user=user
    )[:limit]:
        items.append(
            AgendaItem(
                title=_("Your assessor asks for more evidence"),
                detail=str(claim.module),
                url=reverse("credentials:claim", args=[claim.pk]),
                due=claim.updated_at.date(),
            )
        )
    return items
