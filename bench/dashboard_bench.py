"""Benchmark of the board dashboard for a reporting year and the TSM page on 1,000,000 complaints in PostgreSQL.

Run from the repository root with `bin/bench` (a throwaway PostgreSQL, migrated), or on a database of your own:
DATABASE_URL=... .venv/bin/python bench/dashboard_bench.py. It first tops the database up to DASHBOARD_BENCH_COUNT
complaints (default 1,000,000) with `manage.py generate_complaints` (timed: it must take under 5 minutes).

Each page is requested through Django's test client as a board member (the whole request: middleware, figures,
charts, template): counted afresh with the dashboard's figures cache emptied ("cold", the better of two), then five
times with the figures cached for DASHBOARD_CACHE_SECONDS ("warm", the median), beside the time of the bare SQL
aggregates the page ran (the same statements run again straight on the cursor) and the ratio of cold to bare SQL.
The warm page must render in under 300 ms; the cold time is what the first viewer after the cache expires waits.
"""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from complaints.models import Complaint  # noqa: E402
from core import roles  # noqa: E402
from reporting.periods import reporting_year_of  # noqa: E402

TARGET = int(os.environ.get("DASHBOARD_BENCH_COUNT", "1000000"))
LIMIT_MS = 300
GENERATE_LIMIT_S = 300
RUNS = 5
PASSWORD = secrets.token_urlsafe(16)  # a new one each run: the bench user exists only in bench databases


def board_client() -> Client:
    """A board member signed in as people are: password, then the code from a new authenticator (every staff
    session must have passed MFA: identity.middleware)."""
    user, _ = get_user_model().objects.get_or_create(username="bench-board", defaults={"email": "b@bench.example"})
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=roles.BOARD))
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    answer = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert answer.status_code == 302 and "/accounts/" not in answer.url, "the bench user could not sign in"
    return client


def timed(client: Client, url: str) -> tuple[float, float, float, int]:
    """Milliseconds for the page counted afresh (cold: the figures cache emptied first), the median with the
    figures cached (warm), and the median of its bare SQL aggregates."""
    client.get("/staff/dashboard/tsm/?year=2000")  # templates compiled, calendars built
    cold = []
    for _ in range(2):
        cache.clear()
        started = time.perf_counter()
        answer = client.get(url)
        cold.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    aggregates = [query["sql"] for query in queries if "COUNT(" in query["sql"] or "SUM(" in query["sql"]]
    sql_times = []
    each: dict[int, list[float]] = {n: [] for n in range(len(aggregates))}
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            started = time.perf_counter()
            for n, sql in enumerate(aggregates):
                began = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                each[n].append((time.perf_counter() - began) * 1000)
            sql_times.append((time.perf_counter() - started) * 1000)
    if os.environ.get("DASHBOARD_BENCH_QUERIES"):
        for n, sql in enumerate(aggregates):
            print(f"    {statistics.median(each[n]):7.0f}ms  {sql[:150]}")
    return min(cold), statistics.median(times), statistics.median(sql_times), len(aggregates)


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    existing = Complaint.objects.count()
    if existing < TARGET:
        started = time.perf_counter()
        call_command("generate_complaints", count=TARGET - existing)
        generated = time.perf_counter() - started
        print(f"generate_complaints: {TARGET - existing:,} complaints in {generated:.1f} s")
        if TARGET - existing >= 1_000_000 and generated > GENERATE_LIMIT_S:
            print("FAIL: generating a million complaints took longer than 5 minutes")
            sys.exit(1)
    year = reporting_year_of(timezone.localdate()) - 1
    print(f"{Complaint.objects.count():,} complaints; reporting year {year} to {year + 1}\n")
    client = board_client()
    pages = [
        ("board dashboard, a year", f"/staff/dashboard/?kind=year&year={year}"),
        ("by nation (for comparison)", f"/staff/dashboard/?kind=year&year={year}&breakdown=nation"),
        ("TSM page", f"/staff/dashboard/tsm/?year={year}"),
    ]
    print(f"{'page':<28} {'cold':>9} {'warm':>9} {'bare SQL':>9} {'cold/SQL':>9} {'queries':>8}")
    failed = False
    for label, url in pages:
        cold_ms, warm_ms, sql_ms, count = timed(client, url)
        print(f"{label:<28} {cold_ms:>7.0f}ms {warm_ms:>7.0f}ms {sql_ms:>7.0f}ms {cold_ms / sql_ms:>9.2f} {count:>8}")
        failed |= warm_ms > LIMIT_MS and "comparison" not in label
    if failed:
        print(f"FAIL: a page took longer than {LIMIT_MS} ms")
        sys.exit(1)


if __name__ == "__main__":
    main()
