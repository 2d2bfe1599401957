from django.contrib import admin

from dovetail.curriculum.models import (
    AdjustmentProposal,
    EditionSeen,
    GraduatePlan,
    LearningOutcome,
    MaterialSection,
    Module,
    ModuleVersion,
    OutcomeSkill,
    Programme,
    ProposalComment,
    SectionRevision,
    TeachingStandard,
)


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "college", "qualification_level"]
    list_filter = ["qualification_level"]
    search_fields = ["code", "name", "name_zh"]
    raw_id_fields = ["college"]
    inlines = [ModuleInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "programme", "semester", "credits", "workplace_based"]
    list_filter = ["workplace_based", "semester"]
    search_fields = ["code", "name", "name_zh"]
    raw_id_fields = ["programme"]


class OutcomeSkillInline(admin.TabularInline):
    model = OutcomeSkill
    raw_id_fields = ["skill", "reviewed_by"]
    extra = 0


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(admin.ModelAdmin):
    list_display = ["text", "module", "proficiency", "since"]
    search_fields = ["text"]
    raw_id_fields = ["module"]
    inlines = [OutcomeSkillInline]


@admin.register(OutcomeSkill)
class OutcomeSkillAdmin(admin.ModelAdmin):
    list_display = ["outcome", "skill", "score", "span"]
    raw_id_fields = ["outcome", "skill"]


@admin.register(GraduatePlan)
class GraduatePlanAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "graduates", "occupation"]
    list_filter = ["year"]
    raw_id_fields = ["programme", "occupation"]


@admin.register(ModuleVersion)
class ModuleVersionAdmin(admin.ModelAdmin):
    # versions are history: made by revisions, never edited
    list_display = ["module", "number", "effective_from", "created_at"]
    readonly_fields = [field.name for field in ModuleVersion._meta.fields]
    raw_id_fields = ["module"]


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(AdjustmentProposal)
class AdjustmentProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["programme", "module", "skill", "requested_by", "decided_by", "created_by"]
    inlines = [ProposalCommentInline]


@admin.register(ProposalComment)
class ProposalCommentAdmin(admin.ModelAdmin):
    list_display = ["proposal", "author", "created_at"]
    raw_id_fields = ["proposal", "author"]


class SectionRevisionInline(admin.TabularInline):
    model = SectionRevision
    extra = 0
    raw_id_fields = ["author", "reviewed_by"]


@admin.register(MaterialSection)
class MaterialSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "position", "kind"]
    raw_id_fields = ["module", "contributed_by"]
    inlines = [SectionRevisionInline]


@admin.register(SectionRevision)
class SectionRevisionAdmin(admin.ModelAdmin):
    list_display = ["section", "number", "status", "author", "published_at"]
    list_filter = ["status"]
    raw_id_fields = ["section", "author", "reviewed_by"]


@admin.register(EditionSeen)
class EditionSeenAdmin(admin.ModelAdmin):
    list_display = ["reader", "module", "seen_at"]
    raw_id_fields = ["reader", "module"]


@admin.register(TeachingStandard)
class TeachingStandardAdmin(admin.ModelAdmin):
    # versions are history: made by revisions, never edited
    list_display = ["programme", "number", "effective_from", "created_at"]
    readonly_fields = [field.name for field in TeachingStandard._meta.fields]
