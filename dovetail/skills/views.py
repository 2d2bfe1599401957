"""Pages for enterprise demand and the gap report."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.downloads import table_download
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, UploadField, call_service
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, may
from dovetail.core.tasks import submit
from dovetail.core.uploads import DEMAND, FRAMEWORK, stash_upload
from dovetail.curriculum import services as curriculum
from dovetail.skills import charts, demand, gaps, links, remap, review
from dovetail.skills.mapping import chinese_bridge, mapping_occupations, mapping_taxonomy
from dovetail.skills.models import Demand, Occupation, Taxonomy
from dovetail.skills.services import taxonomy_summary

DATE = DateInput()


class _ForEnterprise(forms.Form):
    """A form acting for one of the enterprises whose demand the person may post."""

    enterprise = forms.ModelChoiceField(
        label=gettext_lazy("Enterprise"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Organisation.objects.filter(
            pk__in=[e.pk for e in enterprises]
        )
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0]


class DemandForm(_ForEnterprise):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Demand.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title or role"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("The advert as you publish it, the skills you need, or the brief."),
    )
    occupation = forms.ModelChoiceField(
        label=gettext_lazy("Occupation"), queryset=Occupation.objects.none(), required=False
    )
    headcount = forms.IntegerField(label=gettext_lazy("Headcount"), min_value=1, initial=1)
    qualification_level = forms.IntegerField(
        label=gettext_lazy("Qualification level (EQF 1–8)"),
        min_value=1,
        max_value=8,
        required=False,
    )
    proficiency = forms.IntegerField(
        label=gettext_lazy("Proficiency (1 basic – 5 expert)"),
        min_value=1,
        max_value=5,
        required=False,
    )
    location = forms.CharField(label=gettext_lazy("Location"), max_length=120, required=False)
    posted_on = forms.DateField(label=gettext_lazy("Posted on"), widget=DATE)
    needed_by = forms.DateField(label=gettext_lazy("Needed by"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = mapping_occupations()
        self.fields["posted_on"].initial = timezone.localdate()


class DemandImportForm(_ForEnterprise):
    file = UploadField(
        kind=DEMAND,
        label=gettext_lazy("CSV, Excel or JSON file"),
        help_text=gettext_lazy(
            "Columns: title, text, posted_on (YYYY-MM-DD), and optionally kind (advert, "
            "statement, brief), occupation, headcount, qualification_level, proficiency, "
            "location, needed_by, reference (your id: importing it again updates the row)."
        ),
    )


@login_required
def demand_list(request):
    enterprises = demand.enterprises_for(request.user)
    kind = request.GET.get("kind", "")
    query = demand.demands_for(request.user, kind=kind)
    page = Paginator(query, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "skills/demand_list.html",
        {"page": page, "kind": kind, "kinds": Demand.Kind.choices, "may_post": bool(enterprises)},
    )


def _posting_enterprises(user):
    enterprises = demand.enterprises_for(user)
    if not enterprises:
        raise PermissionDenied(_("Only an enterprise's HR and project managers post its demand."))
    return enterprises


def _form_page(request, form, title, subtitle, *, multipart=False):
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "subtitle": subtitle, "multipart": multipart},
    )


@login_required
def demand_new(request):
    enterprises = _posting_enterprises(request.user)
    form = DemandForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        occupation = data.pop("occupation")
        enterprise = data.pop("enterprise")
        row = demand.DemandRow(
            **{k: v for k, v in data.items() if v not in (None, "")},
            occupation=occupation.uri if occupation else "",
        )
        posted = call_service(form, lambda: demand.post_demand(enterprise, row, by=request.user))
        if posted is not None:
            messages.success(request, _("Posted and mapped onto the skills taxonomy."))
            return redirect("skills:demand", pk=posted.pk)
    return _form_page(
        request,
        form,
        _("Post demand"),
        _("Dovetail reads the skills, proficiency and qualification level it asks for."),
    )


@login_required
def demand_import(request):
    enterprises = _posting_enterprises(request.user)
    form = DemandImportForm(request.POST or None, request.FILES or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = submit(
            "import_demands",
            by=request.user,
            enterprise_id=form.cleaned_data["enterprise"].pk,
            file_name=upload.name,
            stash=stash_upload(upload, DEMAND),
            by_id=request.user.pk,
        )
        messages.info(request, _("Import started."))
        return redirect("task", pk=run.pk)
    return _form_page(
        request,
        form,
        _("Import demand"),
        _("All rows are imported and mapped, or none: a bad row is named."),
        multipart=True,
    )


def highlighted(text: str, skills) -> list[tuple[str, object]]:
    """The text cut into (piece, skill or None) so each evidencing span can be marked."""
    pieces, at = [], 0
    for found in sorted(skills, key=lambda s: (s.start, -s.end)):
        if found.start < at or found.end <= found.start:
            continue
        pieces.append((text[at : found.start], None))
        pieces.append((text[found.start : found.end], found))
        at = found.end
    pieces.append((text[at:], None))
    return [(piece, skill) for piece, skill in pieces if piece]


def chosen_skill(request):
    """The skill a review form posted (a skill of the mapping taxonomy)."""
    chosen = request.POST.get("skill", "")
    return links.skill_by_id(int(chosen) if chosen.isdigit() else 0)


def skill_search(request, may_change: bool, skills) -> dict:
    """The find-a-skill box's context for the shared skill-links template (leaving out the
    skills the text already names)."""
    find = request.GET.get("find", "").strip() if may_change else ""
    standing = {link.skill_id for link in skills if not link.rejected}
    return {"find": find, "found": links.find_skills(find, besides=standing) if find else []}


PICKER_FOUND = 15
MOST_FIRST = 500  # suggested skill ids a picker may send: a programme's outcomes, not a taxonomy


@login_required
def find_skills(request):
    """What a skill picker's search box lists: skills by words of their labels, the skills the
    form suggests first. Skills are shared reference data, so any signed-in person may search."""
    query = request.GET.get("q", "")[:100]
    first = [int(pk) for pk in request.GET.get("first", "").split(",") if pk.isdigit()]
    found = links.find_skills(query, PICKER_FOUND, first=first[:MOST_FIRST])
    return JsonResponse(
        {
            "skills": [
                {
                    "id": skill.pk,
                    "label": skill.display_label,
                    "found_as": skill.found_as,
                    "code": skill.code,
                }
                for skill in found
            ]
        }
    )


REVIEW_DONE = {
    "reject": gettext_lazy("Taken off."),
    "add": gettext_lazy("Added."),
}


def apply_review(request, owner, *, reject, add) -> bool:
    """Carry out a posted take-off or add on ``owner``'s skills with the owning service's
    ``reject`` or ``add``; False when the request posted no such action."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in REVIEW_DONE:
        return False
    change = reject if action == "reject" else add
    try:
        change(owner, chosen_skill(request), by=request.user)
    except ServiceError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, REVIEW_DONE[action])
    return True


