from django.contrib import admin

from dovetail.credentials.models import (
    Achievement,
    BroughtCredential,
    ClaimEvent,
    ClaimEvidence,
    Credential,
    CredentialEvidence,
    CreditEntry,
    IssuerKey,
    PriorLearningClaim,
    Qualification,
    TransferRule,
)


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "public_multibase", "created_at", "retired_at"]
    readonly_fields = ["public_multibase", "created_at", "retired_at", "retired_by"]
    raw_id_fields = ["organisation"]


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "kind", "credits"]
    list_filter = ["kind"]
    raw_id_fields = ["issuer", "module", "skill", "qualification"]


class CredentialEvidenceInline(admin.TabularInline):
    model = CredentialEvidence
    extra = 0
    readonly_fields = ["position", "kind", "name", "narrative", "reference"]


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    # a signed credential is never edited: its status changes through the issuing pages
    list_display = ["achievement", "learner", "issued_at", "status"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in Credential._meta.fields]
    inlines = [CredentialEvidenceInline]


@admin.register(CredentialEvidence)
class CredentialEvidenceAdmin(admin.ModelAdmin):
    list_display = ["credential", "position", "kind", "name"]
    raw_id_fields = ["credential"]


@admin.register(BroughtCredential)
class BroughtCredentialAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer_name", "learner", "state", "checked_at"]
    raw_id_fields = ["learner"]


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "kind", "level", "credits_required"]
    raw_id_fields = ["college", "programme"]
    filter_horizontal = ["modules"]


@admin.register(TransferRule)
class TransferRuleAdmin(admin.ModelAdmin):
    list_display = ["source_institution", "source_code", "target_module", "credits"]
    raw_id_fields = ["college", "target_module", "created_by"]


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    list_display = ["learner", "title", "credits", "source", "earned_on"]
    list_filter = ["source"]
    raw_id_fields = ["learner", "module", "credential", "recorded_by"]


class ClaimEvidenceInline(admin.TabularInline):
    model = ClaimEvidence
    extra = 0
    raw_id_fields = ["brought_credential", "credential", "added_by"]


@admin.register(PriorLearningClaim)
class PriorLearningClaimAdmin(admin.ModelAdmin):
    list_display = ["learner", "module", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["learner", "module", "assessor", "credential"]
    inlines = [ClaimEvidenceInline]


@admin.register(ClaimEvidence)
class ClaimEvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "kind", "added_at"]
    raw_id_fields = ["claim", "brought_credential", "credential", "added_by"]


@admin.register(ClaimEvent)
class ClaimEventAdmin(admin.ModelAdmin):
    list_display = ["claim", "status", "actor", "created_at"]
    raw_id_fields = ["claim", "actor"]
