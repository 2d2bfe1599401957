"""JSON API for conflicts, the commitments ledger, exchanges and redaction."""

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from dovetail.core.api_types import Id
from dovetail.core.permissions import CHANGE, access
from dovetail.core.throttling import HeavyWorkThrottle
from dovetail.partnerships import case_library, conflicts, ledger
from dovetail.partnerships.models import Agreement, Commitment, ConflictCase
from dovetail.partnerships.policies import ESCALATE, NEGOTIATE, SETTLE
from dovetail.partnerships.services import access_governed

router = Router(tags=["governance"])

Text = Annotated[str, StringConstraints(max_length=5_000)]


class StepOut(Schema):
    party: str
    strategy: str
    note: str
    taken_on: date


class ConflictOut(Schema):
    id: int
    partnership_id: int
    title: str
    trigger: str
    description: str
    dimensions: list[str]
    raised_by_side: str
    raised_on: date
    status: str
    outcome: str
    settlement: str
    boundary: str
    settled_on: date | None
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class ConflictIn(Schema):
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    trigger: str
    description: Text
    dimensions: list[str] = Field(min_length=1, max_length=7)
    raised_on: date


class StepIn(Schema):
    strategy: str
    note: Text
    taken_on: date


class RuleIn(Schema):
    kind: str = Field(description="participation or temporal")
    key: str = Field(description="a confidentiality level (0–3) or a kind of timing conflict")
    participation: str | None = None
    requires_clearance: bool = True
    max_hours_per_week: int | None = Field(None, ge=1, le=60)
    prevailing_party: str | None = None
    rank: int | None = Field(None, ge=1, le=20)


class SettleIn(Schema):
    outcome: str
    settlement: Text
    settled_on: date
    boundary: Text = ""
    rule: RuleIn | None = None


class EscalateIn(Schema):
    on: date


@router.get("/conflicts", response=list[ConflictOut])
@paginate
def list_conflicts(request, partnership_id: Id | None = None, status: str = ""):
    partnership = access_governed(request.user, partnership_id) if partnership_id else None
    return conflicts.case_rows(request.user, partnership=partnership, status=status)


@router.get("/conflicts/{int:case_id}", response=ConflictOut)
def get_conflict(request, case_id: Id):
    return access(request.user, ConflictCase, case_id)


@router.post("/partnerships/{int:partnership_id}/conflicts", response={201: ConflictOut})
def raise_conflict(request, partnership_id: Id, payload: ConflictIn):
    partnership = access_governed(request.user, partnership_id)
    return Status(
        201, conflicts.raise_conflict(partnership, by=request.user, **payload.model_dump())
    )


@router.post("/conflicts/{int:case_id}/steps", response={201: ConflictOut})
def add_step(request, case_id: Id, payload: StepIn):
    case = access(request.user, ConflictCase, case_id, NEGOTIATE)
    conflicts.add_step(case, by=request.user, **payload.model_dump())
    return Status(201, case)


@router.post("/conflicts/{int:case_id}/escalate", response=ConflictOut)
def escalate(request, case_id: Id, payload: EscalateIn):
    case = access(request.user, ConflictCase, case_id, ESCALATE)
    return conflicts.escalate(case, by=request.user, on=payload.on)


@router.post("/conflicts/{int:case_id}/settle", response=ConflictOut)
def settle(request, case_id: Id, payload: SettleIn):
    """Settle the case. With a rule outcome (new_rule, changed_rule) give the rule: it becomes
    a new version in the agreement in force, or is refused (409) naming the rule it contradicts."""
    case = access(request.user, ConflictCase, case_id, SETTLE)
    rule = None
    if payload.rule is not None:
        values = payload.rule.model_dump(exclude={"kind", "key"}, exclude_none=True)
        rule = conflicts.ProposedRule(payload.rule.kind, payload.rule.key, values)
    return conflicts.settle(
        case,
        by=request.user,
        outcome=payload.outcome,
        settlement=payload.settlement,
        on=payload.settled_on,
        boundary=payload.boundary,
        rule=rule,
    )


class CommitmentOut(Schema):
    id: int
    agreement_id: int
    promised_by: str
    kind: str
    description: str
    in_return_for: str
    quantity: Decimal
    delivered: Decimal
    due_on: date
    status: str
    fulfilled_on: date | None
    overdue: bool


class CommitmentIn(Schema):
    agreement_id: Id
    promised_by: str
    kind: str
    description: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    in_return_for: Annotated[str, StringConstraints(max_length=300)] = ""
    quantity: Decimal = Field(max_digits=12, decimal_places=2)
    due_on: date


class FulfilmentIn(Schema):
    quantity: Decimal = Field(max_digits=12, decimal_places=2)
    delivered_on: date
    note: Annotated[str, StringConstraints(max_length=300)] = ""
    statement_id: UUID | None = None


def _ledger_row(row: ledger.LedgerRow) -> dict:
    commitment = row.commitment
    fields = set(CommitmentOut.model_fields) - {"delivered", "overdue"}
    return {
        **{name: getattr(commitment, name) for name in fields},
        "delivered": row.delivered,
        "overdue": row.overdue,
    }


@router.get("/partnerships/{int:partnership_id}/commitments", response=list[CommitmentOut])
def list_commitments(request, partnership_id: Id):
    """The partnership's commitments with what was delivered and whether each is overdue."""
    partnership = access_governed(request.user, partnership_id)
    view = ledger.ledger(request.user, partnership, today=timezone.localdate())
    return [_ledger_row(row) for row in view["rows"]]


@router.post("/partnerships/{int:partnership_id}/commitments", response={201: CommitmentOut})
def add_commitment(request, partnership_id: Id, payload: CommitmentIn):
    partnership = access_governed(request.user, partnership_id)
    data = payload.model_dump()
    agreement = access(request.user, Agreement, data.pop("agreement_id"))
    commitment = ledger.add_commitment(partnership, by=request.user, agreement=agreement, **data)
    return Status(201, _ledger_row(ledger.ledger_row(commitment, today=timezone.localdate())))


@router.post("/commitments/{int:commitment_id}/fulfilments", response={201: CommitmentOut})
def record_fulfilment(request, commitment_id: Id, payload: FulfilmentIn):
    commitment = access(request.user, Commitment, commitment_id, CHANGE)
    ledger.record_fulfilment(commitment, by=request.user, **payload.model_dump())
    return Status(201, _ledger_row(ledger.ledger_row(commitment, today=timezone.localdate())))


class RedactIn(Schema):
    texts: list[Text] = Field(min_length=1, max_length=200)
    partnership_id: Id | None = Field(
        None, description="apply this partnership's confidential terms and people"
    )


class SpanOut(Schema):
    start: int
    end: int
    kind: str
    original: str


class RedactedOut(Schema):
    text: str
    spans: list[SpanOut]


@router.post("/redact", response=list[RedactedOut], throttle=[HeavyWorkThrottle()])
def redact_texts(request, payload: RedactIn):
    """Find and replace personal data and confidential material in up to 200 texts of 5,000
    characters: names, phone and ID numbers, e-mail, addresses, organisations, money and
    percentages, and the partnership's named confidential parameters."""
    policy = case_library.default_policy()
    if payload.partnership_id:
        policy = case_library.policy_for(access_governed(request.user, payload.partnership_id))
    return [case_library.redacted(text, policy) for text in payload.texts]
