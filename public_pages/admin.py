from django.contrib import admin

from public_pages.models import PublicPage


@admin.register(PublicPage)
class PublicPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    readonly_fields = ["updated_at"]
