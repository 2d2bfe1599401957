"""Credential pages: a learner's credentials, the public verification page and its downloads,
bringing a credential in, issuing and changing status, and the published status lists."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dovetail.core.downloads import attachment
from dovetail.core.forms import UploadField, call_service, form_page
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, may, organisations_for, visible
from dovetail.core.throttling import HeavyWorkThrottle, limit_message
from dovetail.core.uploads import CREDENTIAL, read_upload
from dovetail.credentials import credit_bank, issuing, keys, pdf, status, verification
from dovetail.credentials.models import Achievement, Credential, PriorLearningClaim
from dovetail.credentials.policies import ISSUE, SHARE
from dovetail.curriculum import services as curriculum
from dovetail.skills.picker import SkillField


def did_document(request, code):
    """An organisation's DID document, public, for anyone verifying what it issued."""
    organisation = get_object_or_404(Organisation, code=code)
    return JsonResponse(keys.did_document(organisation), content_type="application/did+ld+json")


def issuer_profile(request, code):
    """The issuer's Open Badges profile, public: what a credential's issuer.url names."""
    organisation = get_object_or_404(Organisation, code=code)
    return JsonResponse(
        {
            "@context": ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": keys.did_web(organisation),
            "type": ["Profile"],
            "name": organisation.name,
            "description": organisation.name_zh,
        }
    )


def status_list(request, code, status_list, purpose):
    """A published Bitstring Status List credential, public and never cached for long."""
    organisation = get_object_or_404(Organisation, code=code)
    if purpose not in status.SET_BY or not status.list_exists(organisation, status_list):
        raise Http404(purpose)
    response = JsonResponse(
        status.published_list(organisation, status_list, purpose),
        content_type="application/vc+ld+json",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def achievement(request, pk):
    """What an achievement means, public: the page a credential's achievement id names."""
    shown = get_object_or_404(Achievement.objects.select_related("issuer"), pk=pk)
    return render(request, "credentials/achievement.html", {"achievement": shown})


@login_required
def mine(request):
    """A learner's credentials, those brought in, and their claims."""
    profile = getattr(request.user, "learner_profile", None)
    if profile is None:
        return redirect("credentials:issued")
    return render(
        request,
        "credentials/mine.html",
        {
            "credentials": Credential.objects.filter(learner=profile).select_related(
                "achievement", "issuer"
            ),
            "brought": profile.brought_credentials.all(),
            "claims": PriorLearningClaim.objects.filter(learner=profile).select_related("module"),
            "labels": verification.STATE_LABELS,
        },
    )


def _viewable(request, credential_id) -> tuple[Credential, bool]:
    """The credential, and whether the viewer is its holder or issuer; 404 for anyone else
    unless the holder shared it."""
    credential = get_object_or_404(
        Credential.objects.select_related("achievement", "issuer", "learner__user"),
        pk=credential_id,
    )
    insider = visible(request.user, Credential).filter(pk=credential.pk).exists()
    if not insider and not credential.shared:
        raise Http404("No credential.")
    return credential, insider


def credential_page(request, credential_id):
    """The verification page: valid, suspended, revoked, expired or tampered, and why."""
    credential, insider = _viewable(request, credential_id)
    verdict = verification.check_issued(credential)
    share_url = request.build_absolute_uri(reverse("credentials:credential", args=[credential.pk]))
    return render(
        request,
        "credentials/credential.html",
        {
            "credential": credential,
            "verdict": verdict,
            "evidence": credential.evidence.all(),
            "evidence_open": insider or credential.evidence_shared,
            "may_share": may(request.user, SHARE, credential),
            "may_change": may(request.user, CHANGE, credential),
            "share_url": share_url,
            "document": json.dumps(credential.document, ensure_ascii=False, indent=2),
        },
    )


def credential_json(request, credential_id):
    credential, _insider = _viewable(request, credential_id)
    body = json.dumps(credential.document, ensure_ascii=False, indent=2).encode("utf-8")
    return attachment(body, f"credential-{credential.pk}.json", "application/vc+ld+json")


def credential_pdf(request, credential_id):
    credential, _insider = _viewable(request, credential_id)
    language = "zh" if request.GET.get("lang", request.LANGUAGE_CODE).startswith("zh") else "en"
    url = request.build_absolute_uri(reverse("credentials:credential", args=[credential.pk]))
    body = pdf.certificate(credential, verification.check_issued(credential), url, language)
    return attachment(body, f"credential-{credential.pk}-{language}.pdf", "application/pdf")


def evidence_page(request, credential_id, position):
    """One piece of evidence, open to a verifier only if the holder allowed it."""
    credential, insider = _viewable(request, credential_id)
    if not (insider or credential.evidence_shared):
        raise Http404("The holder keeps this evidence private.")
    item = get_object_or_404(credential.evidence, position=position)
    return render(request, "credentials/evidence.html", {"credential": credential, "item": item})


class ShareForm(forms.Form):
    shared = forms.BooleanField(
        label=gettext_lazy("Anyone with the link may verify it"), required=False
    )
    evidence_shared = forms.BooleanField(
        label=gettext_lazy("Verifiers may open the evidence"), required=False
    )


@login_required
@require_POST
def share(request, credential_id):
    credential = get_object_or_404(Credential, pk=credential_id)
    form = ShareForm(request.POST)
    if not may(request.user, SHARE, credential) or not form.is_valid():
        raise Http404("No credential.")
    issuing.set_sharing(credential, by=request.user, **form.cleaned_data)
    messages.success(request, _("Sharing saved."))
    return redirect("credentials:credential", credential.pk)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Credential.Status.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=300)


