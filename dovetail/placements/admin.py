from django.contrib import admin

from dovetail.placements.models import (
    Allocation,
    ApplicantRank,
    Offer,
    OfferSkill,
    Placement,
    Preference,
    Round,
)


class OfferSkillInline(admin.TabularInline):
    model = OfferSkill
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "zone", "seats", "starts_on", "mode", "status"]
    list_filter = ["status", "mode"]
    search_fields = ["title", "enterprise__name"]
    raw_id_fields = ["enterprise", "zone", "mentor", "created_by"]
    filter_horizontal = ["eligible_programmes"]
    inlines = [OfferSkillInline]


@admin.register(OfferSkill)
class OfferSkillAdmin(admin.ModelAdmin):
    list_display = ["offer", "skill", "min_proficiency"]
    raw_id_fields = ["offer", "skill"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "status", "preference_deadline", "precedence", "seed"]
    list_filter = ["status", "precedence"]
    raw_id_fields = ["college", "created_by"]
    filter_horizontal = ["offers"]


class RoundRowAdmin(admin.ModelAdmin):
    raw_id_fields = ["round", "learner", "offer"]
    list_filter = ["round"]


@admin.register(Preference)
class PreferenceAdmin(RoundRowAdmin):
    list_display = ["round", "learner", "rank", "offer"]


@admin.register(ApplicantRank)
class ApplicantRankAdmin(RoundRowAdmin):
    list_display = ["round", "offer", "rank", "learner"]


@admin.register(Allocation)
class AllocationAdmin(RoundRowAdmin):
    list_display = ["round", "learner", "offer", "choice"]


@admin.register(Placement)
class PlacementAdmin(RoundRowAdmin):
    list_display = ["learner", "offer", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
