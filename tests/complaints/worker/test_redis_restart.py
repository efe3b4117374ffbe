"""Redis restarted while the worker is in the middle of sending an alert and a letter, the worker supervised as
bin/run supervises it (bin/supervise): each is delivered once, and the worker goes on to deliver what comes next.

The Redis here keeps nothing across the restart (no persistence), the harder case: the tasks the worker held
unacknowledged are gone from the broker, and only the database knows what is still owed."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from complaints.services import workflow
from tests.alerts.worker.conftest import free_port, wait_for
from tests.complaints.worker.conversation import (  # noqa: F401 (the fixtures are used by name)
    SENDS,
    an_alert_and_a_letter_queued,
    conversation_mailbox,
    settle,
)
from tests.conftest import POINTS
from tests.factories import ResidentFactory

pytestmark = [pytest.mark.faults, pytest.mark.slow]


class RedisServer:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_for(lambda: _pings(client), 10, "Redis to start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """This test's own Redis, which it restarts, in place of the session's."""
    return redis_server.url


def test_a_redis_restart_mid_send_delivers_each_message_once_and_the_worker_carries_on(
    an_alert_and_a_letter, log_complaint, officer, worker, broker, mailbox, redis_server
):
    conversation, _ = mailbox
    officer_email, resident_email = an_alert_and_a_letter
    conversation.accept_held_data = True
    conversation.hold_at = "DATA"
    worker.supervised = True
    worker.start()
    wait_for(lambda: conversation.reached == SENDS, 60, "both deliveries to be sending")

    redis_server.stop()
    # Down for longer than the worker's check for abandoned tasks (every second here), which is where it fell over.
    time.sleep(3)
    redis_server.start()
    conversation.hold_at = None
    conversation.release.set()  # the server answers DATA: both accepted

    settle(broker)
    assert conversation.received() == {officer_email: 1, resident_email: 1}

    # The worker (or the one bin/supervise started in its place) still takes new work from the restarted Redis.
    resident = ResidentFactory(email="next@resident.example")
    complaint = log_complaint(resident=resident, received_on=timezone.localdate())
    with transaction.atomic():
        workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=timezone.localdate(), points=POINTS
        )
    wait_for(lambda: conversation.received()[resident.email] == 1, 60, "the next letter")
    assert conversation.received() == {officer_email: 1, resident_email: 1, resident.email: 1}
    assert worker.process.poll() is None  # the supervisor, with whichever worker it runs now
    # Shown with the worker's log when this test fails, or with -rP: whether the worker had to be started again.
    print("The worker exited and was started again." if "exited (status" in worker.log.read_text() else "No restart.")
