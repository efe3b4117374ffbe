"""Who may do what. Checked by the services, so the browser, the API and any other caller share one answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.conf import settings

from core.roles import (
    is_administrator,
    is_case_worker,
    is_officer,
    is_senior_lead,
    is_senior_manager,
    is_staff_member,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from complaints.models import Complaint


@rules.predicate
def logged_it(user: User | AnonymousUser, complaint: Complaint | None) -> bool:
    return complaint is not None and complaint.logged_by_id == user.id


@rules.predicate
def is_web_form_account(user: User | AnonymousUser) -> bool:
    # The account the residents' pages act as (settings.WEB_FORM_USERNAME). It cannot sign in (no usable password);
    # these rules let it file what the resident sends with the complaint it just logged, and, once the resident
    # has shown public_pages they can read the email on file, their request for stage 2 and what they add later.
    return (
        user.is_authenticated and user.get_username() == settings.WEB_FORM_USERNAME and not user.has_usable_password()
    )


@rules.predicate
def is_mailbox_account(user: User | AnonymousUser) -> bool:
    # The account the complaints mailbox records emails as (settings.INBOUND_EMAIL_USERNAME, the inbound app). It
    # cannot sign in; it records an email on whichever case the email names.
    return (
        user.is_authenticated
        and user.get_username() == settings.INBOUND_EMAIL_USERNAME
        and not user.has_usable_password()
    )


@rules.predicate
def at_stage_2(user: User | AnonymousUser, complaint: Complaint | None) -> bool:
    return complaint is not None and complaint.stage == 2


# Any member of staff can log a complaint for a resident (Code 3.2), and see the ones they logged.
rules.add_perm("complaints.log_complaint", is_case_worker | is_staff_member)
# The senior lead reads every case to see themes and trends (Code 9.4) but acts on none.
rules.add_perm("complaints.view_complaint", is_case_worker | is_senior_lead | (is_staff_member & logged_it))
rules.add_perm("complaints.list_complaints", is_case_worker | is_senior_lead | is_staff_member)
rules.add_perm("complaints.view_all_complaints", is_case_worker | is_senior_lead)
# Staff look residents up to log complaints for them; only case workers see special-category data (below).
rules.add_perm("complaints.view_residents", is_case_worker | is_staff_member)
# Officers log, define and acknowledge at either stage; the stage 2 review itself is a senior manager's.
rules.add_perm("complaints.acknowledge_complaint", is_case_worker)
rules.add_perm("complaints.assign_reviewer", is_case_worker)
# A case worker takes a case on or passes it to a colleague, as the team works day to day, with the reason on the
# timeline; whoever it goes to must be able to handle that stage (the service checks, Code 6.13 at stage 2).
rules.add_perm("complaints.assign_complaint", is_case_worker)
rules.add_perm("complaints.categorise_complaint", is_case_worker)
# Moving many cases at once (someone is off sick) redistributes a team's work: a senior manager's decision.
rules.add_perm("complaints.reassign_in_bulk", is_senior_manager)
rules.add_perm("complaints.escalate_complaint", is_case_worker | is_web_form_account)
rules.add_perm("complaints.record_on_complaint", is_case_worker | is_web_form_account | is_mailbox_account)
rules.add_perm("complaints.handle_complaint", (is_officer & ~at_stage_2) | is_senior_manager)
# Code 6.4 / 6.15: extensions beyond the cap need a good reason and a senior manager's approval.
rules.add_perm("complaints.approve_long_extension", is_senior_manager)
# Special-category data (Code 5.10, 5.14): only the people handling complaints.
# The web form account records the needs a resident tells us on the form (Code 5.10); it cannot sign in to read.
rules.add_perm("complaints.view_special_category", is_case_worker | is_web_form_account)
rules.add_perm("complaints.manage_calendar", is_administrator)
# The day's letters by post: printed, enveloped and confirmed posted by the complaints team.
rules.add_perm("complaints.post_letters", is_case_worker)
