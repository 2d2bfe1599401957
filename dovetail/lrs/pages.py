"""The LRS's pages: an organisation's administrators manage the clients that write to it.
(The xAPI resources themselves are in views.py.)"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.forms import call_service
from dovetail.core.models import Organisation
from dovetail.core.permissions import access
from dovetail.lrs import services
from dovetail.lrs.models import Client, Scope


class ClientForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=Scope.choices,
        initial=[Scope.STATEMENTS_WRITE, Scope.STATE],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = services.organisations_managing_clients(user)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].initial = organisations.first()


@login_required
def clients(request):
    form = ClientForm(request.POST or None, user=request.user)
    created = None
    if request.method == "POST" and "toggle" in request.POST:
        client = access(request.user, Client, request.POST["toggle"])
        services.set_active(client, by=request.user, active=not client.is_active)
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = call_service(
            form,
            lambda: services.create_client(
                data["organisation"], data["name"], scopes=data["scopes"], by=request.user
            ),
        )
        if created is not None:
            messages.success(request, _("The client is created. Copy its secret now."))
    return render(
        request,
        "lrs/clients.html",
        {
            "clients": services.clients_of(request.user),
            "form": form,
            "created": created,
            "may_create": form.fields["organisation"].queryset.exists(),
        },
    )
