from django.contrib import admin

from dovetail.skills.models import Occupation, OccupationSkill, QualificationLevel, Skill, Taxonomy


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
