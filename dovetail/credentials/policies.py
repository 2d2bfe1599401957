"""Who sees and changes credentials, claims and credit.

A learner sees their own; their college's staff see their college's learners'. Only the issuing
college's staff issue, suspend and revoke; only the learner shares a credential or brings one in;
a claim is assessed by a teacher or coordinator of the learner's college, never by the learner.
"""

from django.db.models import Q

from dovetail.core.models import Role
from dovetail.core.permissions import (
    ADMIN_ROLES,
    CHANGE,
    COLLEGE_STAFF,
    Policy,
    register,
)
from dovetail.credentials.models import (
    Achievement,
    BroughtCredential,
    ClaimEvent,
    ClaimEvidence,
    Credential,
    CredentialEvidence,
    CreditEntry,
    IssuerKey,
    PriorLearningClaim,
    Qualification,
    TransferRule,
)

ISSUE = "issue"
SHARE = "share"
ASSESS = "assess"


@register(IssuerKey)
class IssuerKeyPolicy(Policy):
    def scope(self, actor):
        return Q(organisation__in=actor.organisations_with(ADMIN_ROLES))

    def can(self, actor, action, key):
        return action == CHANGE and actor.has_role(key.organisation_id, ADMIN_ROLES)


def _learner_scope(actor, prefix):
    return Q(**{f"{prefix}user_id": actor.user_id}) | Q(
        **{f"{prefix}college__in": actor.organisations_with(COLLEGE_STAFF)}
    )


@register(Achievement)
class AchievementPolicy(Policy):
    def scope(self, actor):
        return Q(issuer__in=actor.organisations_with(COLLEGE_STAFF))

    def can(self, actor, action, achievement):
        return action in {CHANGE, ISSUE} and actor.has_role(achievement.issuer_id, COLLEGE_STAFF)

    def organisations(self, actor, action):
        return actor.organisations_with(COLLEGE_STAFF)


@register(Credential)
class CredentialPolicy(Policy):
    def scope(self, actor):
        return Q(learner__user_id=actor.user_id) | Q(
            issuer__in=actor.organisations_with(COLLEGE_STAFF)
        )

    def can(self, actor, action, credential):
        if action == CHANGE:
            return actor.has_role(credential.issuer_id, COLLEGE_STAFF)
        if action == SHARE:
            return credential.learner.user_id == actor.user_id
        return False


@register(CredentialEvidence)
class CredentialEvidencePolicy(Policy):
    def scope(self, actor):
        return Q(credential__learner__user_id=actor.user_id) | Q(
            credential__issuer__in=actor.organisations_with(COLLEGE_STAFF)
        )


@register(BroughtCredential)
class BroughtCredentialPolicy(Policy):
    def scope(self, actor):
        return _learner_scope(actor, "learner__")


@register(CreditEntry)
class CreditEntryPolicy(Policy):
    def scope(self, actor):
        return _learner_scope(actor, "learner__")


class _CollegeRows(Policy):
    """Rows a college keeps (its qualifications, its transfer rules): its staff see them, its
    coordinators and teachers change them."""

    def scope(self, actor):
        return Q(college__in=actor.organisations_with(COLLEGE_STAFF | {Role.LEARNER}))

    def can(self, actor, action, row):
        return action == CHANGE and actor.has_role(row.college_id, COLLEGE_STAFF)

    def organisations(self, actor, action):
        return actor.organisations_with(COLLEGE_STAFF)


@register(Qualification)
class QualificationPolicy(_CollegeRows):
    pass


@register(TransferRule)
class TransferRulePolicy(_CollegeRows):
    pass


@register(PriorLearningClaim)
class ClaimPolicy(Policy):
    def scope(self, actor):
        return _learner_scope(actor, "learner__")

    def can(self, actor, action, claim):
        if action == CHANGE:
            return claim.learner.user_id == actor.user_id and claim.open
        if action == ASSESS:
            return claim.learner.user_id != actor.user_id and actor.has_role(
                claim.learner.college_id, COLLEGE_STAFF
            )
        return False


@register(ClaimEvidence)
class ClaimEvidencePolicy(Policy):
    def scope(self, actor):
        return _learner_scope(actor, "claim__learner__")


@register(ClaimEvent)
class ClaimEventPolicy(Policy):
    def scope(self, actor):
        return _learner_scope(actor, "claim__learner__")


__all__ = ["ASSESS", "ISSUE", "SHARE"]
