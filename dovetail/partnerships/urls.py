from django.urls import path

from dovetail.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/clearances/new/", views.clearance_create, name="clearance-create"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement-sign"),
    path("agreements/<int:pk>/rules/", views.agreement_rules, name="agreement-rules"),
    path("zones/<int:pk>/", views.zone_edit, name="zone-edit"),
    path("enterprises/<int:enterprise_pk>/zones/new/", views.zone_edit, name="zone-create"),
]
