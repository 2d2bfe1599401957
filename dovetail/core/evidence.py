"""People evidence, as the evaluation reads it: learners in aggregate, graduates retained."""

from datetime import date

from django.db.models import Count

from dovetail.core.models import LearnerProfile, Membership, Organisation

GRADUATED = [LearnerProfile.CareerStage.GRADUATE, LearnerProfile.CareerStage.IN_SERVICE]


def learners_of(college_ids):
    """Learner profiles of these colleges, for aggregate indicators only."""
    return LearnerProfile.objects.filter(college_id__in=college_ids)


def graduates_retained(college_ids, *, as_of: date) -> dict[tuple[int, int], int]:
    """{(college id, enterprise id): graduates of the college who work at the enterprise}, by
    their membership of it from ``as_of`` or before."""
    rows = (
        Membership.objects.filter(
            organisation__kind=Organisation.Kind.ENTERPRISE,
            created_at__date__lte=as_of,
            user__learner_profile__college_id__in=college_ids,
            user__learner_profile__career_stage__in=GRADUATED,
        )
        .values("user__learner_profile__college_id", "organisation_id")
        .annotate(count=Count("user", distinct=True))
    )
    return {
        (row["user__learner_profile__college_id"], row["organisation_id"]): row["count"]
        for row in rows
    }
