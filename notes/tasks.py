from __future__ import annotations

from celery import shared_task

from notes.services import drafts_expire


@shared_task(name="notes.expire_drafts")
def expire_drafts() -> int:
    return drafts_expire()
