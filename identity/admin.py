from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin

from identity.models import SecurityEvent

# Removing an authenticator here would skip the security log: resets go through /staff/mfa-resets/ (user_mfa_reset).
admin.site.unregister(Authenticator)
# Staff accounts are created by administrators with their email on the user; nobody verifies addresses through
# allauth, so its address list would only be a second, unused place to edit them.
admin.site.unregister(EmailAddress)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "actor", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
