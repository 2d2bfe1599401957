"""Conflict cases: a trigger, negotiation steps, and an outcome that may embed a new rule.

An outcome that is an interface rule is written into the agreement in force as a new version
of the rule (see :mod:`dovetail.partnerships.rules`), so the permission and scheduling
services enforce it from that moment.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import actor_for, may, require, visible
from dovetail.partnerships import rules
from dovetail.partnerships.models import (
    ConflictCase,
    InstitutionalLogic,
    NegotiationStep,
    Partnership,
    Side,
)
from dovetail.partnerships.policies import ESCALATE, NEGOTIATE, RAISE, SETTLE
from dovetail.partnerships.services import agreement_in_force

Outcome = ConflictCase.Outcome
RULE_OUTCOMES = {Outcome.NEW_RULE, Outcome.CHANGED_RULE}
# An escalated case waiting longer than this is urgent on the mediator's agenda.
MEDIATION_WAIT = timedelta(days=14)


def raise_conflict(
    partnership: Partnership,
    *,
    by,
    title: str,
    trigger: str,
    description: str,
    dimensions: list[str],
    raised_on: date,
) -> ConflictCase:
    case = ConflictCase(
        partnership=partnership,
        title=title.strip(),
        trigger=trigger,
        description=description.strip(),
        dimensions=list(dict.fromkeys(dimensions)),
        raised_by=by,
        raised_on=raised_on,
    )
    require(by, RAISE, case)
    if not case.title:
        raise ServiceError(_("A conflict needs a title."), field="title")
    if trigger not in ConflictCase.Trigger.values:
        raise ServiceError(_("Unknown trigger."), field="trigger")
    if not case.dimensions:
        raise ServiceError(
            _("Code the conflict by at least one institutional-logic dimension."),
            field="dimensions",
        )
    unknown = [code for code in case.dimensions if code not in InstitutionalLogic.values]
    if unknown:
        raise ServiceError(
            _("Unknown dimension %(code)s.") % {"code": unknown[0]}, field="dimensions"
        )
    actor = actor_for(by)
    case.raised_by_side = Side.COLLEGE if partnership.college_id in actor.roles else Side.ENTERPRISE
    case.save()
    audit.record(by, "conflict.raise", case)
    return case


def _refuse_settled(case: ConflictCase):
    if case.is_settled:
        raise ServiceError(_("This conflict is already settled."), code="settled")


def add_step(case: ConflictCase, *, by, strategy: str, note: str, taken_on: date):
    """Record a move in the negotiation: who proposed or agreed what, by which strategy."""
    require(by, NEGOTIATE, case)
    _refuse_settled(case)
    if strategy not in NegotiationStep.Strategy.values:
        raise ServiceError(_("Unknown strategy."), field="strategy")
    if not note.strip():
        raise ServiceError(_("Say what was proposed or agreed."), field="note")
    if taken_on < case.raised_on:
        raise ServiceError(
            _("A step cannot come before the conflict was raised (%(day)s).")
            % {"day": case.raised_on},
            field="taken_on",
        )
    step = NegotiationStep.objects.create(
        case=case,
        party=_party(by, case),
        strategy=strategy,
        note=note.strip(),
        taken_on=taken_on,
        by=by,
    )
    if case.status == ConflictCase.Status.OPEN:
        case.status = ConflictCase.Status.NEGOTIATING
        case.save(update_fields=["status", "updated_at"])
    audit.record(by, "conflict.step", case, {"strategy": [None, strategy]})
    return step


def _party(user, case: ConflictCase) -> str:
    roles = actor_for(user).roles
    if case.partnership.college_id in roles:
        return NegotiationStep.Party.COLLEGE
    if case.partnership.enterprise_id in roles:
        return NegotiationStep.Party.ENTERPRISE
    return NegotiationStep.Party.MEDIATOR


def escalate(case: ConflictCase, *, by, on: date) -> ConflictCase:
    """Hand the case to the region's mediator, who may then propose and settle."""
    require(by, ESCALATE, case)
    _refuse_settled(case)
    if case.status == ConflictCase.Status.ESCALATED:
        return case
    changed = audit.apply_changes(
        case, {"status": ConflictCase.Status.ESCALATED, "escalated_on": on}
    )
    case.save(update_fields=["status", "escalated_on", "updated_at"])
    audit.record(by, "conflict.escalate", case, changed)
    return case


@dataclass(frozen=True)
class ProposedRule:
    """The interface rule a settlement writes into the agreement in force."""

    kind: str
    key: str
    values: dict


def settle(
    case: ConflictCase,
    *,
    by,
    outcome: str,
    settlement: str,
    on: date,
    rule: ProposedRule | None = None,
    boundary: str = "",
) -> ConflictCase:
    """Close the case with its outcome. A rule outcome becomes a new version of the rule in
    the agreement in force; a rule that contradicts one in force is refused, naming both."""
    require(by, SETTLE, case)
    _refuse_settled(case)
    if outcome not in Outcome.values:
        raise ServiceError(_("Unknown outcome."), field="outcome")
    if not settlement.strip():
        raise ServiceError(_("Describe the settlement."), field="settlement")
    if outcome == Outcome.ACCEPTED_CONTRADICTION and not boundary.strip():
        raise ServiceError(
            _("An accepted contradiction needs the boundary both sides agreed to keep."),
            field="boundary",
        )
    if on < case.raised_on:
        raise ServiceError(_("A case cannot be settled before it was raised."), field="settled_on")
    # One transaction: the case closes with its rule or not at all.
    with transaction.atomic():
        if outcome in RULE_OUTCOMES:
            _embed_rule(case, by=by, rule=rule, on=on, replacing=outcome == Outcome.CHANGED_RULE)
        changed = audit.apply_changes(
            case,
            {
                "status": ConflictCase.Status.SETTLED,
                "outcome": outcome,
                "settlement": settlement.strip(),
                "boundary": boundary.strip(),
                "settled_by": by,
                "settled_on": on,
            },
        )
        case.save()
        audit.record(by, "conflict.settle", case, changed)
    return case


