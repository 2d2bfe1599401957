"""Partnerships, agreements and their interface rules, zones and clearances.

Interface rules are data on the agreement in force. :func:`participation_for` and
:func:`prevailing_party` are the only readers other apps use, so every page, round and plan
applies the same rules.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core import audit
from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.arrays import lookup, pair_keys
from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership, Organisation, Role
from dovetail.core.notifications import Message, notification_kind, reminder_source
from dovetail.core.permissions import CHANGE, access, actor_for, may, require, visible
from dovetail.partnerships import rules
from dovetail.partnerships.bulk import add_default_rules
from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    ConfidentialityLevel,
    ConfidentialTerm,
    ConflictCase,
    ParticipationRule,
    Partnership,
    TeachingCase,
    Zone,
)
from dovetail.partnerships.policies import AUTHOR, RAISE, sees_governance, staff_partnership_q

# -- partnerships and agreements ---------------------------------------------------------


def create_partnership(*, by, college: Organisation, enterprise: Organisation, started_on: date):
    if college.kind != Organisation.Kind.COLLEGE:
        raise ServiceError(_("%(name)s is not a college.") % {"name": college}, field="college")
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ServiceError(
            _("%(name)s is not an enterprise.") % {"name": enterprise}, field="enterprise"
        )
    partnership = Partnership(college=college, enterprise=enterprise, started_on=started_on)
    require(by, CHANGE, partnership)
    try:
        # atomic so the unique-pair violation does not poison the caller's transaction
        with transaction.atomic():
            partnership.save()
    except IntegrityError:
        raise ServiceError(
            _("These two organisations are already partners."), field="enterprise", code="exists"
        ) from None
    audit.record(by, "partnership.create", partnership)
    return partnership


@transaction.atomic
def create_agreement(
    partnership: Partnership,
    *,
    by,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    signed_on: date | None = None,
) -> Agreement:
    """A new agreement, with the default interface rules for the partners to edit."""
    require(by, CHANGE, partnership)
    if ends_on < starts_on:
        raise ServiceError(_("An agreement cannot end before it starts."), field="ends_on")
    if kind not in Agreement.Kind.values:
        raise ServiceError(_("Unknown agreement type %(kind)s.") % {"kind": kind}, field="kind")
    agreement = Agreement.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
    )
    add_default_rules([agreement])
    audit.record(by, "agreement.create", agreement)
    return agreement


def sign_agreement(agreement: Agreement, *, by, signed_on: date) -> Agreement:
    """Record the date both partners signed; from then the agreement's rules are in force."""
    require(by, CHANGE, agreement)
    if signed_on > agreement.ends_on:
        raise ServiceError(_("An agreement cannot be signed after it ends."), field="signed_on")
    changed = audit.apply_changes(agreement, {"signed_on": signed_on})
    if changed:
        agreement.save(update_fields=["signed_on", "updated_at"])
        audit.record(by, "agreement.sign", agreement, changed)
    return agreement


def update_interface_rules(
    agreement: Agreement, *, by, participation: dict[int, dict], temporal: dict[str, dict]
) -> Agreement:
    """Change what learners may do at each confidentiality level and whose timing prevails.

    ``participation`` maps a level to its fields (participation, requires_clearance,
    max_hours_per_week); ``temporal`` maps a conflict kind to (prevailing_party, rank).
    """
    require(by, CHANGE, agreement)
    cleaned = _cleaned_rules(rules.PARTICIPATION, participation, field="participation")
    cleaned += _cleaned_rules(rules.TEMPORAL, temporal, field="temporal")
    ranks = [fields["rank"] for fields in temporal.values()]
    if len(set(ranks)) != len(ranks):
        raise ServiceError(_("Each conflict needs its own priority."), field="temporal")
    # One transaction: a half-edited rule set would be enforced as if agreed.
    with transaction.atomic():
        agreement.temporal_rules.exclude(conflict_kind__in=temporal).delete()
        changes = {}
        for kind, key, values in cleaned:
            version = rules.write_rule(agreement, by=by, kind=kind, key=key, values=values)
            if version:
                label = f"level {key}" if kind == rules.PARTICIPATION else key
                changes[label] = rules.changed_fields(version)
        if changes:
            audit.record(by, "agreement.rules", agreement, changes)
    return agreement


