from dovetail.core.permissions import COLLEGE_STAFF, actor_for


def navigation(request):
    actor = actor_for(getattr(request, "user", None))
    return {
        "show_learners_link": actor.is_superuser or bool(actor.organisations_with(COLLEGE_STAFF)),
        "show_my_placement_link": actor.is_learner,
    }
