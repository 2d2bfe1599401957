from django.urls import path

from dovetail.partnerships import case_views, governance_views, views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/clearances/new/", views.clearance_create, name="clearance-create"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement-sign"),
    path("agreements/<int:pk>/rules/", views.agreement_rules, name="agreement-rules"),
    path(
        "agreements/<int:pk>/confidential-terms/",
        views.confidential_terms,
        name="confidential-terms",
    ),
    path("zones/<int:pk>/", views.zone_edit, name="zone-edit"),
    path("enterprises/<int:enterprise_pk>/zones/new/", views.zone_edit, name="zone-create"),
    path("conflicts/", governance_views.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/", governance_views.conflict_detail, name="conflict"),
    path("<int:pk>/conflicts/new/", governance_views.conflict_create, name="conflict-create"),
    path("<int:pk>/ledger/", governance_views.ledger_page, name="ledger"),
    path("<int:pk>/commitments/new/", governance_views.commitment_create, name="commitment-create"),
    path(
        "commitments/<int:pk>/deliveries/new/",
        governance_views.fulfilment_create,
        name="fulfilment-create",
    ),
    path("evidence/<int:pk>/", governance_views.evidence_file, name="evidence"),
    path("<int:pk>/exchanges/new/", governance_views.appointment_create, name="exchange-create"),
    path("exchanges/<int:pk>/outputs/new/", governance_views.output_create, name="output-create"),
    path("cases/", case_views.case_list, name="cases"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("<int:pk>/cases/new/", case_views.case_create, name="case-create"),
]
