from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.downloads import table_download
from dovetail.core.errors import ServiceError
from dovetail.core.forms import DateInput, DateTimeInput, UploadField, call_service
from dovetail.core.models import LearnerProfile, Membership, Organisation, Role, User
from dovetail.core.permissions import CHANGE, access, may, organisations_for, require
from dovetail.core.uploads import TABLE
from dovetail.curriculum.models import Programme
from dovetail.placements import services
from dovetail.placements.models import Offer, Round
from dovetail.placements.policies import REVIEW
from dovetail.records.models import Proficiency
from dovetail.skills import demand
from dovetail.skills.picker import SkillsField


@login_required
def offers(request):
    enterprises = organisations_for(request.user, CHANGE, Offer)
    return render(
        request,
        "placements/offers.html",
        {
            "offers": services.offer_list(request.user)[:200],
            "to_review": services.offers_awaiting_review(request.user),
            "enterprises": enterprises,
        },
    )


class OfferForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    zone = forms.ModelChoiceField(label=gettext_lazy("Zone"), queryset=None)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    seats = forms.IntegerField(label=gettext_lazy("Seats"), min_value=1, max_value=500)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DateInput())
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=Offer.Mode.choices)
    programmes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Open to programmes (none: all)"),
        queryset=Programme.objects.none(),
        required=False,
    )
    eligible_stages = forms.MultipleChoiceField(
        label=gettext_lazy("Open to career stages (none: all)"),
        choices=LearnerProfile.CareerStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = SkillsField(label=gettext_lazy("Required skills"), required=False)
    min_proficiency = forms.TypedChoiceField(
        label=gettext_lazy("Minimum proficiency in each"),
        choices=Proficiency.choices,
        coerce=int,
        initial=2,
    )
    accepts_in_training = forms.BooleanField(
        label=gettext_lazy("Accept learners still training in these skills"), required=False
    )
    mentor = forms.ModelChoiceField(label=gettext_lazy("Mentor"), queryset=None, required=False)
    reserved_rural = forms.IntegerField(
        label=gettext_lazy("Seats reserved for rural learners"), min_value=0, initial=0
    )
    reserved_disadvantaged = forms.IntegerField(
        label=gettext_lazy("Seats reserved for disadvantaged learners"), min_value=0, initial=0
    )
    reserved_disability = forms.IntegerField(
        label=gettext_lazy("Seats reserved for learners with a disability"), min_value=0, initial=0
    )

    def __init__(self, *args, enterprise, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = services.zones_for_offers(user, enterprise)
        mentors = Membership.objects.filter(organisation=enterprise, role=Role.MENTOR).values(
            "user"
        )
        self.fields["mentor"].queryset = User.objects.filter(pk__in=mentors)
        partners = enterprise.enterprise_partnerships.values("college")
        self.fields["programmes"].queryset = Programme.objects.filter(college__in=partners)
        self.fields["skills"].suggest(demand.skills_the_enterprise_asks_for(enterprise))


def _offer_initial(offer: Offer) -> dict:
    required = list(offer.required_skills.all())
    return {
        **{name: getattr(offer, name) for name in services.OFFER_FIELDS},
        "programmes": offer.eligible_programmes.all(),
        "skills": [r.skill_id for r in required],
        "min_proficiency": required[0].min_proficiency if required else 2,
    }


def _save_offer(request, enterprise, offer=None):
    initial = _offer_initial(offer) if offer else None
    form = OfferForm(
        request.POST or None, initial=initial, enterprise=enterprise, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: v for k, v in data.items() if k in services.OFFER_FIELDS}
        skills = [(skill, data["min_proficiency"]) for skill in data["skills"]]
        if offer is None:
            call = lambda: services.create_offer(  # noqa: E731
                by=request.user,
                enterprise=enterprise,
                programmes=data["programmes"],
                required_skills=skills,
                **fields,
            )
        else:
            call = lambda: services.update_offer(  # noqa: E731
                offer,
                by=request.user,
                programmes=data["programmes"],
                required_skills=skills,
                **fields,
            )
        saved = call_service(form, call)
        if saved is not None:
            messages.success(request, _("Offer saved; the partner colleges will review it."))
            return redirect("placements:offer", pk=saved.pk)
    title = _("Edit the offer") if offer else _("Post a placement offer")
    return render(request, "form_page.html", {"form": form, "title": title, "subtitle": enterprise})


@login_required
def offer_create(request, enterprise_pk):
    enterprise = access(request.user, Organisation, enterprise_pk)
    # the form lists the enterprise's zones and staff: only its own managers see it
    require(request.user, CHANGE, Offer(enterprise=enterprise))
    return _save_offer(request, enterprise)


@login_required
def offer_edit(request, pk):
    offer = access(request.user, Offer, pk, CHANGE)
    return _save_offer(request, offer.enterprise, Offer.objects.get(pk=offer.pk))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("return", gettext_lazy("Return for changes")),
        ]
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)


