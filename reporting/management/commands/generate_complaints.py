"""Generate synthetic complaints for the dashboard benchmark: `python manage.py generate_complaints --count 1000000`.

Set-based SQL (INSERT … SELECT over generate_series), in one transaction with
`SET LOCAL session_replication_role = replica` so the history and delete-protection triggers do not run for rows
nobody ever worked on: a million complaints take a few minutes, where the services would take days.

The rows look like a landlord's last five years: received on days spread over 1,826 days to today, four nations
(mostly England), every channel, one category each, eight areas (and some with none), most acknowledged and
answered (some late, some extended, some escalated to stage 2 and answered there), a few refused, remedies on
upheld responses. Due dates are approximated in calendar days (7 for an acknowledgement, 14 for a stage 1
response, 28 for stage 2), which is close enough to measure speed; the figures themselves are not meaningful.
Never run it on a database with real cases."""

# The SQL is assembled from fixed fragments and ids read from the database; every other value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from complaints.models import (
    Category,
    Channel,
    Complaint,
    Home,
    NationRegime,
    RefusalReason,
    RemedyKind,
    Resident,
    Stage,
    Team,
)
from complaints.models.search import search_names_rebuild
from complaints.services.deadlines import response_working_days_many
from core import roles
from reporting.rollup import rollup_rebuild

NATION_CASE = (
    "CASE WHEN {k} %% 20 = 0 THEN 'scotland' WHEN {k} %% 20 = 1 THEN 'northern_ireland' "
    "WHEN {k} %% 20 IN (2, 3) THEN 'wales' ELSE 'england' END"
)