def _cleaned_rules(kind: str, given: dict, *, field: str) -> list[tuple[str, str, dict]]:
    """Every rule of one kind checked before anything is written; a refusal names the rule
    set's field."""
    cleaned = []
    for key, fields in given.items():
        try:
            cleaned.append((kind, *rules.clean_rule(kind, str(key), fields)))
        except ServiceError as error:
            raise ServiceError(error.message, field=field) from None
    return cleaned


MAX_CONFIDENTIAL_TERMS = 200


def set_confidential_terms(agreement: Agreement, *, by, terms: list[str]) -> list[str]:
    """Name the parameters the agreement keeps confidential (a process, a product code, a
    customer); every teaching case redacts them and the values that follow them."""
    require(by, CHANGE, agreement)
    cleaned = list(dict.fromkeys(term.strip() for term in terms if term.strip()))
    too_long = next((term for term in cleaned if len(term) > 120), None)
    if too_long:
        raise ServiceError(
            _("“%(term)s…” is longer than 120 characters.") % {"term": too_long[:30]},
            field="terms",
        )
    if len(cleaned) > MAX_CONFIDENTIAL_TERMS:
        raise ServiceError(
            _("An agreement names at most %(limit)s confidential terms.")
            % {"limit": MAX_CONFIDENTIAL_TERMS},
            field="terms",
        )
    before = sorted(agreement.confidential_terms.values_list("term", flat=True))
    # one transaction: the list is replaced whole or not at all
    with transaction.atomic():
        agreement.confidential_terms.exclude(term__in=cleaned).delete()
        ConfidentialTerm.objects.bulk_create(
            [ConfidentialTerm(agreement=agreement, term=term) for term in cleaned],
            ignore_conflicts=True,
        )
        if before != sorted(cleaned):
            audit.record(
                by, "agreement.confidential_terms", agreement, {"terms": [before, cleaned]}
            )
    return cleaned


