from django.contrib import admin

from alerts.models import AlertSettings, AlertThreshold


@admin.register(AlertThreshold)
class AlertThresholdAdmin(admin.ModelAdmin):
    list_display = ["kind", "working_days_before", "on_the_day", "when_overdue", "overdue_to_manager"]
    fields = ["kind", "working_days_before", "on_the_day", "when_overdue", "overdue_to_manager", "working_days_after"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request) -> bool:
        # One row per kind, created with the app; a kind the code does not watch would do nothing.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AlertSettings)
class AlertSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "line_manager"]
    fields = ["user", "line_manager", "no_email_for"]
    autocomplete_fields = ["user", "line_manager"]
