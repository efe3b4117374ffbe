"""Benchmark of emailing letters to residents (complaints/services/outbox.py through core/delivery.py): 10,000 queued
letters delivered by a real Celery worker, through a real Redis, to a local SMTP server (aiosmtpd), and counted.

Run it with `bin/bench outbox` (a throwaway PostgreSQL, migrated), or on a database of your own:
DATABASE_URL=... .venv/bin/python bench/outbox_bench.py. It needs `redis-server` on the PATH (`bin/test` installs
it), starts its own Redis and SMTP server on free loopback ports, and adds its complaints and letters to the database.

The SMTP server is spoken to as a landlord's is: STARTTLS (a certificate made for the run, which the worker is told
to trust through SSL_CERT_FILE), then a password sign-in, before each conversation's first message.

What is sent: one acknowledgement letter is issued through the services (`complaint_acknowledge`, which draws its
PDF with WeasyPrint); every queued row is an OutgoingMessage for a complaint of its own (written in bulk), with its
own addressee and Message-ID, the letter's text as the body and that real PDF attached, read from storage and
checked against its digest on every send as in production. (Drawing 10,000 PDFs would take an hour and time
WeasyPrint, not delivery.)

Two ways letters reach the worker, each with its own `OUTBOX_BENCH_COUNT` rows (10,000):
- "as issued": one `complaints.deliver_messages` task per letter, as `message_queue` queues it when the action
  that issued it commits;
- "swept": one `complaints.sweep_messages` task, which queues the whole backlog in tasks of 50 (after an outage).
Each prints letters per second, the time until the SMTP server had the last one, and the server's count by
Message-ID: received vs queued, lost, duplicated. It exits with status 1 on any loss or duplicate.
`OUTBOX_BENCH_CONCURRENCY` sets the worker's processes (default: one per core).
"""

from __future__ import annotations

import atexit
import logging
import os
import platform
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("OUTBOX_BENCH_COUNT", "10000"))
CONCURRENCY = int(os.environ.get("OUTBOX_BENCH_CONCURRENCY", str(os.cpu_count() or 2)))
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.MULTILINE | re.IGNORECASE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out after {timeout:.0f} s waiting for {what}.")


# Redis first: settings read REDIS_URL when Django starts.
WORK = Path(tempfile.mkdtemp(prefix="outbox-bench-"))
REDIS_PORT = free_port()
REDIS = subprocess.Popen(
    ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--dir", str(WORK)],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
atexit.register(REDIS.terminate)
os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.mail import make_msgid  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints.models import Channel, Complaint, Home, OutgoingMessage, Resident  # noqa: E402
from complaints.services import workflow  # noqa: E402
from complaints.tasks import deliver_messages, sweep_messages  # noqa: E402
from core import roles  # noqa: E402


class Mailbox:
    """The local SMTP server's handler: the Message-ID of every message it accepted, in order."""

    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        match = MESSAGE_ID.search(envelope.original_content)
        self.message_ids.append(match.group(1).decode() if match else "")
        self.bytes += len(envelope.original_content)
        return "250 Message accepted for delivery"


SMTP_USERNAME, SMTP_PASSWORD = "bench", "bench-smtp-password"


def tls_files() -> tuple[Path, Path]:
    """A key and a certificate for 127.0.0.1, made for this run."""
    key, certificate = WORK / "key.pem", WORK / "certificate.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    return key, certificate


def authenticate(server, session, envelope, mechanism: str, data: object) -> AuthResult:
    expected = LoginPassword(SMTP_USERNAME.encode(), SMTP_PASSWORD.encode())
    return AuthResult(success=isinstance(data, LoginPassword) and data == expected)


def real_letter() -> OutgoingMessage:
    """One acknowledgement letter issued as staff issue it, PDF and all. The resident has no email address, so
    it waits in the post batch and is not itself part of the count."""
    officer, _ = get_user_model().objects.get_or_create(
        username="bench-officer", defaults={"email": "officer@bench.example", "first_name": "Bench"}
    )
    officer.groups.add(Group.objects.get(name=roles.OFFICER))
    home = Home.objects.create(address="1 Bench Street\nAnytown", postcode="AB1 2CD", nation="england")
    resident = Resident.objects.create(name="Alex Bench", home=home, preferred_contact=Resident.ContactMethod.LETTER)
    today = timezone.localdate()
    with transaction.atomic():
        complaint = workflow.complaint_log(
            actor=officer,
            resident=resident,
            received_on=today,
            channel=Channel.objects.get(code="phone"),
            summary="The repair to my boiler was booked three times and nobody came.",
            nation="england",
        )
        workflow.complaint_acknowledge(
            actor=officer,
            complaint=complaint,
            acknowledged_on=today,
            points=[
                workflow.PointInput(point="Repair appointments were missed", outcome_sought="Boiler repaired"),
                workflow.PointInput(point="Nobody called back", outcome_sought="An apology"),
            ],
        )
    return OutgoingMessage.objects.select_related("document", "complaint").get(complaint=complaint)


def queue_copies(letter: OutgoingMessage, count: int, label: str) -> list[int]:
    """`count` emails of the letter, each to a resident of its own about a complaint of its own, queued but not yet
    handed to the broker (the rows a burst of acknowledgements, or a day's outage, leaves)."""
    source = letter.complaint
    first = Complaint.objects.count()
    with transaction.atomic():
        # Synthetic rows need no audit history: the triggers (pghistory's among them) are skipped while loading.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        homes = Home.objects.bulk_create(
            [Home(address=f"{n} Bench Street\nAnytown", postcode="AB1 2CD", nation="england") for n in range(count)],
            batch_size=5000,
        )
        residents = Resident.objects.bulk_create(
            [
                Resident(name=f"Resident {label} {n}", email=f"resident-{label}-{n}@bench.example", home=home)
                for n, home in enumerate(homes)
            ],
            batch_size=5000,
        )
        complaints = Complaint.objects.bulk_create(
            [
                Complaint(
                    reference=f"BENCH{first + n:07d}",
                    resident=resident,
                    home=resident.home,
                    nation=source.nation,
                    regime=source.regime,
                    channel=source.channel,
                    summary=source.summary,
                    received_on=source.received_on,
                    logged_by=source.logged_by,
                )
                for n, resident in enumerate(residents)
            ],
            batch_size=5000,
        )
        messages = OutgoingMessage.objects.bulk_create(
            [
                OutgoingMessage(
                    complaint=complaint,
                    document=letter.document,
                    kind=OutgoingMessage.Kind.LETTER,
                    route=OutgoingMessage.Route.EMAIL,
                    addressee=complaint.resident.name,
                    email=complaint.resident.email,
                    subject=letter.subject,
                    body=letter.body,
                    message_id=make_msgid(domain=settings.MESSAGE_ID_DOMAIN),
                )
                for complaint in complaints
            ],
            batch_size=5000,
        )
    return [message.pk for message in messages]


