from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from dovetail.core.models import (
    ApiToken,
    AuditEvent,
    LearnerProfile,
    Membership,
    NotificationPreference,
    Organisation,
    Region,
    SentNotification,
    StashedUpload,
    TaskRun,
    User,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "kind", "region", "industry"]
    list_filter = ["kind", "region", "industry"]
    search_fields = ["code", "name", "name_zh"]


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["organisation"]
    extra = 0


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = UserAdmin.fieldsets + (("Dovetail", {"fields": ["full_name"]}),)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organisation"]
    search_fields = ["user__username", "user__full_name", "organisation__name"]


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "college", "programme", "career_stage", "cohort_year"]
    list_filter = ["career_stage", "cohort_year", "rural", "disadvantaged", "disability"]
    raw_id_fields = ["user", "college", "programme"]
    search_fields = ["user__username", "user__full_name", "student_number"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest"]
    raw_id_fields = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "done", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["name", "status"]
    readonly_fields = [f.name for f in TaskRun._meta.fields]


@admin.register(StashedUpload)
class StashedUploadAdmin(admin.ModelAdmin):
    """Read-only: a stash belongs to the task that reads it; the bytes are never shown."""

    list_display = ["name", "created_at"]
    fields = ["name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email"]
    list_filter = ["kind", "by_email"]
    search_fields = ["user__username"]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "subject", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["user", "kind", "key", "subject", "body", "url", "sent_at"]
