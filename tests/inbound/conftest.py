"""A real IMAP server: Debian's Dovecot, started on loopback for the test session (bin/test installs it).

It runs as an ordinary user (as root, as `nobody`), with its configuration, sockets, state and maildirs in a
folder of its own: any user name signs in with the one password, and each test gets a mailbox of its own."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# The real Redis the killed-worker test's broker runs on, as tests/alerts/worker starts it.
from tests.alerts.worker.conftest import broker, free_port, redis_url, wait_for  # noqa: F401

PASSWORD = "imap-test-password"

DOVECOT_CONF = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:{folder}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={folder}/mail/%u
}}
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass(frozen=True)
class ImapServer:
    port: int

    def mailbox(self) -> Mailbox:
        return Mailbox(self.port, f"complaints-{uuid.uuid4().hex[:12]}")


@dataclass(frozen=True)
class Mailbox:
    """One mailbox on the server: what the landlord's mail system would deliver to, and what the product reads."""

    port: int
    user: str

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        client.login(self.user, PASSWORD)
        return client

    def deliver(self, *messages: bytes) -> None:
        client = self.client()
        try:
            for message in messages:
                status, _ = client.append("INBOX", None, None, message)
                assert status == "OK"
        finally:
            client.logout()

    def unread(self) -> int:
        return len(self._search("UNSEEN"))

    def count(self) -> int:
        return len(self._search("ALL"))

    def _search(self, criterion: str) -> list[bytes]:
        client = self.client()
        try:
            client.select("INBOX")
            _, data = client.uid("SEARCH", None, criterion)
            return data[0].split()
        finally:
            client.logout()

    def settings(self) -> dict[str, object]:
        """The product's settings for reading this mailbox."""
        return {
            "INBOUND_IMAP_HOST": "127.0.0.1",
            "INBOUND_IMAP_PORT": self.port,
            "INBOUND_IMAP_SSL": False,
            "INBOUND_IMAP_USER": self.user,
            "INBOUND_IMAP_PASSWORD": PASSWORD,
            "INBOUND_IMAP_FOLDER": "INBOX",
        }


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    dovecot = shutil.which("dovecot", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/local/sbin")
    if dovecot is None:
        pytest.fail("Dovecot is not installed: run the tests with bin/test, which installs dovecot-imapd.")
    # Not under pytest's temporary folder: that is private to the user running the tests, and Dovecot refuses to run
    # its login processes as root, so as root it runs as nobody.
    folder = Path(tempfile.mkdtemp(prefix="dovecot-"))
    as_root = os.geteuid() == 0
    account = pwd.getpwnam("nobody") if as_root else pwd.getpwuid(os.geteuid())
    port = free_port()
    (folder / "dovecot.conf").write_text(
        DOVECOT_CONF.format(
            folder=folder,
            password=PASSWORD,
            user=account.pw_name,
            group=grp.getgrgid(account.pw_gid).gr_name,
            port=port,
        )
    )
    for sub in ("run", "state", "mail"):
        (folder / sub).mkdir()
    if as_root:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
    server = subprocess.Popen(
        [dovecot, "-F", "-c", str(folder / "dovecot.conf")],
        user=account.pw_uid if as_root else None,
        group=account.pw_gid if as_root else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: _answers(port) or server.poll() is not None, 30, "Dovecot to start")
        if server.poll() is not None:
            log = folder / "dovecot.log"
            pytest.fail(f"Dovecot did not start:\n{log.read_text() if log.exists() else ''}")
        yield ImapServer(port)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        time.sleep(0.2)
        shutil.rmtree(folder, ignore_errors=True)


def _answers(port: int) -> bool:
    try:
        imaplib.IMAP4("127.0.0.1", port, timeout=2).logout()
    except OSError:
        return False
    return True


@pytest.fixture
def mailbox(imap_server, settings) -> Mailbox:
    """An empty mailbox of this test's own, and the product's settings pointing at it."""
    box = imap_server.mailbox()
    for name, value in box.settings().items():
        setattr(settings, name, value)
    return box
