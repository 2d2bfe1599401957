from django.urls import path

from dovetail.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("mine/", views.my_plan, name="mine"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/solve/", views.plan_solve, name="plan-solve"),
    path("changes/<int:pk>/settle/", views.change_settle, name="change-settle"),
    path("calendars/<int:pk>/", views.calendar_detail, name="calendar"),
    path("calendars/<int:pk>/calendar.ics", views.calendar_export, name="calendar-export"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("enterprises/<int:pk>/periods/", views.enterprise_periods, name="periods"),
    path("enterprises/<int:pk>/calendar.ics", views.enterprise_export, name="periods-export"),
    path("feed/<str:key>.ics", views.feed, name="feed"),
]
