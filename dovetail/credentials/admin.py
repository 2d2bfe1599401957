from django.contrib import admin

from dovetail.credentials.models import IssuerKey


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "public_multibase", "created_at", "retired_at"]
    readonly_fields = ["public_multibase", "created_at", "retired_at", "retired_by"]
    raw_id_fields = ["organisation"]
