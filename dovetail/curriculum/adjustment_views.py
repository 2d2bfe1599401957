"""Pages for keeping a curriculum current: a programme's gaps and proposals, a proposal's
review by the teaching committee, a module's versions with their diffs and cohorts."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dovetail.core.forms import DateInput, form_page, run_action
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, access, may
from dovetail.curriculum import adjustments, versions
from dovetail.curriculum.models import AdjustmentProposal, Module, Programme
from dovetail.curriculum.policies import DECIDE
from dovetail.skills.models import Skill


@login_required
def programme_adjustments(request, pk):
    """The programme's gaps to answer, its proposals, and the year's adjustments."""
    shown = access(request.user, Programme, pk)
    if not may(request.user, CHANGE, shown):
        raise Http404("Only the college's staff keep its curriculum.")
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = year or timezone.localdate().year
    report = adjustments.latest_gap_report(request.user, shown)
    return render(
        request,
        "curriculum/adjustments.html",
        {
            "programme": shown,
            "report": report,
            "gaps": adjustments.gap_rows(report) if report else [],
            "proposals": adjustments.proposals_of(request.user, shown),
            "year": year,
            "annual": adjustments.annual_report(request.user, shown, year),
        },
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = AdjustmentProposal
        fields = [
            "kind",
            "module",
            "title",
            "outcome_text",
            "outcome_text_zh",
            "proficiency",
            "rationale",
            "rationale_zh",
            "hours",
            "credits",
            "module_code",
            "module_name",
            "module_name_zh",
            "requested_by",
            "effective_from",
        ]
        widgets = {
            "effective_from": DateInput(),
            "outcome_text": forms.Textarea(attrs={"rows": 2}),
            "outcome_text_zh": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "rationale_zh": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme, enterprise_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = programme.modules.all()
        self.fields["requested_by"].queryset = Organisation.objects.filter(pk__in=enterprise_ids)


@login_required
def proposal_create(request, pk):
    shown = access(request.user, Programme, pk)
    if not may(request.user, CHANGE, shown):
        raise Http404("Only the college's staff propose adjustments.")
    skill = get_object_or_404(Skill, pk=request.GET.get("skill") or 0)
    drafted = adjustments.draft_from_gap(shown, skill)
    evidence = drafted.pop("evidence")
    drafted.pop("skill")
    form = ProposalForm(
        request.POST or None,
        initial=drafted,
        programme=shown,
        enterprise_ids=evidence["enterprise_ids"],
    )
    form.instance.programme = shown
    return form_page(
        request,
        form,
        title=_("Propose an adjustment"),
        subtitle=_("%(skill)s: asked for in %(count)s adverts and requests in the last year.")
        % {"skill": skill.display_label, "count": evidence["demands"]},
        save=lambda data: adjustments.create_proposal(
            shown, by=request.user, skill=skill, evidence=evidence, **data
        ),
        done=_("Proposal drafted. Submit it to the committee when it is ready."),
        next_url=lambda proposal: reverse("curriculum:proposal", args=[proposal.pk]),
    )


@login_required
def proposal(request, pk):
    shown = access(request.user, AdjustmentProposal, pk)
    return render(
        request,
        "curriculum/proposal.html",
        {
            "proposal": shown,
            "comments": shown.comments.select_related("author"),
            "may_change": may(request.user, CHANGE, shown),
            "may_decide": may(request.user, DECIDE, shown),
            "demands": shown.evidence.get("demand_ids", []),
        },
    )


@login_required
@require_POST
def proposal_action(request, pk):
    """Comment, submit, approve or reject."""
    shown = access(request.user, AdjustmentProposal, pk)
    action = request.POST.get("action")
    note = request.POST.get("text", "")
    calls = {
        "comment": (
            lambda: adjustments.comment(shown, by=request.user, text=note),
            _("Comment added."),
        ),
        "submit": (
            lambda: adjustments.submit(shown, by=request.user),
            _("Submitted to the teaching committee."),
        ),
        "approve": (
            lambda: adjustments.decide(shown, by=request.user, approve=True, note=note),
            _("Approved: the module's new version is recorded."),
        ),
        "reject": (
            lambda: adjustments.decide(shown, by=request.user, approve=False, note=note),
            _("Rejected."),
        ),
    }
    if action not in calls:
        raise Http404(action)
    call, done = calls[action]
    run_action(request, call, done=done)
    return redirect("curriculum:proposal", shown.pk)


class ReviseForm(forms.Form):
    hours = forms.IntegerField(label=gettext_lazy("Hours"), min_value=1, max_value=2000)
    credits = forms.DecimalField(label=gettext_lazy("Credits"), max_digits=4, decimal_places=1)
    delivery_mode = forms.ChoiceField(
        label=gettext_lazy("Delivery mode"), choices=Module.Delivery.choices
    )
    performance_indicators = forms.CharField(
        label=gettext_lazy("Measurable performance indicators, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assessment_methods = forms.CharField(
        label=gettext_lazy("Assessment methods"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    effective_from = forms.DateField(label=gettext_lazy("Taught from"), widget=DateInput())
    changelog = forms.CharField(label=gettext_lazy("What changed and why"), max_length=1000)


@login_required
def module_revise(request, pk):
    shown = get_object_or_404(Module.objects.select_related("programme__college"), pk=pk)
    if not may(request.user, CHANGE, shown):
        raise Http404("Only the college's staff revise its modules.")
    initial = {name: getattr(shown, name) for name in versions.REVISABLE}
    form = ReviseForm(
        request.POST or None, initial={**initial, "effective_from": timezone.localdate()}
    )

    def save(data):
        changes = {name: data[name] for name in versions.REVISABLE}
        return versions.revise(
            shown,
            by=request.user,
            changelog=data["changelog"],
            effective_from=data["effective_from"],
            changes=changes,
        )

    return form_page(
        request,
        form,
        title=_("Revise %(module)s") % {"module": shown.display_name},
        subtitle=_("The module as it is now is kept as a version; this makes the next one."),
        save=save,
        done=_("New version recorded."),
        next_url=reverse("curriculum:module", args=[shown.pk]),
    )


@login_required
def module(request, pk):
    """A module as taught now, its versions with what changed, and which cohort studies which."""
    shown = get_object_or_404(Module.objects.select_related("programme__college"), pk=pk)
    history = versions.versions_of(shown, record=False)
    cohorts = versions.cohorts_by_version(shown)
    return render(
        request,
        "curriculum/module.html",
        {
            "module": shown,
            "outcomes": versions.outcomes_of(shown),
            "may_revise": may(request.user, CHANGE, shown),
            "versions": [
                {
                    "version": version,
                    "cohorts": cohorts.get(version.number, []),
                    "diff": versions.diff(older, version) if older else [],
                }
                for older, version in zip([None, *history[:-1]], history, strict=True)
            ][::-1],
        },
    )


@login_required
def standard(request, pk):
    """The programme's teaching standard: every version, what changed, which cohorts it governs,
    and the module versions each cohort studies."""
    shown = access(request.user, Programme, pk)
    return render(
        request,
        "curriculum/standard.html",
        {
            "programme": shown,
            "history": versions.standard_history(shown),
            "standard": versions.standard_by_cohort(shown),
            "may_revise": may(request.user, CHANGE, shown),
        },
    )


class StandardForm(forms.Form):
    objectives = forms.CharField(
        label=gettext_lazy("Training objectives"), widget=forms.Textarea(attrs={"rows": 5})
    )
    graduate_requirements = forms.CharField(
        label=gettext_lazy("Graduation requirements"), widget=forms.Textarea(attrs={"rows": 5})
    )
    effective_from = forms.DateField(label=gettext_lazy("In force from"), widget=DateInput())
    changelog = forms.CharField(label=gettext_lazy("What changed and why"), max_length=1000)


@login_required
def standard_revise(request, pk):
    shown = access(request.user, Programme, pk)
    if not may(request.user, CHANGE, shown):
        raise Http404("Only the college's staff revise its teaching standards.")
    current = versions.standards_of(shown)
    initial = {"effective_from": timezone.localdate()}
    if current:
        initial |= {name: getattr(current[-1], name) for name in versions.STANDARD_FIELDS}
    form = StandardForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        title=_("Revise the teaching standard"),
        subtitle=shown.display_name,
        save=lambda data: versions.revise_standard(shown, by=request.user, **data),
        done=_("New version of the teaching standard recorded."),
        next_url=reverse("curriculum:standard", args=[shown.pk]),
    )