@login_required
def demand_detail(request, pk):
    item = demand.demand_for(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            demand.delete_demand(item, by=request.user)
        except ServiceError as error:
            raise PermissionDenied(error.message) from None
        messages.success(request, _("Withdrawn."))
        return redirect("skills:demands")
    if apply_review(request, item, reject=review.reject, add=review.add):
        return redirect("skills:demand", pk=item.pk)
    skills = demand.demanded_skills(item)
    may_change = demand.may_change(request.user, item)
    return render(
        request,
        "skills/demand_detail.html",
        {
            "demand": item,
            "skills": skills,
            "pieces": highlighted(item.text, [s for s in skills if not s.rejected]),
            "may_change": may_change,
            **skill_search(request, may_change, skills),
        },
    )


class FrameworkForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("case", gettext_lazy("CASE 1.0 package (JSON)")),
            ("csv", gettext_lazy("Skills list (CSV or Excel)")),
        ],
    )
    file = UploadField(kind=FRAMEWORK, label=gettext_lazy("File"))
    slug = forms.SlugField(
        label=gettext_lazy("Taxonomy slug"),
        required=False,
        help_text=gettext_lazy("Required for a skills list, e.g. cn-vsl-welder"),
    )
    title = forms.CharField(label=gettext_lazy("Taxonomy name"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "csv" and not data.get("slug"):
            self.add_error("slug", _("A skills list needs a taxonomy slug."))
        return data


@login_required
def taxonomies(request):
    form = FrameworkForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may(request.user, CHANGE, Taxonomy()):
            raise PermissionDenied(_("Only administrators load taxonomies."))
        if request.POST.get("action") == "remap":
            run = submit("remap_texts", by=request.user, by_id=request.user.pk)
            return redirect("task", pk=run.pk)
        if form.is_valid():
            data = form.cleaned_data
            options = {"slug": data["slug"]} if data["slug"] else {}
            if data["kind"] == "csv":
                options["title"] = data["title"] or data["slug"]
            run = submit(
                "import_framework",
                by=request.user,
                kind=data["kind"],
                file_name=data["file"].name,
                stash=stash_upload(data["file"], FRAMEWORK),
                by_id=request.user.pk,
                **options,
            )
            return redirect("task", pk=run.pk)
    mapping = mapping_taxonomy()
    bridge = chinese_bridge(mapping)
    return render(
        request,
        "skills/taxonomies.html",
        {
            "taxonomies": taxonomy_summary(),
            "form": form,
            "mapping": mapping,
            "chinese_through": bridge.taxonomy if bridge else None,
            "waiting": remap.waiting_for_remap(),
            "reviews": [
                (_("Demand"), demand.demand_review_figures(request.user)),
                (_("Learning outcomes"), curriculum.outcome_review_figures(request.user)),
            ],
        },
    )


class GapForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Report on"))
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("To"), widget=DATE)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(f"{s}:{pk}", name) for s, pk, name in scopes]
        today = timezone.localdate()
        self.fields["start"].initial = today - timedelta(days=548)
        self.fields["end"].initial = today


