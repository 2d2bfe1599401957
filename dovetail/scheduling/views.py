from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.downloads import attachment, table_download
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, UploadField, call_service
from dovetail.core.models import Organisation, TaskRun
from dovetail.core.permissions import CHANGE, access, may, organisations_for, visible
from dovetail.core.tabular import table_bytes
from dovetail.core.tasks import submit
from dovetail.core.uploads import CALENDAR
from dovetail.partnerships.models import TemporalPriorityRule, Zone
from dovetail.scheduling import services
from dovetail.scheduling.models import (
    AcademicCalendar,
    Commitment,
    EnterprisePeriod,
    PlanChange,
    PracticePattern,
    PracticePlan,
)


def _week_numbers(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise forms.ValidationError(_("Write week numbers separated by commas.")) from None


class CalendarForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    first_monday = forms.DateField(label=gettext_lazy("First Monday"), widget=DateInput())
    weeks = forms.IntegerField(label=gettext_lazy("Weeks"), min_value=1, max_value=60, initial=40)
    exam_weeks = forms.CharField(
        label=gettext_lazy("Exam weeks"), required=False, initial="9, 19, 29, 39"
    )
    holiday_weeks = forms.CharField(
        label=gettext_lazy("Holiday weeks"), required=False, initial="20, 21"
    )

    def clean_exam_weeks(self):
        return _week_numbers(self.cleaned_data["exam_weeks"])

    def clean_holiday_weeks(self):
        return _week_numbers(self.cleaned_data["holiday_weeks"])


class PlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    calendar = forms.ModelChoiceField(
        label=gettext_lazy("Calendar"), queryset=AcademicCalendar.objects.none()
    )
    pattern = forms.ModelChoiceField(
        label=gettext_lazy("Pattern"), queryset=PracticePattern.objects.all()
    )
    required_hours = forms.IntegerField(
        label=gettext_lazy("Required practice hours"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: the hours of each learner's workplace-based modules."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = visible(user, AcademicCalendar)


@login_required
def plans(request):
    colleges = organisations_for(request.user, CHANGE, PracticePlan)
    calendar_form = CalendarForm(
        request.POST if "calendar" not in request.POST and "first_monday" in request.POST else None
    )
    plan_form = PlanForm(request.POST if "pattern" in request.POST else None, user=request.user)
    if request.method == "POST" and colleges:
        if calendar_form.is_bound and calendar_form.is_valid():
            calendar = call_service(
                calendar_form,
                lambda: services.create_calendar(
                    by=request.user, college=colleges[0], **calendar_form.cleaned_data
                ),
            )
            if calendar is not None:
                messages.success(request, _("Calendar saved."))
                return redirect("scheduling:plans")
        if plan_form.is_bound and plan_form.is_valid():
            plan = call_service(
                plan_form, lambda: services.create_plan(by=request.user, **plan_form.cleaned_data)
            )
            if plan is not None:
                return redirect("scheduling:plan", pk=plan.pk)
    return render(
        request,
        "scheduling/plans.html",
        {
            "plans": services.plans_of(request.user),
            "calendars": visible(request.user, AcademicCalendar),
            "calendar_form": calendar_form if colleges else None,
            "plan_form": plan_form if colleges else None,
        },
    )


class ChangeForm(forms.Form):
    zone = forms.ModelChoiceField(label=gettext_lazy("Zone"), queryset=Zone.objects.none())
    conflict_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of change"), choices=TemporalPriorityRule.ConflictKind.choices
    )
    description = forms.CharField(label=gettext_lazy("What changed"), max_length=300)
    first_week = forms.IntegerField(label=gettext_lazy("First week"), min_value=1)
    last_week = forms.IntegerField(label=gettext_lazy("Last week"), min_value=1)
    capacity_days = forms.IntegerField(
        label=gettext_lazy("Learner-days a week the zone can still take"), min_value=0, initial=0
    )

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones


@login_required
def plan_detail(request, pk):
    plan = access(request.user, PracticePlan, pk)
    zones = Zone.objects.filter(pk__in=plan.entries.values("placement__offer__zone"))
    reportable = (
        zones
        if may(request.user, CHANGE, plan)
        # an enterprise's managers report changes at the zones they keep the calendar of
        else zones.filter(enterprise__in=organisations_for(request.user, CHANGE, EnterprisePeriod))
    )
    form = ChangeForm(request.POST or None, zones=reportable)
    if request.method == "POST" and form.is_valid():
        change = call_service(
            form, lambda: services.report_change(plan, by=request.user, **form.cleaned_data)
        )
        if change is not None:
            messages.success(request, _("Change reported; the coordinator will settle it."))
            return redirect("scheduling:plan", pk=plan.pk)
    return render(
        request,
        "scheduling/plan.html",
        {
            "plan": plan,
            "grid": services.plan_grid(request.user, plan),
            "changes": visible(request.user, plan.changes.all()).select_related("zone"),
            "can_change": may(request.user, CHANGE, plan),
            "form": form if reportable.exists() else None,
        },
    )


@login_required
def plan_solve(request, pk):
    plan = access(request.user, PracticePlan, pk, CHANGE)
    if request.method != "POST":
        return redirect("scheduling:plan", pk=plan.pk)
    run = submit("solve_practice_plan", by=request.user, plan_id=plan.pk, by_id=request.user.pk)
    return redirect(
        reverse("task", args=[run.pk]) + "?next=" + reverse("scheduling:plan", args=[plan.pk])
    )


@login_required
def change_settle(request, pk):
    change = access(request.user, PlanChange, pk)
    if request.method != "POST":
        return redirect("scheduling:plan", pk=change.plan_id)
    back = reverse("scheduling:plan", args=[change.plan_id])
    try:
        run = services.start_settling(change, by=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(back)
    if run.status == TaskRun.Status.SUCCEEDED:
        messages.success(request, run.result["outcome_label"])
        return redirect(back)
    return redirect(reverse("task", args=[run.pk]) + "?next=" + back)


@login_required
def my_plan(request):
    form = CommitmentForm(request.POST if "reason" in request.POST else None)
    if "remove" in request.POST:
        services.remove_commitment(
            access(request.user, Commitment, request.POST["remove"], CHANGE), by=request.user
        )
        messages.success(request, _("The commitment is removed."))
        return redirect("scheduling:mine")
    if form.is_bound and form.is_valid():
        added = call_service(
            form, lambda: services.add_commitment(by=request.user, **form.cleaned_data)
        )
        if added is not None:
            messages.success(
                request, _("Saved. Plans solved from now on keep those days free of practice.")
            )
            return redirect("scheduling:mine")
    entries = [
        (entry, services.learner_weeks(entry))
        for entry in services.entries_of_learner(request.user)
    ]
    return render(
        request,
        "scheduling/mine.html",
        {
            "entries": entries,
            "commitments": services.commitments_of(request.user),
            "form": form,
            "feed_url": services.feed_url(request, request.user),
        },
    )


class CommitmentForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What it is"),
        max_length=200,
        help_text=gettext_lazy("A resit, a family duty, a competition…"),
    )
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("To"), widget=DateInput())


def feed(request, key):
    """A person's plan as an .ics feed; the secret key stands in for signing in."""
    data = services.person_ics(key)
    if data is None:
        raise Http404("No such feed.")
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


class CalendarImportForm(forms.Form):
    file = UploadField(kind=CALENDAR, label=gettext_lazy("iCalendar (.ics), CSV or Excel file"))


@login_required
def calendar_detail(request, pk):
    calendar = access(request.user, AcademicCalendar, pk)
    form = CalendarImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        count = call_service(
            form,
            lambda: services.import_calendar_ics(
                calendar, upload.name, upload.read(), by=request.user
            ),
        )
        if count is not None:
            messages.success(request, _("%(count)s weeks marked from the file.") % {"count": count})
            return redirect("scheduling:calendar", pk=calendar.pk)
    weeks = [
        (week, services.week_start(calendar, week.index)) for week in calendar.closed_weeks.all()
    ]
    return render(
        request,
        "scheduling/calendar.html",
        {
            "calendar": calendar,
            "weeks": weeks,
            "form": form if may(request.user, CHANGE, calendar) else None,
        },
    )


@login_required
def calendar_export(request, pk):
    calendar = access(request.user, AcademicCalendar, pk)
    if request.GET.get("format") == "csv":
        return attachment(
            table_bytes(*services.calendar_table(calendar)),
            f"calendar-{calendar.pk}.csv",
            "text/csv; charset=utf-8",
        )
    return attachment(
        services.calendar_ics(calendar),
        f"calendar-{calendar.pk}.ics",
        "text/calendar; charset=utf-8",
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EnterprisePeriod.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    zone = forms.ModelChoiceField(
        label=gettext_lazy("Zone (empty: all)"), queryset=Zone.objects.none(), required=False
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DateInput())
    capacity_days = forms.IntegerField(
        label=gettext_lazy("Learner-days per week (empty: usual)"), min_value=0, required=False
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = enterprise.zones.all()


@login_required
def enterprise_periods(request, pk):
    enterprise = access(request.user, Organisation, pk)
    can_change = may(request.user, CHANGE, EnterprisePeriod(enterprise=enterprise))
    form = PeriodForm(
        request.POST if request.POST.get("form") == "period" else None, enterprise=enterprise
    )
    upload = CalendarImportForm(
        request.POST if request.POST.get("form") == "import" else None, request.FILES or None
    )
    if request.method == "POST" and can_change:
        saved = (
            form.is_bound
            and form.is_valid()
            and call_service(
                form,
                lambda: services.add_period(
                    by=request.user, enterprise=enterprise, **form.cleaned_data
                ),
            )
        )
        if saved:
            messages.success(request, _("Period saved."))
            return redirect("scheduling:periods", pk=enterprise.pk)
        if upload.is_bound and upload.is_valid():
            file = upload.cleaned_data["file"]
            count = call_service(
                upload,
                lambda: services.import_periods_file(
                    enterprise, file.name, file.read(), by=request.user
                ),
            )
            if count is not None:
                messages.success(request, _("%(count)s periods imported.") % {"count": count})
                return redirect("scheduling:periods", pk=enterprise.pk)
    return render(
        request,
        "scheduling/periods.html",
        {
            "enterprise": enterprise,
            "periods": visible(request.user, enterprise.periods.all()).select_related("zone"),
            "form": form if can_change else None,
            "upload": upload if can_change else None,
        },
    )


@login_required
def enterprise_export(request, pk):
    enterprise = access(request.user, Organisation, pk)
    if request.GET.get("format") == "csv":
        table = services.periods_table(request.user, enterprise)
        return attachment(table_bytes(*table), f"{enterprise.code}.csv", "text/csv; charset=utf-8")
    return attachment(
        services.enterprise_ics(enterprise),
        f"{enterprise.code}.ics",
        "text/calendar; charset=utf-8",
    )


@login_required
def plan_export(request, pk):
    plan = access(request.user, PracticePlan, pk)
    columns, rows = services.plan_table(request.user, plan)
    return table_download(request, f"plan-{plan.pk}", columns, rows)
