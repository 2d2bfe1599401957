from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.forms import call_service
from dovetail.core.models import User
from dovetail.core.permissions import CHANGE, access, visible
from dovetail.partnerships import services
from dovetail.partnerships.models import ConfidentialityLevel, Partnership, Zone


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
    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )


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
