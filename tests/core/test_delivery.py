"""core.delivery against a real SMTP server (aiosmtpd, in this process): a batch of emails goes over one
connection, each marked sent as the server accepts it, and a connection the server dropped is opened again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.db import connections

from complaints.models import OutgoingMessage
from complaints.services import workflow
from complaints.tasks import deliver_messages
from tests.alerts.worker.conftest import free_port
from tests.conftest import POINTS
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


class Server:
    """Counts connections; remembers, for each message it accepted, how many of the batch were then marked sent.
    `hang_up_after_each` closes the connection once a message has been accepted, as an idle timeout would."""

    def __init__(self, database) -> None:
        # The test's own connection (its transaction is never committed): the sender waits on this server's answer
        # meanwhile, so the two threads never use it at once.
        self.database = database
        self.connections = 0
        self.sent_marks_seen: list[int] = []
        self.hang_up_after_each = False

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope) -> str:
        self.sent_marks_seen.append(await asyncio.to_thread(self._sent_marks))
        if self.hang_up_after_each:
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"

    def _sent_marks(self) -> int:
        with self.database.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM complaints_outgoingmessage WHERE sent_at IS NOT NULL")
            return cursor.fetchone()[0]


@pytest.fixture
def server(settings) -> Iterator[Server]:
    database = connections["default"]  # this thread's, not the proxy that would give the server thread its own
    database.inc_thread_sharing()
    handler, port = Server(database), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield handler
    controller.stop()
    database.dec_thread_sharing()


def three_letters(log_complaint, officer) -> list[int]:
    for _ in range(3):
        complaint = log_complaint(resident=ResidentFactory())
        workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=complaint.received_on, points=POINTS
        )
    return list(OutgoingMessage.objects.order_by("pk").values_list("pk", flat=True))


def test_a_batch_goes_over_one_connection_each_message_marked_sent_before_the_next(log_complaint, officer, server):
    ids = three_letters(log_complaint, officer)

    assert deliver_messages(ids) == {"sent": 3}

    assert server.connections == 1
    assert server.sent_marks_seen == [0, 1, 2]
    assert not OutgoingMessage.objects.filter(sent_at__isnull=True).exists()


def test_a_connection_the_server_dropped_is_opened_again_and_no_message_fails(log_complaint, officer, server):
    ids = three_letters(log_complaint, officer)
    server.hang_up_after_each = True

    assert deliver_messages(ids) == {"sent": 3}

    assert server.connections == 3
    assert list(OutgoingMessage.objects.values_list("attempts", "error")) == [(1, "")] * 3
