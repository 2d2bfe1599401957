"""The one gate for every "may this person see or do this" question.

Each domain app registers a :class:`Policy` per model in its ``policies.py``. A policy answers two
questions: which rows may an actor see (a ``Q`` filter, so lists stay one query) and may the actor
perform an action on one object. Other apps may add grants to a model's visibility (a mentor sees
the learners placed with them) without touching the owning app's policy. Pages, the API and the
CLI all call :func:`visible`, :func:`may`, :func:`require` and :func:`access`, never the policies.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from dovetail.core.models import Membership, Role

VIEW = "view"
CHANGE = "change"

NOTHING = Q(pk__in=[])

COLLEGE_STAFF = frozenset({Role.COORDINATOR, Role.TEACHER})
ENTERPRISE_STAFF = frozenset({Role.ENTERPRISE_HR, Role.PROJECT_MANAGER, Role.MENTOR})
ENTERPRISE_MANAGERS = frozenset({Role.ENTERPRISE_HR, Role.PROJECT_MANAGER})
# The role that administers each kind of organisation's own record and its members.
ADMIN_ROLES = frozenset({Role.COORDINATOR, Role.ENTERPRISE_HR, Role.OFFICER})


@dataclass(frozen=True)
class Actor:
    """Who is asking: a signed-in person with their roles per organisation."""

    user_id: int
    is_superuser: bool
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    officer_region_ids: frozenset[int] = frozenset()

    def organisations_with(self, roles) -> set[int]:
        return {org for org, held in self.roles.items() if held & roles}

    def has_role(self, organisation_id, roles) -> bool:
        return bool(self.roles.get(organisation_id, frozenset()) & roles)

    @property
    def is_learner(self) -> bool:
        return bool(self.organisations_with({Role.LEARNER}))


ANONYMOUS = Actor(user_id=0, is_superuser=False)


def actor_for(user) -> Actor:
    """The actor for a user, built with one query and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_dovetail_actor", None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    officer_regions = set()
    for org_id, role, region_id in Membership.objects.filter(user=user).values_list(
        "organisation_id", "role", "organisation__region_id"
    ):
        roles.setdefault(org_id, set()).add(role)
        if role == Role.OFFICER:
            officer_regions.add(region_id)
    actor = Actor(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        roles={org: frozenset(held) for org, held in roles.items()},
        officer_region_ids=frozenset(officer_regions),
    )
    user._dovetail_actor = actor
    return actor


class Policy:
    """Rules for one model. Subclasses override ``scope`` and ``can``."""

    def scope(self, actor: Actor) -> Q:
        return NOTHING

    def can(self, actor: Actor, action: str, obj) -> bool:
        return False

    def organisations(self, actor: Actor, action: str) -> set[int]:
        """The organisations in whose name the actor may do ``action`` on new rows (the
        enterprises they post offers for, the colleges they open rounds for)."""
        return set()


_policies: dict[type[Model], Policy] = {}
_grants: dict[type[Model], list[Callable[[Actor], Q]]] = {}
_actions: dict[tuple[type[Model], str], Callable[[Actor, Model], bool]] = {}


def register(model: type[Model]):
    def decorator(policy_class):
        _policies[model] = policy_class()
        return policy_class

    return decorator


def grant_visibility(model: type[Model], grant: Callable[[Actor], Q]):
    """Let another app widen who sees ``model`` rows (the union with the owner's scope)."""
    _grants.setdefault(model, []).append(grant)


def define_action(model: type[Model], action: str):
    """Let an app define an action on another app's model in its own ``policies.py`` (the
    records app decides who reads a placement's diary; the skills app who reports on a college)."""

    def decorator(rule: Callable[[Actor, Model], bool]):
        _actions[(model, action)] = rule
        return rule

    return decorator


def _policy(model) -> Policy:
    try:
        return _policies[model]
    except KeyError:
        raise LookupError(f"no access policy registered for {model.__name__}") from None


def scope_q(actor: Actor, model) -> Q:
    q = _policy(model).scope(actor)
    for grant in _grants.get(model, ()):
        q |= grant(actor)
    return q


def visible(user, queryset) -> QuerySet:
    """The rows of ``queryset`` (or a model) that ``user`` may see."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    actor = actor_for(user)
    if actor is ANONYMOUS:
        return queryset.none()
    if actor.is_superuser:
        return queryset
    return queryset.filter(scope_q(actor, queryset.model)).distinct()


def may(user, action: str, obj) -> bool:
    actor = actor_for(user)
    if actor is ANONYMOUS:
        return False
    if actor.is_superuser:
        return True
    model = type(obj)
    if action == VIEW:
        if obj.pk is None:
            return False
        return model._default_manager.filter(scope_q(actor, model), pk=obj.pk).exists()
    rule = _actions.get((model, action))
    if rule is not None:
        return rule(actor, obj)
    return _policy(model).can(actor, action, obj)


def require(user, action: str, obj) -> None:
    if not may(user, action, obj):
        raise PermissionDenied(f"You may not {action} this {type(obj)._meta.verbose_name}.")


def organisations_for(user, action: str, model) -> QuerySet:
    """The organisations in whose name ``user`` may do ``action`` on ``model`` rows."""
    from dovetail.core.models import Organisation

    actor = actor_for(user)
    if actor is ANONYMOUS:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=_policy(model).organisations(actor, action))


def access(user, model, pk, action: str = VIEW):
    """Fetch one object for ``user``: 404 if they may not see it, 403 if they may not act on it."""
    try:
        obj = visible(user, model).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {model._meta.verbose_name} {pk}.") from None
    if action != VIEW:
        require(user, action, obj)
    return obj
