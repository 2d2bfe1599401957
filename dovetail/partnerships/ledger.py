"""The commitments ledger: what each partner promised in return for what, its delivery with
evidence, overdue alerts and the balance of each partnership."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core import audit
from dovetail.core.agenda import AgendaItem, agenda_source
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, actor_for, require, visible
from dovetail.core.uploads import EVIDENCE, check_upload, served_type
from dovetail.partnerships.models import Agreement, Commitment, Fulfilment, Partnership, Side

# The unit each kind of commitment is counted in.
UNITS = {
    Commitment.Kind.EQUIPMENT: gettext_lazy("items"),
    Commitment.Kind.SCHOLARSHIP: gettext_lazy("scholarships"),
    Commitment.Kind.ORDER_CLASS_SEATS: gettext_lazy("seats"),
    Commitment.Kind.MENTOR_HOURS: gettext_lazy("hours"),
    Commitment.Kind.RESEARCH_SUPPORT: gettext_lazy("applications"),
    Commitment.Kind.MONEY: "CNY",
    Commitment.Kind.PEAK_SEASON_PLACEMENTS: gettext_lazy("placements"),
    Commitment.Kind.TEACHING_HOURS: gettext_lazy("hours"),
}
DUE_SOON = timedelta(days=21)


def add_commitment(
    partnership: Partnership,
    *,
    by,
    agreement: Agreement,
    promised_by: str,
    kind: str,
    description: str,
    quantity: Decimal,
    due_on: date,
    in_return_for: str = "",
) -> Commitment:
    commitment = Commitment(
        partnership=partnership,
        agreement=agreement,
        promised_by=promised_by,
        kind=kind,
        description=description.strip(),
        in_return_for=in_return_for.strip(),
        quantity=quantity,
        due_on=due_on,
        created_by=by,
    )
    require(by, CHANGE, commitment)
    if agreement.partnership_id != partnership.pk:
        raise ServiceError(_("That agreement belongs to another partnership."), field="agreement")
    if promised_by not in Side.values:
        raise ServiceError(_("Say which partner promised it."), field="promised_by")
    if kind not in Commitment.Kind.values:
        raise ServiceError(_("Unknown kind of commitment."), field="kind")
    if not commitment.description:
        raise ServiceError(_("Say what was promised."), field="description")
    if quantity is None or quantity < 0:
        raise ServiceError(_("The amount cannot be negative."), field="quantity")
    if due_on < agreement.starts_on:
        raise ServiceError(
            _("The due date is before the agreement starts (%(day)s).")
            % {"day": agreement.starts_on},
            field="due_on",
        )
    commitment.save()
    audit.record(by, "commitment.create", commitment)
    return commitment


def record_fulfilment(
    commitment: Commitment,
    *,
    by,
    quantity: Decimal,
    delivered_on: date,
    note: str = "",
    statement_id=None,
    evidence=None,
) -> Fulfilment:
    """Record a delivery; the commitment is fulfilled once deliveries reach the amount."""
    fulfilment = Fulfilment(
        commitment=commitment,
        quantity=quantity,
        delivered_on=delivered_on,
        note=note.strip(),
        statement_id=statement_id,
        recorded_by=by,
    )
    require(by, CHANGE, fulfilment)
    if quantity is None or quantity <= 0:
        raise ServiceError(_("The amount delivered must be more than nothing."), field="quantity")
    if delivered_on < commitment.agreement.starts_on:
        raise ServiceError(
            _("The delivery date is before the agreement starts (%(day)s).")
            % {"day": commitment.agreement.starts_on},
            field="delivered_on",
        )
    if evidence is not None:
        fulfilment.evidence_type = served_type(check_upload(evidence, EVIDENCE, field="evidence"))
        fulfilment.evidence_name = evidence.name[:200]
        fulfilment.evidence = evidence
    # One transaction: the delivery and the status it implies land together.
    with transaction.atomic():
        fulfilment.save()
        delivered = commitment.fulfilments.aggregate(total=Sum("quantity"))["total"]
        if commitment.status == Commitment.Status.OPEN and delivered >= commitment.quantity:
            changed = audit.apply_changes(
                commitment, {"status": Commitment.Status.FULFILLED, "fulfilled_on": delivered_on}
            )
            commitment.save(update_fields=["status", "fulfilled_on", "updated_at"])
            audit.record(by, "commitment.fulfil", commitment, changed)
        audit.record(by, "fulfilment.create", fulfilment)
    return fulfilment


def evidence_for(user, fulfilment_id) -> Fulfilment:
    fulfilment = visible(user, Fulfilment).filter(pk=fulfilment_id).exclude(evidence="").first()
    if fulfilment is None:
        raise ServiceError(_("No such evidence file."), code="not_found")
    return fulfilment


@dataclass
class LedgerRow:
    commitment: Commitment
    delivered: Decimal
    overdue: bool
    unit: str


def ledger_row(commitment: Commitment, *, today: date) -> LedgerRow:
    """One commitment as the ledger shows it: what was delivered, whether it is overdue."""
    commitment.refresh_from_db()
    delivered = commitment.fulfilments.aggregate(total=Sum("quantity"))["total"] or Decimal(0)
    return LedgerRow(commitment, delivered, commitment.is_overdue(today), UNITS[commitment.kind])


@dataclass
class Balance:
    """What one partner promised and delivered."""

    side: str
    promised: int = 0
    fulfilled: int = 0
    on_time: int = 0
    overdue: int = 0
    by_kind: dict[str, list[Decimal]] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.fulfilled if self.fulfilled else None


def ledger(user, partnership: Partnership, *, today: date) -> dict:
    """The partnership's commitments with what was delivered, and each side's balance."""
    commitments = (
        visible(user, partnership.commitments.all())
        .select_related("agreement")
        .annotate(delivered=Sum("fulfilments__quantity"))
    )
    rows, balances = [], {side: Balance(side=Side(side).label) for side in Side.values}
    for commitment in commitments:
        delivered = commitment.delivered or Decimal(0)
        overdue = commitment.is_overdue(today)
        rows.append(LedgerRow(commitment, delivered, overdue, UNITS[commitment.kind]))
        balance = balances[commitment.promised_by]
        balance.promised += 1
        if commitment.status == Commitment.Status.FULFILLED:
            balance.fulfilled += 1
            balance.on_time += commitment.fulfilled_on <= commitment.due_on
        balance.overdue += overdue
        amounts = balance.by_kind.setdefault(commitment.get_kind_display(), [Decimal(0)] * 2)
        amounts[0] += commitment.quantity
        amounts[1] += min(delivered, commitment.quantity)
    fulfilments = visible(user, Fulfilment).filter(commitment__partnership=partnership)
    return {
        "rows": rows,
        "balances": list(balances.values()),
        "fulfilments": fulfilments.select_related("commitment", "recorded_by"),
    }


@agenda_source
def agenda_for(user, *, today: date, limit: int = 8) -> list[AgendaItem]:
    """Overdue commitments and those due soon, for the people who keep the ledger."""
    items = []
    mine = actor_for(user).roles.keys()
    commitments = visible(user, Commitment).filter(
        Q(partnership__college__in=mine) | Q(partnership__enterprise__in=mine),
        status=Commitment.Status.OPEN,
    )
    for commitment in commitments.filter(due_on__lte=today + DUE_SOON).select_related(
        "partnership__enterprise", "partnership__college"
    )[:limit]:
        overdue = commitment.due_on < today
        items.append(
            AgendaItem(
                title=_("Commitment overdue") if overdue else _("Commitment due"),
                detail=f"{commitment.description} · {commitment.partnership}",
                url=reverse("partnerships:ledger", args=[commitment.partnership_id]),
                due=commitment.due_on,
                urgent=overdue,
            )
        )
    return items