class Command(BaseCommand):
    help = "Add synthetic complaints in bulk for benchmarks (never on a database with real cases)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000)

    def handle(self, *args, count: int, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        started = time.perf_counter()
        with transaction.atomic():
            self._generate(count)
            # Written with the triggers off, so no name reached the search's list of names.
            search_names_rebuild()
        with connection.cursor() as cursor:
            for table in ("complaints_home", "complaints_resident", "complaints_complaint", "complaints_stage"):
                cursor.execute(f"ANALYZE {table}")
            for table in ("complaints_response", "complaints_extension", "complaints_refusal", "complaints_remedy"):
                cursor.execute(f"ANALYZE {table}")
        self.stdout.write(f"Generated {count:,} complaints in {time.perf_counter() - started:.1f} s")
        # Written with the triggers off, so nothing marked the days they fall on.
        started = time.perf_counter()
        rollup_rebuild()
        self.stdout.write(f"Rolled up the figures of every day in {time.perf_counter() - started:.1f} s")

    def _generate(self, count: int) -> None:
        officer = self._officer()
        teams = [
            Team.objects.get_or_create(code=f"bench-area-{n}", defaults={"name": f"Area {n}"})[0].id for n in range(8)
        ]
        regimes = {row.nation: row.regime for row in NationRegime.objects.select_related("regime")}
        stages = {(nation, number): regime.stage(number) for nation, regime in regimes.items() for number in (1, 2)}
        stage_ids = {key: stage.id for key, stage in stages.items()}
        clocks = {key: stage.response_clock for key, stage in stages.items()}
        params = {
            "n": count,
            "residents": max(count // 2, 1),
            "today": timezone.localdate(),
            "officer": officer.id,
            "channels": list(Channel.objects.values_list("id", flat=True)),
            "categories": list(Category.objects.values_list("id", flat=True)),
            "teams": teams,
            "kinds": list(RemedyKind.objects.order_by("id").values_list("id", flat=True)),
            "financial": list(RemedyKind.objects.filter(is_financial=True).values_list("id", flat=True)),
            "reason": RefusalReason.objects.order_by("id").values_list("id", flat=True).first(),
        }
        nation = NATION_CASE.format(k="k")
        regime_of = "CASE " + " ".join(f"WHEN {nation} = '{n}' THEN {r.id}" for n, r in regimes.items()) + " END"

        def stage_of(number: int) -> str:
            whens = " ".join(f"WHEN '{n}' THEN {stage_ids[(n, number)]}" for n in regimes)
            return f"CASE nation {whens} END"

        with connection.cursor() as cursor:
            # Synthetic rows need no audit history or delete protection: skip the triggers while loading.
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            base = {}
            for model in (Home, Resident, Complaint, Stage):
                table = model._meta.db_table
                cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
                base[table] = cursor.fetchone()[0]
            params |= {
                "home_base": base["complaints_home"],
                "resident_base": base["complaints_resident"],
                "complaint_base": base["complaints_complaint"],
                "stage_base": base["complaints_stage"],
            }
            plan = [
                f"""INSERT INTO complaints_home (id, created_at, updated_at, address, postcode, nation, tenure)
                SELECT %(home_base)s + k, now(), now(), k || ' Generated Street', 'AB1 2CD', {nation},
                       CASE WHEN k %% 10 = 0 THEN 'low_cost_home_ownership' ELSE 'low_cost_rental' END
                FROM generate_series(1, %(residents)s) AS k""",
                """INSERT INTO complaints_resident (id, created_at, updated_at, name, email, phone, home_id,
                       preferred_contact, tenancy_reference)
                SELECT %(resident_base)s + k, now(), now(), 'Resident ' || k, '', '', %(home_base)s + k, 'letter', ''
                FROM generate_series(1, %(residents)s) AS k""",
                # The plan: one row per complaint with every date worked out, in a temporary table.
                f"""CREATE TEMP TABLE generated ON COMMIT DROP AS
                SELECT g, k, {nation} AS nation,
                       %(today)s::date - ((g::bigint * 7919) %% 1826)::int AS received_on,
                       (g %% 50 = 0) AS refused,
                       (g %% 10 = 3) AS extended,
                       ((g::bigint * 31) %% 9)::int AS ack_after,
                       ((g::bigint * 17) %% 24)::int AS respond_after,
                       ((g::bigint * 13) %% 34)::int AS review_after,
                       (g %% 7 = 0) AS escalates
                FROM (SELECT g, ((g - 1) %% %(residents)s) + 1 AS k FROM generate_series(1, %(n)s) AS g) AS numbered""",
                """ALTER TABLE generated ADD COLUMN acknowledged_on date, ADD COLUMN response_due date,
                       ADD COLUMN responded_on date, ADD COLUMN s2_requested date, ADD COLUMN s2_acknowledged date,
                       ADD COLUMN s2_response_due date, ADD COLUMN s2_responded date,
                       ADD COLUMN working_days int, ADD COLUMN s2_working_days int""",
                """UPDATE generated SET acknowledged_on = received_on + ack_after
                WHERE NOT refused AND received_on + ack_after <= %(today)s""",
                """UPDATE generated SET response_due = acknowledged_on + 14 + CASE WHEN extended THEN 14 ELSE 0 END
                WHERE acknowledged_on IS NOT NULL""",
                """UPDATE generated SET responded_on = acknowledged_on + respond_after
                WHERE acknowledged_on IS NOT NULL AND acknowledged_on + respond_after <= %(today)s""",
                """UPDATE generated SET s2_requested = responded_on + 10
                WHERE escalates AND responded_on + 10 <= %(today)s""",
                """UPDATE generated SET s2_acknowledged = s2_requested + 3, s2_response_due = s2_requested + 31
                WHERE s2_requested + 3 <= %(today)s""",
                """UPDATE generated SET s2_responded = s2_acknowledged + review_after
                WHERE s2_acknowledged + review_after <= %(today)s""",
            ]
            for statement in plan:
                cursor.execute(statement, params)
            self._working_days_to_respond(cursor, clocks)
            statements = [
                f"""INSERT INTO complaints_complaint (id, created_at, updated_at, reference, resident_id, home_id,
                       nation, regime_id, channel_id, team_id, summary, received_on, stage, status, version,
                       logged_by_id, time_limit_waived_because)
                SELECT %(complaint_base)s + g, now(), now(), 'G' || (%(complaint_base)s + g), %(resident_base)s + k,
                       %(home_base)s + k, nation, {regime_of},
                       (%(channels)s::int[])[1 + g %% cardinality(%(channels)s::int[])],
                       CASE WHEN g %% 10 = 9 THEN NULL ELSE (%(teams)s::int[])[1 + g %% 8] END,
                       'Generated complaint', received_on,
                       CASE WHEN s2_requested IS NULL THEN 1 ELSE 2 END,
                       CASE WHEN refused THEN 'refused'
                            WHEN s2_requested IS NOT NULL AND s2_responded IS NOT NULL THEN 'closed'
                            WHEN s2_requested IS NOT NULL AND s2_acknowledged IS NOT NULL THEN 'in_progress'
                            WHEN s2_requested IS NOT NULL THEN 'awaiting_acknowledgement'
                            WHEN responded_on IS NOT NULL THEN 'responded'
                            WHEN acknowledged_on IS NOT NULL THEN 'in_progress'
                            ELSE 'awaiting_acknowledgement' END,
                       1, %(officer)s, ''
                FROM generated""",
                """INSERT INTO complaints_complaint_categories (complaint_id, category_id)
                SELECT %(complaint_base)s + g,
                       (%(categories)s::int[])[1 + (g / 3) %% cardinality(%(categories)s::int[])]
                FROM generated""",
                f"""INSERT INTO complaints_stage (id, created_at, updated_at, complaint_id, number, regime_stage_id,
                       requested_on, acknowledgement_due, acknowledged_on, response_due, extension_days,
                       responded_on, response_working_days, handler_id, escalation_reason, investigation_reason)
                SELECT %(stage_base)s + g, now(), now(), %(complaint_base)s + g, 1, {stage_of(1)}, received_on,
                       received_on + 7, acknowledged_on, response_due, CASE WHEN extended THEN 10 ELSE 0 END,
                       responded_on, working_days, %(officer)s, '', ''
                FROM generated""",
                f"""INSERT INTO complaints_stage (id, created_at, updated_at, complaint_id, number, regime_stage_id,
                       requested_on, acknowledgement_due, acknowledged_on, response_due, extension_days,
                       responded_on, response_working_days, handler_id, escalation_reason, investigation_reason)
                SELECT %(stage_base)s + %(n)s + g, now(), now(), %(complaint_base)s + g, 2, {stage_of(2)},
                       s2_requested, s2_requested + 7, s2_acknowledged, s2_response_due, 0, s2_responded,
                       s2_working_days, %(officer)s, '', ''
                FROM generated WHERE s2_requested IS NOT NULL""",
                """UPDATE complaints_complaint AS c SET current_stage_id = %(stage_base)s + %(n)s + x.g
                FROM generated AS x WHERE c.id = %(complaint_base)s + x.g AND x.s2_requested IS NOT NULL""",
                """UPDATE complaints_complaint AS c SET current_stage_id = %(stage_base)s + x.g
                FROM generated AS x WHERE c.id = %(complaint_base)s + x.g AND x.s2_requested IS NULL""",
                """INSERT INTO complaints_response (created_at, updated_at, stage_id, responded_on, decision, reasons,
                       next_step, responded_by_id)
                SELECT now(), now(), id, responded_on,
                       (ARRAY['upheld', 'partly_upheld', 'not_upheld'])[1 + (id %% 3)], 'Generated', 'Generated',
                       %(officer)s
                FROM complaints_stage WHERE id > %(stage_base)s AND responded_on IS NOT NULL""",
                """INSERT INTO complaints_extension (created_at, updated_at, stage_id, working_days, reason,
                       good_reason, beyond_cap, previous_due, new_due, resident_informed_on, ombudsman_details_given,
                       update_interval, granted_by_id)
                SELECT now(), now(), %(stage_base)s + g, 10, 'Generated', '', false, response_due - 14, response_due,
                       acknowledged_on + 5, true, 5, %(officer)s
                FROM generated WHERE extended AND response_due IS NOT NULL""",
                """INSERT INTO complaints_refusal (created_at, updated_at, complaint_id, stage_id, reason_id,
                       explanation, evidence, discretion_note, decided_on, decided_by_id)
                SELECT now(), now(), %(complaint_base)s + g, %(stage_base)s + g, %(reason)s, 'Generated',
                       'Generated', '', received_on + 2, %(officer)s
                FROM generated WHERE refused AND received_on + 2 <= %(today)s""",
                """INSERT INTO complaints_remedy (created_at, updated_at, complaint_id, stage_id, kind_id, description,
                       amount, due_on, offered_on, agreed_with_resident, completed_on)
                SELECT now(), now(), s.complaint_id, s.id, kind, 'Generated',
                       CASE WHEN kind = ANY(%(financial)s::int[]) THEN 50 + (s.id %% 20) * 25 END,
                       s.responded_on + 10, s.responded_on, true,
                       CASE WHEN s.responded_on + 10 <= %(today)s THEN s.responded_on + 10 END
                FROM complaints_stage AS s
                JOIN complaints_response AS r ON r.stage_id = s.id AND r.decision <> 'not_upheld'
                CROSS JOIN LATERAL (SELECT (%(kinds)s::int[])[1 + s.id %% cardinality(%(kinds)s::int[])] AS kind) AS k
                WHERE s.id > %(stage_base)s""",
            ]
            for statement in statements:
                cursor.execute(statement, params)
            # Complaint.next_due is kept by a trigger: let it run for the open ones written here.
            cursor.execute("SET LOCAL session_replication_role = origin")
            cursor.execute(
                "UPDATE complaints_complaint SET next_due = NULL WHERE id > %(complaint_base)s "
                "AND status IN ('awaiting_acknowledgement', 'in_progress')",
                params,
            )
            for model, last in [
                (Home, params["home_base"] + params["residents"]),
                (Resident, params["resident_base"] + params["residents"]),
                (Complaint, params["complaint_base"] + count),
                (Stage, params["stage_base"] + 2 * count),
            ]:
                table = model._meta.db_table
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])

    def _working_days_to_respond(self, cursor: Any, clocks: dict[tuple[str, int], str]) -> None:
        """Each answered stage's working days to respond, into the plan: the stage then goes in with them."""
        for number, dates, column in (
            (1, "received_on, acknowledged_on, responded_on", "working_days"),
            (2, "s2_requested, s2_acknowledged, s2_responded", "s2_working_days"),
        ):
            cursor.execute(f"SELECT g, nation, {dates} FROM generated WHERE {dates.split()[-1]} IS NOT NULL")
            rows = cursor.fetchall()
            ids, taken = [], []
            for nation in {row[1] for row in rows}:
                of_nation = [row for row in rows if row[1] == nation]
                ids += [row[0] for row in of_nation]
                clock = clocks[(nation, number)]
                taken += response_working_days_many(nation, [(clock, *row[2:]) for row in of_nation])
            cursor.execute(
                f"""UPDATE generated SET {column} = new.days
                FROM unnest(%s::int[], %s::int[]) AS new(g, days) WHERE generated.g = new.g""",
                [ids, taken],
            )

    def _officer(self):
        user, _ = get_user_model().objects.get_or_create(
            username="generated-officer", defaults={"email": "generated@bench.example"}
        )
        user.groups.add(Group.objects.get(name=roles.OFFICER))
        return user
