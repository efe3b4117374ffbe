from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from inbound.mailbox import mailbox_configured, mailbox_read


class Command(BaseCommand):
    help = "Read the complaints mailbox now (beat does it every two minutes): what inbound.read_mailbox does."

    def handle(self, *args, **options) -> None:
        if not mailbox_configured():
            raise CommandError("Set INBOUND_IMAP_HOST (and the other INBOUND_IMAP_ settings) first.")
        run = mailbox_read()
        self.stdout.write(
            f"{run.recorded} recorded on cases, {run.to_triage} to triage, {run.duplicates} duplicates, "
            f"{run.failed} failed, {run.left} left for the next run."
        )
