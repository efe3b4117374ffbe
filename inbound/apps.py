from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = "Emails received"

    def ready(self) -> None:
        post_migrate.connect(ensure_mailbox_account, sender=self)
        # Uploading an email to a case records it as correspondence (complaints.case_actions).
        from inbound import case_actions  # noqa: F401


def ensure_mailbox_account(sender, using="default", **kwargs) -> None:
    """Created with the database (and again after a test flush), never while reading the mailbox: two runs at once
    would otherwise race to create it."""
    from inbound.services import mailbox_account_create

    mailbox_account_create(using=using)
