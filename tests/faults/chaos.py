"""The fault suite: the whole stack (PostgreSQL, Redis, gunicorn, a Celery worker and beat, an SMTP server) under
steady traffic from the public form and the API for a bounded time, while faults are injected at random: the
worker killed with SIGKILL, Redis restarted, PostgreSQL restarted, the mail server refusing or stalling. Then
every fault is healed, the stack is given time to catch up, and everything is counted:

- complaints the public form and the API accepted (a success answer) against complaints stored;
- alert emails due against alert emails the mail server received;
- letters and emails to residents issued against those the mail server received;
- duplicates: any message the mail server received more than once.

It prints one line of figures and exits non-zero on any loss, or on more duplicates than the README states can
happen (at most one per worker killed between the mail server's acceptance and the commit that records it).

    bin/chaos [SECONDS]        # .ci/run runs it for 600 seconds; longer by hand

Each message is known by its Message-ID, which stays the same on every attempt (alerts: <alert-N@…>; messages to
residents: the one stored on the row), so a repeat is counted as a repeat."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.faults.instance import Instance  # noqa: E402

# Short claims and retries: a killed worker's claim runs out, and a refused email is tried again, in seconds rather
# than the minutes production uses, so a ten-minute run sees many rounds. The order is as in production: the mail
# server's timeout is shorter than a claim (a send still under way is never claimed again), and a claim shorter
# than Redis's visibility timeout.
STACK_SETTINGS = {
    "ALERT_CLAIM_SECONDS": "15",
    "MESSAGE_CLAIM_SECONDS": "15",
    "CELERY_VISIBILITY_TIMEOUT": "20",
    "DELIVERY_RETRY_SECONDS": "2",
    "SMTP_TIMEOUT": "4",
    "SMTP_USE_TLS": "false",
    "COMPLAINT_FORM_RATE": "100000/h",
    "API_USER_RATE": "100000/min",
    "API_ANON_RATE": "100000/min",
    "DEBUG": "true",
    "LOG_LEVEL": "WARNING",
}
DRAIN_SECONDS = 240


def open_url(url: str, data: bytes | None = None, headers: dict | None = None, opener=None):
    """Always http, to the stack this script started."""
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    return (opener or urllib.request.build_opener()).open(request, timeout=30)


def ask_for_sweep() -> None:
    """Queue the alert sweep, as beat does; while Redis is down the next round asks again."""
    from config.celery import app

    with contextlib.suppress(Exception):
        app.send_task("alerts.sweep")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # Whatever is starting may refuse connections until it has.
        with contextlib.suppress(Exception):
            if condition():
                return
        time.sleep(0.2)
    raise SystemExit(f"chaos: timed out after {timeout} s waiting for {what}")


# --- the mail server ------------------------------------------------------------------------------------------


@dataclass
class MailServer:
    """aiosmtpd in this process. `mode` decides how DATA is answered: accept, refuse (451) or stall (answer
    nothing until the sender gives up)."""

    mode: str = "accept"
    received: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.mode == "refuse":
            return "451 Requested action aborted: try again later"
        if self.mode == "stall":
            while self.mode == "stall":
                await asyncio.sleep(0.1)
            return "451 Requested action aborted: try again later"
        message_id = message_from_bytes(envelope.content).get("Message-ID", "").strip()
        with self.lock:
            self.received[message_id] += 1
        return "250 Message accepted for delivery"


# --- the stack ------------------------------------------------------------------------------------------------


class Process:
    """A long-running part of the stack in its own process group (SIGKILL takes its children too)."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.name, self.command, self.env = name, command, env
        self.log = logs / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.restarts = 0

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def supervise(self) -> None:
        """Restart on exit, as compose's restart policy and bin/run's supervisor do."""
        if not self.alive():
            self.restarts += 1
            self.start()


