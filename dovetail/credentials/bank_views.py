"""Credit bank pages: a learner's credit and progress, and the college's qualifications and
transfer rules."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.forms import DateInput, form_page
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import CHANGE, COLLEGE_STAFF, access, actor_for, organisations_for
from dovetail.credentials import credit_bank
from dovetail.credentials.models import Qualification, TransferRule
from dovetail.curriculum import services as curriculum


def _learner(request, learner_id) -> LearnerProfile:
    """A learner whose credit the user may read: their own, or one of their college's."""
    profile = access(request.user, LearnerProfile, learner_id)
    if profile.user_id != request.user.pk and not actor_for(request.user).has_role(
        profile.college_id, COLLEGE_STAFF
    ):
        raise Http404("No learner.")
    return profile


@login_required
def bank(request, learner_id=None):
    """The learner's own bank, or (for their college's staff) a learner's."""
    if learner_id is None:
        profile = getattr(request.user, "learner_profile", None)
        if profile is None:
            raise Http404("Open a learner's credit bank from their page.")
    else:
        profile = _learner(request, learner_id)
    staff = (
        organisations_for(request.user, CHANGE, Qualification)
        .filter(pk=profile.college_id)
        .exists()
    )
    return render(
        request,
        "credentials/bank.html",
        {"profile": profile, "bank": credit_bank.bank_of(profile), "staff": staff},
    )


def _college(request):
    college = organisations_for(request.user, CHANGE, Qualification).first()
    if college is None:
        raise Http404("Only a college's staff keep its qualifications and rules.")
    return college


class CreditForm(forms.Form):
    institution = forms.CharField(label=gettext_lazy("Institution"), max_length=200)
    code = forms.CharField(label=gettext_lazy("Course code"), max_length=60)
    title = forms.CharField(label=gettext_lazy("Course title"), max_length=300)
    credits = forms.DecimalField(label=gettext_lazy("Credits"), max_digits=5, decimal_places=1)
    level = forms.IntegerField(
        label=gettext_lazy("Level"), min_value=1, max_value=8, required=False
    )
    earned_on = forms.DateField(label=gettext_lazy("Earned on"), widget=DateInput())


@login_required
def credit_create(request, learner_id):
    profile = _learner(request, learner_id)
    if profile.user_id == request.user.pk:
        raise Http404("Your college banks credit from elsewhere.")
    form = CreditForm(request.POST or None, initial={"earned_on": timezone.localdate()})
    return form_page(
        request,
        form,
        title=_("Bank credit from another institution"),
        subtitle=profile,
        save=lambda data: credit_bank.record_credit(profile, by=request.user, **data),
        done=_("Credit banked."),
        next_url=reverse("credentials:bank-of", args=[profile.pk]),
    )


@login_required
def rules(request):
    college = _college(request)
    return render(
        request,
        "credentials/rules.html",
        {"college": college, "rules": credit_bank.rules_of(request.user, college)},
    )


class RuleForm(forms.ModelForm):
    class Meta:
        model = TransferRule
        fields = [
            "source_institution",
            "source_code",
            "source_title",
            "target_module",
            "credits",
            "min_level",
        ]

    def __init__(self, *args, user, college, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_module"].queryset = curriculum.modules_of(user, college)


@login_required
def rule_create(request):
    college = _college(request)
    form = RuleForm(request.POST or None, user=request.user, college=college)
    form.instance.college = college
    return form_page(
        request,
        form,
        title=_("Add a transfer rule"),
        subtitle=_("Credit from that course counts as this module in every learner's progress."),
        save=lambda data: credit_bank.add_rule(college, by=request.user, **data),
        done=_("Rule added."),
        next_url=reverse("credentials:rules"),
    )


@login_required
def qualifications(request):
    college = _college(request)
    return render(
        request,
        "credentials/qualifications.html",
        {
            "college": college,
            "qualifications": credit_bank.qualifications_of(request.user, college),
        },
    )


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["name", "name_zh", "kind", "level", "credits_required", "programme", "modules"]
        widgets = {"modules": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, college, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = curriculum.modules_of(user, college)
        self.fields["programme"].queryset = curriculum.programmes_of(user, college)


@login_required
def qualification_create(request):
    college = _college(request)
    form = QualificationForm(request.POST or None, user=request.user, college=college)
    form.instance.college = college
    return form_page(
        request,
        form,
        title=_("Add a qualification"),
        subtitle=_(
            "An academic award or a vocational skill-level certificate, and the modules "
            "that count toward it."
        ),
        save=lambda data: credit_bank.add_qualification(college, by=request.user, **data),
        done=_("Qualification added."),
        next_url=reverse("credentials:qualifications"),
    )
