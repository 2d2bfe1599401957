from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.forms import DateInput, call_service, form_page
from dovetail.core.models import User
from dovetail.core.permissions import CHANGE, access, visible
from dovetail.partnerships import services
from dovetail.partnerships.models import (
    Agreement,
    ConfidentialityLevel,
    ParticipationRule,
    Partnership,
    TemporalPriorityRule,
    Zone,
)


@login_required
def partnership_list(request):
    search = request.GET.get("q", "").strip()
    page = Paginator(services.partnership_rows(request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "partnerships/list.html", {"page": page, "search": search})


@login_required
def partnership_detail(request, pk):
    partnership = access(request.user, Partnership, pk)
    context = services.partnership_detail(request.user, partnership, today=timezone.localdate())
    return render(request, "partnerships/detail.html", context)


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = list(services.ZONE_FIELDS)


@login_required
def zone_edit(request, pk=None, enterprise_pk=None):
    if pk is not None:
        zone = access(request.user, Zone, pk, CHANGE)
        enterprise = zone.enterprise
    else:
        zone = None
        enterprise = services.access_enterprise(request.user, enterprise_pk)
    form = ZoneForm(request.POST or None, instance=zone)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ZONE_FIELDS}
        if zone is None:
            saved = call_service(
                form, lambda: services.create_zone(by=request.user, enterprise=enterprise, **fields)
            )
        else:
            # the form wrote the values onto the instance; the service compares with the stored row
            stored = Zone.objects.get(pk=zone.pk)
            saved = call_service(
                form, lambda: services.update_zone(stored, by=request.user, **fields)
            )
        if saved is not None:
            messages.success(request, _("Zone saved."))
            return redirect("organisation", code=enterprise.code)
    title = str(zone) if zone else _("New zone")
    return render(request, "form_page.html", {"form": form, "title": title, "subtitle": enterprise})


class ClearanceForm(forms.Form):
    holder = forms.CharField(label=gettext_lazy("Username of the holder"))
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        choices=ConfidentialityLevel.choices[1:],
        coerce=int,
    )
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DateInput())
    expires_on = forms.DateField(label=gettext_lazy("Expires on"), widget=DateInput())


@login_required
def clearance_create(request, pk):
    partnership = access(request.user, Partnership, pk, CHANGE)
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = visible(request.user, User).filter(username=form.cleaned_data["holder"]).first()
        if holder is None:
            form.add_error("holder", _("No person with that username that you may see."))
        else:
            saved = call_service(
                form,
                lambda: services.record_clearance(
                    by=request.user,
                    holder=holder,
                    partnership=partnership,
                    level=form.cleaned_data["level"],
                    signed_on=form.cleaned_data["signed_on"],
                    expires_on=form.cleaned_data["expires_on"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Clearance recorded."))
                return redirect("partnerships:detail", pk=partnership.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Record a clearance"), "subtitle": partnership},
    )


class SignatureForm(forms.Form):
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DateInput())


@login_required
def agreement_sign(request, pk):
    agreement = access(request.user, Agreement, pk, CHANGE)
    form = SignatureForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.sign_agreement(
                agreement, by=request.user, signed_on=form.cleaned_data["signed_on"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Signature recorded."))
            return redirect("partnerships:detail", pk=agreement.partnership_id)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Record the signature"), "subtitle": agreement},
    )


class InterfaceRulesForm(forms.Form):
    """One row per confidentiality level and one per kind of timing conflict."""

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        rules = {r.confidentiality_level: r for r in agreement.participation_rules.all()}
        for level, label in ConfidentialityLevel.choices:
            rule = rules.get(level)
            self.fields[f"participation_{level}"] = forms.ChoiceField(
                label=label,
                choices=ParticipationRule.Participation.choices,
                initial=rule.participation if rule else ParticipationRule.Participation.NONE,
            )
            self.fields[f"clearance_{level}"] = forms.BooleanField(
                label=gettext_lazy("requires a signed confidentiality agreement"),
                required=False,
                initial=rule.requires_clearance if rule else True,
            )
            self.fields[f"hours_{level}"] = forms.IntegerField(
                label=gettext_lazy("maximum hours per week"),
                required=False,
                min_value=1,
                max_value=60,
                initial=rule.max_hours_per_week if rule else None,
            )
        temporal = {r.conflict_kind: r for r in agreement.temporal_rules.all()}
        for kind, label in TemporalPriorityRule.ConflictKind.choices:
            rule = temporal.get(kind)
            self.fields[f"party_{kind}"] = forms.ChoiceField(
                label=label,
                choices=[("", gettext_lazy("No rule"))] + TemporalPriorityRule.Party.choices,
                required=False,
                initial=rule.prevailing_party if rule else "",
            )
            self.fields[f"rank_{kind}"] = forms.IntegerField(
                label=gettext_lazy("priority"),
                required=False,
                min_value=1,
                max_value=20,
                initial=rule.rank if rule else None,
            )

    def rules(self):
        data = self.cleaned_data
        participation = {
            level: {
                "participation": data[f"participation_{level}"],
                "requires_clearance": data[f"clearance_{level}"],
                "max_hours_per_week": data[f"hours_{level}"],
            }
            for level in ConfidentialityLevel.values
        }
        temporal = {
            kind: {"prevailing_party": data[f"party_{kind}"], "rank": data[f"rank_{kind}"] or 99}
            for kind in TemporalPriorityRule.ConflictKind.values
            if data[f"party_{kind}"]
        }
        return participation, temporal


@login_required
def agreement_rules(request, pk):
    agreement = access(request.user, Agreement, pk, CHANGE)
    form = InterfaceRulesForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        participation, temporal = form.rules()
        saved = call_service(
            form,
            lambda: services.update_interface_rules(
                agreement, by=request.user, participation=participation, temporal=temporal
            ),
        )
        if saved is not None:
            messages.success(request, _("Interface rules saved."))
            return redirect("partnerships:detail", pk=agreement.partnership_id)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Interface rules"), "subtitle": agreement},
    )


class ConfidentialTermsForm(forms.Form):
    terms = forms.CharField(
        label=gettext_lazy("Confidential terms, one a line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=gettext_lazy(
            "Processes, product codes, customers: every teaching case redacts them and the "
            "values that follow them."
        ),
    )


@login_required
def confidential_terms(request, pk):
    agreement = access(request.user, Agreement, pk, CHANGE)
    current = "\n".join(agreement.confidential_terms.values_list("term", flat=True))
    return form_page(
        request,
        ConfidentialTermsForm(request.POST or None, initial={"terms": current}),
        title=_("Confidential terms"),
        subtitle=agreement,
        save=lambda data: services.set_confidential_terms(
            agreement, by=request.user, terms=data["terms"].splitlines()
        ),
        done=_("Confidential terms saved."),
        next_url=reverse("partnerships:detail", args=[agreement.partnership_id]),
    )
