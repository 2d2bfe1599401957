from django.contrib import admin

from dovetail.careers.models import (
    CareerConsent,
    CareerStep,
    ContinuingOffer,
    Enrolment,
    FollowUpSurvey,
    SurveyInvitation,
    TrainingCourse,
)


@admin.register(CareerConsent)
class CareerConsentAdmin(admin.ModelAdmin):
    list_display = ["learner", "given", "changed_at"]
    raw_id_fields = ["learner"]


@admin.register(CareerStep)
class CareerStepAdmin(admin.ModelAdmin):
    list_display = ["learner", "job_title", "employer_name", "started_on", "ended_on"]
    raw_id_fields = ["learner", "employer", "occupation", "region", "recorded_by"]


@admin.register(FollowUpSurvey)
class FollowUpSurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "college", "months_after_graduation", "active"]
    raw_id_fields = ["college", "created_by"]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["survey", "learner", "sent_on", "answered_at"]
    raw_id_fields = ["survey", "learner"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "audience", "starts_on", "seats"]
    raw_id_fields = ["provider", "college", "created_by"]
    filter_horizontal = ["skills"]


@admin.register(ContinuingOffer)
class ContinuingOfferAdmin(admin.ModelAdmin):
    list_display = ["course", "learner", "score", "status"]
    raw_id_fields = ["course", "learner"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["course", "learner", "created_at"]
    raw_id_fields = ["course", "learner", "enrolled_by"]
