"""What careers put on a graduate's home agenda: surveys to answer, courses offered."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dovetail.careers.models import ContinuingOffer, SurveyInvitation
from dovetail.core.agenda import AgendaItem, agenda_source


@agenda_source
def agenda_for(user, *, today, limit: int = 5) -> list[AgendaItem]:
    items = [
        AgendaItem(
            title=_("A survey from your college"),
            detail=str(invitation.survey),
            url=reverse("careers:answer", args=[invitation.pk]),
            due=invitation.sent_on,
        )
        for invitation in SurveyInvitation.objects.filter(
            learner__user=user, answered_at__isnull=True
        ).select_related("survey")[:limit]
    ]
    items += [
        AgendaItem(
            title=_("A course offered to you"),
            detail=f"{offer.course} · {offer.course.provider}",
            url=reverse("careers:mine"),
            due=offer.course.starts_on,
        )
        for offer in ContinuingOffer.objects.filter(
            learner__user=user, status=ContinuingOffer.Status.OFFERED
        ).select_related("course__provider")[:limit]
    ]
    return items
