from django.contrib import admin

from dovetail.curriculum.models import Module, Programme


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
