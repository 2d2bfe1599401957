from django.contrib import admin

from dovetail.records.models import (
    Assessment,
    Competency,
    Criterion,
    DiaryComment,
    DiaryEntry,
    DiaryFile,
    EmployerSurvey,
    Rating,
    Rubric,
    WeekSignOff,
)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["learner", "skill", "proficiency", "source", "achieved_on"]
    list_filter = ["source", "proficiency"]
    raw_id_fields = ["learner", "skill", "recorded_by"]


class DiaryFileInline(admin.TabularInline):
    model = DiaryFile
    extra = 0
    raw_id_fields = ["zone"]


@admin.register(DiaryEntry)
class DiaryEntryAdmin(admin.ModelAdmin):
    list_display = ["learner", "written_on", "hours", "placement"]
    raw_id_fields = ["learner", "placement", "skills"]
    inlines = [DiaryFileInline]


@admin.register(DiaryFile)
class DiaryFileAdmin(admin.ModelAdmin):
    list_display = ["name", "entry", "zone", "size"]
    raw_id_fields = ["entry", "zone"]


@admin.register(DiaryComment)
class DiaryCommentAdmin(admin.ModelAdmin):
    list_display = ["entry", "author", "created_at"]
    raw_id_fields = ["entry", "author"]


@admin.register(WeekSignOff)
class WeekSignOffAdmin(admin.ModelAdmin):
    list_display = ["placement", "week_of", "mentor", "signed_at"]
    raw_id_fields = ["placement", "mentor"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "module", "offer"]
    raw_id_fields = ["organisation", "module", "offer", "created_by"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "rubric", "weight", "skill"]
    raw_id_fields = ["rubric", "skill"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["rubric", "learner", "status", "grade", "passed"]
    list_filter = ["status"]
    raw_id_fields = ["rubric", "learner", "placement", "teacher", "mentor"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["assessment", "criterion", "role", "level"]
    raw_id_fields = ["assessment", "criterion", "rated_by"]


@admin.register(EmployerSurvey)
class EmployerSurveyAdmin(admin.ModelAdmin):
    list_display = ["placement", "submitted_by", "submitted_at", "would_hire"]
    raw_id_fields = ["placement", "submitted_by"]
