from django.contrib import admin
from django.urls import include, path

from dovetail.api import api
from dovetail.core.views import set_language

urlpatterns = [
    path("", include("dovetail.core.urls")),
    path("partnerships/", include("dovetail.partnerships.urls")),
    path("placements/", include("dovetail.placements.urls")),
    path("scheduling/", include("dovetail.scheduling.urls")),
    path("records/", include("dovetail.records.urls")),
    path("skills/", include("dovetail.skills.urls")),
    path("curriculum/", include("dovetail.curriculum.urls")),
    path("evaluation/", include("dovetail.evaluation.urls")),
    path("careers/", include("dovetail.careers.urls")),
    path("", include("dovetail.credentials.urls")),
    path("lrs/", include("dovetail.lrs.page_urls")),
    path("api/", api.urls),
    path("xapi/", include("dovetail.lrs.urls")),
    path("admin/", admin.site.urls),
    # Django's language switch, which also remembers the choice for a signed-in person's e-mail
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "dovetail.core.views.bad_request"
handler403 = "dovetail.core.views.permission_denied"
handler404 = "dovetail.core.views.page_not_found"
handler500 = "dovetail.core.views.server_error"
