import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("complaints")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Static, so exactly one beat process (docker-compose's `beat`, or the worker's embedded beat in bin/run) runs it.
# The sweep finds what is due from the database, so a missed or doubled run is harmless.
app.conf.beat_schedule = {
    "alerts-sweep": {"task": "alerts.sweep", "schedule": crontab(minute="*/15")},
    # Letters and emails to residents still owed (the outbox): each is queued when issued; this catches the rest.
    "messages-sweep": {"task": "complaints.sweep_messages", "schedule": crontab(minute="*")},
    # The digest task sweeps first, so the 08:00 run on working days also catches everything due at the start of
    # the day; on a bank holiday it does nothing.
    "alerts-daily-digest": {
        "task": "alerts.daily_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon-fri"),
    },
    # UK GDPR storage limitation: anonymises cases past PERSONAL_DATA_RETENTION_YEARS, at night when no one works.
    "privacy-retention": {"task": "privacy.retention", "schedule": crontab(minute=30, hour=2)},
    # More often than DASHBOARD_CACHE_SECONDS (5 minutes), so the board's opening view is always counted already.
    "reporting-warm-dashboard": {"task": "reporting.warm_dashboard", "schedule": crontab(minute="*/4")},
    # The days changes marked since (reporting.rollup), so a reader seldom has any left to count.
    "reporting-rollup-catch-up": {"task": "reporting.rollup_catch_up", "schedule": crontab(minute="*")},
    # The complaints mailbox (does nothing without INBOUND_IMAP_HOST). A run that overlaps the last is harmless:
    # each message is recorded once, by its Message-ID.
    "inbound-read-mailbox": {"task": "inbound.read_mailbox", "schedule": crontab(minute="*/2")},
    # Drafts hold case text nobody sent: gone after DRAFT_KEPT_DAYS.
    "notes-expire-drafts": {"task": "notes.expire_drafts", "schedule": crontab(minute=45, hour=2)},
}
