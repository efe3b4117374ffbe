"""The retention schedule, run nightly by Celery beat (config/celery.py). Idempotent: what was anonymised is
recorded, so a repeated or overlapping run finds nothing left to do."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from privacy.services import retention_apply

logger = logging.getLogger(__name__)


@shared_task(name="privacy.retention")
def retention() -> dict:
    result = retention_apply(today=timezone.localdate())
    logger.info(
        "Retention: %s complaints and %s residents anonymised, %s failed",
        result.complaints,
        result.residents,
        result.failed,
    )
    return {"complaints": result.complaints, "residents": result.residents, "failed": result.failed}
