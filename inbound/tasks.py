"""The mailbox is read by beat (config/celery.py). Reading twice at once, or again after a killed run, is harmless:
each message is recorded once (inbound.services) and marked read only after it is (inbound.mailbox)."""

from __future__ import annotations

import dataclasses
import logging

from celery import shared_task

from inbound.mailbox import mailbox_configured, mailbox_read

logger = logging.getLogger(__name__)


@shared_task(name="inbound.read_mailbox")
def read_mailbox() -> dict:
    if not mailbox_configured():
        return {}
    run = mailbox_read()
    logger.info(
        "Mailbox: %s recorded on cases, %s to triage, %s duplicates, %s failed, %s left for the next run",
        run.recorded,
        run.to_triage,
        run.duplicates,
        run.failed,
        run.left,
    )
    return dataclasses.asdict(run)
