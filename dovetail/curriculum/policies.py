"""Programmes and modules are public within Dovetail; their college's staff change them."""

from django.db.models import Q

from dovetail.core.models import Role
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    Policy,
    register,
)
from dovetail.curriculum.models import (
    AdjustmentProposal,
    EditionSeen,
    GraduatePlan,
    LearningOutcome,
    MaterialSection,
    Module,
    ModuleVersion,
    OutcomeSkill,
    Programme,
    ProposalComment,
    SectionRevision,
    TeachingStandard,
)
from dovetail.partnerships.services import partner_enterprises


@register(Programme)
class ProgrammePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, programme):
        return action == CHANGE and actor.has_role(programme.college_id, COLLEGE_STAFF)


@register(Module)
class ModulePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, module):
        return action == CHANGE and actor.has_role(module.programme.college_id, COLLEGE_STAFF)


@register(LearningOutcome)
class LearningOutcomePolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, outcome):
        college = outcome.module.programme.college_id
        return action == CHANGE and actor.has_role(college, COLLEGE_STAFF)


@register(OutcomeSkill)
class OutcomeSkillPolicy(Policy):
    # curricula are public, and so are the skills their outcomes teach
    def scope(self, actor):
        return Q()


@register(GraduatePlan)
class GraduatePlanPolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, plan):
        return action == CHANGE and actor.has_role(plan.programme.college_id, COLLEGE_STAFF)


DECIDE = "decide"
COMMITTEE = frozenset({Role.COORDINATOR})


@register(ModuleVersion)
class ModuleVersionPolicy(Policy):
    # a module's history is as public as the module
    def scope(self, actor):
        return Q()


def _proposal_scope(actor, prefix=""):
    return Q(**{f"{prefix}programme__college__in": actor.organisations_with(COLLEGE_STAFF)}) | Q(
        **{f"{prefix}requested_by__in": actor.organisations_with(ENTERPRISE_MANAGERS)}
    )


@register(AdjustmentProposal)
class AdjustmentProposalPolicy(Policy):
    """The college's staff draft, comment and submit; its coordinators (the teaching committee)
    decide. The enterprise that asked follows the proposal."""

    def scope(self, actor):
        return _proposal_scope(actor)

    def can(self, actor, action, proposal):
        college = proposal.programme.college_id
        if action == CHANGE:
            return actor.has_role(college, COLLEGE_STAFF)
        if action == DECIDE:
            return actor.has_role(college, COMMITTEE)
        return False


@register(ProposalComment)
class ProposalCommentPolicy(Policy):
    def scope(self, actor):
        return _proposal_scope(actor, "proposal__")


CONTRIBUTE = "contribute"


@register(MaterialSection)
class MaterialSectionPolicy(Policy):
    """Material is as public as its module. The college's staff write and revise it; a partner
    enterprise's staff contribute work-manual sections, which the teacher reviews."""

    def scope(self, actor):
        return Q()

    def can(self, actor, action, section):
        college = section.module.programme.college_id
        if action == CHANGE:
            return actor.has_role(college, COLLEGE_STAFF)
        if action == CONTRIBUTE:
            return bool(actor.organisations_with(ENTERPRISE_STAFF) & partner_enterprises(college))
        return False


@register(SectionRevision)
class SectionRevisionPolicy(Policy):
    def scope(self, actor):
        return (
            Q(status=SectionRevision.Status.PUBLISHED)
            | Q(section__module__programme__college__in=actor.organisations_with(COLLEGE_STAFF))
            | Q(author_id=actor.user_id)
        )


@register(EditionSeen)
class EditionSeenPolicy(Policy):
    def scope(self, actor):
        return Q(reader_id=actor.user_id)


@register(TeachingStandard)
class TeachingStandardPolicy(Policy):
    # a programme's standard is as public as the programme; its staff revise it
    def scope(self, actor):
        return Q()
