"""The public form while the mail server is down, refusing or stalling: the complaint is saved and the page says
so at once, without a word to the mail server; the worker sends the receipt once the server is back, exactly once,
and a resident who sends the form again makes no second complaint and gets no second receipt.

End to end: this process answers the form (Django's test client, its tasks queued on a real Redis), a real Celery
worker delivers, and a real SMTP server (aiosmtpd) on a port of its own misbehaves as each case needs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint, OutgoingMessage
from complaints.tasks import sweep_messages
from tests.alerts.worker.conftest import broker_is_idle, free_port, wait_for
from tests.public.test_complain import form_data

# The worker's mail settings for these tests: a stalled conversation gives up after SMTP_TIMEOUT, and a failed
# receipt is tried again DELIVERY_RETRY_SECONDS later (then twice that, and so on), not a minute later.
SMTP_TIMEOUT = 3
RETRY_SECONDS = 2


class MailServer:
    """An SMTP server that refuses every message (`refusing`), or holds every conversation unanswered just after
    connect (`stalling`), until told to behave; counts the conversations it was offered."""

    def __init__(self) -> None:
        self.refusing = False
        self.stalling = False
        self.conversations = 0
        self.messages: list[str] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.conversations += 1
        while self.stalling:
            await asyncio.sleep(0.05)
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if self.refusing:
            return "421 4.3.2 Service not available, try again later"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server(settings) -> Iterator[tuple[MailServer, int, list[Controller]]]:
    """Not listening yet (the test starts it when its story needs); this process is pointed at it too, with a long
    timeout, so a page that talked to it would be seen to wait."""
    server, port, running = MailServer(), free_port(), []
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 30},
        }
    }
    yield server, port, running
    server.stalling = False
    for controller in running:
        controller.stop()


@pytest.fixture
def mailbox(mail_server):
    """The port the worker fixture points the worker at."""
    server, port, _ = mail_server
    return server, port


def start(mail_server) -> None:
    server, port, running = mail_server
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    running.append(controller)


@pytest.mark.parametrize("trouble", ["down", "refusing", "stalling"])
def test_the_form_answers_at_once_and_the_receipt_goes_exactly_once_when_the_mail_server_is_back(
    trouble, mail_server, committed_reference_data, worker, broker
):
    server, _, _ = mail_server
    if trouble != "down":
        server.refusing = trouble == "refusing"
        server.stalling = trouble == "stalling"
        start(mail_server)
    resident = Client()
    data = form_data(email="alex@resident.example")

    started = time.monotonic()
    answer = resident.post(reverse("public:complain"), data)
    took = time.monotonic() - started
    page = resident.get(answer.url)

    assert answer.status_code == 302
    (complaint,) = Complaint.objects.all()
    assert page.status_code == 200 and complaint.reference in page.content.decode()
    # The page did not talk to the mail server at all, let alone wait for it (its timeout here is 30 s).
    assert took < 10
    assert server.conversations == 0
    (receipt,) = OutgoingMessage.objects.all()
    assert receipt.kind == OutgoingMessage.Kind.RECEIPT and receipt.sent_at is None

    worker.env.update(SMTP_TIMEOUT=str(SMTP_TIMEOUT), DELIVERY_RETRY_SECONDS=str(RETRY_SECONDS))
    worker.start()
    # The worker tries, fails and records why; the resident, seeing no email, sends the form again.
    wait_for(lambda: OutgoingMessage.objects.filter(attempts__gte=1).exists(), 60, "a failed attempt")
    receipt.refresh_from_db()
    assert receipt.sent_at is None and receipt.error
    again = resident.post(reverse("public:complain"), data)
    assert again.status_code == 302 and again.url == answer.url
    assert Complaint.objects.count() == 1 and OutgoingMessage.objects.count() == 1

    # The mail server is back.
    if trouble == "down":
        start(mail_server)
    server.refusing = server.stalling = False
    wait_for(lambda: len(server.messages) >= 1, 120, "the receipt")
    wait_for(lambda: OutgoingMessage.objects.filter(sent_at__isnull=False).exists(), 10, "the sent mark")
    sweep_messages.delay()  # nothing is owed any more: the sweep sends nothing
    time.sleep(RETRY_SECONDS * 2)
    wait_for(lambda: broker_is_idle(broker), 30, "the queue to empty")

    (sent,) = server.messages
    assert "To: alex@resident.example" in sent and complaint.reference in sent
    receipt.refresh_from_db()
    assert receipt.sent_at is not None and receipt.attempts >= 2