def start_worker(smtp_port: int, certificate: Path) -> subprocess.Popen:
    log = WORK / "worker.log"
    env = {
        **os.environ,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_USE_TLS": "true",
        "SMTP_USERNAME": SMTP_USERNAME,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "SSL_CERT_FILE": str(certificate),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={CONCURRENCY}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            "outbox-bench@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for(lambda: "ready." in log.read_text() or worker.poll() is not None, 120, "the worker to start")
    if worker.poll() is not None:
        raise SystemExit(f"FAIL: the worker did not start:\n{log.read_text()}")
    return worker


def drain(mode: str, ids: list[int], box: Mailbox, broker: redis.Redis) -> dict:
    expected = set(OutgoingMessage.objects.filter(pk__in=ids).values_list("message_id", flat=True))
    before = len(box.message_ids)
    started = time.perf_counter()
    if mode == "as issued":
        for message_id in ids:
            deliver_messages.delay([message_id])
    else:
        sweep_messages.delay()
    queued = time.perf_counter() - started
    wait_for(lambda: len(box.message_ids) - before >= len(ids), 3600, f"{len(ids):,} letters ({mode})")
    delivered = time.perf_counter() - started
    unmarked = OutgoingMessage.objects.filter(pk__in=ids, sent_at__isnull=True)
    wait_for(lambda: not unmarked.exists(), 120, "every letter to be marked sent")
    marked = time.perf_counter() - started
    wait_for(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 0, 120, "the queue to empty")
    # Room for a wrong second delivery to show itself before counting.
    time.sleep(5)
    received = Counter(box.message_ids[before:])
    return {
        "mode": mode,
        "queued": len(ids),
        "queue_time": queued,
        "delivered": delivered,
        "marked": marked,
        "received": sum(received.values()),
        "lost": len(expected - set(received)),
        "duplicated": sum(n - 1 for n in received.values() if n > 1),
        "strangers": len(set(received) - expected),
        "attempts": sorted(set(OutgoingMessage.objects.filter(pk__in=ids).values_list("attempts", flat=True))),
    }


def main() -> None:
    # aiosmtpd logs every command at INFO, and a deprecation of its own at WARNING on every sign-in.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    broker = redis.Redis(port=REDIS_PORT)
    wait_for(lambda: _pings(broker), 10, "Redis")
    box = Mailbox()
    key, certificate = tls_files()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate, key)
    smtp = Controller(
        box,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticate,
    )
    smtp.start()
    worker = None
    try:
        started = time.perf_counter()
        letter = real_letter()
        pdf_size = letter.document.file.size
        print(f"Issued one acknowledgement letter ({pdf_size:,} byte PDF) in {time.perf_counter() - started:.1f} s")
        batches = {}
        for mode in ("as issued", "swept"):
            started = time.perf_counter()
            batches[mode] = queue_copies(letter, COUNT, mode.replace(" ", ""))
            print(f"Queued {COUNT:,} letters for '{mode}' in {time.perf_counter() - started:.1f} s")
        broker.flushall()  # nothing queued by the setup: each run starts from an empty broker
        worker = start_worker(smtp.port, certificate)
        print(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"one worker of {CONCURRENCY} processes"
        )
        results = [drain(mode, ids, box, broker) for mode, ids in batches.items()]
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(60)
        smtp.stop()

    print(
        f"\n{'mode':<10} {'queued':>7} {'received':>8} {'lost':>5} {'dup':>4} {'time':>8} {'letters/s':>10} "
        f"{'all marked':>10}  attempts"
    )
    failed = False
    for r in results:
        print(
            f"{r['mode']:<10} {r['queued']:>7,} {r['received']:>8,} {r['lost']:>5} {r['duplicated']:>4} "
            f"{r['delivered']:>7.1f}s {r['queued'] / r['delivered']:>10.1f} {r['marked']:>9.1f}s  {r['attempts']}"
        )
        failed |= bool(r["lost"] or r["duplicated"] or r["strangers"] or r["received"] != r["queued"])
    print(
        f"SMTP server received {box.bytes / 1e6:,.0f} MB in all; queueing took {results[0]['queue_time']:.1f} s "
        f"for 'as issued' (one task each)"
    )
    if failed:
        print("FAIL: a letter was lost or delivered twice.")
        sys.exit(1)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


if __name__ == "__main__":
    main()
