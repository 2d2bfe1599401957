from django.contrib import admin

from dovetail.lrs.models import Activity, Attachment, Client, Document, RelatedKey, Statement


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "key", "is_active", "is_internal", "created_at"]
    list_filter = ["is_active", "is_internal"]
    readonly_fields = ["key", "secret_digest"]
    raw_id_fields = ["organisation", "created_by"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["statement_id", "organisation", "client", "stored", "voided"]
    list_filter = ["voided", "is_voiding"]
    search_fields = ["statement_id"]
    raw_id_fields = ["organisation", "client"]


@admin.register(RelatedKey)
class RelatedKeyAdmin(admin.ModelAdmin):
    list_display = ["statement", "relation", "key"]
    raw_id_fields = ["statement"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["iri", "organisation"]
    search_fields = ["iri"]
    raw_id_fields = ["organisation"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["sha2", "content_type", "organisation"]
    raw_id_fields = ["organisation"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["document_id", "kind", "activity", "agent", "updated"]
    list_filter = ["kind"]
    raw_id_fields = ["organisation"]
