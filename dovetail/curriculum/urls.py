from django.urls import path

from dovetail.curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
]