@login_required
def gap_reports(request):
    scopes = gaps.scopes_for(request.user)
    if not scopes:
        raise PermissionDenied(_("Gap reports are for college staff and education officers."))
    form = GapForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        scope, scope_id = form.cleaned_data["scope"].split(":")
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if start > end:
            form.add_error("end", _("The period ends before it starts."))
        else:
            run = submit(
                "gap_report",
                by=request.user,
                by_id=request.user.pk,
                scope=scope,
                scope_id=int(scope_id),
                start=start.isoformat(),
                end=end.isoformat(),
            )
            return redirect("task", pk=run.pk)
    return render(
        request,
        "skills/gap_reports.html",
        {"form": form, "reports": gaps.reports_for(request.user)[:20]},
    )


@login_required
def gap_report(request, pk):
    report = gaps.report_for(request.user, pk)
    if request.GET.get("format") in ("csv", "xlsx"):
        columns, rows = gaps.export_rows(report)
        return table_download(request, f"gap-report-{report.pk}", columns, rows)
    laid = gaps.labelled(report)
    heat = charts.heat_rows(laid["groups"], laid["programmes"], laid["heat"])
    start, end = report.period_start, report.period_end
    return render(
        request,
        "skills/gap_report.html",
        {
            **laid,
            "uncovered": [g for g in laid["skills"] if not g["covered"]],
            "quality": sorted(
                (g for g in laid["skills"] if g["covered"] and g["quality_gap"] is not None),
                key=lambda g: -g["quality_gap"],
            ),
            "heat_rows": heat,
            "by_group": [
                (row, [g for g in laid["skills"] if g["group"] == row["group"]]) for row in heat
            ],
            "trend": charts.trend_lines(laid["months"], laid["trends"]),
            "lag": charts.lag_timeline(laid["skills"], start, end),
            "median_lag": charts.median_lag(laid["summary"]["lag_days"]),
        },
    )


@login_required
def gap_evidence(request, pk, skill_id):
    report = gaps.report_for(request.user, pk)
    try:
        found = gaps.evidence(request.user, report, skill_id)
    except ServiceError as error:
        raise PermissionDenied(error.message) from None
    demands = [
        (item, highlighted(item.text, [span] if span else [])) for item, span in found["demands"]
    ]
    return render(
        request,
        "skills/gap_evidence.html",
        {"report": report, **found, "demands": demands},
    )
