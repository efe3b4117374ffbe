"""The mail server of the worker tests that stop a delivery part way (tests/complaints/worker): it holds every
SMTP conversation at one point until told, and records what it accepted; and what those tests deliver, an alert
to staff and a letter to a resident at once, both through core.delivery."""

from __future__ import annotations

import asyncio
import datetime
import email
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.utils import timezone

from alerts.models import Alert
from alerts.tasks import sweep
from complaints.models import OutgoingMessage
from complaints.services import workflow
from complaints.tasks import sweep_messages
from tests.alerts.worker.conftest import CLAIM_SECONDS, VISIBILITY_TIMEOUT, broker_is_idle, free_port, wait_for
from tests.conftest import POINTS
from tests.factories import ResidentFactory

REDELIVERY_WAIT = VISIBILITY_TIMEOUT * 5 + 20
# Each test sends these two at once, on two connections.
SENDS = 2


class Conversation:
    """An SMTP server that stops every conversation at one point (`hold_at`) until `release` is set, counting the
    conversations that got there, and records what it accepted."""

    POINTS = ("connect", "MAIL", "RCPT", "DATA", "before QUIT", "after QUIT")

    def __init__(self) -> None:
        self.hold_at: str | None = None
        self.reached = 0
        self.release = threading.Event()
        # While DATA is held: accept the message once released (the server answered 250) rather than refuse it.
        self.accept_held_data = False
        self.messages: list[email.message.Message] = []

    async def _stop_here(self, point: str) -> bool:
        if self.hold_at != point:
            return False
        self.reached += 1
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        return True

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        # EHLO is the client's first word once connected: holding its answer holds the conversation just after connect.
        if await self._stop_here("connect"):
            return ["421 Service not available"]
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if await self._stop_here("MAIL"):
            return "421 Service not available"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if await self._stop_here("RCPT"):
            return "421 Service not available"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if await self._stop_here("DATA") and not self.accept_held_data:
            return "451 Requested action aborted: try again later"
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope) -> str:
        await self._stop_here("before QUIT")
        if self.hold_at == "after QUIT":
            # Counted once the answer below has been written, not before.
            asyncio.get_running_loop().call_soon(self._count_quit)
        return "221 Bye"

    def _count_quit(self) -> None:
        self.reached += 1

    def received(self) -> Counter[str]:
        return Counter(message["To"] for message in self.messages)


@pytest.fixture(name="mailbox")
def conversation_mailbox() -> Iterator[tuple[Conversation, int]]:
    """Replaces the worker tests' mail server in the modules that import it (the worker takes its port from it)."""
    conversation = Conversation()
    port = free_port()
    controller = Controller(conversation, hostname="127.0.0.1", port=port)
    controller.start()
    yield conversation, port
    conversation.release.set()
    controller.stop()


@pytest.fixture(name="an_alert_and_a_letter")
def an_alert_and_a_letter_queued(log_complaint, officer, broker):
    """An overdue acknowledgement with one handler (one alert, found by the sweep), and another complaint just
    acknowledged (its letter queued for the resident as the action commits): both tasks wait in Redis."""
    overdue = log_complaint(received_on=timezone.localdate() - datetime.timedelta(days=30))
    workflow.complaint_define(actor=officer, complaint=overdue, points=POINTS)
    resident = ResidentFactory(email="resident@resident.example")
    answered = log_complaint(resident=resident, received_on=timezone.localdate())
    with transaction.atomic():
        workflow.complaint_acknowledge(
            actor=officer, complaint=answered, acknowledged_on=timezone.localdate(), points=POINTS
        )
    sweep.delay()
    return officer.email, resident.email


def settle(broker) -> None:
    """Let every redelivery happen: a killed worker's tasks come back from Redis once the visibility timeout has
    passed, and the claims they held run out; the sweeps queue whatever is still owed."""
    sweep.delay()
    sweep_messages.delay()
    wait_for(
        lambda: (
            not Alert.objects.filter(email_sent_at__isnull=True).exists()
            and not OutgoingMessage.objects.filter(sent_at__isnull=True).exists()
        ),
        REDELIVERY_WAIT,
        "both to be marked sent",
    )
    # Give a wrong second delivery every chance: another claim lapse, a visibility timeout and another sweep.
    time.sleep(CLAIM_SECONDS + VISIBILITY_TIMEOUT + 2)
    sweep.delay()
    sweep_messages.delay()
    wait_for(lambda: broker_is_idle(broker), 30, "the queue to empty")
