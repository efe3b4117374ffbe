from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublicConfig(AppConfig):
    name = "public_pages"
    verbose_name = "Residents' pages"

    def ready(self) -> None:
        from complaints.services.outbox import letter_email_link_connect
        from public_pages.services import letter_email_link

        post_migrate.connect(let_administrators_edit_pages, sender=self)
        post_migrate.connect(ensure_web_form_account, sender=self)
        # Each letter's email ends with a link to the resident's own view of the complaint.
        letter_email_link_connect(letter_email_link)


def let_administrators_edit_pages(sender, using="default", **kwargs) -> None:
    """System administrators edit the policy and Ombudsman pages in the admin (not case data)."""
    from core.roles import let_administrators_change

    let_administrators_change("public_pages", ["publicpage"], using, actions=("view", "change"))


def ensure_web_form_account(sender, using="default", **kwargs) -> None:
    """Created with the database (and again after a test flush), never on a request: concurrent first posts
    would otherwise race to create it."""
    from public_pages.services import web_form_account_create

    web_form_account_create(using=using)
