"""Career pages: a graduate's own career, offers and surveys; the college's alumni and surveys;
continuing-education courses and who they suit."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dovetail.careers import continuing, services, surveys
from dovetail.careers.models import (
    CareerStep,
    ContinuingOffer,
    FollowUpSurvey,
    SurveyInvitation,
    TrainingCourse,
)
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, form_page, run_action
from dovetail.core.models import Organisation, User
from dovetail.core.permissions import CHANGE, access, may, organisations_for
from dovetail.skills.picker import SkillsField


def _profile(request):
    profile = getattr(request.user, "learner_profile", None)
    if profile is None:
        raise Http404("Only a learner keeps a career record.")
    return profile


@login_required
def mine(request):
    profile = getattr(request.user, "learner_profile", None)
    if profile is None:
        return redirect("careers:alumni")
    return render(
        request,
        "careers/mine.html",
        {
            "profile": profile,
            "consents": services.consents(profile),
            "steps": services.steps_of(request.user, profile),
            "invitations": surveys.invitations_of(request.user),
            "offers": continuing.offers_of(request.user),
        },
    )


@login_required
@require_POST
def consent(request):
    profile = _profile(request)
    services.set_consent(profile, by=request.user, given=request.POST.get("given") == "1")
    messages.success(request, _("Saved."))
    return redirect("careers:mine")


class StepForm(forms.ModelForm):
    class Meta:
        model = CareerStep
        fields = ["employer_name", "job_title", "occupation", "region", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}


@login_required
def step_create(request):
    profile = _profile(request)
    form = StepForm(request.POST or None)
    form.instance.learner = profile
    return form_page(
        request,
        form,
        title=_("Add a job"),
        subtitle=_("Your college sees it only while you let it follow your career."),
        save=lambda data: services.add_step(profile, by=request.user, **data),
        done=_("Job added."),
        next_url=reverse("careers:mine"),
    )


def _college(request):
    college = organisations_for(request.user, CHANGE, FollowUpSurvey).first()
    if college is None:
        raise Http404("Only a college's staff follow its alumni.")
    return college


@login_required
def alumni(request):
    college = _college(request)
    rows = services.alumni_of(request.user, college)
    return render(
        request,
        "careers/alumni.html",
        {
            "college": college,
            "summary": services.alumni_summary(rows),
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        },
    )


@login_required
def survey_list(request):
    college = _college(request)
    if request.method == "POST":
        sent = surveys.send_due(college)
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
        return redirect("careers:surveys")
    return render(
        request,
        "careers/surveys.html",
        {"college": college, "surveys": surveys.survey_rows(request.user, college)},
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    months_after_graduation = forms.IntegerField(
        label=gettext_lazy("Months after graduation"), min_value=1, max_value=120
    )
    questions = forms.CharField(
        label=gettext_lazy("Questions, one a line"), widget=forms.Textarea(attrs={"rows": 5})
    )


@login_required
def survey_create(request):
    college = _college(request)
    form = SurveyForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("New follow-up survey"),
        subtitle=college,
        save=lambda data: surveys.create_survey(
            college,
            by=request.user,
            title=data["title"],
            months_after_graduation=data["months_after_graduation"],
            questions=data["questions"].splitlines(),
        ),
        done=_("Survey saved; it goes out as graduates reach the months after graduation."),
        next_url=reverse("careers:surveys"),
    )


@login_required
def survey(request, pk):
    shown = access(request.user, FollowUpSurvey, pk)
    return render(
        request,
        "careers/survey.html",
        {"survey": shown, "invitations": surveys.answers_of(request.user, shown)},
    )


@login_required
def answer(request, pk):
    invitation = access(request.user, SurveyInvitation, pk, CHANGE)
    questions = invitation.survey.questions
    error = ""
    if request.method == "POST":
        answers = [request.POST.get(f"answer-{i}", "") for i in range(len(questions))]
        try:
            surveys.answer(invitation, by=request.user, answers=answers)
        except ServiceError as problem:
            error = problem.message
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("careers:mine")
    return render(
        request,
        "careers/answer.html",
        {"invitation": invitation, "questions": list(enumerate(questions)), "error": error},
    )


@login_required
def courses(request):
    return render(
        request,
        "careers/courses.html",
        {
            "page": Paginator(continuing.courses_for(request.user), 50).get_page(
                request.GET.get("page")
            ),
            "may_create": continuing.providers_for(request.user).exists(),
        },
    )


class CourseForm(forms.ModelForm):
    skills = SkillsField(label=gettext_lazy("Skills"))

    class Meta:
        model = TrainingCourse
        fields = [
            "provider",
            "college",
            "name",
            "name_zh",
            "description",
            "skills",
            "audience",
            "starts_on",
            "hours",
            "seats",
        ]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = continuing.providers_for(user)
        self.fields["college"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.COLLEGE
        )


@login_required
def course_create(request):
    if not continuing.providers_for(request.user).exists():
        raise Http404("Only a college's or an enterprise's staff offer courses.")
    form = CourseForm(
        request.POST or None, user=request.user, initial={"starts_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        title=_("Offer a course"),
        subtitle=_("Continuing education for graduates, or training for your in-service staff."),
        save=lambda data: continuing.create_course(data.pop("provider"), by=request.user, **data),
        done=_("Course saved."),
        next_url=lambda course: reverse("careers:course", args=[course.pk]),
    )


@login_required
def course(request, pk):
    shown = get_object_or_404(continuing.courses_for(request.user), pk=pk)
    manages = may(request.user, CHANGE, shown)
    staff = []
    if manages and shown.provider.kind == Organisation.Kind.ENTERPRISE:
        staff = User.objects.filter(memberships__organisation=shown.provider).distinct()
    return render(
        request,
        "careers/course.html",
        {
            "course": shown,
            "manages": manages,
            "matches": continuing.match(shown)[:50] if manages else [],
            "enrolments": continuing.enrolments_of(request.user, shown),
            "offers": shown.offers.select_related("learner__user") if manages else [],
            "staff": staff,
        },
    )


@login_required
@require_POST
def course_action(request, pk):
    """Send offers, enrol oneself, or (the enterprise) enrol staff."""
    shown = get_object_or_404(continuing.courses_for(request.user), pk=pk)
    action = request.POST.get("action")
    if action == "offer":
        run_action(
            request,
            lambda: continuing.send_offers(shown, by=request.user),
            done=lambda sent: _("%(count)s offers sent.") % {"count": sent},
        )
    elif action == "enrol":
        run_action(
            request,
            lambda: continuing.enrol_self(shown, by=request.user),
            done=_("You are enrolled."),
        )
    elif action == "enrol_staff":
        users = list(User.objects.filter(pk__in=request.POST.getlist("users")))
        run_action(
            request,
            lambda: continuing.enrol_staff(shown, by=request.user, users=users),
            done=lambda enrolled: _("%(count)s enrolled.") % {"count": len(enrolled)},
        )
    else:
        raise Http404(action)
    return redirect("careers:course", shown.pk)


@login_required
@require_POST
def respond(request, pk):
    offer = access(request.user, ContinuingOffer, pk, CHANGE)
    accept = request.POST.get("accept") == "1"
    run_action(
        request,
        lambda: continuing.respond(offer, by=request.user, accept=accept),
        done=_("Answer saved."),
    )
    return redirect("careers:mine")
