"""The mailbox read by a real Celery worker (beat's task, a real Redis, a real Dovecot), killed with SIGKILL in the
middle of the import: run again, every message is recorded once, none lost and none twice, counted.

Like tests/alerts/worker, this runs on today's real date (the worker is another process) and commits its data."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from collections.abc import Iterator

import pytest
from django.utils import timezone

from complaints.models import Correspondence
from inbound.models import InboundEmail
from inbound.tasks import read_mailbox
from tests.alerts.worker.conftest import VISIBILITY_TIMEOUT, Worker, broker_is_idle, database_url, wait_for
from tests.inbound.scenario import UNIQUE, UNMATCHED, build, complaints_for_scenario

pytestmark = [pytest.mark.worker, pytest.mark.slow]


@pytest.fixture(autouse=True)
def frozen_today():
    """Overrides the suite's frozen clock: the worker process runs on the real date, so the test must too."""
    yield None


@pytest.fixture
def worker(committed_reference_data, broker, redis_url, mailbox, tmp_path, media_root) -> Iterator[Worker]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        # The attachments it stores, beside this test's own.
        "MEDIA_ROOT": str(media_root),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CONN_MAX_AGE": "0",
        **{name: _env(value) for name, value in mailbox.settings().items()},
    }
    process = Worker(env, tmp_path)
    yield process
    process.stop()


def _env(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def test_a_worker_killed_mid_import_loses_nothing_and_duplicates_nothing_when_the_mailbox_is_read_again(
    officer, mailbox, worker, broker
):
    complaints = complaints_for_scenario(actor=officer, received_on=timezone.localdate() - datetime.timedelta(days=30))
    scenario = build(complaints, sent_at=timezone.now() - datetime.timedelta(days=1))
    mailbox.deliver(*scenario.messages)
    worker.start()

    read_mailbox.delay()
    wait_for(lambda: InboundEmail.objects.count() >= 40, 120, "the import to be under way")
    worker.kill()  # SIGKILL, the worker and its pool, mid-import

    recorded_before = InboundEmail.objects.count()
    assert recorded_before < UNIQUE, "The worker finished before it was killed: the test proves nothing."
    assert mailbox.unread() > 0

    # The next beat tick (and Redis handing the killed run's task to the new worker) reads the mailbox again.
    worker.start()
    read_mailbox.delay()
    wait_for(lambda: mailbox.unread() == 0 and broker_is_idle(broker), 180, "the mailbox to be read to the end")

    emails = InboundEmail.objects.all()
    assert emails.count() == UNIQUE
    assert {email.message_id: email.complaint.reference if email.complaint else "" for email in emails} == (
        scenario.expected
    )
    received = Correspondence.objects.filter(direction=Correspondence.Direction.INCOMING, channel__code="email")
    assert received.count() == UNIQUE - UNMATCHED
    # Each recorded email has exactly one correspondence, each correspondence one email: nothing twice.
    assert (
        Counter(emails.exclude(correspondence=None).values_list("correspondence", flat=True)).most_common(1)[0][1] == 1
    )
    assert set(received.values_list("pk", flat=True)) == set(
        emails.exclude(correspondence=None).values_list("correspondence", flat=True)
    )
    assert emails.filter(status=InboundEmail.Status.NEW).count() == UNMATCHED
