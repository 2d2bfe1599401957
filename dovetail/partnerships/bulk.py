"""Partnerships' rows many at a time (see :mod:`dovetail.core.bulk`): zones, partnerships,
agreements with their default rules, clearances, conflict cases with their negotiation,
rules changed by a case, commitments with their deliveries, exchange appointments with their
outputs."""

from dovetail.core.bulk import insert, insert_nested
from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    Commitment,
    ConflictCase,
    ExchangeAppointment,
    ExchangeOutput,
    Fulfilment,
    NegotiationStep,
    ParticipationRule,
    Partnership,
    RuleVersion,
    TemporalPriorityRule,
    Zone,
)

AGREEMENT_KINDS = Agreement.Kind.choices

# The rule set a new agreement starts from; the partners then edit it.
DEFAULT_PARTICIPATION_RULES = [
    {"confidentiality_level": 0, "participation": "operate", "requires_clearance": False},
    {"confidentiality_level": 1, "participation": "assist", "requires_clearance": True},
    {
        "confidentiality_level": 2,
        "participation": "observe",
        "requires_clearance": True,
        "max_hours_per_week": 16,
    },
    {"confidentiality_level": 3, "participation": "none", "requires_clearance": True},
]
DEFAULT_TEMPORAL_RULES = [
    {"conflict_kind": "exam_period", "prevailing_party": "college", "rank": 1},
    {"conflict_kind": "project_deadline", "prevailing_party": "enterprise", "rank": 2},
    {"conflict_kind": "peak_season", "prevailing_party": "enterprise", "rank": 3},
    {"conflict_kind": "teaching_week", "prevailing_party": "negotiate", "rank": 4},
]


def add_zones(rows) -> list[Zone]:
    return insert(Zone, rows)


def add_partnerships(rows) -> list[Partnership]:
    return insert(Partnership, rows)


def add_agreements(rows) -> list[Agreement]:
    """Agreements, each starting from the default participation and temporal rules."""
    agreements = insert(Agreement, rows)
    add_default_rules(agreements)
    return agreements


def add_default_rules(agreements) -> None:
    insert(
        ParticipationRule,
        ({"agreement": a, **rule} for a in agreements for rule in DEFAULT_PARTICIPATION_RULES),
    )
    insert(
        TemporalPriorityRule,
        ({"agreement": a, **rule} for a in agreements for rule in DEFAULT_TEMPORAL_RULES),
    )


def add_clearances(rows) -> list[Clearance]:
    return insert(Clearance, rows)


def add_conflict_cases(rows) -> list[ConflictCase]:
    """Conflict cases, each row with its negotiation under ``steps`` (a list of step rows)."""
    return insert_nested(ConflictCase, rows, "steps", NegotiationStep, "case")


def embed_changed_rules(cases, agreement_of: dict[int, Agreement], *, conflict_kind: str, to: str):
    """Cases settled by changing a rule: the temporal rule for ``conflict_kind`` in the
    partnership's agreement now gives way to ``to``, in a new version that names the case. A
    rule changes once; a later such case in the same agreement was a marginal adjustment."""
    cases = [case for case in cases if case.outcome == ConflictCase.Outcome.CHANGED_RULE]
    rules = {
        rule.agreement_id: rule
        for rule in TemporalPriorityRule.objects.filter(
            agreement__in=[agreement_of[case.partnership_id] for case in cases],
            conflict_kind=conflict_kind,
        )
    }
    versions, adjusted, changed = [], [], []
    for case in cases:
        agreement = agreement_of[case.partnership_id]
        rule = rules.get(agreement.pk)
        if rule is None or rule.version > 1:
            case.outcome = ConflictCase.Outcome.MARGINAL_ADJUSTMENT
            adjusted.append(case)
            continue
        previous = {"prevailing_party": rule.prevailing_party, "rank": rule.rank}
        rule.prevailing_party, rule.version = to, 2
        changed.append(rule)
        versions.append(
            {
                "agreement": agreement,
                "kind": RuleVersion.Kind.TEMPORAL,
                "key": conflict_kind,
                "version": 2,
                "values": {"prevailing_party": to, "rank": rule.rank},
                "previous": previous,
                "source_case": case,
                "changed_by_id": case.settled_by_id,
            }
        )
    TemporalPriorityRule.objects.bulk_update(changed, ["prevailing_party", "version"])
    ConflictCase.objects.bulk_update(adjusted, ["outcome"], batch_size=2000)
    return insert(RuleVersion, versions)


def add_commitments(rows) -> list[Commitment]:
    """Commitments; a row may carry its delivery under ``delivered`` (a fulfilment row), which
    marks the commitment fulfilled on that day."""
    rows = list(rows)
    for row in rows:
        delivery = row.pop("delivered", None)
        row["deliveries"] = [delivery] if delivery else []
        if delivery:
            row.update(status=Commitment.Status.FULFILLED, fulfilled_on=delivery["delivered_on"])
    return insert_nested(Commitment, rows, "deliveries", Fulfilment, "commitment")


def add_exchanges(rows) -> list[ExchangeAppointment]:
    """Exchange appointments, each row with what it delivered under ``outputs``."""
    return insert_nested(ExchangeAppointment, rows, "outputs", ExchangeOutput, "appointment")
