from django.contrib import admin

from dovetail.skills.models import (
    Crosswalk,
    Demand,
    DemandSkill,
    GapReport,
    MappedText,
    Occupation,
    OccupationSkill,
    QualificationLevel,
    Skill,
    Taxonomy,
)


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "version", "source"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label", "label_zh", "kind", "taxonomy", "parent"]
    list_filter = ["taxonomy", "kind"]
    search_fields = ["label", "label_zh", "uri", "code"]
    raw_id_fields = ["parent"]


class OccupationSkillInline(admin.TabularInline):
    model = OccupationSkill
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["label", "label_zh", "isco_group", "taxonomy"]
    list_filter = ["taxonomy"]
    search_fields = ["label", "label_zh", "uri", "code"]
    raw_id_fields = ["parent"]
    inlines = [OccupationSkillInline]


@admin.register(QualificationLevel)
class QualificationLevelAdmin(admin.ModelAdmin):
    list_display = ["framework", "code", "rank", "name", "name_zh"]
    list_filter = ["framework"]


@admin.register(OccupationSkill)
class OccupationSkillAdmin(admin.ModelAdmin):
    list_display = ["occupation", "skill", "relation"]
    list_filter = ["relation"]
    raw_id_fields = ["occupation", "skill"]


@admin.register(Crosswalk)
class CrosswalkAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "relation"]
    list_filter = ["relation"]
    raw_id_fields = ["source", "target"]


class DemandSkillInline(admin.TabularInline):
    model = DemandSkill
    raw_id_fields = ["skill", "reviewed_by"]
    extra = 0


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "enterprise", "headcount", "posted_on"]
    list_filter = ["kind"]
    search_fields = ["title", "text", "reference"]
    raw_id_fields = ["enterprise", "occupation", "created_by"]
    inlines = [DemandSkillInline]


@admin.register(DemandSkill)
class DemandSkillAdmin(admin.ModelAdmin):
    list_display = ["demand", "skill", "origin", "rejected", "reviewed_by", "score", "span"]
    list_filter = ["origin", "rejected"]
    raw_id_fields = ["demand", "skill", "reviewed_by"]


@admin.register(MappedText)
class MappedTextAdmin(admin.ModelAdmin):
    list_display = ["digest", "taxonomy", "created_at"]
    list_filter = ["taxonomy"]


@admin.register(GapReport)
class GapReportAdmin(admin.ModelAdmin):
    list_display = ["scope_name", "scope", "period_start", "period_end", "created_at"]
    list_filter = ["scope"]
    raw_id_fields = ["college", "region", "created_by"]
