from django.contrib.auth import views as auth_views
from django.urls import path

from dovetail.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:code>/", views.organisation_detail, name="organisation"),
    path("learners/", views.learners, name="learners"),
    path("learners/<int:pk>/", views.learner_detail, name="learner"),
    path("people/import/", views.people_import, name="people-import"),
    path("account/notifications/", views.notification_settings, name="notifications"),
    path("tasks/<uuid:pk>/", views.task_detail, name="task"),
    path("tasks/<uuid:pk>/retry/", views.task_retry, name="task-retry"),
]
