from django.contrib import admin

from dovetail.records.models import Competency


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["learner", "skill", "proficiency", "source", "achieved_on"]
    list_filter = ["source", "proficiency"]
    raw_id_fields = ["learner", "skill"]
