from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from dovetail.core import notifications, services
from dovetail.core.agenda import agenda_of
from dovetail.core.forms import UploadField
from dovetail.core.models import LearnerProfile, Organisation, Role, TaskRun
from dovetail.core.permissions import CHANGE, access, may, visible
from dovetail.core.tasks import may_retry, progress_of, retry, submit, summary_of
from dovetail.core.uploads import TABLE, stash_upload
from dovetail.curriculum.services import programmes_of
from dovetail.partnerships.services import (
    enterprise_panel,
    partnerships_of,
    region_panel,
    zones_of,
)


@login_required
def home(request):
    today = timezone.localdate()
    summary = services.home_summary(request.user, today=today)
    roles = {role for _, role in summary["roles"]}
    context = {
        **summary,
        "role_names": roles,
        "agenda": agenda_of(request.user, today=today),
    }
    organisations = [org for org, _ in summary["roles"]]
    if roles & {Role.ENTERPRISE_HR, Role.PROJECT_MANAGER, Role.MENTOR, Role.LEARNER}:
        context["zones_panel"] = enterprise_panel(request.user, organisations, today=today)
    if Role.OFFICER in roles:
        context["region"] = region_panel(request.user, today=today)
    if roles & {Role.COORDINATOR, Role.TEACHER}:
        college = next(
            org for org, role in summary["roles"] if role in (Role.COORDINATOR, Role.TEACHER)
        )
        context["college"] = college
        context["programmes"] = programmes_of(request.user, college)
    return render(request, "core/home.html", context)


@login_required
def organisations(request):
    search = request.GET.get("q", "").strip()
    rows = visible(request.user, Organisation).select_related("region")
    kind = request.GET.get("kind")
    if kind in Organisation.Kind.values:
        rows = rows.filter(kind=kind)
    if search:
        rows = rows.filter(name__icontains=search) | rows.filter(name_zh__icontains=search)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/organisations.html",
        {"page": page, "search": search, "kind": kind, "kinds": Organisation.Kind.choices},
    )


@login_required
def organisation_detail(request, code):
    organisation = services.access_organisation_by_code(request.user, code)
    is_college = organisation.kind == Organisation.Kind.COLLEGE
    return render(
        request,
        "core/organisation.html",
        {
            "organisation": organisation,
            "programmes": programmes_of(request.user, organisation) if is_college else None,
            "partnerships": partnerships_of(request.user, organisation),
            "zones": zones_of(request.user, organisation),
            "members": services.members_of(request.user, organisation),
            "can_change": may(request.user, CHANGE, organisation),
        },
    )


@login_required
def learners(request):
    search = request.GET.get("q", "").strip()
    rows = services.learner_rows(request.user, search=search)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "core/learners.html", {"page": page, "search": search})


@login_required
def learner_detail(request, pk):
    profile = access(request.user, LearnerProfile, pk)
    return render(
        request,
        "core/learner.html",
        {
            "learner": services.learner_view(request.user, profile),
            "can_change": may(request.user, CHANGE, profile),
        },
    )


class PeopleImportForm(forms.Form):
    file = UploadField(
        kind=TABLE,
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy(
            "Columns: username, full_name, email, organisation, role, and for learners "
            "programme, career_stage, cohort_year, student_number, rural, disadvantaged, "
            "disability."
        ),
    )


@login_required
def people_import(request):
    if not services.administers_any(request.user):
        raise PermissionDenied(_("Only coordinators and enterprise HR import people."))
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = submit(
            "import_people",
            by=request.user,
            file_name=upload.name,
            stash=stash_upload(upload, TABLE),
            by_id=request.user.pk,
        )
        messages.info(request, _("Import started."))
        return redirect("task", pk=run.pk)
    return render(request, "core/people_import.html", {"form": form})


class NotificationForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of messages"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    by_email = forms.MultipleChoiceField(
        label=gettext_lazy("Send me an e-mail when"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_email"].choices = [
            (kind.code, f"{kind.label} — {kind.description}") for kind, _on in kinds
        ]


@login_required
def notification_settings(request):
    person = request.user
    kinds = notifications.kinds_for(person)
    initial = {"language": person.language, "by_email": [k.code for k, on in kinds if on]}
    form = NotificationForm(request.POST or None, initial=initial, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        notifications.set_preferences(
            person,
            language=form.cleaned_data["language"],
            by_email=set(form.cleaned_data["by_email"]),
        )
        messages.success(request, _("Saved."))
        return redirect("notifications")
    return render(
        request,
        "core/notifications.html",
        {"form": form, "recent": notifications.recent(person)},
    )


def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        notifications.remember_language(request.user, language)
    return response


@login_required
def task_detail(request, pk):
    run = access(request.user, TaskRun, pk)
    progress = progress_of(run)  # records a run whose process died as failed, in place
    report = (run.result or {}).get("url", "") if run.status == TaskRun.Status.SUCCEEDED else ""
    if report and url_has_allowed_host_and_scheme(report, allowed_hosts=None):
        # a task whose result is a page (a report) opens it
        return redirect(report)
    back = request.GET.get("next", "")
    back = back if url_has_allowed_host_and_scheme(back, allowed_hosts=None) else ""
    return render(
        request,
        "core/task.html",
        {
            "run": run,
            "progress": progress,
            "summary": summary_of(run),
            "next": back,
            "may_retry": may_retry(run),
        },
    )


@login_required
@require_POST
def task_retry(request, pk):
    run = access(request.user, TaskRun, pk)
    if not may_retry(run):
        messages.error(request, _("Only a failed task whose upload is still kept can be retried."))
        return redirect("task", pk=run.pk)
    again = retry(run, by=request.user)
    messages.info(request, _("Started again."))
    return redirect("task", pk=again.pk)


def _error_page(request, status, title, explanation, exception=None):
    detail = exception.args[0] if exception and exception.args else ""
    context = {"title": title, "explanation": explanation, "detail": detail}
    return render(request, "error_page.html", context, status=status)


def permission_denied(request, exception=None):
    return _error_page(
        request,
        403,
        _("Not yours to open"),
        _("Your roles do not let you open or change this page."),
        exception,
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        _("Not found"),
        _("There is no such page, or it is not one you may see."),
        exception,
    )


def bad_request(request, exception=None):
    return _error_page(
        request, 400, _("Bad request"), _("The request could not be understood."), exception
    )


def server_error(request):
    # No context processors or queries: the error may be the database itself.
    return HttpResponseServerError(render_to_string("server_error.html"))
