from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dovetail.core.errors import ServiceError
from dovetail.core.forms import form_page
from dovetail.core.models import Organisation
from dovetail.core.permissions import CHANGE, access, require
from dovetail.evaluation import services
from dovetail.evaluation.models import DepthIndexSettings
from dovetail.partnerships.models import Partnership


@login_required
def depth(request):
    college = None
    if request.GET.get("college"):
        college = access(request.user, Organisation, request.GET["college"])
    report = services.depth_report(request.user, today=timezone.localdate(), college=college)
    # a region has thousands of partnerships: the deepest first, fifty to a page
    page = Paginator(report["rows"], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/depth.html",
        {**report, "rows": page.object_list, "page": page, "college": college},
    )


@login_required
def partnership_depth(request, pk):
    partnership = access(request.user, Partnership, pk)
    try:
        context = services.partnership_depth(request.user, partnership, today=timezone.localdate())
    except ServiceError as error:
        raise Http404(error.message) from None
    return render(request, "evaluation/partnership.html", context)


def formula(request):
    """The published formula: open to everyone, with the region's weights when one is named
    (or the signed-in officer's own region)."""
    context = services.formula_page(request.user, region_code=request.GET.get("region", ""))
    return render(request, "evaluation/formula.html", context)


class FormulaForm(forms.Form):
    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            code = row["component"].code
            self.fields[f"weight_{code}"] = forms.FloatField(
                label=gettext_lazy("Weight: %(component)s") % {"component": row["component"].label},
                initial=row["weight"],
            )
            self.fields[f"target_{code}"] = forms.FloatField(
                label=gettext_lazy("Target: %(component)s") % {"component": row["component"].label},
                initial=row["target"],
            )


@login_required
def formula_edit(request, region_code):
    region = services.region_by_code(region_code)
    if region is None:
        raise Http404(_("No such region."))
    require(request.user, CHANGE, DepthIndexSettings(region=region))
    form = FormulaForm(request.POST or None, rows=services.formula(region))

    def save(data):
        return services.update_formula(
            region,
            by=request.user,
            weights={c: data[f"weight_{c}"] for c in services.CODES},
            targets={c: data[f"target_{c}"] for c in services.CODES},
        )

    return form_page(
        request,
        form,
        title=_("Weights of the depth index"),
        subtitle=region,
        save=save,
        done=_("The region's weights are saved; every score now uses them."),
        next_url=reverse("evaluation:formula") + f"?region={region.code}",
    )
