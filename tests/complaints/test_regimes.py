"""The rules that differ by regime, as the regimes' data sets them: the SPSO model procedure's hard limits on
extensions and its move to investigation (seed 003 §24), beside the Housing Ombudsman Code's soft cap (6.4, 6.15).

Today is Monday 2 March 2026. Expected dates are counted by hand on the Scottish calendar: February and early March
2026 have no Scottish bank holidays."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from complaints import performance
from complaints.models import (
    CaseEvent,
    Complaint,
    Correspondence,
    Extension,
    NationRegime,
    RefusalReason,
    Regime,
    RegimeStage,
)
from complaints.services import workflow
from complaints.services.regimes import nation_regime_choose, nation_regime_needs_choice, regimes_for
from core import roles
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.factories import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
RECEIVED = D(2026, 2, 2)  # Monday
MOVED = D(2026, 2, 4)  # Wednesday


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_related("current_stage").get(pk=complaint.pk)


def extend(actor, complaint, days, informed_on, good_reason=""):
    return workflow.extension_grant(
        actor=actor,
        complaint=complaint,
        working_days=days,
        reason="We are waiting for the contractor's report.",
        resident_informed_on=informed_on,
        ombudsman_details_given=True,
        update_interval_working_days=5,
        good_reason=good_reason,
    )


def move(actor, complaint, on=MOVED, reason="Damp in a child's bedroom: high-risk."):
    return workflow.complaint_move_to_investigation(actor=actor, complaint=complaint, moved_on=on, reason=reason)


@pytest.fixture
def scottish(log_complaint):
    """A frontline complaint in Scotland received Monday 2 February 2026: its response is due Monday 9 February."""
    return lambda **kwargs: log_complaint(
        received_on=RECEIVED, nation="scotland", resident=ResidentFactory(home__nation="scotland"), **kwargs
    )


def test_regimes_carry_their_caps_as_data(db):
    spso = {stage.number: stage for stage in RegimeStage.objects.filter(regime__code="spso_model_procedure")}
    assert (spso[1].extension_cap, spso[1].extension_limit) == (5, 5)
    # Seed 003, Scotland, stage 2: "Maximum extension of 10 working days".
    assert (spso[2].extension_cap, spso[2].extension_limit) == (10, 10)
    ho = RegimeStage.objects.filter(regime__code="housing_ombudsman_2024")
    # Code 6.4, 6.15: 10 and 20 working days without good reason, and no hard limit beyond that.
    assert sorted((s.number, s.extension_cap, s.extension_limit) for s in ho) == [(1, 10, None), (2, 20, None)]


def test_spso_frontline_is_5_working_days_extendable_to_10_in_all_even_with_a_good_reason(scottish, officer, manager):
    # The audit's case: extended by 5, then by 1 more by a senior manager with a good reason, due on the 11th day.
    complaint = scottish()
    extension = extend(officer, complaint, 5, informed_on=D(2026, 2, 5))
    # Mon 9 Feb 2026 + 5 working days = Mon 16 Feb 2026: the 10th working day after receipt.
    assert (extension.previous_due, extension.new_due) == (D(2026, 2, 9), D(2026, 2, 16))

    with pytest.raises(WorkflowError) as refused:
        extend(manager, complaint, 1, informed_on=D(2026, 2, 12), good_reason="The surveyor is off sick.")

    assert refused.value.field == "working_days"
    assert "at most 5 working days of extension in all" in refused.value.message
    assert "moves to investigation (stage 2)" in refused.value.message
    stage = fresh(complaint).current_stage
    assert (stage.extension_days, stage.response_due) == (5, D(2026, 2, 16))
    assert Extension.objects.filter(stage=stage).count() == 1


def test_spso_frontline_cannot_be_extended_by_6_at_once(scottish, manager):
    complaint = scottish()

    with pytest.raises(WorkflowError, match="by 6 working days: the SPSO"):
        extend(manager, complaint, 6, informed_on=D(2026, 2, 5), good_reason="Complex.")

    assert not Extension.objects.exists()


def test_seed_003_scottish_stage_2_extension_is_at_most_10_working_days(scottish, officer, manager):
    complaint = scottish()
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)
    workflow.complaint_respond(
        actor=officer,
        complaint=complaint,
        responded_on=D(2026, 2, 6),
        decision="upheld",
        reasons="The appointments were missed.",
        point_decisions=[
            workflow.PointDecisionInput(1, "upheld", "Missed."),
            workflow.PointDecisionInput(2, "upheld", "No call-back."),
        ],
        remedies=[],
        outstanding_actions=[],
    )
    workflow.complaint_escalate(actor=officer, complaint=complaint, requested_on=D(2026, 2, 9))
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 11), points=POINTS, reviewer=manager
    )
    # Investigation answered 20 working days from the request, Mon 9 Feb: Mon 9 Mar 2026; 10 more: Mon 23 Mar.
    extension = extend(manager, complaint, 10, informed_on=D(2026, 3, 2))
    assert extension.new_due == D(2026, 3, 23)

    with pytest.raises(WorkflowError, match="at most 10 working days of extension in all"):
        extend(manager, complaint, 1, informed_on=D(2026, 3, 2), good_reason="Awaiting a structural engineer.")

    assert fresh(complaint).current_stage.extension_days == 10


def test_the_housing_ombudsman_cap_stays_soft_a_senior_manager_goes_beyond_it_with_a_good_reason(
    log_complaint, officer, manager
):
    complaint = log_complaint(received_on=RECEIVED)
    workflow.complaint_acknowledge(actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS)
    extend(officer, complaint, 10, informed_on=D(2026, 2, 16))

    extension = extend(manager, complaint, 5, informed_on=D(2026, 2, 16), good_reason="Awaiting an expert report.")

    assert extension.beyond_cap
    assert fresh(complaint).current_stage.extension_days == 15


# --- moving a frontline complaint to investigation (seed 003 §24) -----------------------------------------------


def test_moving_a_frontline_complaint_to_investigation_starts_stage_2s_clocks_on_the_day_it_moves(scottish, officer):
    complaint = scottish()

    move(officer, complaint, on=D(2026, 2, 4))

    complaint = fresh(complaint)
    stage_1, stage_2 = complaint.stages.order_by("number")
    assert (complaint.stage, complaint.status, complaint.current_stage) == (2, "awaiting_acknowledgement", stage_2)
    assert (stage_1.moved_to_investigation_on, stage_1.responded_on) == (D(2026, 2, 4), None)
    assert stage_2.requested_on == D(2026, 2, 4)
    assert stage_2.investigation_reason == "Damp in a child's bedroom: high-risk."
    # Acknowledged within 3 working days of Wed 4 Feb: Thu 5, Fri 6, Mon 9 Feb.
    assert stage_2.acknowledgement_due == D(2026, 2, 9)
    # Answered within 20 working days of Wed 4 Feb: Wed 4 Mar 2026.
    assert stage_2.response_due == D(2026, 3, 4)
    event = complaint.timeline.get(kind=CaseEvent.Kind.MOVED_TO_INVESTIGATION)
    assert (event.from_status, event.to_status, event.stage) == ("in_progress", "awaiting_acknowledgement", 2)
    assert "on 4 February 2026, without a stage 1 response: Damp in a child's bedroom: high-risk." in (
        event.description
    )
    assert "acknowledgement due 9 February 2026; response due 4 March 2026" in event.description


def test_a_frontline_complaint_that_needs_more_than_10_working_days_moves_to_investigation(scottish, officer):
    complaint = scottish()
    extend(officer, complaint, 5, informed_on=D(2026, 2, 5))

    move(officer, complaint, on=D(2026, 2, 16), reason="Frontline could not resolve it within 10 working days.")

    assert fresh(complaint).current_stage.response_due == D(2026, 3, 16)


def test_the_housing_ombudsman_regime_refuses_to_move_a_complaint_to_stage_2_without_a_stage_1_response(
    log_complaint, officer
):
    complaint = log_complaint(received_on=RECEIVED)
    version = complaint.version

    with pytest.raises(WorkflowError) as refused:
        move(officer, complaint)

    assert "every complaint has its stage 1 response before stage 2 (Code 5.2, 5.3, 6.10)" in refused.value.message
    complaint = fresh(complaint)
    assert (complaint.stage, complaint.version, complaint.stages.count()) == (1, version, 1)
    assert complaint.current_stage.moved_to_investigation_on is None


def test_a_complaint_already_at_stage_2_cannot_move_there_again(scottish, officer, manager):
    complaint = scottish()
    move(officer, complaint)

    with pytest.raises(WorkflowError, match="already at stage 2"):
        move(manager, complaint, on=D(2026, 2, 5))


def test_moving_needs_a_reason_and_a_date_on_or_after_receipt(scottish, officer):
    complaint = scottish()

    with pytest.raises(WorkflowError) as no_reason:
        move(officer, complaint, reason="  ")
    with pytest.raises(WorkflowError) as too_early:
        move(officer, complaint, on=D(2026, 1, 30))

    assert (no_reason.value.field, too_early.value.field) == ("reason", "moved_on")
    assert fresh(complaint).stage == 1


def test_a_frontline_stage_moved_before_its_response_was_due_is_not_counted_as_answered_late(scottish, officer):
    moved_in_time = scottish()
    moved_late = scottish()
    move(officer, moved_in_time, on=D(2026, 2, 4))
    # Due Mon 9 Feb; still unanswered at frontline on Wed 11 Feb: it was late there.
    move(officer, moved_late, on=D(2026, 2, 11))

    tally = performance.response_tally(
        number=1, start=D(2026, 2, 1), end=D(2026, 2, 28), as_of=D(2026, 3, 2), with_extensions=True
    )

    assert [ref.id for ref in tally.not_met] == [moved_late.pk]
    assert tally.met == ()


# --- starting at stage 2 (seed 003 §24; Code 5.2, 5.3) -------------------------------------------------------

SERIOUS = "Gas smell reported twice: high-risk."


def test_seed_003_24_a_serious_scottish_complaint_is_logged_straight_at_stage_2_with_the_reason_on_the_timeline(
    scottish, officer, manager
):
    complaint = fresh(scottish(stage_2_reason=SERIOUS))

    [stage] = complaint.stages.all()
    assert (complaint.stage, complaint.status, stage.number) == (2, "awaiting_acknowledgement", 2)
    assert (stage.requested_on, stage.investigation_reason, stage.regime_stage.name) == (
        RECEIVED,
        SERIOUS,
        "Investigation",
    )
    # Acknowledged within 3 working days of Mon 2 Feb: Thu 5 Feb. Answered within 20: Mon 2 Mar 2026.
    assert (stage.acknowledgement_due, stage.response_due) == (D(2026, 2, 5), D(2026, 3, 2))
    logged = complaint.timeline.get(kind=CaseEvent.Kind.LOGGED)
    assert (logged.stage, logged.to_status) == (2, "awaiting_acknowledgement")
    assert f"Handled at investigation (stage 2) from the start, as serious, high-risk or complex: {SERIOUS}" in (
        logged.description
    )
    # With no stage 1, any senior manager may review it (Code 6.13 has nobody to exclude).
    workflow.complaint_acknowledge(
        actor=manager, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS, reviewer=manager
    )
    assert fresh(complaint).current_stage.handler == manager


def test_the_housing_ombudsman_regime_refuses_a_complaint_logged_at_stage_2(log_complaint, officer):
    with pytest.raises(WorkflowError) as refused:
        log_complaint(received_on=RECEIVED, stage_2_reason=SERIOUS)

    assert refused.value.field == "stage_2_reason"
    assert "every complaint starts at stage 1 (Code 5.2, 5.3)" in refused.value.message
    assert not Complaint.objects.exists()


def test_a_blank_stage_2_reason_starts_at_stage_1(scottish):
    assert fresh(scottish(stage_2_reason="  ")).stage == 1


def test_only_a_case_worker_decides_that_a_complaint_starts_at_stage_2(scottish, staff_member):
    with pytest.raises(PermissionDenied):
        scottish(actor=staff_member, stage_2_reason=SERIOUS)

    assert not Complaint.objects.exists()


def test_the_api_logs_a_serious_scottish_complaint_at_stage_2_and_refuses_one_in_england(officer):
    client = APIClient()
    client.force_authenticate(officer)
    body = {
        "received_on": "2026-02-02",
        "channel": "phone",
        "summary": "I smelt gas again.",
        "resident": {"name": "Morag Stewart", "address": "4 Leith Walk, Edinburgh", "postcode": "EH6 8RG"},
        "stage_2_reason": SERIOUS,
    }

    logged = client.post("/api/v1/complaints/", {**body, "nation": "scotland"}, format="json")
    refused = client.post("/api/v1/complaints/", {**body, "nation": "england"}, format="json")

    assert logged.status_code == 201, logged.data
    assert (logged.data["stage"], logged.data["acknowledgement_due"]) == (2, "2026-02-05")
    assert [(s["number"], s["investigation_reason"]) for s in logged.data["stages"]] == [(2, SERIOUS)]
    assert refused.status_code == 400
    assert "starts at stage 1" in refused.data["stage_2_reason"][0]
    assert Complaint.objects.count() == 1


# --- Northern Ireland: NIPSO's model procedure; Wales: the administrator's choice -----------------------------

REFUSED_ON = D(2026, 2, 4)


def refuse(officer, complaint):
    workflow.complaint_refuse(
        actor=officer,
        complaint=complaint,
        reason=RefusalReason.objects.get(code="legal_proceedings"),
        explanation="The disrepair claim covers the same repair.",
        evidence="Claim form filed 1 February 2026",
        decided_on=REFUSED_ON,
    )
    return Correspondence.objects.get(complaint=complaint, direction="out").body


@pytest.fixture
def administrator(db):
    return UserFactory(role=roles.ADMINISTRATOR, username="ada", is_staff=True)


def test_nipso_is_northern_irelands_regime_with_the_spso_shape(db):
    mapping = NationRegime.objects.get(nation="northern_ireland")
    stages = {stage.number: stage for stage in mapping.regime.stages.all()}

    assert mapping.regime.code == "nipso_model_procedure"
    assert mapping.regime.may_move_to_investigation
    # Frontline: 5 working days from receipt, no acknowledgement, extendable to 10 in all.
    assert (stages[1].acknowledge_within, stages[1].respond_within, stages[1].extension_limit) == (None, 5, 5)
    # Investigation: acknowledged within 3, answered within 20, longer only with a good reason.
    assert (stages[2].acknowledge_within, stages[2].respond_within, stages[2].extension_cap) == (3, 20, 0)
    assert not nation_regime_needs_choice(mapping)


def test_a_refusal_letter_for_a_home_in_belfast_sends_the_resident_to_nipso(log_complaint, officer):
    complaint = log_complaint(
        received_on=RECEIVED, nation="northern_ireland", resident=ResidentFactory(home__nation="northern_ireland")
    )

    letter = refuse(officer, complaint)

    assert "You have the right to ask the Northern Ireland Public Services Ombudsman to look at this decision" in letter
    assert "Progressive House, 33 Wellington Place, Belfast BT1 6HN" in letter
    assert "Housing Ombudsman" not in letter


def test_a_nipso_frontline_complaint_extends_to_10_working_days_in_all_and_its_investigation_needs_a_good_reason(
    log_complaint, officer, manager
):
    complaint = log_complaint(
        received_on=RECEIVED, nation="northern_ireland", resident=ResidentFactory(home__nation="northern_ireland")
    )
    extend(officer, complaint, 5, informed_on=D(2026, 2, 5))
    with pytest.raises(WorkflowError, match="at most 5 working days of extension in all"):
        extend(manager, complaint, 1, informed_on=D(2026, 2, 5), good_reason="Complex.")
    move(officer, complaint, on=D(2026, 2, 12), reason="Needs an in-depth investigation.")
    workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 13), points=POINTS, reviewer=manager
    )
    # Moved Thu 12 Feb 2026: acknowledged within 3 working days (Tue 17 Feb), answered within 20 (Thu 12 Mar).
    stage = fresh(complaint).current_stage
    assert (stage.acknowledgement_due, stage.response_due) == (D(2026, 2, 17), D(2026, 3, 12))

    with pytest.raises(WorkflowError, match="Record the good reason"):
        extend(manager, complaint, 5, informed_on=D(2026, 3, 2))
    extension = extend(manager, complaint, 5, informed_on=D(2026, 3, 2), good_reason="A structural survey is due.")

    assert extension.beyond_cap and extension.approved_by == manager


def test_the_regime_for_welsh_homes_is_shown_as_not_chosen_until_an_administrator_chooses(administrator):
    wales = NationRegime.objects.get(nation="wales")
    assert nation_regime_needs_choice(wales)
    assert set(regimes_for("wales").values_list("code", flat=True)) == {
        "housing_ombudsman_2024",
        "psow_code_timescales",
    }

    chosen = nation_regime_choose(
        actor=administrator, nation="wales", regime=Regime.objects.get(code="housing_ombudsman_2024")
    )

    assert not nation_regime_needs_choice(chosen)
    assert (chosen.chosen_by, chosen.chosen_at) == (administrator, timezone.now())


def test_once_wales_chooses_the_public_services_ombudsman_for_wales_its_letters_name_it(
    log_complaint, officer, administrator
):
    resident = ResidentFactory(home__nation="wales")
    before = log_complaint(received_on=RECEIVED, nation="wales", resident=resident)
    nation_regime_choose(actor=administrator, nation="wales", regime=Regime.objects.get(code="psow_code_timescales"))
    after = log_complaint(received_on=RECEIVED, nation="wales", resident=resident)

    assert "the Housing Ombudsman" in refuse(officer, before)
    letter = refuse(officer, after)
    assert "You have the right to ask the Public Services Ombudsman for Wales to look at this decision" in letter
    assert "1 Ffordd yr Hen Gae, Pencoed CF35 5LJ" in letter
    # The Code's timescales: acknowledged within 5 working days of Mon 2 Feb 2026.
    assert fresh(after).current_stage.acknowledgement_due == D(2026, 2, 9)


def test_a_regime_that_does_not_cover_the_nation_cannot_be_chosen_for_it(administrator):
    with pytest.raises(WorkflowError, match="does not cover homes in Wales") as refused:
        nation_regime_choose(
            actor=administrator, nation="wales", regime=Regime.objects.get(code="spso_model_procedure")
        )

    assert refused.value.field == "regime"
    assert nation_regime_needs_choice(NationRegime.objects.get(nation="wales"))


def test_only_an_administrator_chooses_a_nations_regime(officer, manager):
    for user in (officer, manager):
        with pytest.raises(PermissionDenied):
            nation_regime_choose(actor=user, nation="wales", regime=Regime.objects.get(code="psow_code_timescales"))


def test_the_admin_offers_only_the_regimes_that_cover_the_nation_and_records_the_choice(
    client, administrator, login_with_mfa
):
    wales = NationRegime.objects.get(nation="wales")
    psow = Regime.objects.get(code="psow_code_timescales")
    login_with_mfa(client, administrator)
    url = f"/admin/complaints/nationregime/{wales.pk}/change/"

    page = client.get(url).content.decode()
    answer = client.post(url, {"regime": psow.pk})

    assert "Not chosen yet" in page
    assert "Scottish Public Services Ombudsman" not in page and "SPSO model" not in page
    assert answer.status_code == 302
    wales.refresh_from_db()
    assert (wales.regime, wales.chosen_by) == (psow, administrator)


# --- time limits to complain (Code 2.3; seed 003 §16) -----------------------------------------------------------

ILLNESS = "In hospital for most of 2025."


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("first_knew_on", "out_of_time", "ends_on"),
    [
        # Code 2.3: within 12 months of when the resident knew. Received Mon 2 Feb 2026.
        (D(2025, 2, 2), False, D(2026, 2, 2)),
        (D(2025, 2, 1), True, D(2026, 2, 1)),
    ],
)
def test_code_2_3_a_complaint_is_in_time_for_12_months_from_when_the_resident_first_knew(
    log_complaint, first_knew_on, out_of_time, ends_on
):
    complaint = log_complaint(received_on=RECEIVED, first_knew_on=first_knew_on)

    assert (complaint.time_limit_ends_on(), complaint.raised_out_of_time()) == (ends_on, out_of_time)
    logged = complaint.timeline.get(kind=CaseEvent.Kind.LOGGED).description
    assert ("Raised after the time limit" in logged) == out_of_time


def test_seed_003_16_the_time_limit_is_6_months_in_scotland(scottish, log_complaint):
    scottish_complaint = scottish(first_knew_on=D(2025, 8, 1))
    english = log_complaint(received_on=RECEIVED, first_knew_on=D(2025, 8, 1))

    assert scottish_complaint.time_limit_ends_on() == D(2026, 2, 1)
    assert scottish_complaint.raised_out_of_time()
    assert not english.raised_out_of_time()
    assert "the 6-month limit ended on 1 February 2026. Accept it under special circumstances, or refuse it" in (
        scottish_complaint.timeline.get(kind=CaseEvent.Kind.LOGGED).description
    )


def test_a_time_limit_from_29_february_ends_on_the_last_day_of_february(log_complaint, scottish):
    english = log_complaint(received_on=RECEIVED, first_knew_on=D(2024, 2, 29))
    scottish_complaint = scottish(first_knew_on=D(2024, 2, 29))

    assert english.time_limit_ends_on() == D(2025, 2, 28)
    assert scottish_complaint.time_limit_ends_on() == D(2024, 8, 29)


def test_the_resident_cannot_have_first_known_after_complaining(log_complaint):
    with pytest.raises(WorkflowError) as refused:
        log_complaint(received_on=RECEIVED, first_knew_on=D(2026, 2, 3))

    assert refused.value.field == "first_knew_on"
    assert not Complaint.objects.exists()


def test_out_of_time_the_refusal_reason_is_offered_with_the_date_worked_out(
    log_complaint, officer, client, login_with_mfa
):
    complaint = log_complaint(received_on=RECEIVED, first_knew_on=D(2025, 2, 1))
    explanation = (
        "You first knew of the problem on 1 February 2025. Complaints must be made within 12 months of that, so by "
        "1 February 2026, and we received yours on 2 February 2026."
    )

    answer = api_for(officer).get(f"/api/v1/complaints/{complaint.pk}/")
    login_with_mfa(client, officer)
    form = client.get(f"/staff/complaints/{complaint.reference}/refuse/").context["form"]

    assert answer.data["time_limit"] == {
        "months": 12,
        "first_knew_on": "2025-02-01",
        "ends_on": "2026-02-01",
        "raised_out_of_time": True,
        "accepted_under_special_circumstances": False,
        "refusal": {"reason": "over_12_months", "explanation": explanation},
    }
    reason = RefusalReason.objects.get(code="over_12_months")
    assert (form.initial["reason"], form.initial["explanation"]) == (reason.pk, explanation)
    assert reason.name == "Raised after the time limit"


def test_a_complaint_raised_in_time_is_not_refused_for_being_late(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED, first_knew_on=D(2025, 6, 1))

    with pytest.raises(WorkflowError, match="raised within the time limit: the resident first knew") as refused:
        workflow.complaint_refuse(
            actor=officer,
            complaint=complaint,
            reason=RefusalReason.objects.get(code="over_12_months"),
            explanation="Too old.",
            evidence="Their email.",
            discretion_note="None.",
            decided_on=D(2026, 2, 4),
        )

    assert refused.value.field == "reason"
    assert fresh(complaint).status == "awaiting_acknowledgement"


def test_special_circumstances_accept_a_late_complaint_and_are_kept_off_the_timeline(
    log_complaint, officer, staff_member
):
    with pytest.raises(PermissionDenied):
        log_complaint(
            received_on=RECEIVED, first_knew_on=D(2024, 6, 1), time_limit_waived_because=ILLNESS, actor=staff_member
        )
    complaint = log_complaint(received_on=RECEIVED, first_knew_on=D(2024, 6, 1), time_limit_waived_because=ILLNESS)

    assert complaint.time_limit_waived_because == ILLNESS
    assert "Accepted under special circumstances (Code 2.3)." in complaint.timeline.get().description
    assert not complaint.timeline.filter(description__contains="hospital").exists()
    time_limit = api_for(officer).get(f"/api/v1/complaints/{complaint.pk}/").data["time_limit"]
    assert (time_limit["accepted_under_special_circumstances"], time_limit["refusal"]) == (True, None)
    with pytest.raises(WorkflowError, match="accepted under special circumstances"):
        workflow.complaint_refuse(
            actor=officer,
            complaint=complaint,
            reason=RefusalReason.objects.get(code="over_12_months"),
            explanation="Too old.",
            evidence="Their email.",
            discretion_note="None.",
            decided_on=D(2026, 2, 4),
        )


def test_special_circumstances_cannot_be_recorded_for_a_complaint_in_time(log_complaint):
    with pytest.raises(WorkflowError, match="raised within the time limit, which ran to 1 June 2026") as refused:
        log_complaint(received_on=RECEIVED, first_knew_on=D(2025, 6, 1), time_limit_waived_because=ILLNESS)

    assert refused.value.field == "time_limit_waived_because"
    assert not Complaint.objects.exists()


def test_a_late_complaint_is_accepted_afterwards_once_and_only_with_the_circumstances(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED, first_knew_on=D(2024, 6, 1))
    with pytest.raises(WorkflowError) as blank:
        workflow.complaint_accept_out_of_time(actor=officer, complaint=complaint, because=" ")

    workflow.complaint_accept_out_of_time(actor=officer, complaint=complaint, because=ILLNESS)

    assert blank.value.field == "because"
    complaint = fresh(complaint)
    assert complaint.time_limit_waived_because == ILLNESS
    event = complaint.timeline.get(kind=CaseEvent.Kind.TIME_LIMIT_WAIVED)
    assert event.description == (
        "Accepted under special circumstances, although raised after the time limit that ended on 1 June 2025 "
        "(Code 2.3)."
    )
    with pytest.raises(WorkflowError, match="already been accepted"):
        workflow.complaint_accept_out_of_time(actor=officer, complaint=complaint, because=ILLNESS)


# --- reopening a refused complaint (Code 2.4) -------------------------------------------------------------------


def test_code_2_4_reopening_a_refused_complaint_through_the_api_keeps_the_date_it_was_received(log_complaint, officer):
    complaint = log_complaint(received_on=RECEIVED)
    api = api_for(officer)
    refused = api.post(
        f"/api/v1/complaints/{complaint.pk}/refuse/",
        {
            "reason": "legal_proceedings",
            "explanation": "The disrepair claim covers the same repair.",
            "evidence": "Claim form filed 1 February 2026",
            "decided_on": "2026-02-04",
        },
        format="json",
    )
    assert refused.status_code == 200, refused.data

    answer = api.post(
        f"/api/v1/complaints/{complaint.pk}/reopen/",
        {"reopened_on": "2026-02-17", "reason": "The Ombudsman asked us to take it on."},
        format="json",
    )

    assert answer.status_code == 200, answer.data
    [stage] = answer.data["stages"]
    assert (answer.data["received_on"], stage["requested_on"], stage["clock_restarted_on"]) == (
        "2026-02-02",
        "2026-02-02",
        "2026-02-17",
    )
    # Reopened Tue 17 Feb 2026: acknowledgement due Tue 24 Feb (Feb 18, 19, 20, 23, 24).
    assert answer.data["acknowledgement_due"] == "2026-02-24"
