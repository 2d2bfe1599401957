"""Pages for diaries, co-assessment and competency progress."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.downloads import stored_upload, table_download
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, UploadField, call_service
from dovetail.core.models import LearnerProfile, Organisation
from dovetail.core.permissions import CHANGE, access, organisations_for
from dovetail.core.uploads import DIARY
from dovetail.curriculum.services import modules_of
from dovetail.placements import services as placements
from dovetail.records import charts
from dovetail.records.models import Assessment, Rubric
from dovetail.records.services import assessments, diaries, progress
from dovetail.skills.picker import SkillField, SkillsField

# a download is one table; a college's every learner, but not an unbounded export
COHORT_DOWNLOAD_ROWS = 20_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(UploadField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": kwargs["kind"].accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class EntryForm(forms.Form):
    written_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    hours = forms.DecimalField(label=gettext_lazy("Hours"), min_value=0, max_value=24, initial=8)
    activities = forms.CharField(label=gettext_lazy("What I did"), widget=forms.Textarea)
    learned = forms.CharField(label=gettext_lazy("What I learned"), widget=forms.Textarea)
    difficulties = forms.CharField(
        label=gettext_lazy("What went wrong"), widget=forms.Textarea, required=False
    )
    skills = SkillsField(label=gettext_lazy("Skills practised"), required=False)
    files = MultipleFileField(kind=DIARY, label=gettext_lazy("Photos or files"), required=False)
    zone = forms.ModelChoiceField(
        label=gettext_lazy("Taken in zone"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Material from confidential or restricted zones stays there."),
    )

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones


@login_required
def my_diary(request):
    mine = list(diaries.my_placements(request.user).select_related("offer__zone"))
    if not mine:
        return render(request, "records/my_diary.html", {"placement": None})
    placement = mine[0]
    if request.GET.get("placement"):
        placement = placements.placement_for(request.user, request.GET["placement"])
    zones = diaries.zones_for_diary(request.user, placement)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        zones=zones,
        initial={"written_on": timezone.localdate(), "zone": placement.offer.zone_id},
    )
    form.fields["skills"].suggest(placements.required_skill_ids(placement.offer_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = data["files"]
        if files and data["zone"] is None:
            form.add_error("zone", _("Say which zone the files were taken in."))
        else:
            entry = call_service(
                form,
                lambda: diaries.write_entry(
                    placement,
                    by=request.user,
                    written_on=data["written_on"],
                    activities=data["activities"],
                    learned=data["learned"],
                    difficulties=data["difficulties"],
                    hours=data["hours"],
                    skills=data["skills"],
                    uploads=[diaries.Upload(file, data["zone"]) for file in files],
                ),
            )
            if entry is not None:
                messages.success(request, _("Your diary entry is saved."))
                return redirect(f"{request.path}?placement={placement.pk}")
    return render(
        request,
        "records/my_diary.html",
        {
            "placement": placement,
            "placements": mine,
            "weeks": diaries.diary_of(placement, by=request.user),
            "form": form,
        },
    )


class SignOffForm(forms.Form):
    week_of = forms.DateField(widget=forms.HiddenInput)
    comment = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea, required=False)


@login_required
def placement_diary(request, placement_id):
    placement = placements.placement_for(request.user, placement_id)
    user = request.user
    if request.method == "POST":
        try:
            if "sign_week" in request.POST:
                levels = {
                    key.removeprefix("level_"): value
                    for key, value in request.POST.items()
                    if key.startswith("level_") and value
                }
                diaries.sign_off_week(
                    placement,
                    forms.DateField().clean(request.POST["sign_week"]),
                    by=user,
                    comment=request.POST.get("comment", ""),
                    skill_levels=levels,
                )
                messages.success(request, _("The week is signed off."))
            elif "comment_on" in request.POST:
                entry = diaries.entry_for(user, request.POST["comment_on"])
                diaries.comment(entry, by=user, text=request.POST.get("text", ""))
                messages.success(request, _("Your comment is added."))
        except (ServiceError, forms.ValidationError) as error:
            messages.error(request, getattr(error, "message", str(error)))
        return redirect(request.path)
    try:
        weeks = diaries.diary_of(placement, by=user)
    except ServiceError as error:
        raise PermissionDenied(error.message) from None
    return render(
        request,
        "records/placement_diary.html",
        {
            "placement": placement,
            "weeks": weeks,
            "may_sign": diaries.is_mentor_of(user, placement),
            "may_comment": diaries.may_comment(user, placement),
            "this_week": diaries.monday_of(timezone.localdate()),
            "proficiencies": range(1, 6),
        },
    )


@login_required
def diary_file(request, file_id):
    try:
        diary_file_ = diaries.file_for(request.user, file_id)
    except ServiceError as error:
        raise Http404(error.message) from None
    return stored_upload(diary_file_.file, diary_file_.name, diary_file_.content_type)


@login_required
def standings(request):
    today = timezone.localdate()
    rows = diaries.diary_standings(request.user, today=today)
    return render(
        request,
        "records/standings.html",
        {"rows": rows, "behind": sum(1 for row in rows if row.behind)},
    )


class CriterionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Criterion"), required=False)
    weight = forms.DecimalField(label=gettext_lazy("Weight"), initial=1, min_value=0.01)
    skill = SkillField(label=gettext_lazy("Competency"), required=False)
    descriptors = forms.CharField(
        label=gettext_lazy("Descriptors, one line per level"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=3)


class RubricForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("College"), queryset=Organisation.objects.none()
    )
    module = forms.ModelChoiceField(label=gettext_lazy("Module"), queryset=None, required=False)
    levels = forms.CharField(
        label=gettext_lazy("Performance levels, lowest first"),
        initial=", ".join(assessments.DEFAULT_LEVELS),
    )
    disagreement_threshold = forms.IntegerField(
        label=gettext_lazy("Flag ratings further apart than (levels)"), initial=1, min_value=0
    )
    pass_mark = forms.IntegerField(
        label=gettext_lazy("Pass mark (%)"), initial=60, min_value=0, max_value=100
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        colleges = organisations_for(user, CHANGE, Rubric)
        self.fields["organisation"].queryset = colleges
        self.fields["organisation"].initial = colleges.first()
        first = colleges.first()
        self.fields["module"].queryset = modules_of(user, first) if first else Rubric.objects.none()


@login_required
def rubrics(request):
    user = request.user
    may_write = assessments.can_start(user)
    form = RubricForm(request.POST or None, user=user, prefix="rubric")
    criteria = CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and may_write and form.is_valid() and criteria.is_valid():
        data = form.cleaned_data
        rows = [
            {
                "title": row["title"],
                "weight": row["weight"],
                "skill": row["skill"],
                "descriptors": [d for d in row["descriptors"].splitlines() if d.strip()],
            }
            for row in criteria.cleaned_data
            if row.get("title")
        ]
        rubric = call_service(
            form,
            lambda: assessments.create_rubric(
                by=user,
                organisation=data["organisation"],
                title=data["title"],
                module=data["module"],
                levels=data["levels"].split(","),
                criteria=rows,
                disagreement_threshold=data["disagreement_threshold"],
                pass_mark=data["pass_mark"],
            ),
        )
        if rubric is not None:
            messages.success(request, _("The rubric is saved."))
            return redirect("records:rubric", rubric.pk)
    return render(
        request,
        "records/rubrics.html",
        {
            "rubrics": assessments.rubrics_for(user).order_by("title"),
            "form": form,
            "criteria": criteria,
            "may_write": may_write,
        },
    )


@login_required
def rubric(request, rubric_id):
    rubric_ = access(request.user, Rubric, rubric_id)
    placed = (
        placements.placements_of(request.user)
        .filter(learner__college_id=rubric_.organisation_id)
        .select_related("learner__user", "offer__enterprise")
    )
    if request.method == "POST":
        try:
            assessment = assessments.start_assessment(
                rubric_,
                placements.placement_for(request.user, request.POST.get("placement")),
                by=request.user,
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        return redirect("records:assessment", assessment.pk)
    return render(
        request,
        "records/rubric.html",
        {
            "rubric": rubric_,
            "criteria": rubric_.criteria.select_related("skill"),
            "placements": placed if assessments.can_start(request.user) else [],
            "assessments": assessments.assessments_for(request.user).filter(rubric=rubric_),
        },
    )


@login_required
def assessment_list(request):
    return render(
        request,
        "records/assessments.html",
        {"assessments": assessments.assessments_for(request.user)},
    )


def _levels_from(post, prefix):
    return {
        key.removeprefix(prefix): value
        for key, value in post.items()
        if key.startswith(prefix) and value != ""
    }


@login_required
def assessment(request, assessment_id):
    assessment_ = access(request.user, Assessment, assessment_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reconcile":
                assessments.reconcile(
                    assessment_,
                    by=request.user,
                    levels=_levels_from(request.POST, "agreed_"),
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("The agreed result is recorded."))
            else:
                assessments.rate(
                    assessment_,
                    by=request.user,
                    levels=_levels_from(request.POST, "level_"),
                    comments={int(k): v for k, v in _levels_from(request.POST, "comment_").items()},
                )
                messages.success(request, _("Your ratings are saved."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    view = assessments.comparison(assessment_, by=request.user)
    view["chart"] = charts.agreement(view["rows"], len(assessment_.rubric.levels))
    return render(
        request,
        "records/assessment.html",
        {
            "assessment": assessment_,
            "view": view,
            "levels": list(enumerate(assessment_.rubric.levels)),
        },
    )


class SurveyForm(forms.Form):
    strengths = forms.CharField(
        label=gettext_lazy("Strengths"), widget=forms.Textarea, required=False
    )
    improvements = forms.CharField(
        label=gettext_lazy("To improve"), widget=forms.Textarea, required=False
    )
    would_hire = forms.NullBooleanField(label=gettext_lazy("Would you hire this learner?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, question in assessments.SURVEY_QUESTIONS.items():
            self.fields[f"q_{code}"] = forms.TypedChoiceField(
                label=_(question),
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
            )


@login_required
def survey(request, placement_id):
    placement = placements.placement_for(request.user, placement_id)
    try:
        existing = assessments.survey_of(placement, by=request.user)
    except ServiceError as error:
        raise PermissionDenied(error.message) from None
    may_answer = diaries.is_mentor_of(request.user, placement)
    initial = {}
    if existing:
        initial = {f"q_{k}": v for k, v in existing.answers.items()}
        initial.update(
            strengths=existing.strengths,
            improvements=existing.improvements,
            would_hire=existing.would_hire,
        )
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and may_answer and form.is_valid():
        data = form.cleaned_data
        answers = {code: data[f"q_{code}"] for code in assessments.SURVEY_QUESTIONS}
        saved = call_service(
            form,
            lambda: assessments.submit_survey(
                placement,
                by=request.user,
                answers=answers,
                strengths=data["strengths"],
                improvements=data["improvements"],
                would_hire=data["would_hire"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The evaluation is saved."))
            return redirect(request.path)
    return render(
        request,
        "records/survey.html",
        {"placement": placement, "form": form, "survey": existing, "may_answer": may_answer},
    )


class PriorLearningForm(forms.Form):
    skill = SkillField(label=gettext_lazy("Skill"))
    proficiency = forms.TypedChoiceField(
        label=gettext_lazy("Proficiency"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
    )
    achieved_on = forms.DateField(label=gettext_lazy("Achieved on"), widget=DateInput())
    evidence = forms.CharField(label=gettext_lazy("Evidence"), max_length=300)


@login_required
def my_competencies(request):
    profile = LearnerProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise Http404(_("You have no learner record."))
    return redirect("records:competencies", profile.pk)


@login_required
def competencies(request, profile_id):
    profile = access(request.user, LearnerProfile, profile_id)
    may_recognise = progress.may_recognise(request.user, profile)
    form = PriorLearningForm(request.POST or None, prefix="rpl")
    form.fields["skill"].suggest(progress.programme_skill_ids(profile))
    if request.method == "POST" and may_recognise and form.is_valid():
        saved = call_service(
            form,
            lambda: progress.record_prior_learning(profile, by=request.user, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("The prior learning is recognised."))
            return redirect(request.path)
    groups, evidence = progress.competency_profile(profile)
    return render(
        request,
        "records/competencies.html",
        {
            "profile": profile,
            "groups": groups,
            "evidence": evidence[:100],
            "radar": charts.radar(progress.radar(profile, groups)),
            "form": form if may_recognise else None,
        },
    )


@login_required
def cohort(request):
    if not organisations_for(request.user, CHANGE, Rubric).exists():
        raise PermissionDenied(_("The cohort view is for college staff."))
    learners = progress.cohort_learners(request.user)
    if request.GET.get("format") in ("csv", "xlsx"):
        groups, rows = progress.cohort_progress(learners[:COHORT_DOWNLOAD_ROWS])
        return table_download(
            request,
            "cohort-competencies",
            [_("Learner"), _("Student number"), *map(str, groups), _("Evidence")],
            [
                [str(profile), profile.student_number]
                + [round(values[g.pk], 2) if g.pk in values else "" for g in groups]
                + [count]
                for profile, values, count in rows
            ],
        )
    page = Paginator(learners, 50).get_page(request.GET.get("page"))
    groups, rows = progress.cohort_progress(page.object_list)
    return render(
        request,
        "records/cohort.html",
        {
            "page": page,
            "groups": groups,
            "rows": [
                (profile, [charts.heat(values.get(group.pk)) for group in groups], count)
                for profile, values, count in rows
            ],
        },
    )