@login_required
def offer_detail(request, pk):
    offer = access(request.user, Offer, pk)
    can_review = may(request.user, REVIEW, offer)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and can_review and form.is_valid():
        services.review_offer(
            offer,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Review saved."))
        return redirect("placements:offer", pk=offer.pk)
    return render(
        request,
        "placements/offer.html",
        {
            "offer": offer,
            "can_review": can_review,
            "can_change": may(request.user, CHANGE, offer),
            "form": form,
            "skills": offer.required_skills.select_related("skill"),
        },
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    preference_deadline = forms.DateTimeField(
        label=gettext_lazy("Preference deadline"),
        widget=DateTimeInput(),
    )
    precedence = forms.ChoiceField(
        label=gettext_lazy("Reserve mechanism"), choices=Round.Precedence.choices
    )


@login_required
def rounds(request):
    colleges = organisations_for(request.user, CHANGE, Round)
    # an officer opens a regional round: every college of the region, every partner's offer
    regions = [] if colleges else services.regions_for_rounds(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and (colleges or regions) and form.is_valid():
        scope = {"college": colleges[0]} if colleges else {"region": regions[0]}
        round_ = call_service(
            form, lambda: services.open_round(by=request.user, **scope, **form.cleaned_data)
        )
        if round_ is not None:
            return redirect("placements:round", pk=round_.pk)
    return render(
        request,
        "placements/rounds.html",
        {
            "rounds": services.rounds_of(request.user),
            "form": form if colleges or regions else None,
            "region": regions[0] if regions else None,
        },
    )


class ResultFilter(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=[
            ("", gettext_lazy("Everyone")),
            ("placed", gettext_lazy("Placed")),
            ("unplaced", gettext_lazy("Not placed")),
            ("first", gettext_lazy("First choice")),
        ],
    )
    group = forms.ChoiceField(
        label=gettext_lazy("Group"),
        required=False,
        choices=[("", gettext_lazy("All groups")), *services.GROUP_NAMES.items()],
    )
    q = forms.CharField(label=gettext_lazy("Name or student number"), required=False)


RESULTS_PER_PAGE = 50


@login_required
def round_detail(request, pk):
    round_ = access(request.user, Round, pk)
    can_change = may(request.user, CHANGE, round_)
    context = {
        "round": round_,
        "can_change": can_change,
        "offers": services.round_offers(request.user, round_),
        "outcome_groups": services.outcome_by_group(round_.summary),
    }
    if round_.status != Round.Status.OPEN:
        filters = ResultFilter(request.GET)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        results = services.filtered_allocations(
            request.user,
            round_,
            outcome=wanted.get("outcome", ""),
            group=wanted.get("group", ""),
            search=wanted.get("q", "").strip(),
        )
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(filters=filters, page=page, allocations=services.explained(page))
    elif can_change:
        # before the first run the coordinator checks who takes part; afterwards the outcome
        # says it, and re-reading every preference on each visit would slow the page
        context["preview"] = services.preview_round(round_, by=request.user)
    return render(request, "placements/round.html", context)


def _confirm(request, round_, *, title, lines, button, warning=""):
    """A page that says what an irreversible or early action will do, before it is done."""
    return render(
        request,
        "placements/confirm.html",
        {"round": round_, "title": title, "lines": lines, "button": button, "warning": warning},
    )


@login_required
def round_run(request, pk):
    round_ = access(request.user, Round, pk, CHANGE)
    early = timezone.now() < round_.preference_deadline
    if request.method == "POST" and request.POST.get("confirmed"):
        run = services.start_run(round_, by=request.user, early=early)
        return redirect(
            reverse("task", args=[run.pk])
            + "?next="
            + reverse("placements:round", args=[round_.pk])
        )
    preview = services.preview_round(round_, by=request.user)
    warning = ""
    if early:
        warning = _(
            "Preferences are still open until %(deadline)s. Learners who have not ranked yet will"
            " not be matched. You can run the round again until you publish it."
        ) % {
            "deadline": formats.date_format(
                localtime(round_.preference_deadline), "DATETIME_FORMAT"
            )
        }
    return _confirm(
        request,
        round_,
        title=_("Run %(round)s?") % {"round": round_.name},
        lines=[
            _("%(learners)s learners have ranked %(offers)s offers with %(seats)s seats.")
            % preview,
            _("Nothing is published yet: you review the results first."),
        ],
        button=_("Run the round now"),
        warning=warning,
    )


@login_required
def round_publish(request, pk):
    round_ = access(request.user, Round, pk, CHANGE)
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            count = services.publish_round(round_, by=request.user)
            messages.success(
                request, _("Published: %(count)s placements created.") % {"count": count}
            )
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("placements:round", pk=round_.pk)
    if not round_.can_publish():
        return redirect("placements:round", pk=round_.pk)
    summary = round_.summary or {}
    return _confirm(
        request,
        round_,
        title=_("Publish %(round)s?") % {"round": round_.name},
        lines=[
            _("%(placed)s learners get placements; %(unplaced)s are not placed.")
            % {"placed": summary.get("placed", 0), "unplaced": summary.get("unplaced", 0)},
            _("Learners, mentors and enterprises see the results at once."),
            _("Publishing cannot be undone, and the round cannot be run again."),
        ],
        button=_("Publish the placements now"),
    )


@login_required
def round_export(request, pk):
    round_ = access(request.user, Round, pk)
    columns, rows = services.result_rows(request.user, round_)
    return table_download(request, f"round-{round_.pk}-results", columns, rows)


@login_required
def my_placement(request):
    profile, round_ = services.open_round_for_learner(request.user)
    if profile is None:
        return render(request, "placements/mine.html", {"profile": None})
    context = {"profile": profile, "round": round_}
    if round_ is not None:
        offers = list(services.round_offers(request.user, round_))
        if request.method == "POST":
            try:
                ranked = services.order_by_rank(
                    [(o.pk, o.title, request.POST.get(f"rank-{o.pk}", "")) for o in offers],
                    field="offers",
                )
                services.set_preferences(round_, by=request.user, offer_ids=ranked)
                messages.success(request, _("Your choices are saved."))
                return redirect("placements:mine")
            except ServiceError as error:
                messages.error(request, error.message)
        current = services.preferences_of(profile, round_)
        eligibility = services.eligibility_for(profile, offers)
        context.update(
            offers=[
                (o, current.index(o.pk) + 1 if o.pk in current else None, eligibility[o.pk])
                for o in offers
            ],
            open=round_.can_change_preferences(timezone.now()),
            allocation=next(
                iter(services.explained_allocations(request.user, round_, learner=profile)), None
            )
            if round_.status == Round.Status.PUBLISHED
            else None,
        )
    context["placements"] = services.placements_of(request.user).filter(learner=profile)
    return render(request, "placements/mine.html", context)


@login_required
def applicants(request, round_pk, offer_pk):
    round_ = access(request.user, Round, round_pk)
    offer = access(request.user, Offer, offer_pk, CHANGE)
    if request.method == "POST" and round_.status == Round.Status.OPEN:
        rows = services.applicants_of(round_, offer, by=request.user)
        try:
            ranked = services.order_by_rank(
                [
                    (learner.pk, str(learner.user), request.POST.get(f"rank-{learner.pk}"))
                    for learner in (row["learner"] for row in rows)
                ],
                field="learners",
            )
            services.rank_applicants(round_, offer, by=request.user, learner_ids=ranked)
            messages.success(request, _("Applicant ranking saved."))
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("placements:applicants", round_pk=round_.pk, offer_pk=offer.pk)
    return render(
        request,
        "placements/applicants.html",
        {
            "round": round_,
            "offer": offer,
            "rows": services.applicants_of(round_, offer, by=request.user),
        },
    )


class RoundImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("List"),
        choices=[
            ("preferences", gettext_lazy("Learners' preferences (learner, offer, rank)")),
            (
                "applicant_ranks",
                gettext_lazy("Enterprises' applicant ranks (offer, learner, rank)"),
            ),
        ],
    )
    file = UploadField(kind=TABLE, label=gettext_lazy("CSV or Excel file"))


@login_required
def round_import(request, pk):
    round_ = access(request.user, Round, pk, CHANGE)
    form = RoundImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        importer = (
            services.import_preferences
            if form.cleaned_data["kind"] == "preferences"
            else services.import_applicant_ranks
        )
        result = call_service(
            form, lambda: importer(round_, upload.name, upload.read(), by=request.user)
        )
        if result is not None:
            messages.success(request, _("Imported: %(result)s") % {"result": result})
            return redirect("placements:round", pk=round_.pk)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": _("Import into the round"), "subtitle": round_, "multipart": True},
    )