@dataclass
class Stack:
    folder: Path
    postgres: Instance
    redis_port: int
    web_port: int
    mail: MailServer
    env: dict[str, str]
    redis: Process | None = None
    web: Process | None = None
    worker: Process | None = None
    beat: Process | None = None

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start_redis(self) -> None:
        self.redis = self.redis or Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.folder),
            ],
            self.env,
            self.folder,
        )
        self.redis.start()
        import redis

        client = redis.Redis(port=self.redis_port)
        wait_for(client.ping, 30, "Redis")

    def start_app(self) -> None:
        python = sys.executable
        self.web = Process(
            "web",
            [python, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{self.web_port}", "-w", "2", "--timeout", "60"],
            self.env,
            self.folder,
        )
        celery = [python, "-m", "celery", "-A", "config"]
        self.worker = Process(
            "worker",
            [*celery, "worker", "--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
            self.env,
            self.folder,
        )
        self.beat = Process(
            "beat",
            [*celery, "beat", "--loglevel=WARNING", "--schedule", str(self.folder / "celerybeat-schedule")],
            self.env,
            self.folder,
        )
        for part in (self.web, self.worker, self.beat):
            part.start()
        wait_for(lambda: open_url(f"{self.site}/health/").status == 200, 90, "the web app")

    def stop(self) -> None:
        for part in (self.beat, self.worker, self.web, self.redis):
            if part:
                part.stop()
        self.postgres.stop()


def stack_env(folder: Path, postgres_url: str, redis_port: int, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        **STACK_SETTINGS,
        "DATABASE_URL": postgres_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "DATA_DIR": str(folder / "data"),
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


# --- traffic --------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    accepted_tokens: list[str] = field(default_factory=list)
    accepted_api: list[int] = field(default_factory=list)
    acknowledged: int = 0
    refused: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count_refusal(self, what: str) -> None:
        with self.lock:
            self.refused[what] += 1


class PublicForm:
    """A resident using the complaint form: the page, then the form with its CSRF token and submission token."""

    TOKEN = re.compile(r'name="(csrfmiddlewaretoken|token)" value="([^"]+)"')

    def __init__(self, site: str, tally: Tally) -> None:
        self.site, self.tally = site, tally

    def complain(self, number: int) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        try:
            page = open_url(f"{self.site}/complain/", opener=opener).read().decode()
        except (urllib.error.URLError, OSError):
            self.tally.count_refusal("form page")
            return
        tokens = dict(self.TOKEN.findall(page))
        data = {
            **tokens,
            "website": "",
            "what_happened": f"Chaos run complaint {number}: damp in the bedroom reported four times.",
            "outcome_wanted": "Fix the damp.",
            "who": "me",
            "name": f"Chaos Resident {number}",
            "email": f"resident{number}@resident.example",
            "phone": "",
            "preferred_contact": "email",
            "address": f"Flat {number}\n10 River Road\nAnytown",
            "postcode": "LS1 2CD",
            "nation": "england",
            "needs": "",
        }
        try:
            answer = open_url(
                f"{self.site}/complain/",
                urllib.parse.urlencode(data).encode(),
                {"Referer": f"{self.site}/complain/"},
                opener,
            )
        except (urllib.error.URLError, OSError):
            self.tally.count_refusal("form post")
            return
        # Success ends on the "complaint received" page; anything else was not an acceptance.
        if answer.status == 200 and answer.geturl().endswith("/complain/received/"):
            with self.tally.lock:
                self.tally.accepted_tokens.append(tokens["token"])
        else:
            self.tally.count_refusal("form answer")


class Api:
    """A housing management system logging complaints received three weeks ago (so their acknowledgement is
    overdue and alerts fall due), and acknowledging half of them (so a letter is issued)."""

    def __init__(self, site: str, token: str, tally: Tally) -> None:
        self.site, self.token, self.tally = site, token, tally

    def _post(self, path: str, body: dict) -> tuple[int, dict]:
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        try:
            with open_url(f"{self.site}{path}", json.dumps(body).encode(), headers) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {}
        except (urllib.error.URLError, OSError):
            return 0, {}

    def log_and_acknowledge(self, number: int) -> None:
        today = datetime.date.today()
        status, created = self._post(
            "/api/v1/complaints/",
            {
                "received_on": (today - datetime.timedelta(days=21)).isoformat(),
                "nation": "england",
                "channel": "phone",
                "summary": f"Chaos run API complaint {number}: the boiler repair was missed.",
                "resident": {
                    "name": f"Api Resident {number}",
                    "email": f"api{number}@resident.example",
                    "address": f"{number} Mill Lane, Leeds",
                    "postcode": "LS1 4AB",
                    "preferred_contact": "email",
                },
                "categories": ["repairs"],
            },
        )
        if status != 201:
            self.tally.count_refusal(f"api create {status}")
            return
        with self.tally.lock:
            self.tally.accepted_api.append(created["id"])
        if number % 2:
            return
        status, _ = self._post(
            f"/api/v1/complaints/{created['id']}/acknowledge/",
            {
                "acknowledged_on": today.isoformat(),
                "definition": [{"point": "Repair appointments were missed", "outcome_sought": "Boiler repaired"}],
            },
        )
        if status == 200:
            with self.tally.lock:
                self.tally.acknowledged += 1
        else:
            self.tally.count_refusal(f"api acknowledge {status}")


def traffic(stack: Stack, token: str, tally: Tally, stop: threading.Event) -> list[threading.Thread]:
    form, api = PublicForm(stack.site, tally), Api(stack.site, token, tally)
    counter = iter(range(1, 10**9))
    counter_lock = threading.Lock()

    def next_number() -> int:
        with counter_lock:
            return next(counter)

    def run(act) -> None:
        while not stop.is_set():
            act(next_number())
            stop.wait(random.uniform(0.2, 1.0))

    threads = [threading.Thread(target=run, args=(form.complain,), daemon=True) for _ in range(2)]
    threads += [threading.Thread(target=run, args=(api.log_and_acknowledge,), daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    return threads


def sweeps(stack: Stack, stop: threading.Event) -> threading.Thread:
    """Beat runs the alert sweep every 15 minutes; a ten-minute run asks for it every 20 seconds, as beat would
    (a sweep finds what is due from the database, so an extra one is harmless)."""

    def run() -> None:
        while not stop.wait(20):
            ask_for_sweep()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


# --- faults ---------------------------------------------------------------------------------------------------


def inject(stack: Stack, fault: str) -> None:
    if fault == "worker killed":
        stack.worker.kill()
        time.sleep(random.uniform(0.5, 3))
        stack.worker.supervise()
    elif fault == "redis restarted":
        stack.redis.kill()
        time.sleep(random.uniform(1, 4))
        stack.start_redis()
    elif fault == "postgresql restarted":
        stack.postgres.stop()
        time.sleep(random.uniform(1, 4))
        stack.postgres.start()
    elif fault in {"mail refusing", "mail stalling"}:
        stack.mail.mode = "refuse" if fault == "mail refusing" else "stall"
        time.sleep(random.uniform(10, 25))
        stack.mail.mode = "accept"


FAULTS = ["worker killed", "redis restarted", "postgresql restarted", "mail refusing", "mail stalling"]


# --- counting -------------------------------------------------------------------------------------------------


def owed(received: Counter) -> dict[str, dict]:
    """The messages the database says are owed or sent, each with how often the mail server received it."""
    from django.conf import settings
    from django.db import connections

    from alerts.models import Alert
    from complaints.models import OutgoingMessage

    # PostgreSQL may have restarted since the last count: start from a fresh connection.
    connections.close_all()
    alerts = {
        f"<alert-{a['pk']}@{settings.MESSAGE_ID_DOMAIN}>": a
        for a in Alert.objects.filter(send_email=True, cancelled_at__isnull=True).values("pk", "email_sent_at")
    }
    letters = {
        m["message_id"]: m
        for m in OutgoingMessage.objects.filter(route=OutgoingMessage.Route.EMAIL).values(
            "message_id", "sent_at", "given_up_on"
        )
    }
    return {"alerts": alerts, "letters": letters}


def was_sent(row: dict) -> bool:
    return bool(row.get("email_sent_at") or row.get("sent_at"))


def pending(rows: dict[str, dict]) -> int:
    return sum(1 for row in rows.values() if not was_sent(row) and not row.get("given_up_on"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seconds", nargs="?", type=int, default=int(os.environ.get("CHAOS_SECONDS", "600")))
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    random.seed(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="chaos-"))
    postgres = Instance(folder / "postgres")
    postgres_url = postgres.start()
    redis_port, smtp_port = free_port(), free_port()
    env = stack_env(folder, postgres_url, redis_port, smtp_port)
    # This process reads the same database and broker, to set up and to count.
    os.environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    mail = MailServer()
    from aiosmtpd.controller import Controller

    controller = Controller(mail, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    stack = Stack(folder, postgres, redis_port, free_port(), mail, env)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        token = set_up_users()
        stack.start_redis()
        stack.start_app()
        return run(stack, token, args.seconds, args.seed)
    finally:
        stack.stop()
        controller.stop()


def set_up_users() -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from core import roles

    roles.ensure_groups()
    User = get_user_model()
    officer = User.objects.create_user("chaos-officer", email="officer@landlord.example", first_name="Chaos")
    officer.groups.add(Group.objects.get(name=roles.OFFICER))
    manager = User.objects.create_user("chaos-manager", email="manager@landlord.example", first_name="Chaos")
    manager.groups.add(Group.objects.get(name=roles.SENIOR_MANAGER))
    return Token.objects.create(user=officer).key


def run(stack: Stack, token: str, seconds: int, seed: int) -> int:
    tally = Tally()
    stop = threading.Event()
    threads = [*traffic(stack, token, tally, stop), sweeps(stack, stop)]
    injected: Counter = Counter()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(min(random.uniform(5, 20), max(0.0, deadline - time.monotonic())))
        if time.monotonic() >= deadline:
            break
        fault = random.choice(FAULTS)
        inject(stack, fault)
        injected[fault] += 1
        for part in (stack.worker, stack.beat, stack.web):
            part.supervise()
    stop.set()
    for thread in threads:
        thread.join(60)

    # Heal, then let the stack catch up: every owed message sent, or given up on and moved to the post.
    stack.mail.mode = "accept"
    deadline = time.monotonic() + DRAIN_SECONDS
    while True:
        for part in (stack.worker, stack.beat, stack.web):
            part.supervise()
        ask_for_sweep()
        rows = owed(stack.mail.received)
        if (not pending(rows["alerts"]) and not pending(rows["letters"])) or time.monotonic() > deadline:
            break
        time.sleep(5)
    time.sleep(3)  # a message accepted at the last moment is recorded by now
    return report(stack, tally, injected, owed(stack.mail.received), seconds, seed)


def message_figures(by_id: dict[str, dict], received: Counter) -> dict[str, int]:
    """One kind of message (alerts, or letters and emails to residents), each known by its Message-ID, against
    what the mail server received."""
    return {
        "owed": len(by_id),
        "received": sum(1 for mid in by_id if received[mid]),
        # Recorded as sent but never received; or still unsent at the end without having been given up on.
        "lost": sum(1 for mid, row in by_id.items() if was_sent(row) and not received[mid]) + pending(by_id),
        "duplicates": sum(received[mid] - 1 for mid in by_id if received[mid] > 1),
        "posted": sum(1 for row in by_id.values() if row.get("given_up_on")),
    }


def report(stack: Stack, tally: Tally, injected: Counter, rows: dict[str, dict], seconds: int, seed: int) -> int:
    from complaints.models import Complaint

    received = stack.mail.received
    stored_form = Complaint.objects.filter(submission_token__in=tally.accepted_tokens).count()
    stored_api = Complaint.objects.filter(pk__in=tally.accepted_api).count()
    lost_complaints = len(tally.accepted_tokens) - stored_form + len(tally.accepted_api) - stored_api
    figures = {what: message_figures(by_id, received) for what, by_id in rows.items()}
    strangers = sum(
        count for mid, count in received.items() if mid not in rows["alerts"] and mid not in rows["letters"]
    )
    duplicates = figures["alerts"]["duplicates"] + figures["letters"]["duplicates"]
    # The README's window: a worker killed after the server accepted a message and before the commit that records it.
    allowed = injected["worker killed"]
    alerts, letters = figures["alerts"], figures["letters"]
    print(
        f"chaos: {seconds} s, seed {seed}; faults {sum(injected.values())} ("
        + ", ".join(f"{name} {count}" for name, count in sorted(injected.items()))
        + f"); complaints accepted {len(tally.accepted_tokens) + len(tally.accepted_api)} stored "
        f"{stored_form + stored_api} lost {lost_complaints}; alerts due {alerts['owed']} delivered "
        f"{alerts['received']} lost {alerts['lost']} duplicated {alerts['duplicates']}; letters issued "
        f"{letters['owed']} sent {letters['received']} posted {letters['posted']} lost {letters['lost']} duplicated "
        f"{letters['duplicates']}; unknown messages {strangers}; refused requests "
        f"{sum(tally.refused.values())}; worker restarts {stack.worker.restarts}"
    )
    failed = lost_complaints or alerts["lost"] or letters["lost"] or strangers
    failed = failed or duplicates > allowed or not (tally.accepted_tokens and tally.accepted_api)
    if failed:
        print(f"chaos: FAILED (duplicates allowed: {allowed}); logs in {stack.folder}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
