from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Personal data (UK GDPR)"

    def ready(self) -> None:
        from complaints import data_protection
        from privacy import access_log, selectors

        data_protection.connect(record_views=access_log.views_record, is_anonymised=selectors.resident_is_anonymised)
        # Every app's personal_data.py declares what it holds (privacy.registry).
        autodiscover_modules("personal_data")
