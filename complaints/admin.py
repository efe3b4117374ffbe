"""The administrator's data: regimes, calendars and choice lists. Case data is not in the admin: it is worked
through the services, which enforce the Code and keep special-category data from people who do not need it."""

from __future__ import annotations

from django.contrib import admin, messages

from complaints.models import (
    Category,
    Channel,
    ClosureDay,
    NationRegime,
    RefusalReason,
    Regime,
    RegimeStage,
    RemedyKind,
)
from complaints.services.deadlines import closure_day_delete, closure_day_save


@admin.register(Channel, Category)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(RefusalReason)
class RefusalReasonAdmin(ReferenceItemAdmin):
    list_display = [*ReferenceItemAdmin.list_display, "requires_discretion_note"]


@admin.register(RemedyKind)
class RemedyKindAdmin(ReferenceItemAdmin):
    list_display = [*ReferenceItemAdmin.list_display, "is_financial"]


class RegimeStageInline(admin.StackedInline):
    model = RegimeStage
    extra = 0
    max_num = 2


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ombudsman_name"]
    inlines = [RegimeStageInline]


@admin.register(NationRegime)
class NationRegimeAdmin(admin.ModelAdmin):
    list_display = ["nation", "regime"]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    """Saving or deleting a closure day moves the open deadlines it affects, and records that on each case."""

    list_display = ["date", "name", "nations"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        moved = closure_day_save(closure=obj)
        messages.info(request, f"Due dates moved on {moved} open complaint stage(s).")

    def delete_model(self, request, obj) -> None:
        moved = closure_day_delete(closure=obj)
        messages.info(request, f"Due dates moved on {moved} open complaint stage(s).")

    def delete_queryset(self, request, queryset) -> None:
        for closure in queryset:
            self.delete_model(request, closure)
