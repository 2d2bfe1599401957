from django.urls import path

from dovetail.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.my_placement, name="mine"),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer-edit"),
    path("enterprises/<int:enterprise_pk>/offers/new/", views.offer_create, name="offer-create"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/run/", views.round_run, name="round-run"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round-publish"),
    path("rounds/<int:pk>/export/", views.round_export, name="round-export"),
    path("rounds/<int:pk>/import/", views.round_import, name="round-import"),
    path(
        "rounds/<int:round_pk>/offers/<int:offer_pk>/applicants/",
        views.applicants,
        name="applicants",
    ),
]
