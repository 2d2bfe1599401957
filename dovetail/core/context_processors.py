from dovetail.core.permissions import (
    ADMIN_ROLES,
    COLLEGE_STAFF,
    ENTERPRISE_MANAGERS,
    ENTERPRISE_STAFF,
    actor_for,
)


def navigation(request):
    actor = actor_for(getattr(request, "user", None))
    return {
        "show_learners_link": actor.is_superuser or bool(actor.organisations_with(COLLEGE_STAFF)),
        "show_my_placement_link": actor.is_learner,
        "show_diary_staff_links": bool(actor.organisations_with(COLLEGE_STAFF | ENTERPRISE_STAFF)),
        "show_cohort_link": bool(actor.organisations_with(COLLEGE_STAFF)),
        "show_training_link": bool(actor.organisations_with(ENTERPRISE_MANAGERS)),
        "show_lrs_clients_link": bool(actor.organisations_with(ADMIN_ROLES)),
        "show_demand_link": actor.is_superuser
        or bool(actor.organisations_with(COLLEGE_STAFF | ENTERPRISE_STAFF))
        or bool(actor.officer_region_ids),
        "show_governance_links": actor.is_superuser
        or bool(actor.organisations_with(COLLEGE_STAFF | ENTERPRISE_STAFF))
        or bool(actor.officer_region_ids),
        "show_gaps_link": actor.is_superuser
        or bool(actor.organisations_with(COLLEGE_STAFF))
        or bool(actor.officer_region_ids),
    }
