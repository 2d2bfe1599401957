"""Pages of the case library: submitting a case, reviewing its redaction, reading it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.errors import ServiceError
from dovetail.core.forms import form_page
from dovetail.core.permissions import access, require
from dovetail.engines.redaction import KINDS
from dovetail.partnerships import case_library
from dovetail.partnerships.models import ConfidentialityLevel, Partnership, TeachingCase
from dovetail.partnerships.policies import AUTHOR, REVIEW


@login_required
def case_list(request):
    search = request.GET.get("q", "").strip()
    cases = case_library.case_rows(request.user, search=search)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "partnerships/cases.html", {"page": page, "search": search})


class CaseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    confidentiality_level = forms.TypedChoiceField(
        label=gettext_lazy("Confidentiality level"),
        choices=ConfidentialityLevel.choices,
        coerce=int,
        help_text=gettext_lazy(
            "Who may read the published case: a learner needs a clearance "
            "at this level unless it is open."
        ),
    )
    original = forms.CharField(
        label=gettext_lazy("Case text, as the enterprise wrote it"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=case_library.MAX_CASE_CHARACTERS,
    )


@login_required
def case_create(request, pk):
    partnership = access(request.user, Partnership, pk)
    require(request.user, AUTHOR, TeachingCase(partnership=partnership))
    return form_page(
        request,
        CaseForm(request.POST or None),
        title=_("Submit a case for redaction"),
        subtitle=partnership,
        save=lambda data: case_library.submit_case(partnership, by=request.user, **data),
        done=_("Case submitted: the enterprise reviews each detected span before it is published."),
        next_url=lambda case: reverse("partnerships:case", args=[case.pk]),
    )


KIND_CHOICES = [(kind, kind) for kind in KINDS]


@login_required
def case_detail(request, pk):
    case = access(request.user, TeachingCase, pk)
    if request.method == "POST":
        case = access(request.user, TeachingCase, pk, REVIEW)
        try:
            _review(request, case)
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("partnerships:case", pk=case.pk)
    context = case_library.case_view(request.user, case)
    context["kind_choices"] = KIND_CHOICES
    return render(request, "partnerships/case.html", context)


def _review(request, case):
    action = request.POST.get("action")
    if action == "decide":
        decisions = {
            int(name.removeprefix("span-")): value
            for name, value in request.POST.items()
            if name.startswith("span-") and name.removeprefix("span-").isdigit()
        }
        changed = case_library.decide(case, by=request.user, decisions=decisions)
        messages.success(request, _("%(count)s decisions saved.") % {"count": changed})
    elif action == "mark":
        added = case_library.mark(
            case, by=request.user, text=request.POST.get("text", ""), kind=request.POST.get("kind")
        )
        messages.success(request, _("%(count)s more places redacted.") % {"count": added})
    elif action == "sign_off":
        case_library.sign_off(case, by=request.user)
        messages.success(request, _("Signed off: the case is published to those cleared for it."))
