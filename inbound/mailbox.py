"""Reading the complaints mailbox over IMAP (IMAPS in production).

Each unread message is fetched without marking it read (BODY.PEEK), recorded in its own transaction, and marked
read on the server only after that transaction has committed. A run killed at any point therefore loses nothing
(what was not committed is still unread and is read again) and duplicates nothing (what was committed but not yet
marked read is found by its Message-ID and only marked read). A message that cannot be recorded is left unread
and tried again on the next run, without holding up the others.

Nothing here writes a subject, a sender or any of an email's text to the log: only counts and IMAP numbers."""

from __future__ import annotations

import imaplib
import logging
import ssl
from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from inbound.services import DUPLICATE, RECORDED, TO_TRIAGE, email_receive, mailbox_account

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailboxRun:
    recorded: int = 0
    to_triage: int = 0
    duplicates: int = 0
    failed: int = 0
    # Unread messages left for the next run (more than INBOUND_BATCH were waiting).
    left: int = 0


def mailbox_configured() -> bool:
    return bool(settings.INBOUND_IMAP_HOST)


def mailbox_read(*, batch: int | None = None) -> MailboxRun:
    """Record the mailbox's unread messages, at most `batch` of them (INBOUND_BATCH)."""
    batch = batch or settings.INBOUND_BATCH
    actor = mailbox_account()
    outcomes: Counter[str] = Counter()
    with _connect() as imap:
        imap.login(settings.INBOUND_IMAP_USER, settings.INBOUND_IMAP_PASSWORD)
        _ok(imap.select(_quoted(settings.INBOUND_IMAP_FOLDER)), "select the folder")
        unread = _ok(imap.uid("SEARCH", "UNSEEN", "UNDELETED"), "search for unread messages")[0].split()
        for uid in unread[:batch]:
            raw = _fetch(imap, uid)
            if raw is None:
                continue  # deleted since the search
            try:
                outcome = email_receive(actor=actor, raw=raw)
            except Exception as error:  # one message that cannot be recorded must not stop the rest
                outcomes["failed"] += 1
                logger.error(
                    "Mailbox message UID %s not recorded (%s); it stays unread", uid.decode(), type(error).__name__
                )
                continue
            # Only now, after the commit: a run killed before this line leaves the message unread, to be read again.
            _ok(imap.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)"), "mark a message read")
            outcomes[outcome] += 1
    return MailboxRun(
        recorded=outcomes[RECORDED],
        to_triage=outcomes[TO_TRIAGE],
        duplicates=outcomes[DUPLICATE],
        failed=outcomes["failed"],
        left=max(0, len(unread) - batch),
    )


def _connect() -> imaplib.IMAP4:
    host, port, timeout = settings.INBOUND_IMAP_HOST, settings.INBOUND_IMAP_PORT, settings.INBOUND_IMAP_TIMEOUT
    if settings.INBOUND_IMAP_SSL:
        return imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=timeout)
    return imaplib.IMAP4(host, port, timeout=timeout)


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(answer: tuple[str, list], doing: str) -> list:
    status, data = answer
    if status != "OK":
        raise imaplib.IMAP4.error(f"The mail server refused to {doing}: {status}")
    return data


def _fetch(imap: imaplib.IMAP4, uid: bytes) -> bytes | None:
    for item in _ok(imap.uid("FETCH", uid.decode(), "(BODY.PEEK[])"), "send a message"):
        if isinstance(item, tuple):
            return item[1]
    return None
