from django.contrib import admin

from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    ParticipationRule,
    Partnership,
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
