"""Benchmark of the search box (complaints.search) on SEARCH_BENCH_COUNT complaints (default 1,000,000).

Run with `bin/bench search` (a throwaway PostgreSQL, migrated), or on a database of your own:
DATABASE_URL=... .venv/bin/python bench/search_bench.py. It tops the database up with `manage.py
generate_complaints`, then gives the generated residents, homes and complaints varied, realistic text (names from
lists of first names and surnames, streets, postcodes in many districts, summaries and one letter of correspondence
per complaint made of common housing phrases), since trigram and full-text indexes mean nothing on "Resident 1".

It times `complaint_search` for an officer (who sees every complaint) and the first page of 25 results, as the
results page reads them: RUNS different names ("surname first-name", as people type them), whole postcodes without
their space, and phrases, giving p50 and p99 for each (goal: p99 under 100 ms). Then it EXPLAINs every query one
search ran and says whether any read a whole table (a sequential scan) instead of an index.
"""

# The SQL is assembled from fixed fragments; every value is a parameter.

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from complaints.models import Channel, Complaint, Home  # noqa: E402
from complaints.models.search import search_names_rebuild  # noqa: E402
from complaints.search import complaint_search  # noqa: E402
from core import roles  # noqa: E402

TARGET = int(os.environ.get("SEARCH_BENCH_COUNT", "1000000"))
RUNS = int(os.environ.get("SEARCH_BENCH_RUNS", "100"))
LIMIT_MS = 100

FIRST = [
    "Grace",
    "Peter",
    "Amira",
    "Tomasz",
    "Olivia",
    "Mohammed",
    "Sarah",
    "James",
    "Aisha",
    "David",
    "Emily",
    "Daniel",
    "Fatima",
    "Jack",
    "Chloe",
    "Thomas",
    "Priya",
    "Liam",
    "Hannah",
    "Oliver",
    "Zainab",
    "Ryan",
    "Megan",
    "Samuel",
    "Ewa",
    "Connor",
    "Niamh",
    "Rhys",
    "Siobhan",
    "Kwame",
    "Ngozi",
    "Lucy",
    "Harry",
    "Sophie",
    "George",
    "Isla",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Arjun",
    "Ruby",
    "Callum",
    "Eilidh",
    "Owen",
    "Carys",
    "Adebayo",
    "Chidi",
    "Joanne",
    "Marek",
    "Agnieszka",
    "Declan",
    "Bethan",
]
LAST = [
    "Okafor",
    "Walsh",
    "Khan",
    "Nowak",
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Roberts",
    "Johnson",
    "Lewis",
    "Walker",
    "Robinson",
    "Wood",
    "Thompson",
    "White",
    "Watson",
    "Jackson",
    "Wright",
    "Green",
    "Harris",
    "Cooper",
    "King",
    "Lee",
    "Martin",
    "Clarke",
    "Morgan",
    "Hughes",
    "Edwards",
    "Hill",
    "Moore",
    "Clark",
    "Harrison",
    "Scott",
    "Young",
    "Morris",
    "Hall",
    "Ward",
    "Turner",
    "Carter",
    "Phillips",
    "Mitchell",
    "Patel",
    "Adams",
    "Campbell",
    "Anderson",
    "Allen",
    "Cook",
    "Bailey",
    "Parker",
    "Miller",
    "Davis",
    "Murphy",
    "Price",
    "Bell",
    "Baker",
    "Griffiths",
    "Kelly",
    "Simpson",
    "Marshall",
    "Collins",
    "Bennett",
    "Cox",
    "Richardson",
    "Fox",
    "Gray",
    "Rose",
    "Chapman",
    "Hunt",
    "Robertson",
    "Shaw",
    "Reynolds",
    "Lloyd",
    "Ellis",
    "Richards",
    "Russell",
    "Wilkinson",
    "Khan",
    "Ali",
    "Ahmed",
    "Begum",
    "Hussain",
    "Mensah",
    "Osei",
    "Adeyemi",
    "Kowalski",
    "Wisniewski",
    "Murray",
    "Stewart",
    "MacDonald",
]
STREETS = [
    "Weaver",
    "Mill",
    "Station",
    "Church",
    "Park",
    "Victoria",
    "Albert",
    "Queen",
    "King",
    "Manor",
    "Orchard",
    "Willow",
    "Meadow",
    "Elm",
    "Oak",
    "Ash",
    "Beech",
    "Cedar",
    "Chestnut",
    "Hawthorn",
    "Rowan",
    "Heather",
    "Bramble",
    "Foxglove",
    "Kingfisher",
    "Heron",
    "Swan",
    "Falcon",
    "Wren",
    "Robin",
    "Linden",
    "Holly",
    "Ivy",
    "Harbour",
    "Quay",
    "Canal",
    "Bridge",
    "Ferry",
    "Mariner",
    "Cooper",
    "Tanner",
    "Mason",
    "Carpenter",
    "Forge",
    "Foundry",
    "Spinner",
    "Cotton",
    "Wool",
]
KINDS = [
    "Street",
    "Road",
    "Lane",
    "Court",
    "Close",
    "Avenue",
    "Way",
    "Gardens",
    "Place",
    "Crescent",
    "Drive",
    "Terrace",
    "View",
    "Walk",
    "Row",
]
TOWNS = [
    "Leeds",
    "Bradford",
    "York",
    "Hull",
    "Sheffield",
    "Wakefield",
    "Halifax",
    "Huddersfield",
    "Harrogate",
    "Doncaster",
    "Barnsley",
    "Rotherham",
]
AREAS = ["LS", "BD", "YO", "HU", "S", "WF", "HX", "HD", "HG", "DN", "M", "B", "L", "NE", "SR", "CF", "EH", "G", "BT"]
PROBLEMS = [
    "black mould in the bathroom",
    "damp patches on the bedroom ceiling",
    "a leaking roof over the landing",
    "the boiler keeps failing",
    "no hot water for a week",
    "the heating does not work",
    "a broken front door lock",
    "rats in the communal bin store",
    "the lift has been out of order",
    "noise from the flat upstairs",
    "cracked windows in the kitchen",
    "a blocked drain outside the back door",
    "missed repair appointments",
    "the contractor left rubble in the garden",
    "condensation on every window",
    "the fence blew down in the storm",
    "water coming through the light fitting",
    "an overflowing gutter soaking the wall",
    "anti-social behaviour in the stairwell",
    "the service charge went up without notice",
]
SINCE = ["since the autumn", "for three months", "since we moved in", "again this winter", "for over a year"]
ASKS = [
    "Nobody has called back.",
    "I want it repaired properly.",
    "My children keep getting ill.",
    "I have reported it four times.",
    "Please send someone this week.",
    "I would like compensation for the damage.",
]


