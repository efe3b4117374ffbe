"""PostgreSQL crashing and restarting, on a server of this module's own (never the shared test server)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psycopg
import pytest

from tests.faults.instance import ROOT, Instance

SEED = "from tests.faults.seed import seed; seed()"


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    server = Instance(folder / "postgres")
    server.start()
    server.manage("migrate", "--no-input")
    server.media = str(folder / "media")
    yield server
    server.stop()


def complaint_count(url: str, reference: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM complaints_complaint WHERE reference = %s", [reference]).fetchone()[0]


def test_a_committed_complaint_survives_a_postgresql_crash(instance):
    # The seed commits and exits; the server is killed straight after, with no checkpoint or clean shutdown.
    reference = instance.manage("shell", "-c", SEED, MEDIA_ROOT=instance.media).strip().splitlines()[-1]
    instance.crash()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(instance.url, connect_timeout=2)

    instance.start()  # crash recovery replays the write-ahead log

    assert complaint_count(instance.url, reference) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str) -> int:
    try:
        # The URL is always the local test server the test started over http.
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_after_the_database_restarts_under_load_every_request_is_answered(instance, tmp_path):
    port = free_port()
    # The public complaint form reads the Code's timescales from the database on every request.
    page = f"http://127.0.0.1:{port}/complain/"
    app = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=instance.env(DATA_DIR=str(tmp_path), MEDIA_ROOT=instance.media, CONN_MAX_AGE="600"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if status_of(page) == 200:
                    break
            except urllib.error.URLError:
                pass
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        # Warm: the app now holds a persistent connection (CONN_MAX_AGE) that the restart will break.
        assert [status_of(page) for _ in range(5)] == [200] * 5

        instance.stop()  # pg_ctl stop -m fast
        during = [status_of(page) for _ in range(5)]
        instance.start()
        after = [status_of(page) for _ in range(30)]
    finally:
        app.terminate()
        app.wait(timeout=30)

    # While the database is down the app says so with a server error, never a wrong page.
    assert set(during) <= {500, 503}, during
    # Once it is back, the broken connection is noticed (CONN_HEALTH_CHECKS) and replaced: no 5xx at all.
    assert after == [200] * 30, after
