from django.urls import path

from dovetail.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("depth/", views.depth, name="depth"),
    path("depth/partnerships/<int:pk>/", views.partnership_depth, name="partnership"),
    path("depth/formula/", views.formula, name="formula"),
    path("depth/formula/<slug:region_code>/", views.formula_edit, name="formula-edit"),
]
