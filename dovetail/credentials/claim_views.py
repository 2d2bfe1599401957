"""Pages for recognising prior learning: a learner's claims with their evidence, and the
assessor's decision."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dovetail.core.downloads import stored_upload
from dovetail.core.forms import UploadField, form_page, run_action
from dovetail.core.permissions import CHANGE, access, may
from dovetail.core.uploads import EVIDENCE, served_type
from dovetail.credentials import prior_learning
from dovetail.credentials.models import ClaimEvidence, Credential, PriorLearningClaim
from dovetail.credentials.policies import ASSESS
from dovetail.curriculum import services as curriculum


@login_required
def claims(request):
    status = request.GET.get("status", "")
    if status not in PriorLearningClaim.Status.values:
        status = ""
    rows = prior_learning.claims_for(request.user, status=status)
    return render(
        request,
        "credentials/claims.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "status": status,
            "statuses": PriorLearningClaim.Status.choices,
            "is_learner": hasattr(request.user, "learner_profile"),
        },
    )


class ClaimForm(forms.Form):
    module = forms.ModelChoiceField(label=gettext_lazy("Module"), queryset=None)
    statement = forms.CharField(
        label=gettext_lazy("What I learned, where and when"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = prior_learning.claimable_modules(user)


@login_required
def claim_create(request):
    if not hasattr(request.user, "learner_profile"):
        raise Http404("Only a learner claims prior learning.")
    form = ClaimForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        title=_("Claim prior learning"),
        subtitle=_(
            "Claim a module you already mastered at work or elsewhere; add your evidence next."
        ),
        save=lambda data: prior_learning.submit_claim(by=request.user, **data),
        done=_("Claim submitted. Now add your evidence."),
        next_url=lambda claim: reverse("credentials:claim", args=[claim.pk]),
    )


@login_required
def claim(request, pk):
    shown = access(request.user, PriorLearningClaim, pk)
    outcomes = curriculum.module_outcomes(shown.module_id)
    return render(
        request,
        "credentials/claim.html",
        {
            "claim": shown,
            "evidence": shown.evidence.select_related("brought_credential", "credential"),
            "events": shown.events.select_related("actor"),
            "outcomes": outcomes,
            "may_add": may(request.user, CHANGE, shown),
            "may_assess": shown.open and may(request.user, ASSESS, shown),
            "decide_form": DecideForm(outcomes=outcomes),
        },
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ClaimEvidence.Kind.choices)
    text = forms.CharField(
        label=gettext_lazy("Description, or the employer's statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = UploadField(label=gettext_lazy("Document"), kind=EVIDENCE, required=False)
    credential = forms.ChoiceField(label=gettext_lazy("One of my credentials"), required=False)
    statement_id = forms.CharField(
        label=gettext_lazy("Learning record (xAPI statement id)"), required=False, max_length=36
    )

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        own = Credential.objects.filter(learner=claim.learner).select_related("achievement")
        self.fields["credential"].choices = [
            ("", "—"),
            *((f"issued:{c.pk}", str(c.achievement)) for c in own),
            *((f"brought:{b.pk}", b.name) for b in claim.learner.brought_credentials.all()),
        ]


def _credential_choice(claim, value):
    kind, _sep, pk = (value or "").partition(":")
    if kind == "issued":
        return {"credential": Credential.objects.filter(learner=claim.learner, pk=pk).first()}
    if kind == "brought":
        return {"brought_credential": claim.learner.brought_credentials.filter(pk=pk).first()}
    return {}


@login_required
def evidence_create(request, pk):
    shown = access(request.user, PriorLearningClaim, pk, CHANGE)
    form = EvidenceForm(request.POST or None, request.FILES or None, claim=shown)

    def save(data):
        return prior_learning.add_evidence(
            shown,
            by=request.user,
            kind=data["kind"],
            text=data["text"],
            upload=data["file"],
            statement_id=data["statement_id"] or None,
            **_credential_choice(shown, data["credential"]),
        )

    return form_page(
        request,
        form,
        title=_("Add evidence"),
        subtitle=shown,
        save=save,
        done=_("Evidence added."),
        next_url=reverse("credentials:claim", args=[shown.pk]),
    )


@login_required
def evidence_file(request, pk):
    piece = access(request.user, ClaimEvidence, pk)
    if not piece.file:
        raise Http404("No file.")
    return stored_upload(piece.file, piece.file_name, served_type(piece.file_format))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (PriorLearningClaim.Status.ACCEPTED, gettext_lazy("Accept: grant the credit")),
            (PriorLearningClaim.Status.MORE_EVIDENCE, gettext_lazy("Ask for more evidence")),
            (PriorLearningClaim.Status.REJECTED, gettext_lazy("Do not accept")),
        ],
    )
    outcomes_met = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Outcomes the evidence shows"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the learner"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes_met"].choices = [(o.pk, o.text) for o in outcomes]


@login_required
@require_POST
def decide(request, pk):
    shown = access(request.user, PriorLearningClaim, pk, ASSESS)
    form = DecideForm(request.POST, outcomes=curriculum.module_outcomes(shown.module_id))
    if form.is_valid():
        run_action(
            request,
            lambda: prior_learning.decide(shown, by=request.user, **form.cleaned_data),
            done=_("Decision recorded."),
        )
    else:
        messages.error(request, _("Choose a decision and write a note."))
    return redirect("credentials:claim", shown.pk)


@login_required
@require_POST
def resubmit(request, pk):
    shown = access(request.user, PriorLearningClaim, pk, CHANGE)
    note = request.POST.get("note", "")
    run_action(
        request,
        lambda: prior_learning.resubmit(shown, by=request.user, note=note),
        done=_("Claim sent back to the assessor."),
    )
    return redirect("credentials:claim", shown.pk)
