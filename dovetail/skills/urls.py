from django.urls import path

from dovetail.skills import views

app_name = "skills"

urlpatterns = [
    path("taxonomies/", views.taxonomies, name="taxonomies"),
    path("find/", views.find_skills, name="find"),
    path("demand/", views.demand_list, name="demands"),
    path("demand/new/", views.demand_new, name="demand_new"),
    path("demand/import/", views.demand_import, name="demand_import"),
    path("demand/<int:pk>/", views.demand_detail, name="demand"),
    path("gaps/", views.gap_reports, name="gaps"),
    path("gaps/<int:pk>/", views.gap_report, name="gap_report"),
    path("gaps/<int:pk>/skills/<int:skill_id>/", views.gap_evidence, name="gap_evidence"),
]