@login_required
def change_status(request, credential_id):
    credential = get_object_or_404(Credential, pk=credential_id)
    if not may(request.user, CHANGE, credential):
        raise Http404("No credential.")
    form = StatusForm(request.POST or None, initial={"status": credential.status})
    return form_page(
        request,
        form,
        title=_("Suspend, reinstate or revoke"),
        subtitle=credential,
        save=lambda data: issuing.set_status(credential, by=request.user, **data),
        done=_("Status saved; the published status list shows it now."),
        next_url=reverse("credentials:credential", args=[credential.pk]),
    )


class VerifyForm(forms.Form):
    credential = UploadField(label=gettext_lazy("Credential (JSON)"), kind=CREDENTIAL)
    did_document = UploadField(
        label=gettext_lazy("The issuer's DID document (JSON), for a did:web issuer"),
        kind=CREDENTIAL,
        required=False,
    )


def _uploaded(data):
    credential, did = data["credential"], data.get("did_document")
    return {
        "name": credential.name,
        "content": read_upload(credential, CREDENTIAL, field="credential"),
        "did_name": did.name if did else "",
        "did_content": read_upload(did, CREDENTIAL, field="did_document") if did else b"",
    }


def verify_page(request):
    """Anyone checks a credential file, from Dovetail or any other issuer."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict = document = None
    if request.method == "POST" and not HeavyWorkThrottle().allow_request(request):
        form.add_error(None, limit_message())
    elif request.method == "POST" and form.is_valid():
        checked = call_service(
            form, lambda: verification.check_upload(**_uploaded(form.cleaned_data))
        )
        if checked is not None:
            document, verdict = checked
    return render(
        request,
        "credentials/verify.html",
        {"form": form, "verdict": verdict, "document": document},
    )


@login_required
def bring_in(request):
    profile = getattr(request.user, "learner_profile", None)
    if profile is None:
        raise Http404("Only a learner brings in credentials.")
    form = VerifyForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        title=_("Bring in a credential"),
        subtitle=_(
            "From another college, an employer or a certification body; it is checked "
            "before it is kept."
        ),
        save=lambda data: verification.bring_in(profile, by=request.user, **_uploaded(data)),
        done=_("Credential checked and kept."),
        next_url=reverse("credentials:mine"),
    )


@login_required
def issued(request):
    """The credentials a college's staff issued, newest first."""
    credentials = visible(request.user, Credential).select_related("achievement", "learner__user")
    state = request.GET.get("status", "")
    if state in Credential.Status.values:
        credentials = credentials.filter(status=state)
    return render(
        request,
        "credentials/issued.html",
        {
            "page": Paginator(credentials, 50).get_page(request.GET.get("page")),
            "status": state,
            "statuses": Credential.Status.choices,
            "may_issue": organisations_for(request.user, ISSUE, Achievement).exists(),
        },
    )


class AchievementForm(forms.ModelForm):
    skill = SkillField(label=gettext_lazy("Skill"), required=False)

    class Meta:
        model = Achievement
        fields = [
            "kind",
            "name",
            "name_zh",
            "description",
            "criteria",
            "skill",
            "min_proficiency",
            "qualification",
            "credits",
            "valid_years",
        ]

    def __init__(self, *args, user, college, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in Achievement.Kind.choices if choice[0] != Achievement.Kind.MODULE
        ]
        self.fields["qualification"].queryset = credit_bank.qualifications_of(user, college)


@login_required
def achievement_create(request):
    college = organisations_for(request.user, ISSUE, Achievement).first()
    if college is None:
        raise Http404("Only a college's staff define what it awards.")
    form = AchievementForm(request.POST or None, user=request.user, college=college)
    form.instance.issuer = college
    return form_page(
        request,
        form,
        title=_("Define an achievement"),
        subtitle=_(
            "A competency at a proficiency, a completed placement, or a certificate for a "
            "qualification; modules award their own."
        ),
        save=lambda data: issuing.define_achievement(college, by=request.user, **data),
        done=_("Achievement defined: issue it from the list."),
        next_url=lambda achievement: f"{reverse('credentials:issue')}?achievement={achievement.pk}",
    )


class IssueForm(forms.Form):
    learners = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Learners who qualify"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def issue(request):
    """Pick an achievement, see who qualifies, issue to those chosen in one batch."""
    colleges = organisations_for(request.user, ISSUE, Achievement)
    if not colleges.exists():
        raise Http404("Only a college's staff issue credentials.")
    modules = curriculum.modules_of(request.user, colleges.first()).order_by("programme", "name")
    achievements = visible(request.user, Achievement).exclude(kind=Achievement.Kind.MODULE)
    chosen = None
    if request.GET.get("module"):
        module = get_object_or_404(modules, pk=request.GET["module"])
        chosen = issuing.module_achievement(module)
    elif request.GET.get("achievement"):
        chosen = get_object_or_404(achievements, pk=request.GET["achievement"])
    form = None
    if chosen is not None:
        candidates = issuing.candidates(chosen)
        form = IssueForm(request.POST or None)
        form.fields["learners"].choices = [(p.pk, str(p)) for p in candidates]
        if request.method == "POST" and form.is_valid():
            done = call_service(
                form,
                lambda: issuing.issue(chosen, form.cleaned_data["learners"], by=request.user),
            )
            if done is not None:
                messages.success(request, _("%(count)s credentials issued.") % {"count": len(done)})
                return redirect("credentials:issued")
    return render(
        request,
        "credentials/issue.html",
        {"modules": modules, "achievements": achievements, "chosen": chosen, "form": form},
    )
