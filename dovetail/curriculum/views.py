"""A programme's modules with their learning outcomes (mapped onto skills) and graduate plans."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.forms import DateInput, call_service
from dovetail.core.permissions import CHANGE, access, may
from dovetail.curriculum import services
from dovetail.curriculum.models import Module, Programme
from dovetail.skills.mapping import mapping_occupations
from dovetail.skills.models import Occupation
from dovetail.skills.views import apply_review, skill_search


class OutcomeForm(forms.Form):
    module = forms.ModelChoiceField(label=gettext_lazy("Module"), queryset=Module.objects.none())
    text = forms.CharField(
        label=gettext_lazy("Learning outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What learners can do after the module, e.g. “program PLC control "
            "systems for a packaging line”."
        ),
    )
    proficiency = forms.IntegerField(
        label=gettext_lazy("Proficiency (1 basic – 5 expert)"), min_value=1, max_value=5, initial=3
    )
    since = forms.DateField(label=gettext_lazy("Taught since"), widget=DateInput())

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = programme.modules.all()
        self.fields["since"].initial = timezone.localdate()


class GraduatePlanForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    graduates = forms.IntegerField(label=gettext_lazy("Graduates"), min_value=0)
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("Occupation"), queryset=Occupation.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = mapping_occupations()
        self.fields["year"].initial = timezone.localdate().year + 1


@login_required
def programme(request, pk):
    shown = access(request.user, Programme, pk)
    editable = may(request.user, CHANGE, shown)
    outcome_form = OutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None, programme=shown
    )
    plan_form = GraduatePlanForm(request.POST if request.POST.get("form") == "plan" else None)
    if request.method == "POST" and outcome_form.is_valid():
        data = outcome_form.cleaned_data
        added = call_service(
            outcome_form,
            lambda: services.add_outcome(
                data["module"],
                text=data["text"],
                proficiency=data["proficiency"],
                since=data["since"],
                by=request.user,
            ),
        )
        if added is not None:
            messages.success(request, _("Outcome added and mapped onto the skills taxonomy."))
            return redirect("curriculum:programme", pk=shown.pk)
    if request.method == "POST" and plan_form.is_valid():
        data = plan_form.cleaned_data
        services.set_graduate_plan(
            shown,
            year=data["year"],
            graduates=data["graduates"],
            occupation_id=data["occupation"].pk if data["occupation"] else None,
            by=request.user,
        )
        messages.success(request, _("Graduate plan saved."))
        return redirect("curriculum:programme", pk=shown.pk)
    return render(
        request,
        "curriculum/programme.html",
        {
            "programme": shown,
            "modules": services.modules_with_outcomes(shown),
            "plans": services.graduate_plans([shown.pk], 2000, 2100),
            "editable": editable,
            "outcome_form": outcome_form,
            "plan_form": plan_form,
        },
    )


@login_required
def outcome(request, pk):
    """One learning outcome and the skills it teaches, which its college's staff correct."""
    shown = services.outcome_for(request.user, pk)
    may_correct = services.may_correct(request.user, shown)
    reviewed = apply_review(
        request, shown, reject=services.reject_outcome_skill, add=services.add_outcome_skill
    )
    if reviewed:
        return redirect("curriculum:outcome", pk=shown.pk)
    skills = services.outcome_skills_of(shown)
    return render(
        request,
        "curriculum/outcome.html",
        {
            "outcome": shown,
            "skills": skills,
            "may_change": may_correct,
            **skill_search(request, may_correct, skills),
        },
    )