RESPONSES = [
    "We found that the repair was not completed on time and apologise for the delay.",
    "The contractor has confirmed the work was finished and signed off by our surveyor.",
    "Our records show three missed appointments, which fell short of our repairs policy.",
    "We have arranged a damp and mould inspection and will treat the affected rooms.",
    "The service charge was set in line with the lease; we have explained the breakdown.",
    "We did not keep you updated as we should have and have reminded the team of our standards.",
]


def varied_text() -> None:
    """Realistic names, addresses, postcodes, summaries, correspondence and responses for the generated rows that
    still have the generator's placeholders ("Resident 1", "1 Generated Street", "Generated")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM complaints_resident WHERE name LIKE 'Resident %%'")
        if not cursor.fetchone()[0]:
            return
    started = time.perf_counter()
    officer = bench_officer()
    email = Channel.objects.get(code="email").id
    with transaction.atomic(), connection.cursor() as cursor:
        # Synthetic rows need no audit history: skip the triggers while loading (as generate_complaints does).
        cursor.execute("SET LOCAL session_replication_role = replica")
        params = {
            "first": FIRST,
            "last": LAST,
            "streets": STREETS,
            "kinds": KINDS,
            "towns": TOWNS,
            "areas": AREAS,
            "problems": PROBLEMS,
            "since": SINCE,
            "asks": ASKS,
            "responses": RESPONSES,
        }
        # The complaints of residents still called "Resident n" are the ones not yet given text.
        cursor.execute(
            """UPDATE complaints_complaint SET summary =
                   'We have ' || (%(problems)s::text[])[1 + (id * 7) %% cardinality(%(problems)s::text[])] || ' '
                   || (%(since)s::text[])[1 + (id * 3) %% cardinality(%(since)s::text[])] || '. '
                   || (%(asks)s::text[])[1 + (id * 5) %% cardinality(%(asks)s::text[])]
               WHERE resident_id IN (SELECT id FROM complaints_resident WHERE name LIKE 'Resident %%')""",
            params,
        )
        cursor.execute(
            """INSERT INTO complaints_correspondence (created_at, updated_at, complaint_id, stage, direction, party,
                   channel_id, occurred_on, subject, body, recorded_by_id)
               SELECT now(), now(), id, 1, 'in', 'resident', %(channel)s, received_on, 'Re: my complaint',
                      'Still ' || (%(problems)s::text[])[1 + (id * 13) %% cardinality(%(problems)s::text[])] || '. '
                      || (%(asks)s::text[])[1 + (id * 11) %% cardinality(%(asks)s::text[])], %(officer)s
               FROM complaints_complaint
               WHERE resident_id IN (SELECT id FROM complaints_resident WHERE name LIKE 'Resident %%')""",
            params | {"channel": email, "officer": officer.id},
        )
        cursor.execute(
            """UPDATE complaints_response SET
                   reasons = (%(responses)s::text[])[1 + (id * 17) %% cardinality(%(responses)s::text[])]
               WHERE reasons = 'Generated'""",
            params,
        )
        cursor.execute(
            """UPDATE complaints_resident SET
                   name = (%(first)s::text[])[1 + (id * 7919) %% cardinality(%(first)s::text[])] || ' '
                          || (%(last)s::text[])[1 + (id * 104729) %% cardinality(%(last)s::text[])],
                   email = lower((%(first)s::text[])[1 + (id * 7919) %% cardinality(%(first)s::text[])]) || '.' || id
                           || '@resident.example',
                   phone = '07' || lpad(((id * 2654435761) %% 1000000000)::text, 9, '0')
               WHERE name LIKE 'Resident %%'""",
            params,
        )
        cursor.execute(
            """UPDATE complaints_home SET
                   address = (1 + id %% 180) || ' '
                             || (%(streets)s::text[])[1 + (id * 31) %% cardinality(%(streets)s::text[])] || ' '
                             || (%(kinds)s::text[])[1 + (id * 17) %% cardinality(%(kinds)s::text[])] || E'\n'
                             || (%(towns)s::text[])[1 + (id * 13) %% cardinality(%(towns)s::text[])],
                   postcode = (%(areas)s::text[])[1 + (id * 7) %% cardinality(%(areas)s::text[])]
                              || (1 + (id * 11) %% 29) || ' '
                              || (id * 3) %% 10 || chr((65 + (id * 5) %% 26)::int) || chr((65 + (id * 19) %% 26)::int)
               WHERE address LIKE '%% Generated Street'""",
            params,
        )
        # Written with the triggers off, so the names reached no SearchName.
        search_names_rebuild()
    print(f"Varied text written in {time.perf_counter() - started:.1f} s")


def search_indexes_dropped() -> list[str]:
    """Drops the search box's indexes, to build them once after loading instead of row by row; returns their
    definitions for search_indexes_built."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND (indexname LIKE '%%\\_search' OR indexname LIKE '%%\\_trigram')"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def search_indexes_built(definitions: list[str]) -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for definition in definitions:
            cursor.execute(definition)
        tables = ["resident", "home", "complaint", "correspondence", "response", "stage", "definitionpoint"]
        tables.append("searchname")
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE complaints_{table}")
    print(f"{len(definitions)} search indexes built and tables analysed in {time.perf_counter() - started:.1f} s")


