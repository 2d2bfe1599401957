from django.contrib import admin

from dovetail.scheduling.models import (
    AcademicCalendar,
    CalendarWeek,
    Commitment,
    EnterprisePeriod,
    FeedKey,
    PlanChange,
    PlanEntry,
    PracticePattern,
    PracticePlan,
)


class CalendarWeekInline(admin.TabularInline):
    model = CalendarWeek
    extra = 0


@admin.register(AcademicCalendar)
class AcademicCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "first_monday", "weeks"]
    raw_id_fields = ["college"]
    inlines = [CalendarWeekInline]


@admin.register(CalendarWeek)
class CalendarWeekAdmin(admin.ModelAdmin):
    list_display = ["calendar", "index", "kind"]


@admin.register(EnterprisePeriod)
class EnterprisePeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "zone", "kind", "starts_on", "ends_on", "capacity_days"]
    list_filter = ["kind"]
    raw_id_fields = ["enterprise", "zone"]


@admin.register(PracticePattern)
class PracticePatternAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "hours_per_week", "block_weeks", "min_gap", "single_block"]


@admin.register(PracticePlan)
class PracticePlanAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "status", "objective", "greedy_objective", "solved_at"]
    raw_id_fields = ["college", "calendar", "created_by"]


@admin.register(PlanEntry)
class PlanEntryAdmin(admin.ModelAdmin):
    list_display = ["plan", "placement", "pattern", "required_hours", "unmet_hours"]
    raw_id_fields = ["plan", "placement"]


@admin.register(PlanChange)
class PlanChangeAdmin(admin.ModelAdmin):
    list_display = ["description", "plan", "zone", "conflict_kind", "outcome", "created_at"]
    raw_id_fields = ["plan", "zone", "reported_by"]


@admin.register(FeedKey)
class FeedKeyAdmin(admin.ModelAdmin):
    list_display = ["user"]
    raw_id_fields = ["user"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "reason", "starts_on", "ends_on"]
    raw_id_fields = ["learner"]
