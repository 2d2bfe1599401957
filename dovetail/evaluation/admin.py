from django.contrib import admin

from dovetail.evaluation.models import DepthIndexSettings


@admin.register(DepthIndexSettings)
class DepthIndexSettingsAdmin(admin.ModelAdmin):
    list_display = ["region", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
