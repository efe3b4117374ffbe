from __future__ import annotations

from django.contrib import admin

from reporting.models import HomesCount


@admin.register(HomesCount)
class HomesCountAdmin(admin.ModelAdmin):
    list_display = ["year", "low_cost_rental", "low_cost_home_ownership", "recorded_by"]
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
