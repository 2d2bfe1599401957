"""Who sees and acts on offers, rounds, preferences and results.

Enterprises see their own offers, the applicants to them and who was placed with them; colleges
see the offers of their partner enterprises and everything in their own rounds; learners see
approved offers of their college's partners and only their own preferences and results.
"""

from django.db.models import Exists, OuterRef, Q

from dovetail.core.models import LearnerProfile, Organisation, Role, User
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    Policy,
    grant_visibility,
    register,
)
from dovetail.partnerships.models import Partnership
from dovetail.placements.models import (
    Allocation,
    ApplicantRank,
    Offer,
    Placement,
    Preference,
    Round,
)

REVIEW = "review"


RANK_OFFERS = "rank_offers"


def _partnered(colleges, enterprise_ref="enterprise"):
    return Exists(
        Partnership.objects.filter(
            enterprise=OuterRef(enterprise_ref),
            college__in=colleges,
            status=Partnership.Status.ACTIVE,
        )
    )


def reviewable(actor) -> Q:
    """Offers the actor may review: those of enterprises partnered with a college they
    coordinate (the query form of the REVIEW check below)."""
    return Q(_partnered(actor.organisations_with({Role.COORDINATOR})))


def _is_partner_coordinator(actor, enterprise_id) -> bool:
    colleges = actor.organisations_with({Role.COORDINATOR})
    return Partnership.objects.filter(
        enterprise_id=enterprise_id, college__in=colleges, status=Partnership.Status.ACTIVE
    ).exists()


@register(Offer)
class OfferPolicy(Policy):
    def scope(self, actor):
        learner_colleges = actor.organisations_with({Role.LEARNER})
        return (
            Q(enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
            | Q(_partnered(actor.organisations_with(COLLEGE_STAFF)))
            | Q(_partnered(learner_colleges), status=Offer.Status.APPROVED)
            | Q(enterprise__region__in=actor.officer_region_ids)
        )

    def organisations(self, actor, action):
        return actor.organisations_with(ENTERPRISE_MANAGERS) if action == CHANGE else set()

    def can(self, actor, action, offer):
        if action == CHANGE:
            return actor.has_role(offer.enterprise_id, ENTERPRISE_MANAGERS)
        if action == REVIEW:
            return _is_partner_coordinator(actor, offer.enterprise_id)
        return False


def _regions_of(organisations):
    return Organisation.objects.filter(pk__in=organisations).values("region")


@register(Round)
class RoundPolicy(Policy):
    def scope(self, actor):
        return (
            Q(college__in=actor.roles.keys())
            | Q(offers__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
            # officers follow their region's rounds: the outcome by group, never a learner's row
            | Q(college__region__in=actor.officer_region_ids)
            # a regional round is run by the region's officers and seen by its colleges
            | Q(region__in=actor.officer_region_ids)
            | Q(region__in=_regions_of(actor.organisations_with(COLLEGE_STAFF | {Role.LEARNER})))
        )

    def organisations(self, actor, action):
        return actor.organisations_with({Role.COORDINATOR}) if action == CHANGE else set()

    def can(self, actor, action, round_):
        if round_.is_regional:
            if action == RANK_OFFERS:
                return LearnerProfile.objects.filter(
                    user_id=actor.user_id, college__region_id=round_.region_id
                ).exists()
            return action == CHANGE and round_.region_id in actor.officer_region_ids
        if action == RANK_OFFERS:
            # a round's offers are ranked by the learners of its college, themselves
            return actor.has_role(round_.college_id, {Role.LEARNER})
        return action == CHANGE and actor.has_role(round_.college_id, {Role.COORDINATOR})


def _round_result_scope(actor):
    return (
        Q(learner__user_id=actor.user_id)
        | Q(round__college__in=actor.organisations_with(COLLEGE_STAFF))
        # in a regional round each college sees its own learners' results, the officers all
        | Q(
            round__region__isnull=False,
            learner__college__in=actor.organisations_with(COLLEGE_STAFF),
        )
        | Q(round__region__in=actor.officer_region_ids)
        | Q(offer__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF))
    )


class RoundResultPolicy(Policy):
    def scope(self, actor):
        return _round_result_scope(actor)


register(Preference)(RoundResultPolicy)
register(Allocation)(RoundResultPolicy)
register(Placement)(RoundResultPolicy)


@register(ApplicantRank)
class ApplicantRankPolicy(Policy):
    def scope(self, actor):
        return Q(round__college__in=actor.organisations_with(COLLEGE_STAFF)) | Q(
            offer__enterprise__in=actor.organisations_with(ENTERPRISE_STAFF)
        )


def _applied_or_placed(actor, learner_ref):
    enterprises = actor.organisations_with(ENTERPRISE_STAFF)
    if not enterprises:
        return Q(pk__in=[])
    return Q(
        Exists(
            Preference.objects.filter(
                learner=OuterRef(learner_ref), offer__enterprise__in=enterprises
            )
        )
    ) | Q(
        Exists(
            Placement.objects.filter(
                learner=OuterRef(learner_ref), offer__enterprise__in=enterprises
            )
        )
    )


# Enterprise staff see the learners who applied to or were placed on their offers.
grant_visibility(LearnerProfile, lambda actor: _applied_or_placed(actor, "pk"))
grant_visibility(User, lambda actor: _applied_or_placed(actor, "learner_profile"))
