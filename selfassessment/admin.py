"""The Code's editions and the self-assessments, read-only: the Code is loaded from its data files
(`manage.py load_code_version`), and assessments change only through the services (the API), which enforce the
approval rules and keep the figures frozen once approved."""

from __future__ import annotations

from django.contrib import admin

from selfassessment.models import (
    AssessmentRow,
    CodeVersion,
    LiveFigure,
    PolicyDocument,
    PolicySection,
    Provision,
    SelfAssessment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ProvisionInline(ReadOnlyInline):
    model = Provision
    fields = ["number", "requirement", "obligation"]


@admin.register(CodeVersion)
class CodeVersionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "applies_from", "live_figures"]
    inlines = [ProvisionInline]


class PolicySectionInline(ReadOnlyInline):
    model = PolicySection
    fields = ["reference", "title"]


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "approved_on", "uploaded_by"]
    search_fields = ["title"]
    inlines = [PolicySectionInline]


class AssessmentRowInline(ReadOnlyInline):
    model = AssessmentRow
    fields = ["provision", "complies", "commentary", "comply_by"]


class LiveFigureInline(ReadOnlyInline):
    model = LiveFigure
    fields = ["key", "label", "numerator", "denominator", "proposed", "computed_at"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "code_version", "period_start", "period_end", "status", "approved_on"]
    list_filter = ["status", "code_version"]
    inlines = [LiveFigureInline, AssessmentRowInline]