def _embed_rule(case, *, by, rule: ProposedRule | None, on: date, replacing: bool):
    if rule is None:
        raise ServiceError(_("Give the interface rule the settlement makes."), field="rule_kind")
    agreement = agreement_in_force(case.partnership, on)
    if agreement is None:
        raise ServiceError(
            _("No signed agreement is in force on %(day)s to carry the rule.") % {"day": on},
            field="rule_kind",
        )
    key, values = rules.clean_rule(rule.kind, rule.key, rule.values)
    rules.refuse_contradiction(agreement, rule.kind, key, values, replacing=replacing)
    version = rules.write_rule(
        agreement, by=by, kind=rule.kind, key=key, values=values, source_case=case
    )
    if version is None:
        raise ServiceError(
            _("The agreement in force already has this rule; settle as a marginal adjustment."),
            field="rule",
            code="contradiction",
        )
    audit.record(by, "agreement.rules", agreement, {key: rules.changed_fields(version)})


# -- reading ------------------------------------------------------------------------------


def case_rows(user, *, partnership=None, college=None, status: str = ""):
    cases = visible(user, ConflictCase).select_related(
        "partnership__college", "partnership__enterprise"
    )
    if partnership is not None:
        cases = cases.filter(partnership=partnership)
    if college is not None:
        cases = cases.filter(partnership__college=college)
    if status:
        cases = cases.filter(status=status)
    return cases


def case_detail(user, case: ConflictCase) -> dict:
    return {
        "case": case,
        "steps": case.steps.select_related("by"),
        "rule_versions": case.rule_versions.select_related("agreement"),
        "may_negotiate": may(user, NEGOTIATE, case) and not case.is_settled,
        "may_escalate": may(user, ESCALATE, case)
        and case.status in (ConflictCase.Status.OPEN, ConflictCase.Status.NEGOTIATING),
        "may_settle": may(user, SETTLE, case) and not case.is_settled,
    }


@dataclass(frozen=True)
class Flow:
    """How many cases went from a trigger through a strategy to an outcome."""

    trigger: str
    strategy: str
    outcome: str
    count: int


NO_STRATEGY = "none"
OPEN_OUTCOME = "open"


def conflict_flows(cases) -> list[Flow]:
    """Each case counted once: its trigger, the strategy of its last negotiation step (the one
    that settled it), and its outcome (open while unsettled)."""
    cases = list(cases.values_list("pk", "trigger", "outcome"))
    last_strategy = {}
    for case_id, strategy in (
        NegotiationStep.objects.filter(case_id__in=[row[0] for row in cases])
        .order_by("case_id", "taken_on", "pk")
        .values_list("case_id", "strategy")
    ):
        last_strategy[case_id] = strategy
    counts = Counter(
        (trigger, last_strategy.get(pk, NO_STRATEGY), outcome or OPEN_OUTCOME)
        for pk, trigger, outcome in cases
    )
    return [Flow(*key, count) for key, count in sorted(counts.items())]


def flow_labels() -> dict[str, dict[str, str]]:
    """Words for every node of the conflict flow, by column."""
    return {
        "trigger": dict(ConflictCase.Trigger.choices),
        "strategy": {
            **dict(NegotiationStep.Strategy.choices),
            NO_STRATEGY: _("No negotiation yet"),
        },
        "outcome": {**dict(ConflictCase.Outcome.choices), OPEN_OUTCOME: _("Still open")},
    }


def recurring_triggers(user, *, limit: int = 5):
    """The triggers that come back most often across what the user sees, with how many
    partnerships they touch: where policy support is needed."""
    rows = Counter()
    partnerships: dict[str, set[int]] = {}
    for trigger, partnership_id in case_rows(user).values_list("trigger", "partnership_id"):
        rows[trigger] += 1
        partnerships.setdefault(trigger, set()).add(partnership_id)
    return [
        (ConflictCase.Trigger(trigger).label, count, len(partnerships[trigger]))
        for trigger, count in rows.most_common(limit)
    ]


@agenda_source
def agenda_for(user, *, today: date, limit: int = 8) -> list[AgendaItem]:
    """Cases escalated to an officer's region, waiting for their mediation."""
    regions = actor_for(user).officer_region_ids
    if not regions:
        return []
    escalated = case_rows(user, status=ConflictCase.Status.ESCALATED).filter(
        partnership__college__region__in=regions
    )
    return [
        AgendaItem(
            title=_("Conflict to mediate"),
            detail=f"{case.title} · {case.partnership}",
            url=reverse("partnerships:conflict", args=[case.pk]),
            due=case.escalated_on,
            urgent=case.escalated_on is not None and today - case.escalated_on > MEDIATION_WAIT,
        )
        for case in escalated.order_by("escalated_on")[:limit]
    ]


def settled_into_rules_or_adjustments() -> Q:
    return Q(
        status=ConflictCase.Status.SETTLED,
        outcome__in=[*RULE_OUTCOMES, Outcome.MARGINAL_ADJUSTMENT],
    )
