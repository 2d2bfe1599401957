"""Governance in the demo region: conflict cases with their negotiation and outcomes (some
embedded as new rule versions), commitments with deliveries, exchange appointments and a
published teaching case, so the conflict flow and the depth index have evidence to show."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

from dovetail.core.models import Role
from dovetail.partnerships import bulk as partnerships_bulk
from dovetail.partnerships import case_library
from dovetail.partnerships.services import agreement_in_force, set_confidential_terms

# trigger: (title, what happened, dimensions, strategies tried)
CONFLICTS = {
    "project_focus_change": (
        "Project switched to a new product line mid-term",
        "The enterprise moved the order-class project to a new product line in week 6; the "
        "module's assessment no longer matches the work.",
        ["temporal_horizon", "attention"],
        ["discourse_reconstruction", "rule_adaptation"],
    ),
    "confidentiality_refusal": (
        "Learners refused entry to the assembly line",
        "A client contract closed line 2 to outsiders, including learners already placed there.",
        ["normative_requirement", "legitimacy"],
        ["situational_exemption", "rule_adaptation"],
    ),
    "customised_course": (
        "Enterprise asks for a customised PLC course",
        "The enterprise wants its own PLC platform taught instead of the national standard one.",
        ["identity", "authority"],
        ["resource_exchange", "discourse_reconstruction"],
    ),
    "schedule_clash": (
        "Peak season overlaps the exam weeks",
        "The enterprise's peak season runs into the college's exam weeks in January.",
        ["temporal_horizon", "resource_dependency"],
        ["rule_adaptation", "resource_exchange"],
    ),
    "resource_shortfall": (
        "Promised training equipment has not arrived",
        "The two CNC machines promised for the on-campus base are three months late.",
        ["resource_dependency", "legitimacy"],
        ["resource_exchange"],
    ),
    "assessment_dispute": (
        "Mentor and teacher disagree on pass marks",
        "Mentors rate practical work far higher than teachers; six learners' grades differ by "
        "more than one level.",
        ["authority", "normative_requirement"],
        ["discourse_reconstruction"],
    ),
}
OUTCOMES = [
    "changed_rule",
    "marginal_adjustment",
    "marginal_adjustment",
    "accepted_contradiction",
    "unresolved",
    "",
    "",
]
COMMITMENTS = [
    ("enterprise", "mentor_hours", "Mentoring for placed learners", "Order-class seats", 60),
    ("enterprise", "equipment", "CNC machines for the on-campus base", "Priority in hiring", 2),
    ("enterprise", "scholarship", "Scholarships for order-class learners", "Order-class seats", 5),
    ("college", "order_class_seats", "Order-class seats reserved", "Equipment and mentors", 30),
    ("college", "research_support", "Help with a provincial research application", "Data", 1),
    ("enterprise", "peak_season_placements", "Placements during peak season", "Extra hands", 8),
]


def build_governance(builder, partnerships, agreements):
    """Governance rows for every partnership with a signed agreement."""
    rng, today = builder.rng, builder.today
    partnerships = [p for group in partnerships.values() for p in group]
    agreement_of = {a.partnership_id: a for a in agreements if a.signed_on is not None}
    staff = builder.staff
    cases, commitments, exchanges = [], [], []
    for partnership in partnerships:
        agreement = agreement_of.get(partnership.pk)
        coordinator = staff.get((partnership.college_id, Role.COORDINATOR), [None])[0]
        hr = staff.get((partnership.enterprise_id, Role.ENTERPRISE_HR), [None])[0]
        if agreement is None or coordinator is None or hr is None:
            continue
        for trigger in rng.sample(sorted(CONFLICTS), k=rng.randint(1, 3)):
            cases.append(_case(builder, partnership, trigger, coordinator, hr))
        commitments += _commitments(builder, partnership, agreement, hr)
        managers = staff.get((partnership.enterprise_id, Role.PROJECT_MANAGER))
        if managers and rng.random() < 0.5:
            starts = max(agreement.starts_on, today - timedelta(days=rng.randint(60, 300)))
            exchanges.append(
                {
                    "partnership": partnership,
                    "kind": "industry_professor",
                    "person_id": managers[0],
                    "terms": "Teaches one practical module a term; two hours a week.",
                    "starts_on": starts,
                    "ends_on": starts + timedelta(days=365),
                    "hours_committed": rng.choice((40, 60, 80)),
                }
            )
    created = builder._bulk(partnerships_bulk.add_conflict_cases, cases)
    # teaching weeks, once negotiated case by case, now go to the college
    embed = partial(
        partnerships_bulk.embed_changed_rules,
        agreement_of=agreement_of,
        conflict_kind="teaching_week",
        to="college",
    )
    builder._bulk(embed, created)
    _deliver(builder, commitments, agreement_of)
    builder._bulk(partnerships_bulk.add_commitments, commitments)
    _outputs(builder, exchanges)
    builder._bulk(partnerships_bulk.add_exchanges, exchanges)


def _case(builder, partnership, trigger, coordinator, hr) -> dict:
    rng, today = builder.rng, builder.today
    title, description, dimensions, strategies = CONFLICTS[trigger]
    raised = today - timedelta(days=rng.randint(10, 400))
    outcome = rng.choice(OUTCOMES)
    tried = strategies[: rng.randint(1, len(strategies))] if outcome or rng.random() < 0.6 else []
    steps = [
        {
            "party": "college" if n % 2 else "enterprise",
            "strategy": strategy,
            "note": f"Proposed: {strategy.replace('_', ' ')}.",
            "taken_on": raised + timedelta(days=3 + 4 * n),
            "by_id": coordinator if n % 2 else hr,
        }
        for n, strategy in enumerate(tried)
    ]
    settled = raised + timedelta(days=5 + 4 * len(tried)) if outcome else None
    return {
        "partnership": partnership,
        "title": title,
        "trigger": trigger,
        "description": description,
        "dimensions": dimensions,
        "raised_by_id": coordinator if rng.random() < 0.5 else hr,
        "raised_by_side": "college" if rng.random() < 0.5 else "enterprise",
        "raised_on": raised,
        "status": "settled" if outcome else "negotiating" if tried else "open",
        "outcome": outcome,
        "settlement": "Agreed at the partnership committee." if outcome else "",
        "boundary": "Line 2 stays closed; learners observe from the gallery."
        if outcome == "accepted_contradiction"
        else "",
        "settled_by_id": hr if outcome else None,
        "settled_on": min(settled, today) if settled else None,
        "steps": steps,
    }


def _commitments(builder, partnership, agreement, hr) -> list[dict]:
    rng, today = builder.rng, builder.today
    return [
        {
            "partnership": partnership,
            "agreement": agreement,
            "promised_by": side,
            "kind": kind,
            "description": description,
            "in_return_for": in_return,
            "quantity": Decimal(amount),
            "due_on": max(agreement.starts_on, today + timedelta(days=rng.randint(-200, 90))),
            "created_by_id": hr,
        }
        for side, kind, description, in_return, amount in rng.sample(COMMITMENTS, k=3)
    ]


def _deliver(builder, commitments, agreement_of):
    """Most commitments due are delivered, a few late; some are still open and overdue."""
    rng, today = builder.rng, builder.today
    for commitment in commitments:
        if commitment["due_on"] > today or rng.random() < 0.25:
            continue
        # most arrive before the due date; some are late
        shift = rng.randint(5, 40) if rng.random() < 0.3 else -rng.randint(0, 20)
        delivered = min(today, commitment["due_on"] + timedelta(days=shift))
        delivered = max(delivered, commitment["agreement"].starts_on)
        commitment["delivered"] = {
            "quantity": commitment["quantity"],
            "delivered_on": delivered,
            "note": "Signed for by both partners.",
            "recorded_by_id": commitment["created_by_id"],
        }


def _outputs(builder, exchanges):
    rng, today = builder.rng, builder.today
    for exchange in exchanges:
        outputs, day = [], exchange["starts_on"]
        while day < today - timedelta(days=30) and day <= exchange["ends_on"]:
            outputs.append(
                {
                    "kind": rng.choice(("course_taught", "problem_solved", "learners_supervised")),
                    "title": rng.choice(
                        ("PLC fault finding", "Servo tuning clinic", "Quality circle", "5S audit")
                    ),
                    "hours": Decimal(rng.choice((4, 6, 8))),
                    "delivered_on": day,
                    "recorded_by_id": exchange["person_id"],
                }
            )
            day += timedelta(days=rng.randint(20, 45))
        exchange["outputs"] = outputs


CASE_TEXT = (
    "In March the packaging line stopped twice a shift. Wang Fang (HR, 13912345678) asked "
    "apprentice Zhang Xinyi to log every stop. The cause was the film tension: at a tension "
    "of 42 N the film tore; the enterprise now runs at 35 N and lost RMB 18,000 before the "
    "fix.\n联系人：王芳，电话13912345678。良品率从91%升至98.5%。"
)


def publish_demo_case(partnership, *, author, reviewer, today):
    """One case through the whole library journey: submitted, reviewed, signed off."""
    agreement = agreement_in_force(partnership, today)
    if agreement is not None:
        set_confidential_terms(agreement, by=reviewer, terms=["film tension"])
    case = case_library.submit_case(
        partnership,
        by=author,
        title="Finding why a packaging line stops",
        original=CASE_TEXT,
        confidentiality_level=0,
    )
    decisions = {span.pk: "redact" for span in case.spans.all()}
    case_library.decide(case, by=reviewer, decisions=decisions)
    # the reviewer marks what the engine could not know was confidential
    for value in ("42 N", "35 N"):
        case_library.mark(case, by=reviewer, text=value, kind="number")
    case_library.sign_off(case, by=reviewer)
    return case
