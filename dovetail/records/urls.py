from django.urls import path

from dovetail.records import views

app_name = "records"

urlpatterns = [
    path("diary/", views.my_diary, name="my_diary"),
    path("diary/<int:placement_id>/", views.placement_diary, name="placement_diary"),
    path("diary/files/<int:file_id>/", views.diary_file, name="diary_file"),
    path("diaries/", views.standings, name="standings"),
    path("rubrics/", views.rubrics, name="rubrics"),
    path("rubrics/<int:rubric_id>/", views.rubric, name="rubric"),
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path("placements/<int:placement_id>/survey/", views.survey, name="survey"),
    path("competencies/", views.my_competencies, name="my_competencies"),
    path("competencies/<int:profile_id>/", views.competencies, name="competencies"),
    path("cohort/", views.cohort, name="cohort"),
]
