"""Loose-leaf material pages: reading the current edition (with what changed since last read),
printing it, adding and revising sections, reviewing a partner's contribution."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dovetail.core.downloads import attachment
from dovetail.core.forms import form_page, run_action
from dovetail.core.permissions import CHANGE, may
from dovetail.curriculum import materials
from dovetail.curriculum.materials_pdf import edition_pdf
from dovetail.curriculum.models import MaterialSection, Module, SectionRevision
from dovetail.curriculum.policies import CONTRIBUTE


def _module(pk):
    return get_object_or_404(Module.objects.select_related("programme__college"), pk=pk)


def _may_write(user, module) -> bool:
    probe = MaterialSection(module=module, kind=MaterialSection.Kind.WORK_MANUAL)
    return may(user, CHANGE, probe) or may(user, CONTRIBUTE, probe)


@login_required
def edition(request, pk):
    module = _module(pk)
    shown = materials.edition(module, request.user)
    return render(
        request,
        "curriculum/materials.html",
        {"module": module, **shown, "may_write": _may_write(request.user, module)},
    )


@login_required
def edition_print(request, pk):
    module = _module(pk)
    language = "zh" if request.GET.get("lang", request.LANGUAGE_CODE).startswith("zh") else "en"
    shown = materials.edition(module, request.user, mark_seen=False)
    body = edition_pdf(module, shown["sections"], language)
    return attachment(body, f"{module.code}-{language}.pdf", "application/pdf")


class SectionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MaterialSection.Kind.choices)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(label=gettext_lazy("Why it is added"), max_length=300)


@login_required
def section_create(request, pk):
    module = _module(pk)
    if not _may_write(request.user, module):
        raise Http404("Only the college's teachers or a partner enterprise write material.")
    form = SectionForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add a section"),
        subtitle=module,
        save=lambda data: materials.add_section(module, by=request.user, **data),
        done=_("Section saved."),
        next_url=reverse("curriculum:materials", args=[module.pk]),
    )


class RevisionForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(label=gettext_lazy("Reason for the change"), max_length=300)


@login_required
def section_revise(request, pk):
    section = get_object_or_404(MaterialSection.objects.select_related("module"), pk=pk)
    if not _may_write(request.user, section.module):
        raise Http404("Only the college's teachers or a partner enterprise revise material.")
    current = materials.history(section)
    form = RevisionForm(request.POST or None, initial={"body": current[-1].body if current else ""})
    return form_page(
        request,
        form,
        title=_("Revise “%(title)s”") % {"title": section.title},
        subtitle=section.module,
        save=lambda data: materials.revise_section(section, by=request.user, **data),
        done=_("Revision saved."),
        next_url=reverse("curriculum:materials", args=[section.module_id]),
    )


@login_required
@require_POST
def revision_review(request, pk):
    revision = get_object_or_404(SectionRevision.objects.select_related("section"), pk=pk)
    if not may(request.user, CHANGE, revision.section):
        raise Http404("Only the college's teachers review material.")
    accept = request.POST.get("accept") == "1"
    run_action(
        request,
        lambda: materials.review(revision, by=request.user, accept=accept),
        done=_("Published.") if accept else _("Not taken."),
    )
    return redirect("curriculum:materials", revision.section.module_id)
