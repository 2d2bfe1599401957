"""Two-way exchange: industry professors teaching at the college and technology vice
presidents from the college working at the enterprise, with their terms, hours and outputs."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import Membership
from dovetail.core.permissions import CHANGE, require, visible
from dovetail.partnerships.models import ExchangeAppointment, ExchangeOutput, Partnership


def appoint(
    partnership: Partnership,
    *,
    by,
    kind: str,
    person,
    starts_on: date,
    ends_on: date,
    hours_committed: int,
    terms: str = "",
) -> ExchangeAppointment:
    appointment = ExchangeAppointment(
        partnership=partnership,
        kind=kind,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_committed=hours_committed,
        terms=terms.strip(),
    )
    require(by, CHANGE, appointment)
    if kind not in ExchangeAppointment.Kind.values:
        raise ServiceError(_("Unknown kind of appointment."), field="kind")
    # An industry professor comes from the enterprise; a technology vice president from the
    # college.
    home = (
        partnership.enterprise
        if kind == ExchangeAppointment.Kind.INDUSTRY_PROFESSOR
        else partnership.college
    )
    if not Membership.objects.filter(user=person, organisation=home).exists():
        raise ServiceError(
            _("%(person)s does not work at %(home)s.") % {"person": person, "home": home},
            field="person",
        )
    if ends_on < starts_on:
        raise ServiceError(_("An appointment cannot end before it starts."), field="ends_on")
    if hours_committed is None or hours_committed <= 0:
        raise ServiceError(_("Commit at least one hour."), field="hours_committed")
    appointment.save()
    audit.record(by, "exchange.appoint", appointment)
    return appointment


def record_output(
    appointment: ExchangeAppointment,
    *,
    by,
    kind: str,
    title: str,
    hours: Decimal,
    delivered_on: date,
) -> ExchangeOutput:
    output = ExchangeOutput(
        appointment=appointment,
        kind=kind,
        title=title.strip(),
        hours=hours,
        delivered_on=delivered_on,
        recorded_by=by,
    )
    require(by, CHANGE, output)
    if kind not in ExchangeOutput.Kind.values:
        raise ServiceError(_("Unknown kind of output."), field="kind")
    if not output.title:
        raise ServiceError(_("Name the output."), field="title")
    if hours is None or hours < 0:
        raise ServiceError(_("Hours cannot be negative."), field="hours")
    if not appointment.starts_on <= delivered_on <= appointment.ends_on:
        raise ServiceError(
            _("The output falls outside the appointment (%(start)s – %(end)s).")
            % {"start": appointment.starts_on, "end": appointment.ends_on},
            field="delivered_on",
        )
    output.save()
    audit.record(by, "exchange.output", output)
    return output


@dataclass
class ExchangeRow:
    appointment: ExchangeAppointment
    hours_delivered: Decimal
    outputs: list

    @property
    def share_delivered(self) -> float:
        committed = self.appointment.hours_committed
        return float(self.hours_delivered) / committed if committed else 0.0


def exchange_rows(user, *, partnership: Partnership | None = None) -> list[ExchangeRow]:
    appointments = visible(user, ExchangeAppointment).select_related(
        "person", "partnership__college", "partnership__enterprise"
    )
    if partnership is not None:
        appointments = appointments.filter(partnership=partnership)
    appointments = appointments.annotate(delivered=Sum("outputs__hours"))
    appointments = appointments.prefetch_related("outputs")
    return [ExchangeRow(a, a.delivered or Decimal(0), list(a.outputs.all())) for a in appointments]
