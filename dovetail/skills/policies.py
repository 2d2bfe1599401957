"""Taxonomies are public; demand is seen by its enterprise and the colleges and officers of its
region, and changed by the enterprise's HR and project managers; gap reports by the staff of
what they cover and the region's officers."""

from django.db.models import Q

from dovetail.core.models import Organisation, Region, Role
from dovetail.core.permissions import (
    CHANGE,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    NOTHING,
    Policy,
    define_action,
    register,
    scope_q,
)
from dovetail.curriculum.models import Programme
from dovetail.skills.models import Demand, DemandSkill, GapReport, Taxonomy


def _college_regions(actor) -> set[int]:
    colleges = actor.organisations_with(COLLEGE_STAFF)
    return set(Organisation.objects.filter(pk__in=colleges).values_list("region_id", flat=True))


@register(Demand)
class DemandPolicy(Policy):
    def scope(self, actor):
        regions = _college_regions(actor) | set(actor.officer_region_ids)
        q = Q(enterprise_id__in=actor.organisations_with(ENTERPRISE_STAFF))
        if regions:
            q |= Q(enterprise__region_id__in=regions)
        return q

    def organisations(self, actor, action):
        if action != CHANGE:
            return set()
        if actor.is_superuser:
            return set(
                Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE).values_list(
                    "pk", flat=True
                )
            )
        return actor.organisations_with(ENTERPRISE_MANAGERS)

    def can(self, actor, action, demand):
        return action == CHANGE and actor.has_role(demand.enterprise_id, ENTERPRISE_MANAGERS)


@register(DemandSkill)
class DemandSkillPolicy(Policy):
    # a demand's skills, and people's corrections of them, are seen with the demand
    def scope(self, actor):
        return Q(demand__in=Demand.objects.filter(scope_q(actor, Demand)))


@register(GapReport)
class GapReportPolicy(Policy):
    def scope(self, actor):
        colleges = actor.organisations_with(COLLEGE_STAFF)
        regions = _college_regions(actor) | set(actor.officer_region_ids)
        q = NOTHING
        if colleges:
            q |= Q(college_id__in=colleges)
        if regions:
            q |= Q(scope=GapReport.Scope.REGION, region_id__in=regions)
        if actor.officer_region_ids:
            q |= Q(region_id__in=actor.officer_region_ids)
        return q


MAP_TEXT = "map_text"
STAFF_ROLES = COLLEGE_STAFF | ENTERPRISE_STAFF | {Role.OFFICER}


@register(Taxonomy)
class TaxonomyPolicy(Policy):
    # Frameworks are published standards: anyone signed in may read them.
    def scope(self, actor):
        return Q()

    def can(self, actor, action, taxonomy):
        # Loading or changing a taxonomy (CHANGE) is for administrators alone, whom the
        # permission service lets through before any policy. Mapping text is heavy work,
        # offered to the people whose job needs it: staff of a college or an enterprise and
        # officers; not learners, whose texts are mapped for them.
        return action == MAP_TEXT and bool(actor.organisations_with(STAFF_ROLES))


# Who reports on skills gaps: a college's staff on the college and its programmes, an officer on
# their region and every college in it.
REPORT_GAPS = "report_gaps"


@define_action(Organisation, REPORT_GAPS)
def _reports_on_college(actor, college) -> bool:
    return college.kind == Organisation.Kind.COLLEGE and (
        actor.has_role(college.pk, COLLEGE_STAFF) or college.region_id in actor.officer_region_ids
    )


@define_action(Programme, REPORT_GAPS)
def _reports_on_programme(actor, programme) -> bool:
    return _reports_on_college(actor, programme.college)


@define_action(Region, REPORT_GAPS)
def _reports_on_region(actor, region) -> bool:
    return region.pk in actor.officer_region_ids
