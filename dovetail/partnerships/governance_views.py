"""Pages for conflicts and their settlement, the commitments ledger and exchanges."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.downloads import stored_upload
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, UploadField, call_service, form_page
from dovetail.core.models import Organisation, User
from dovetail.core.permissions import CHANGE, access, may, require, visible
from dovetail.core.uploads import EVIDENCE
from dovetail.partnerships import charts, conflicts, exchanges, ledger
from dovetail.partnerships.models import (
    Agreement,
    Commitment,
    ConfidentialityLevel,
    ConflictCase,
    ExchangeAppointment,
    ExchangeOutput,
    InstitutionalLogic,
    NegotiationStep,
    ParticipationRule,
    Partnership,
    Side,
    TemporalPriorityRule,
)
from dovetail.partnerships.policies import ESCALATE, NEGOTIATE, RAISE, SETTLE
from dovetail.partnerships.services import access_governed

# -- conflicts ----------------------------------------------------------------------------


@login_required
def conflict_list(request):
    """Cases the user may see, filtered to one partnership or college, with their flow."""
    partnership = college = None
    if request.GET.get("partnership"):
        partnership = access_governed(request.user, request.GET["partnership"])
    if request.GET.get("college"):
        college = access(request.user, Organisation, request.GET["college"])
    status = request.GET.get("status", "")
    if status not in ConflictCase.Status.values:
        status = ""
    cases = conflicts.case_rows(
        request.user, partnership=partnership, college=college, status=status
    )
    flows, labels = conflicts.conflict_flows(cases), conflicts.flow_labels()
    return render(
        request,
        "partnerships/conflicts.html",
        {
            "page": Paginator(cases, 50).get_page(request.GET.get("page")),
            "partnership": partnership,
            "college": college,
            "status": status,
            "statuses": ConflictCase.Status.choices,
            "flow": charts.sankey(flows, labels),
            "flow_rows": [
                (
                    labels["trigger"][f.trigger],
                    labels["strategy"][f.strategy],
                    labels["outcome"][f.outcome],
                    f.count,
                )
                for f in flows
            ],
            "recurring": conflicts.recurring_triggers(request.user) if partnership is None else [],
        },
    )


class ConflictForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    trigger = forms.ChoiceField(label=gettext_lazy("Trigger"), choices=ConflictCase.Trigger.choices)
    description = forms.CharField(label=gettext_lazy("What happened"), widget=forms.Textarea)
    dimensions = forms.MultipleChoiceField(
        label=gettext_lazy("Institutional-logic dimensions"),
        choices=InstitutionalLogic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Where the college's and the enterprise's logics collide."),
    )
    raised_on = forms.DateField(label=gettext_lazy("Raised on"), widget=DateInput())


@login_required
def conflict_create(request, pk):
    partnership = access_governed(request.user, pk)
    require(request.user, RAISE, ConflictCase(partnership=partnership))
    form = ConflictForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    return form_page(
        request,
        form,
        title=_("Raise a conflict"),
        subtitle=partnership,
        save=lambda data: conflicts.raise_conflict(partnership, by=request.user, **data),
        done=_("Conflict recorded."),
        next_url=lambda case: reverse("partnerships:conflict", args=[case.pk]),
    )


class StepForm(forms.Form):
    strategy = forms.ChoiceField(
        label=gettext_lazy("Strategy"), choices=NegotiationStep.Strategy.choices
    )
    note = forms.CharField(
        label=gettext_lazy("What was proposed or agreed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    taken_on = forms.DateField(label=gettext_lazy("On"), widget=DateInput())


RULE_KEYS = [
    *((f"participation:{level}", label) for level, label in ConfidentialityLevel.choices),
    *((f"temporal:{kind}", label) for kind, label in TemporalPriorityRule.ConflictKind.choices),
]


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=ConflictCase.Outcome.choices)
    settlement = forms.CharField(
        label=gettext_lazy("Settlement"), widget=forms.Textarea(attrs={"rows": 3})
    )
    boundary = forms.CharField(
        label=gettext_lazy("Boundary drawn (for an accepted contradiction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    settled_on = forms.DateField(label=gettext_lazy("Settled on"), widget=DateInput())
    rule_key = forms.ChoiceField(
        label=gettext_lazy("Interface rule (for a new or changed rule)"),
        choices=[("", "—"), *RULE_KEYS],
        required=False,
    )
    participation = forms.ChoiceField(
        label=gettext_lazy("Learners may"),
        choices=[("", "—"), *ParticipationRule.Participation.choices],
        required=False,
    )
    max_hours_per_week = forms.IntegerField(
        label=gettext_lazy("maximum hours per week"), required=False, min_value=1, max_value=60
    )
    prevailing_party = forms.ChoiceField(
        label=gettext_lazy("Prevails"),
        choices=[("", "—"), *TemporalPriorityRule.Party.choices],
        required=False,
    )
    rank = forms.IntegerField(
        label=gettext_lazy("priority"), required=False, min_value=1, max_value=20
    )

    def proposed_rule(self) -> conflicts.ProposedRule | None:
        data = self.cleaned_data
        if not data["rule_key"]:
            return None
        kind, key = data["rule_key"].split(":", 1)
        if kind == "participation":
            values = {
                "participation": data["participation"],
                "max_hours_per_week": data["max_hours_per_week"],
            }
        else:
            values = {"prevailing_party": data["prevailing_party"], "rank": data["rank"]}
        return conflicts.ProposedRule(kind, key, values)


@login_required
def conflict_detail(request, pk):
    case = access(request.user, ConflictCase, pk)
    today = timezone.localdate()
    step_form = StepForm(initial={"taken_on": today}, prefix="step")
    settle_form = SettleForm(initial={"settled_on": today}, prefix="settle")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "step":
            case = access(request.user, ConflictCase, pk, NEGOTIATE)
            step_form = StepForm(request.POST, prefix="step")
            if step_form.is_valid() and call_service(
                step_form,
                lambda: conflicts.add_step(case, by=request.user, **step_form.cleaned_data),
            ):
                messages.success(request, _("Step recorded."))
                return redirect("partnerships:conflict", pk=case.pk)
        elif action == "escalate":
            case = access(request.user, ConflictCase, pk, ESCALATE)
            try:
                conflicts.escalate(case, by=request.user, on=today)
                messages.success(request, _("The case is with the regional mediator."))
            except ServiceError as error:
                messages.error(request, error.message)
            return redirect("partnerships:conflict", pk=case.pk)
        elif action == "settle":
            case = access(request.user, ConflictCase, pk, SETTLE)
            settle_form = SettleForm(request.POST, prefix="settle")
            if settle_form.is_valid() and call_service(
                settle_form, lambda: _settle(case, request.user, settle_form)
            ):
                messages.success(request, _("Conflict settled."))
                return redirect("partnerships:conflict", pk=case.pk)
    context = conflicts.case_detail(request.user, case)
    context.update({"step_form": step_form, "settle_form": settle_form})
    return render(request, "partnerships/conflict.html", context)


def _settle(case, user, form):
    data = form.cleaned_data
    return conflicts.settle(
        case,
        by=user,
        outcome=data["outcome"],
        settlement=data["settlement"],
        boundary=data["boundary"],
        on=data["settled_on"],
        rule=form.proposed_rule(),
    )


# -- commitments ledger -------------------------------------------------------------------


@login_required
def ledger_page(request, pk):
    partnership = access_governed(request.user, pk)
    context = ledger.ledger(request.user, partnership, today=timezone.localdate())
    context.update(
        {
            "partnership": partnership,
            "can_change": may(request.user, CHANGE, Commitment(partnership=partnership)),
            "exchanges": exchanges.exchange_rows(request.user, partnership=partnership),
        }
    )
    return render(request, "partnerships/ledger.html", context)


class CommitmentForm(forms.Form):
    agreement = forms.ModelChoiceField(label=gettext_lazy("Agreement"), queryset=Agreement.objects)
    promised_by = forms.ChoiceField(label=gettext_lazy("Promised by"), choices=Side.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Commitment.Kind.choices)
    description = forms.CharField(label=gettext_lazy("What"), max_length=300)
    in_return_for = forms.CharField(
        label=gettext_lazy("In return for"), max_length=300, required=False
    )
    quantity = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=12, decimal_places=2)
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DateInput())


@login_required
def commitment_create(request, pk):
    partnership = access(request.user, Partnership, pk, CHANGE)
    form = CommitmentForm(request.POST or None)
    form.fields["agreement"].queryset = partnership.agreements.all()
    return form_page(
        request,
        form,
        title=_("Add a commitment"),
        subtitle=partnership,
        save=lambda data: ledger.add_commitment(partnership, by=request.user, **data),
        done=_("Commitment added."),
        next_url=reverse("partnerships:ledger", args=[partnership.pk]),
    )


class FulfilmentForm(forms.Form):
    quantity = forms.DecimalField(
        label=gettext_lazy("Amount delivered"), max_digits=12, decimal_places=2
    )
    delivered_on = forms.DateField(label=gettext_lazy("Delivered on"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
    statement_id = forms.UUIDField(
        label=gettext_lazy("xAPI statement id (optional)"), required=False
    )
    evidence = UploadField(kind=EVIDENCE, label=gettext_lazy("Evidence file"), required=False)


@login_required
def fulfilment_create(request, pk):
    commitment = access(request.user, Commitment, pk, CHANGE)
    form = FulfilmentForm(
        request.POST or None, request.FILES or None, initial={"delivered_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        title=_("Record a delivery"),
        subtitle=commitment,
        save=lambda data: ledger.record_fulfilment(commitment, by=request.user, **data),
        done=_("Delivery recorded."),
        next_url=reverse("partnerships:ledger", args=[commitment.partnership_id]),
    )


@login_required
def evidence_file(request, pk):
    try:
        fulfilment = ledger.evidence_for(request.user, pk)
    except ServiceError as error:
        raise Http404(error.message) from None
    return stored_upload(fulfilment.evidence, fulfilment.evidence_name, fulfilment.evidence_type)


# -- exchanges ----------------------------------------------------------------------------


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Appointment"), choices=ExchangeAppointment.Kind.choices
    )
    person = forms.CharField(label=gettext_lazy("Username of the person appointed"))
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DateInput())
    hours_committed = forms.IntegerField(label=gettext_lazy("Hours committed"), min_value=1)
    terms = forms.CharField(label=gettext_lazy("Terms"), widget=forms.Textarea, required=False)


@login_required
def appointment_create(request, pk):
    partnership = access(request.user, Partnership, pk, CHANGE)
    form = AppointmentForm(request.POST or None)

    def save(data):
        person = visible(request.user, User).filter(username=data["person"]).first()
        if person is None:
            raise ServiceError(_("No person with that username that you may see."), field="person")
        return exchanges.appoint(partnership, by=request.user, **{**data, "person": person})

    return form_page(
        request,
        form,
        title=_("Appoint an exchange"),
        subtitle=partnership,
        save=save,
        done=_("Appointment recorded."),
        next_url=reverse("partnerships:ledger", args=[partnership.pk]),
    )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Output"), choices=ExchangeOutput.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    hours = forms.DecimalField(label=gettext_lazy("Hours"), max_digits=7, decimal_places=1)
    delivered_on = forms.DateField(label=gettext_lazy("Delivered on"), widget=DateInput())


@login_required
def output_create(request, pk):
    appointment = access(request.user, ExchangeAppointment, pk)
    require(request.user, CHANGE, ExchangeOutput(appointment=appointment))
    form = OutputForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    return form_page(
        request,
        form,
        title=_("Record an output"),
        subtitle=appointment,
        save=lambda data: exchanges.record_output(appointment, by=request.user, **data),
        done=_("Output recorded."),
        next_url=reverse("partnerships:ledger", args=[appointment.partnership_id]),
    )
