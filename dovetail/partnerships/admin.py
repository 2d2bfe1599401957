from django.contrib import admin

from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    Commitment,
    ConfidentialTerm,
    ConflictCase,
    ExchangeAppointment,
    ExchangeOutput,
    Fulfilment,
    NegotiationStep,
    ParticipationRule,
    Partnership,
    RedactionSpan,
    RuleVersion,
    TeachingCase,
    TemporalPriorityRule,
    Zone,
)


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["college", "enterprise", "status", "started_on"]
    list_filter = ["status"]
    raw_id_fields = ["college", "enterprise"]
    search_fields = ["college__name", "enterprise__name", "enterprise__name_zh"]
    inlines = [AgreementInline]


class ParticipationRuleInline(admin.TabularInline):
    model = ParticipationRule
    extra = 0


class TemporalPriorityRuleInline(admin.TabularInline):
    model = TemporalPriorityRule
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "signed_on", "starts_on", "ends_on"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership"]
    search_fields = ["title"]
    inlines = [ParticipationRuleInline, TemporalPriorityRuleInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "enterprise", "kind", "confidentiality_level", "capacity"]
    list_filter = ["kind", "confidentiality_level"]
    raw_id_fields = ["enterprise"]
    search_fields = ["name", "name_zh", "enterprise__name"]


@admin.register(Clearance)
class ClearanceAdmin(admin.ModelAdmin):
    list_display = ["holder", "partnership", "level", "signed_on", "expires_on", "revoked"]
    list_filter = ["level", "revoked"]
    raw_id_fields = ["holder", "partnership"]


@admin.register(ParticipationRule)
class ParticipationRuleAdmin(admin.ModelAdmin):
    list_display = ["agreement", "confidentiality_level", "participation", "requires_clearance"]
    list_filter = ["confidentiality_level", "participation"]
    raw_id_fields = ["agreement"]


@admin.register(TemporalPriorityRule)
class TemporalPriorityRuleAdmin(admin.ModelAdmin):
    list_display = ["agreement", "rank", "conflict_kind", "prevailing_party"]
    list_filter = ["conflict_kind", "prevailing_party"]
    raw_id_fields = ["agreement"]


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ["agreement", "kind", "key", "version", "source_case", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["agreement", "source_case", "changed_by"]


class NegotiationStepInline(admin.TabularInline):
    model = NegotiationStep
    extra = 0
    raw_id_fields = ["by"]


@admin.register(ConflictCase)
class ConflictCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "trigger", "status", "outcome", "raised_on"]
    list_filter = ["trigger", "status", "outcome"]
    raw_id_fields = ["partnership", "raised_by", "settled_by"]
    search_fields = ["title"]
    inlines = [NegotiationStepInline]


@admin.register(NegotiationStep)
class NegotiationStepAdmin(admin.ModelAdmin):
    list_display = ["case", "party", "strategy", "taken_on"]
    list_filter = ["party", "strategy"]
    raw_id_fields = ["case", "by"]


class FulfilmentInline(admin.TabularInline):
    model = Fulfilment
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["description", "partnership", "promised_by", "kind", "quantity", "due_on"]
    list_filter = ["kind", "promised_by", "status"]
    raw_id_fields = ["partnership", "agreement", "created_by"]
    inlines = [FulfilmentInline]


@admin.register(Fulfilment)
class FulfilmentAdmin(admin.ModelAdmin):
    list_display = ["commitment", "quantity", "delivered_on"]
    raw_id_fields = ["commitment", "recorded_by"]


@admin.register(ExchangeAppointment)
class ExchangeAppointmentAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "partnership", "starts_on", "ends_on", "hours_committed"]
    list_filter = ["kind"]
    raw_id_fields = ["partnership", "person"]


@admin.register(ExchangeOutput)
class ExchangeOutputAdmin(admin.ModelAdmin):
    list_display = ["title", "appointment", "kind", "hours", "delivered_on"]
    list_filter = ["kind"]
    raw_id_fields = ["appointment", "recorded_by"]


@admin.register(ConfidentialTerm)
class ConfidentialTermAdmin(admin.ModelAdmin):
    list_display = ["term", "agreement"]
    raw_id_fields = ["agreement"]


@admin.register(TeachingCase)
class TeachingCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "confidentiality_level", "status"]
    list_filter = ["status", "confidentiality_level"]
    raw_id_fields = ["partnership", "author", "signed_off_by"]


@admin.register(RedactionSpan)
class RedactionSpanAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "original", "decision"]
    list_filter = ["kind", "decision"]
    raw_id_fields = ["case"]
