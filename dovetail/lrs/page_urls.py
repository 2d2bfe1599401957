from django.urls import path

from dovetail.lrs import pages

app_name = "lrs_pages"

urlpatterns = [path("clients/", pages.clients, name="clients")]