def bench_officer():
    user, _ = get_user_model().objects.get_or_create(username="bench-officer", defaults={"email": "o@bench.example"})
    user.groups.add(Group.objects.get(name=roles.OFFICER))
    return user


def first_page(officer, text: str) -> float:
    started = time.perf_counter()
    list(complaint_search(actor=officer, text=text).complaints.select_related("resident")[:25])
    return (time.perf_counter() - started) * 1000


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sequential_scans(officer, text: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        list(complaint_search(actor=officer, text=text).complaints[:25])
    scans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].startswith("SELECT") or "set_config" in query["sql"]:
                continue
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scans += [line.strip() for line in plan.splitlines() if "Seq Scan" in line]
    return scans


def main() -> int:
    have = Complaint.objects.count()
    if have < TARGET:
        definitions = search_indexes_dropped()
        started = time.perf_counter()
        call_command("generate_complaints", count=TARGET - have)
        print(f"generate_complaints {TARGET - have:,}: {time.perf_counter() - started:.1f} s")
        varied_text()
        search_indexes_built(definitions)
    officer = bench_officer()
    draw = random.Random(15)
    homes = list(Home.objects.order_by("?").values_list("postcode", flat=True)[:RUNS])
    searches = {
        "name": [f"{draw.choice(LAST)} {draw.choice(FIRST)}" for _ in range(RUNS)],
        "postcode": [postcode.replace(" ", "").lower() for postcode in homes],
        "phrase": [" ".join(draw.choice(PROBLEMS).split()[-3:]) for _ in range(RUNS)],
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(
        f"{Complaint.objects.count():,} complaints; PostgreSQL {version}; Python {platform.python_version()}; "
        f"{os.cpu_count()} cores; load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    failed = False
    for kind, texts in searches.items():
        first_page(officer, texts[0])  # warm the caches once
        times = [first_page(officer, text) for text in texts]
        p50, p99 = statistics.median(times), percentile(times, 0.99)
        failed |= p99 >= LIMIT_MS
        verdict = "ok" if p99 < LIMIT_MS else f"over {LIMIT_MS} ms"
        print(f"{kind:9} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ({len(times)} searches, e.g. {texts[0]!r}) {verdict}")
        scans = sequential_scans(officer, texts[0])
        print(f"          plans: {'no sequential scan' if not scans else 'SEQUENTIAL: ' + '; '.join(scans)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