def agreement_in_force(partnership: Partnership, on: date) -> Agreement | None:
    return (
        partnership.agreements.filter(signed_on__isnull=False, starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on")
        .first()
    )


# -- interface rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationDecision:
    participation: str
    reason: str
    max_hours_per_week: int | None = None

    @property
    def allowed(self) -> bool:
        return self.participation != ParticipationRule.Participation.NONE


def participation_for(holder, zone: Zone, *, on: date) -> ParticipationDecision:
    """What ``holder`` may do in ``zone`` on day ``on``, under the agreement's interface rules."""
    return participation_decisions([(holder.pk, zone)], on=on)[(holder.pk, zone.pk)]


def participation_decisions(pairs, *, on: date) -> dict[tuple[int, int], ParticipationDecision]:
    """:func:`participation_for` for many (holder id, zone) pairs with a fixed number of queries."""
    pairs = list(pairs)
    holder_ids = {holder_id for holder_id, _ in pairs}
    colleges_of: dict[int, set[int]] = {}
    for user_id, college_id in Membership.objects.filter(
        user_id__in=holder_ids, organisation__kind=Organisation.Kind.COLLEGE
    ).values_list("user_id", "organisation_id"):
        colleges_of.setdefault(user_id, set()).add(college_id)
    partnerships, agreement_of, rules = _interface(
        set().union(*colleges_of.values()), {zone.enterprise_id for _, zone in pairs}, on
    )
    cleared: dict[tuple[int, int], int] = {}
    for holder_id, partnership_id, level in _clearances(holder_ids, partnerships, on):
        key = (holder_id, partnership_id)
        cleared[key] = max(level, cleared.get(key, 0))
    return {
        (holder_id, zone.pk): _decide(
            holder_id,
            zone,
            colleges_of.get(holder_id, ()),
            partnerships,
            agreement_of,
            rules,
            cleared,
        )
        for holder_id, zone in pairs
    }


def _interface(college_ids, enterprise_ids, on: date):
    """The active partnerships among these colleges and enterprises, the agreement in force of
    each, and those agreements' participation rules."""
    partnerships = {
        (p.college_id, p.enterprise_id): p.pk
        for p in Partnership.objects.filter(
            status=Partnership.Status.ACTIVE,
            enterprise_id__in=enterprise_ids,
            college_id__in=college_ids,
        )
    }
    agreement_of: dict[int, int] = {}
    for partnership_id, agreement_id in (
        Agreement.objects.filter(
            partnership_id__in=partnerships.values(),
            signed_on__isnull=False,
            starts_on__lte=on,
            ends_on__gte=on,
        )
        .order_by("partnership_id", "-starts_on")
        .values_list("partnership_id", "pk")
    ):
        agreement_of.setdefault(partnership_id, agreement_id)
    rules = {
        (rule.agreement_id, rule.confidentiality_level): rule
        for rule in ParticipationRule.objects.filter(agreement_id__in=agreement_of.values())
    }
    return partnerships, agreement_of, rules


def _clearances(holders, partnerships, on: date):
    """(holder id, partnership id, level) of every valid clearance; ``holders`` may be a
    queryset of user ids."""
    return Clearance.objects.filter(
        holder_id__in=holders,
        partnership_id__in=partnerships.values(),
        revoked=False,
        signed_on__lte=on,
        expires_on__gte=on,
    ).values_list("holder_id", "partnership_id", "level")


@dataclass(frozen=True)
class LearnerParticipation:
    """:func:`learner_participation`'s answer, one entry per (learner, zone) pair asked about."""

    allowed: np.ndarray  # bool
    reason: np.ndarray  # index into ``reasons``
    reasons: list[str]


def learner_participation(
    colleges: np.ndarray,
    holders: np.ndarray,
    zones: list[Zone],
    zone_of: np.ndarray,
    *,
    on: date,
    holder_query=None,
) -> LearnerParticipation:
    """The same rules as :func:`participation_decisions`, for millions of learner–zone pairs: a
    learner's college is the one given (their learner profile's). The rules read only the
    partnership between the college and the zone's enterprise and the zone's level, so each kind
    of pair is decided twice, without and with a clearance at that level, and each pair takes
    the answer its holder's clearance earns. Arrays run in parallel, one item a pair;
    ``holder_query`` (a queryset of the holders' user ids) saves sending them all back."""
    n = len(holders)
    if n == 0:
        return LearnerParticipation(np.zeros(0, bool), np.zeros(0, np.int64), [])
    colleges = colleges.astype(np.int64)
    enterprise = np.array([zone.enterprise_id for zone in zones], dtype=np.int64)[zone_of]
    zone_level = np.array([zone.confidentiality_level for zone in zones], dtype=np.int64)
    partnerships, agreement_of, rules = _interface(
        set(np.unique(colleges).tolist()), set(np.unique(enterprise).tolist()), on
    )
    # each pair's partnership (-1: none), found by its (college, enterprise) key
    partnership_of = lookup(
        pair_keys([c for c, _ in partnerships], [e for _, e in partnerships]),
        list(partnerships.values()),
        pair_keys(colleges, enterprise),
        missing=-1,
    )
    # the rules read the partnership and the zone's level only: decide each such kind once
    kinds, first, combo_of = np.unique(
        (partnership_of + 1) * 16 + zone_level[zone_of], return_index=True, return_inverse=True
    )
    reasons: dict[str, int] = {}
    decided = np.zeros((len(kinds), 2), dtype=bool)
    reason = np.zeros((len(kinds), 2), dtype=np.int64)
    for c, entry in enumerate(first.tolist()):
        zone, partnership = zones[zone_of[entry]], int(partnership_of[entry])
        college = int(colleges[entry])
        for cleared, levels in enumerate(({}, {(0, partnership): zone.confidentiality_level})):
            decision = _decide(0, zone, {college}, partnerships, agreement_of, rules, levels)
            decided[c, cleared] = decision.allowed
            reason[c, cleared] = reasons.setdefault(decision.reason, len(reasons))
    # each holder's clearance level at the partnership of the pair, -1 where none
    holders_wanted = holder_query if holder_query is not None else np.unique(holders).tolist()
    held = np.array(list(_clearances(holders_wanted, partnerships, on)), np.int64).reshape(-1, 3)
    level = lookup(
        pair_keys(held[:, 0], held[:, 1]),
        held[:, 2],
        pair_keys(holders, partnership_of),
        missing=-1,
    )
    cleared = (level >= zone_level[zone_of]).astype(np.int64)
    return LearnerParticipation(
        decided[combo_of, cleared], reason[combo_of, cleared], list(reasons)
    )


def _decide(holder_id, zone, colleges, partnerships, agreement_of, rules, cleared):
    none = ParticipationRule.Participation.NONE
    best = ParticipationDecision(none, _("No active partnership with this enterprise."))
    for college_id in sorted(colleges):
        partnership_id = partnerships.get((college_id, zone.enterprise_id))
        if partnership_id is None:
            continue
        agreement_id = agreement_of.get(partnership_id)
        if agreement_id is None:
            best = ParticipationDecision(none, _("No signed agreement is in force."))
            continue
        rule = rules.get((agreement_id, zone.confidentiality_level))
        if rule is None or rule.participation == none:
            return ParticipationDecision(
                none, _("The agreement admits no learners at this confidentiality level.")
            )
        level = cleared.get((holder_id, partnership_id), -1)
        if rule.requires_clearance and level < zone.confidentiality_level:
            best = ParticipationDecision(
                none,
                _("A valid confidentiality agreement at level %(level)s or above is required.")
                % {"level": zone.get_confidentiality_level_display()},
            )
            continue
        return ParticipationDecision(
            rule.participation, _("Allowed by the agreement in force."), rule.max_hours_per_week
        )
    return best


def prevailing_party(partnership: Partnership, conflict_kind: str, *, on: date):
    """Whose timing wins in a conflict of this kind, and its rank; None when no rule covers it."""
    agreement = agreement_in_force(partnership, on)
    if agreement is None:
        return None
    rule = agreement.temporal_rules.filter(conflict_kind=conflict_kind).first()
    return (rule.prevailing_party, rule.rank) if rule else None


# -- zones -------------------------------------------------------------------------------

ZONE_FIELDS = ("name", "name_zh", "kind", "confidentiality_level", "description", "capacity")


def _check_zone(zone: Zone):
    if zone.confidentiality_level not in ConfidentialityLevel.values:
        raise ServiceError(_("Unknown confidentiality level."), field="confidentiality_level")
    if zone.kind == Zone.Kind.RESTRICTED and zone.confidentiality_level < 2:
        raise ServiceError(
            _("A restricted zone must be confidential or restricted."),
            field="confidentiality_level",
        )
    if not zone.name.strip():
        raise ServiceError(_("A zone needs a name."), field="name")


def create_zone(*, by, enterprise: Organisation, **fields) -> Zone:
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ServiceError(_("Only enterprises have zones."), field="enterprise")
    zone = Zone(enterprise=enterprise, **{k: v for k, v in fields.items() if k in ZONE_FIELDS})
    require(by, CHANGE, zone)
    _check_zone(zone)
    zone.save()
    audit.record(by, "zone.create", zone)
    return zone


def update_zone(zone: Zone, *, by, **fields) -> Zone:
    require(by, CHANGE, zone)
    changed = audit.apply_changes(zone, {k: v for k, v in fields.items() if k in ZONE_FIELDS})
    if not changed:
        return zone
    _check_zone(zone)
    zone.save(update_fields=[*changed, "updated_at"])
    audit.record(by, "zone.update", zone, changed)
    return zone


# -- clearances --------------------------------------------------------------------------


def record_clearance(
    *, by, holder, partnership: Partnership, level: int, signed_on: date, expires_on: date
) -> Clearance:
    """Record a signed confidentiality agreement for a member of the partnership's college."""
    clearance = Clearance(
        holder=holder,
        partnership=partnership,
        level=level,
        signed_on=signed_on,
        expires_on=expires_on,
    )
    require(by, CHANGE, clearance)
    if not Membership.objects.filter(user=holder, organisation=partnership.college).exists():
        raise ServiceError(
            _("%(person)s does not belong to %(college)s.")
            % {"person": holder, "college": partnership.college},
            field="holder",
        )
    if level not in ConfidentialityLevel.values or level == ConfidentialityLevel.OPEN:
        raise ServiceError(_("A clearance covers a level from internal upwards."), field="level")
    if expires_on < signed_on:
        raise ServiceError(_("A clearance cannot expire before it is signed."), field="expires_on")
    clearance.save()
    audit.record(by, "clearance.create", clearance)
    return clearance


def revoke_clearance(clearance: Clearance, *, by) -> Clearance:
    require(by, CHANGE, clearance)
    if clearance.revoked:
        return clearance
    clearance.revoked = True
    clearance.save(update_fields=["revoked", "updated_at"])
    audit.record(by, "clearance.revoke", clearance, {"revoked": [False, True]})
    return clearance


# -- what people have to do today -------------------------------------------------------


RENEWAL_WINDOW = timedelta(days=60)
CLEARANCE_WINDOW = timedelta(days=30)


CLEARANCE_LAPSING = notification_kind(
    "clearance_lapsing",
    gettext_lazy("Clearances about to lapse"),
    gettext_lazy(
        "A confidentiality clearance (yours, or a learner's at your college) lapses within "
        "30 days; without a new one, restricted zones and material close."
    ),
)
LAPSING_WITHIN = timedelta(days=30)


@reminder_source
def lapsing_clearances(today: date) -> list[Message]:
    """Each clearance lapsing within 30 days, told once to its holder and the college's
    coordinators."""
    lapsing = Clearance.objects.filter(
        revoked=False, expires_on__gte=today, expires_on__lte=today + LAPSING_WITHIN
    ).select_related("partnership__college", "partnership__enterprise", "holder")
    coordinators: dict[int, list[int]] = {}
    messages = []
    for clearance in lapsing:
        college = clearance.partnership.college_id
        if college not in coordinators:
            coordinators[college] = list(
                Membership.objects.filter(
                    organisation_id=college, role=Role.COORDINATOR
                ).values_list("user_id", flat=True)
            )
        messages.append(
            Message(
                CLEARANCE_LAPSING,
                [clearance.holder_id, *coordinators[college]],
                "partnerships/mail/clearance_lapsing.txt",
                {
                    "holder": str(clearance.holder),
                    "enterprise": clearance.partnership.enterprise.name,
                    "level": clearance.get_level_display(),
                    "expires_on": clearance.expires_on.isoformat(),
                },
                reverse("partnerships:detail", args=[clearance.partnership_id]),
                key=f"clearance:{clearance.pk}:{clearance.expires_on.isoformat()}",
            )
        )
    return messages


@agenda_source
def agenda_for(user, *, today: date, limit: int = 8) -> list[AgendaItem]:
    """Agreements to renew or sign and clearances about to lapse, as the user may see them."""
    items = []
    agreements = visible(user, Agreement).select_related("partnership__enterprise")
    for agreement in agreements.filter(
        signed_on__isnull=False, ends_on__gte=today, ends_on__lte=today + RENEWAL_WINDOW
    ).order_by("ends_on")[:limit]:
        items.append(
            AgendaItem(
                title=_("Renew agreement"),
                detail=agreement.title,
                url=reverse("partnerships:detail", args=[agreement.partnership_id]),
                due=agreement.ends_on,
                urgent=agreement.ends_on - today < timedelta(days=14),
            )
        )
    for agreement in agreements.filter(signed_on__isnull=True).order_by("starts_on")[:limit]:
        items.append(
            AgendaItem(
                title=_("Agreement awaiting signature"),
                detail=agreement.title,
                url=reverse("partnerships:detail", args=[agreement.partnership_id]),
                due=agreement.starts_on,
            )
        )
    clearances = visible(user, Clearance).select_related("holder", "partnership__enterprise")
    for clearance in clearances.filter(
        revoked=False, expires_on__gte=today, expires_on__lte=today + CLEARANCE_WINDOW
    ).order_by("expires_on")[:limit]:
        items.append(
            AgendaItem(
                title=_("Confidentiality agreement expires"),
                detail=f"{clearance.holder} · {clearance.partnership.enterprise}",
                url=reverse("partnerships:detail", args=[clearance.partnership_id]),
                due=clearance.expires_on,
                urgent=clearance.expires_on - today < timedelta(days=7),
            )
        )
    return items


def partnership_rows(user, *, search: str = ""):
    partnerships = visible(user, Partnership).select_related("college", "enterprise")
    if search:
        partnerships = partnerships.filter(
            Q(college__name__icontains=search)
            | Q(college__name_zh__icontains=search)
            | Q(enterprise__name__icontains=search)
            | Q(enterprise__name_zh__icontains=search)
        )
    return partnerships


def partnership_detail(user, partnership: Partnership, *, today: date) -> dict:
    """What the partnership page shows, each part filtered by what the user may see."""
    return {
        "partnership": partnership,
        "agreement_in_force": agreement_in_force(partnership, today),
        "agreements": visible(user, partnership.agreements.all()).prefetch_related(
            "participation_rules",
            "temporal_rules",
            "rule_versions__source_case",
            "confidential_terms",
        ),
        "zones": visible(user, Zone.objects.filter(enterprise=partnership.enterprise)),
        "clearances": visible(user, partnership.clearances.all()).select_related("holder")[:200],
        "can_change": may(user, CHANGE, partnership),
        "may_raise": may(user, RAISE, ConflictCase(partnership=partnership)),
        "may_author": may(user, AUTHOR, TeachingCase(partnership=partnership)),
        "sees_governance": sees_governance(actor_for(user), partnership),
    }


def governed_partnerships(user):
    """The partnerships whose governance the user sees: as staff of either partner or as an
    officer of the college's region (learners see none)."""
    actor = actor_for(user)
    partnerships = visible(user, Partnership)
    if actor.is_superuser:
        return partnerships
    return partnerships.filter(staff_partnership_q(actor))


def access_governed(user, partnership_id) -> Partnership:
    """A partnership whose governance the user sees (404 otherwise, learners included)."""
    try:
        return governed_partnerships(user).get(pk=partnership_id)
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No partnership {partnership_id}.") from None


def partnerships_of(user, organisation: Organisation):
    return partnership_rows(user).filter(Q(college=organisation) | Q(enterprise=organisation))


def zones_of(user, organisation: Organisation):
    return visible(user, Zone.objects.filter(enterprise=organisation))


def enterprise_panel(user, organisations, *, today: date) -> dict:
    """Zones the user may see at the enterprises they work for or are cleared with."""
    zones = visible(user, Zone).select_related("enterprise")
    clearances = (
        visible(user, Clearance.objects.filter(holder=user))
        .select_related("partnership__enterprise")
        .order_by("-expires_on")
    )
    return {
        "zones": zones.filter(enterprise__in=[o.pk for o in organisations])
        | zones.filter(enterprise__enterprise_partnerships__clearances__holder=user),
        "clearances": [(c, c.is_valid(today)) for c in clearances],
    }


def region_panel(user, *, today: date) -> dict:
    """For an officer: partnerships and agreements in force across their region, by type."""
    partnerships = visible(user, Partnership)
    in_force = visible(user, Agreement).filter(
        signed_on__isnull=False, starts_on__lte=today, ends_on__gte=today
    )
    by_kind = {label: 0 for label in Agreement.Kind.labels}
    for kind in in_force.values_list("kind", flat=True):
        by_kind[Agreement.Kind(kind).label] += 1
    return {
        "partnerships": partnerships.count(),
        "colleges": partnerships.values("college").distinct().count(),
        "enterprises": partnerships.values("enterprise").distinct().count(),
        "agreements_in_force": in_force.count(),
        "by_kind": by_kind,
        "without_agreement": partnerships.exclude(pk__in=in_force.values("partnership")).count(),
    }


def access_enterprise(user, enterprise_id) -> Organisation:
    """An enterprise whose zones the user may manage (404 if unseen, 403 if not theirs)."""
    enterprise = access(user, Organisation, enterprise_id)
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ServiceError(_("Only enterprises have zones."), field="enterprise")
    require(user, CHANGE, Zone(enterprise=enterprise, confidentiality_level=0))
    return enterprise


def partner_enterprises(college_id: int) -> set[int]:
    """The enterprises a college has a partnership with."""
    return set(
        Partnership.objects.filter(college_id=college_id).values_list("enterprise_id", flat=True)
    )
