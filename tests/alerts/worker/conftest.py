"""A real Redis, a real Celery worker (a separate process, killed for real) and a real SMTP server.

These tests run on today's real date: the worker is another process, and time frozen in this one would not
reach it. Their data is committed (transactional_db) so the worker can read it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from config.celery import app

# The worker's claims and Redis's visibility timeout are shortened so that a killed worker's alert is
# redelivered within seconds rather than minutes; the order (claim < visibility timeout) is as in production.
CLAIM_SECONDS = 2
VISIBILITY_TIMEOUT = 4


@pytest.fixture(autouse=True)
def frozen_today():
    """Overrides the suite's frozen clock: the worker process runs on the real date, so the test must too."""
    yield None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    wait_for(lambda: _pings(client), 10, "Redis to start")
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def _pings(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def broker(redis_url) -> Iterator[redis.Redis]:
    """Point this process's Celery app at the test Redis, empty, for the length of a test."""
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    saved = app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager
    app.conf.broker_url = redis_url
    app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    app.conf.task_always_eager = False
    forget_connections()
    yield client
    app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_always_eager = saved
    forget_connections()


def forget_connections() -> None:
    # Celery keeps a connection pool built from the broker URL it first saw; drop it so the next task uses the
    # URL just set (what Celery itself does after a fork).
    app._pool = None
    app.amqp._producer_pool = None


def broker_is_idle(client: redis.Redis) -> bool:
    """No task waiting in the queue and none taken by a worker and not yet acknowledged."""
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


@dataclass
class Mailbox:
    """What the SMTP server accepted. While `hold` is set it keeps a sender waiting mid-message, then refuses."""

    messages: list[str] = field(default_factory=list)
    attempts: int = 0
    hold: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.attempts += 1
        if self.hold.is_set():
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Requested action aborted: try again later"
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(
            line.split(":", 1)[1].strip() for m in self.messages for line in m.splitlines() if line.startswith("To:")
        )


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    box.release.set()
    controller.stop()


class Worker:
    """A Celery worker in its own process group, so SIGKILL takes the main process and its pool together.
    `supervised`: run under bin/supervise, as bin/run does, which starts it again whenever it exits."""

    def __init__(self, env: dict[str, str], log_folder: Path) -> None:
        self.env = env
        self.log_folder = log_folder
        self.supervised = False
        self.process: subprocess.Popen | None = None
        self.log: Path | None = None

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None, "The last worker is still running."
        self.log = self.log_folder / f"worker-{uuid.uuid4().hex[:8]}.log"
        supervisor = [str(settings.BASE_DIR / "bin" / "supervise"), "The Celery worker"] if self.supervised else []
        self.process = subprocess.Popen(
            [
                *supervisor,
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: "ready." in self.log.read_text() or self.process.poll() is not None, 60, "the worker")
        if self.process.poll() is not None:
            raise AssertionError(f"The worker did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.log:
            # Shown by pytest only when the test fails: what the worker did.
            print(self.log.read_text())
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def database_url() -> str:
    """The server bin/test started, and the test database on it that this test's data is in."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def worker(committed_reference_data, broker, redis_url, mailbox, tmp_path, media_root) -> Iterator[Worker]:
    """Not started: each test starts (and kills) it when the story needs."""
    _, smtp_port = mailbox
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_USE_TLS": "false",
        "SMTP_TIMEOUT": "20",
        "ALERT_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "MESSAGE_CLAIM_SECONDS": str(CLAIM_SECONDS),
        # The documents this test stores (letters' PDFs), where the worker reads them.
        "MEDIA_ROOT": str(media_root),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CONN_MAX_AGE": "0",
    }
    process = Worker(env, tmp_path)
    yield process
    process.stop()
