from django.urls import path

from dovetail.careers import views

app_name = "careers"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("consent/", views.consent, name="consent"),
    path("jobs/new/", views.step_create, name="step-create"),
    path("alumni/", views.alumni, name="alumni"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_create, name="survey-create"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("surveys/invitations/<int:pk>/", views.answer, name="answer"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/action/", views.course_action, name="course-action"),
    path("offers/<int:pk>/respond/", views.respond, name="respond"),
]
