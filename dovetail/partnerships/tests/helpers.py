"""Objects governance tests in several apps start from."""

from datetime import timedelta
from decimal import Decimal

from dovetail.partnerships import exchanges, ledger


def appoint_industry_professor(persona, partnership, today, *, hours=40):
    """The persona project manager appointed to teach at the college for a quarter."""
    return exchanges.appoint(
        partnership,
        by=persona("coordinator"),
        kind="industry_professor",
        person=persona("pm"),
        starts_on=today,
        ends_on=today + timedelta(days=90),
        hours_committed=hours,
    )


def promise(persona, partnership, agreement, *, by="hr", **overrides):
    """A commitment in the ledger: by default forty mentor hours from the enterprise, due a
    month into the agreement, in return for order-class seats."""
    fields = {
        "agreement": agreement,
        "promised_by": "enterprise",
        "kind": "mentor_hours",
        "description": "Mentoring for the order class",
        "quantity": Decimal(40),
        "due_on": agreement.starts_on + timedelta(days=30),
        "in_return_for": "Order-class seats",
    }
    return ledger.add_commitment(partnership, by=persona(by), **{**fields, **overrides})
