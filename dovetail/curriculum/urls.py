from django.urls import path

from dovetail.curriculum import adjustment_views, views

app_name = "curriculum"

urlpatterns = [
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path(
        "programmes/<int:pk>/adjustments/",
        adjustment_views.programme_adjustments,
        name="adjustments",
    ),
    path(
        "programmes/<int:pk>/proposals/new/",
        adjustment_views.proposal_create,
        name="proposal-create",
    ),
    path("proposals/<int:pk>/", adjustment_views.proposal, name="proposal"),
    path("proposals/<int:pk>/action/", adjustment_views.proposal_action, name="proposal-action"),
    path("modules/<int:pk>/", adjustment_views.module, name="module"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
]
