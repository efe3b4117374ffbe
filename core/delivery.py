"""Delivering the rows of an outbox by email exactly once: claim the row, send, record the server's acceptance.

Every table of messages (staff alerts, messages to residents) is an outbox: a row is written in the same
transaction as whatever decided the message is owed, and delivery drains the rows. Nothing lives only in the
broker, so a Redis flush or a lost task loses nothing: the next sweep finds every row still to send.

Delivery claims a row with a conditional update before sending, so two deliveries of one row (a redelivered task
while a sweep also queued it) cannot both send. The acceptance is committed as soon as the mail server answers
the DATA command with 250, before QUIT and before anything else: the only window in which a crash repeats a
message is between that answer and the commit of one UPDATE. A worker that dies while holding a claim leaves it to
run out (`claim_seconds`), and the row is then free for the next delivery."""

from __future__ import annotations

import datetime
import logging
import smtplib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

# What a mail server or the network raises when a message could not be handed over.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def backoff_seconds(attempts: int) -> int:
    """How long to wait after `attempts` failed attempts: DELIVERY_RETRY_SECONDS (a minute), doubled after each
    further failure (1, 2, 4 … minutes), up to an hour."""
    return min(settings.DELIVERY_RETRY_SECONDS * 2 ** (attempts - 1), 3600)


class _Batch(threading.local):
    connection: BaseEmailBackend | None = None


_batch = _Batch()


@contextmanager
def one_connection() -> Iterator[None]:
    """Send every message inside the block (in this thread) over one connection to the mail server, opened for the
    first and closed (QUIT) at the end, instead of a connection, TLS handshake and sign-in for each
    (bench/RESULTS.md). Each message's acceptance is still recorded the moment the server answers its DATA, so
    exactly-once is unchanged: QUIT was never part of it."""
    outer, _batch.connection = _batch.connection, mailers.default
    try:
        yield
    finally:
        connection, _batch.connection = _batch.connection, outer
        if connection is not None:
            _close(connection)


def send_then_record(message: EmailMessage, record_accepted: Callable[[], None]) -> None:
    """Hand `message` to the mail server and call `record_accepted` the moment the server has accepted it, before
    the connection is closed (or used for the next message). Raises one of DELIVERY_ERRORS when the server did not
    accept it."""
    # Only a connection to a mail server is worth keeping; other backends (files in .data/outbox/, the tests'
    # memory) take each message on its own.
    kept = _batch.connection if isinstance(_batch.connection, smtp.EmailBackend) else None
    connection = kept if kept is not None else mailers.default
    try:
        if kept is not None:
            _reopen_if_dropped(kept)
        # Opened here rather than by send_messages, which would also close it (QUIT) before returning.
        connection.open()
        if connection.send_messages([message]) != 1:
            raise smtplib.SMTPException("The mail server did not accept the message.")
        record_accepted()
    except DELIVERY_ERRORS:
        # The conversation may have stopped half way: the next message starts on a fresh connection.
        _close(connection)
        raise
    finally:
        if connection is not kept:
            _close(connection)


def _reopen_if_dropped(connection: smtp.EmailBackend) -> None:
    """A server may hang up on a connection left open (its idle timeout): ask before sending rather than have the
    next message fail and wait for its retry."""
    if connection.connection is None:
        return
    try:
        alive = connection.connection.noop()[0] == 250
    except DELIVERY_ERRORS:
        alive = False
    if not alive:
        _close(connection)


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except DELIVERY_ERRORS as error:
        # Accepted is accepted: a server that hangs up at QUIT has the message already.
        logger.warning("Closing the mail connection failed: %s", type(error).__name__)


@dataclass(frozen=True)
class Outbox:
    """One table of messages and the names of the columns that record their delivery."""

    model: type[models.Model]
    # The rows still owed, whatever their claim or backoff (e.g. not sent and not cancelled).
    pending: Q
    sent_at: str
    attempts: str
    error: str
    next_attempt_at: str = "next_attempt_at"
    claimed_until: str = "claimed_until"

    def due(self, now: datetime.datetime) -> QuerySet[Any]:
        """The rows to deliver now: owed, past their backoff, and not held by a delivery in progress."""
        return (
            self.model._default_manager.filter(self.pending)
            .filter(Q(**{f"{self.next_attempt_at}__isnull": True}) | Q(**{f"{self.next_attempt_at}__lte": now}))
            .filter(Q(**{f"{self.claimed_until}__isnull": True}) | Q(**{f"{self.claimed_until}__lt": now}))
        )

    def due_ids(self) -> list[int]:
        return list(self.due(timezone.now()).order_by("pk").values_list("pk", flat=True))

    def claim(self, pk: int, *, seconds: int) -> bool:
        """Hold the row for one delivery. False when it is not due, or another delivery holds it."""
        now = timezone.now()
        held_until = now + datetime.timedelta(seconds=seconds)
        return bool(self.due(now).filter(pk=pk).update(**{self.claimed_until: held_until}))

    def release(self, pk: int, **fields: Any) -> None:
        self.model._default_manager.filter(pk=pk).update(**{self.claimed_until: None}, **fields)

    def send(
        self, pk: int, message: EmailMessage, *, then: Callable[[], object] | None = None, **also_record: Any
    ) -> None:
        """Send a claimed row's message, and as soon as the server accepts it mark the row sent (with
        `also_record`) and run `then` (a timeline entry, say) in one transaction."""

        def accepted() -> None:
            with transaction.atomic():
                self.release(
                    pk,
                    **{self.sent_at: timezone.now(), self.attempts: F(self.attempts) + 1, self.error: ""},
                    **also_record,
                )
                if then is not None:
                    then()

        send_then_record(message, accepted)

    def failed(self, pk: int, *, attempts: int, error: BaseException) -> datetime.datetime:
        """Record a failed attempt on the row (for anyone to see) and when to try again; returns that time."""
        next_attempt = timezone.now() + datetime.timedelta(seconds=backoff_seconds(attempts))
        self.release(
            pk,
            **{
                self.attempts: attempts,
                self.error: describe(error),
                self.next_attempt_at: next_attempt,
            },
        )
        return next_attempt


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]
