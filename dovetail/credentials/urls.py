from django.urls import path

from dovetail.credentials import views

app_name = "credentials"
urlpatterns = [
    path("orgs/<slug:code>/did.json", views.did_document, name="did-document"),
]
