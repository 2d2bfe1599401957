from django.urls import path

from dovetail.curriculum import adjustment_views, material_views, views

app_name = "curriculum"

urlpatterns = [
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path(
        "programmes/<int:pk>/adjustments/",
        adjustment_views.programme_adjustments,
        name="adjustments",
    ),
    path("programmes/<int:pk>/standard/", adjustment_views.standard, name="standard"),
    path(
        "programmes/<int:pk>/standard/revise/",
        adjustment_views.standard_revise,
        name="standard-revise",
    ),
    path(
        "programmes/<int:pk>/proposals/new/",
        adjustment_views.proposal_create,
        name="proposal-create",
    ),
    path("proposals/<int:pk>/", adjustment_views.proposal, name="proposal"),
    path("proposals/<int:pk>/action/", adjustment_views.proposal_action, name="proposal-action"),
    path("modules/<int:pk>/", adjustment_views.module, name="module"),
    path("modules/<int:pk>/revise/", adjustment_views.module_revise, name="module-revise"),
    path("modules/<int:pk>/materials/", material_views.edition, name="materials"),
    path("modules/<int:pk>/materials.pdf", material_views.edition_print, name="materials-pdf"),
    path("modules/<int:pk>/materials/new/", material_views.section_create, name="section-create"),
    path("sections/<int:pk>/revise/", material_views.section_revise, name="section-revise"),
    path("revisions/<int:pk>/review/", material_views.revision_review, name="revision-review"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
]
