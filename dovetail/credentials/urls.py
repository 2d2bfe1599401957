from django.urls import path

from dovetail.credentials import bank_views, claim_views, views

app_name = "credentials"
urlpatterns = [
    path("orgs/<slug:code>/did.json", views.did_document, name="did-document"),
    path("orgs/<slug:code>/issuer.json", views.issuer_profile, name="issuer"),
    path(
        "orgs/<slug:code>/status/<int:status_list>/<slug:purpose>",
        views.status_list,
        name="status-list",
    ),
    path("credentials/", views.mine, name="mine"),
    path("credentials/verify/", views.verify_page, name="verify"),
    path("credentials/bring/", views.bring_in, name="bring"),
    path("credentials/issued/", views.issued, name="issued"),
    path("credentials/issue/", views.issue, name="issue"),
    path("credentials/achievements/new/", views.achievement_create, name="achievement-create"),
    path("credentials/achievements/<int:pk>/", views.achievement, name="achievement"),
    path("credentials/<uuid:credential_id>/", views.credential_page, name="credential"),
    path("credentials/<uuid:credential_id>.json", views.credential_json, name="credential-json"),
    path("credentials/<uuid:credential_id>.pdf", views.credential_pdf, name="credential-pdf"),
    path(
        "credentials/<uuid:credential_id>/evidence/<int:position>/",
        views.evidence_page,
        name="evidence",
    ),
    path("credentials/<uuid:credential_id>/share/", views.share, name="share"),
    path("credentials/<uuid:credential_id>/status/", views.change_status, name="status"),
    path("credentials/claims/", claim_views.claims, name="claims"),
    path("credentials/claims/new/", claim_views.claim_create, name="claim-create"),
    path("credentials/claims/<int:pk>/", claim_views.claim, name="claim"),
    path(
        "credentials/claims/<int:pk>/evidence/", claim_views.evidence_create, name="claim-evidence"
    ),
    path(
        "credentials/claims/evidence/<int:pk>/file/", claim_views.evidence_file, name="claim-file"
    ),
    path("credentials/claims/<int:pk>/decide/", claim_views.decide, name="claim-decide"),
    path("credentials/claims/<int:pk>/resubmit/", claim_views.resubmit, name="claim-resubmit"),
    path("credentials/bank/", bank_views.bank, name="bank"),
    path("credentials/bank/<int:learner_id>/", bank_views.bank, name="bank-of"),
    path(
        "credentials/bank/<int:learner_id>/credit/", bank_views.credit_create, name="credit-create"
    ),
    path("credentials/transfer-rules/", bank_views.rules, name="rules"),
    path("credentials/transfer-rules/new/", bank_views.rule_create, name="rule-create"),
    path("credentials/qualifications/", bank_views.qualifications, name="qualifications"),
    path(
        "credentials/qualifications/new/",
        bank_views.qualification_create,
        name="qualification-create",
    ),
]
