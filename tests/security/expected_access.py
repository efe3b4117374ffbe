"""THE expected-access table: who may reach every URL and API operation. tests/security/test_access_walk.py visits
each one as every role and compares.

Adding a URL or an API endpoint? Add its entry here (the walk fails until you do, and prints what it saw).

- `PAGES` is keyed by URL name (`namespace:name`); a parameter that picks one of several views (a queue, a case
  action) makes one entry per value, `name[value]` (see `VARIANTS`). `API` is keyed by the path in the OpenAPI
  schema, with one set of roles per HTTP method.
- A role in the set must be let in (any answer but 401/403/404/405, a redirect to sign in, or a 5xx). A role not
  in it must be refused: 403 when signed in; the sign-in redirect on pages, 401/403 on the API, when signed out.
  Pages walk GET and POST (POST with an empty form: refused, or let in to see the form's errors); a method a URL
  does not take (405) counts as refused.
- `args` says which object of tests/security/world.py fills each path parameter: `"complaint.pk"`, `"resident.pk"`,
  `"own_alert.pk"` (the visiting user's own alert), or a literal: `"=hos-2024"`. `<reference>` is the case's.
- The case in the walk is at stage 1, awaiting acknowledgement, logged by an officer (so not by the staff member).
- `hidden_from`: roles refused with 404 rather than 403, where not even the object's existence is theirs to know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tests.security.world import ADMIN, ANONYMOUS, BOARD, LEAD, MANAGER, OFFICER, RESIDENT, STAFF, SURVEY_TOKEN

API_PREFIX = "api/v1/"

EVERYONE = frozenset({ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN})
SIGNED_IN = frozenset({STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN})
CASE_WORKERS = frozenset({OFFICER, MANAGER})  # complaints.view_special_category
NOBODY: frozenset[str] = frozenset()


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


@dataclass(frozen=True)
class Access:
    get: frozenset[str] | None = None
    post: frozenset[str] | None = None
    put: frozenset[str] | None = None
    patch: frozenset[str] | None = None
    delete: frozenset[str] | None = None
    args: dict[str, str] = field(default_factory=dict)
    query: str = ""  # added to the URL, for pages that need one (which figure's cases)
    hidden_from: frozenset[str] = NOBODY
    # TO FIX: signed-in roles that may not POST here are told what is wrong with their (empty) input, 400, before
    # being refused; the service refuses them once the input is valid. Listed so the gap stays visible.
    validates_first: frozenset[str] = NOBODY
    # Roles whose answer Django's own model permissions decide (the admin): let in or refused are both accepted.
    model_permissions: frozenset[str] = NOBODY

    def allowed(self, method: str) -> frozenset[str] | None:
        return getattr(self, method)


def _queues() -> Iterable[str]:
    from casework.selectors import QUEUES

    return QUEUES


def _case_actions() -> Iterable[str]:
    from complaints.case_actions import case_actions

    return [action.slug for action in case_actions()]


def _resident_forms() -> Iterable[str]:
    from casework.views.residents import ADD_FORMS

    return ADD_FORMS


def _assessment_formats() -> Iterable[str]:
    from selfassessment.views import DOWNLOADS

    return DOWNLOADS


def _assessment_steps() -> Iterable[str]:
    from selfassessment.views import STEPS

    return STEPS


def _referral_actions() -> Iterable[str]:
    from ombudsman.views import REFERRAL_ACTIONS

    return REFERRAL_ACTIONS


# URL name -> (parameter, the values it takes): each value is walked as its own entry, `name[value]`.
VARIANTS: dict[str, tuple[str, Callable[[], Iterable[str]]]] = {
    "casework:queue": ("slug", _queues),
    "casework:complaint-action": ("action", _case_actions),
    "casework:resident-add": ("kind", _resident_forms),
    "casework:resident-review": ("kind", lambda: ["adjustment", "restriction"]),
    "casework:item-complete": ("kind", lambda: ["remedy", "action"]),
    "selfassessment:download": ("fmt", _assessment_formats),
    "selfassessment:staff-step": ("step", _assessment_steps),
    "ombudsman:referral-action": ("action", _referral_actions),
}

STAFF_AND_CASE_WORKERS = CASE_WORKERS | {STAFF}  # complaints.log_complaint, view_residents
CASE_READERS = CASE_WORKERS | {LEAD}  # complaints.view_all_complaints: the senior lead reads every case (Code 9.4)
ASSESSMENT_READERS = CASE_WORKERS | {BOARD}  # selfassessment.view_assessment
NOT_CASE_WORKERS = SIGNED_IN - CASE_WORKERS
NOT_CASE_READERS = SIGNED_IN - CASE_READERS
COMPLAINT = {"id": "complaint.pk"}
DRAFT_ASSESSMENT = {"id": "draft_assessment.pk"}

PAGES: dict[str, Access] = {
    # Residents' pages and what every page needs.
    "public:home": Access(get=EVERYONE, post=EVERYONE),
    "public:complain": Access(get=EVERYONE, post=EVERYONE),
    "public:complaint-received": Access(get=EVERYONE, post=EVERYONE),
    "public:check": Access(get=EVERYONE, post=EVERYONE),
    # A code goes only to a browser whose check matched a complaint (the walk's resident).
    "public:check-send-code": Access(get=NOBODY, post=roles(RESIDENT)),
    "public:check-code": Access(get=EVERYONE, post=EVERYONE),
    # The resident's own view: only a browser that entered the emailed code or opened a letter's link, which no role
    # of the walk has (tests/public/test_resident_view.py); everyone else is sent back to Check my complaint.
    "public:open": Access(get=NOBODY, post=NOBODY, args={"token": "=not-a-real-link"}, hidden_from=EVERYONE),
    "public:your-complaint": Access(get=NOBODY, post=NOBODY),
    "public:letter": Access(get=NOBODY, post=NOBODY, args={"pk": "complaint.pk"}),
    "public:stage-2": Access(get=NOBODY, post=NOBODY),
    "public:send-information": Access(get=NOBODY, post=NOBODY),
    "public:leave": Access(get=NOBODY, post=EVERYONE),
    "public:policy": Access(get=EVERYONE, post=EVERYONE),
    "public:ombudsman": Access(get=EVERYONE, post=EVERYONE),
    "ui:brand-css": Access(get=EVERYONE, post=NOBODY),
    # Satisfaction surveys (Code 1.6): the emailed link's token is the only key, no sign-in.
    "surveys:answer": Access(get=EVERYONE, post=EVERYONE, args={"token": "=" + SURVEY_TOKEN}),
    "surveys:thanks": Access(get=EVERYONE, post=EVERYONE),
    "health": Access(get=EVERYONE, post=EVERYONE),
    "schema": Access(get=EVERYONE, post=NOBODY),
    "api-docs": Access(get=EVERYONE, post=NOBODY),
    # The DRF router's index of the API: a list of links, no data.
    "api-root": Access(get=SIGNED_IN, post=NOBODY),
    # Staff sign-in (django-allauth with MFA, identity/): what each role gets, as the walk found it.
    "identity:security": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "identity:sign-out-elsewhere": Access(get=roles(), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)),
    # The timeout warning's "Stay signed in".
    "identity:keep-alive": Access(get=NOBODY, post=SIGNED_IN),
    "identity:mfa-resets": Access(get=roles(ADMIN), post=roles(ADMIN)),
    "account_confirm_email": Access(get=EVERYONE, post=NOBODY, args={"key": "=no-such-key"}, hidden_from=EVERYONE),
    "account_reset_password_from_key": Access(
        get=EVERYONE, post=EVERYONE, args={"uidb36": "=0", "key": "=no-such-key"}
    ),
    # A user who does not exist: non-administrators are refused (403) first; the reset itself is tested in
    # tests/identity/test_mfa_reset.py.
    "identity:mfa-reset": Access(get=NOBODY, post=NOBODY, args={"pk": "=999999"}, hidden_from=roles(ADMIN)),
    "usersessions_list": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "mfa_index": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_login": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_logout": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_inactive": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()
    ),
    "account_signup": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_reauthenticate": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "account_email": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "account_email_verification_sent": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()
    ),
    "account_change_password": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "account_set_password": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "account_reset_password": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_confirm_login_code": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "account_reset_password_from_key_done": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()
    ),
    "account_reset_password_done": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()
    ),
    "mfa_authenticate": Access(
        get=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
        post=roles(ANONYMOUS, RESIDENT, STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN),
    ),
    "mfa_reauthenticate": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_activate_totp": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_deactivate_totp": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_view_recovery_codes": Access(get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()),
    "mfa_generate_recovery_codes": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_download_recovery_codes": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    # Security keys (WebAuthn): each person's own. Renaming or removing one asks for the password again before
    # anything else (the redirect the walk sees); after it, someone else's key is not found
    # (tests/identity/test_security_keys.py).
    "mfa_list_webauthn": Access(get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles()),
    "mfa_add_webauthn": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_reauthenticate_webauthn": Access(
        get=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN), post=roles(STAFF, OFFICER, MANAGER, LEAD, BOARD, ADMIN)
    ),
    "mfa_remove_webauthn": Access(get=SIGNED_IN, post=SIGNED_IN, args={"pk": "=999999"}),
    "mfa_edit_webauthn": Access(get=SIGNED_IN, post=SIGNED_IN, args={"pk": "=999999"}),
    # The published self-assessment is public (Code 8.2); drafts only for those preparing or approving them.
    "selfassessment:public": Access(get=EVERYONE, post=EVERYONE),
    "selfassessment:public-detail": Access(get=EVERYONE, post=EVERYONE, args={"pk": "published_assessment.pk"}),
    "selfassessment:download[pdf]": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}, hidden_from=EVERYONE
    ),
    "selfassessment:download[docx]": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}, hidden_from=EVERYONE
    ),
    "selfassessment:download[csv]": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}, hidden_from=EVERYONE
    ),
    "selfassessment:download[xlsx]": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}, hidden_from=EVERYONE
    ),
    "selfassessment:staff-list": Access(get=ASSESSMENT_READERS, post=ASSESSMENT_READERS),
    "selfassessment:staff-detail": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}
    ),
    "selfassessment:staff-compare": Access(
        get=ASSESSMENT_READERS, post=ASSESSMENT_READERS, args={"pk": "draft_assessment.pk"}
    ),
    # Officers and managers prepare (selfassessment.rules); the board approves; the board and managers publish.
    "selfassessment:staff-create": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "selfassessment:staff-policies": Access(get=ASSESSMENT_READERS, post=CASE_WORKERS),
    "selfassessment:staff-approve": Access(get=roles(BOARD), post=roles(BOARD), args={"pk": "draft_assessment.pk"}),
    "selfassessment:staff-publish": Access(
        get=roles(BOARD, MANAGER), post=roles(BOARD, MANAGER), args={"pk": "draft_assessment.pk"}
    ),
    "selfassessment:staff-amend": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "draft_assessment.pk"}),
    "selfassessment:staff-step[mark-ready]": Access(get=NOBODY, post=CASE_WORKERS, args={"pk": "draft_assessment.pk"}),
    "selfassessment:staff-step[return-to-draft]": Access(
        get=NOBODY, post=CASE_WORKERS, args={"pk": "draft_assessment.pk"}
    ),
    "selfassessment:staff-step[refresh-figures]": Access(
        get=NOBODY, post=CASE_WORKERS, args={"pk": "draft_assessment.pk"}
    ),
    "selfassessment:staff-provision": Access(
        get=ASSESSMENT_READERS, post=CASE_WORKERS, args={"pk": "draft_assessment.pk", "number": "=1.2"}
    ),
    "selfassessment:staff-evidence-add": Access(
        get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "draft_assessment.pk", "number": "=1.2"}
    ),
    "selfassessment:staff-evidence-confirm": Access(
        get=NOBODY,
        post=NOBODY,
        args={"pk": "draft_assessment.pk", "number": "=1.2", "item_pk": "=999999"},
        hidden_from=ASSESSMENT_READERS,
    ),
    "selfassessment:staff-evidence-file": Access(
        get=NOBODY,
        post=NOBODY,
        args={"pk": "draft_assessment.pk", "number": "=1.2", "item_pk": "=999999"},
        hidden_from=ASSESSMENT_READERS,
    ),
    "selfassessment:staff-evidence-remove": Access(
        get=NOBODY,
        post=NOBODY,
        args={"pk": "draft_assessment.pk", "number": "=1.2", "item_pk": "=999999"},
        hidden_from=ASSESSMENT_READERS,
    ),
    # Alerts: everyone signed in has their own.
    "alerts:list": Access(get=SIGNED_IN, post=SIGNED_IN),
    "alerts:read": Access(get=NOBODY, post=SIGNED_IN, args={"alert_id": "own_alert.pk"}),
    "alerts:read-all": Access(get=NOBODY, post=SIGNED_IN),
    "alerts:settings": Access(get=SIGNED_IN, post=SIGNED_IN),
    # Case work. Staff see only the complaints they logged ("logged"); the senior lead reads, acts on nothing.
    # Where signing in lands: everyone signed in is sent on to their own first page (the board its dashboard,
    # administrators their administration home).
    "staff-home": Access(get=SIGNED_IN, post=SIGNED_IN),
    "golive:administration": Access(get=roles(ADMIN), post=NOBODY),
    "golive:check": Access(get=roles(ADMIN), post=NOBODY),
    "golive:templates-reviewed": Access(get=NOBODY, post=roles(ADMIN)),
    "casework:queue[logged]": Access(get=CASE_READERS | {STAFF}, post=CASE_READERS | {STAFF}),
    "casework:queue[mine]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[awaiting-acknowledgement]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[due-soon]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[overdue]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[awaiting-reviewer]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[extended]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[unassigned]": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:queue[my-team]": Access(get=CASE_READERS, post=CASE_READERS),
    # Moving many cases at once is a senior manager's decision (complaints.reassign_in_bulk).
    "casework:reassign": Access(get=roles(MANAGER), post=roles(MANAGER)),
    # The search box: within what each may see (complaints_visible_to); never the board.
    "casework:search": Access(get=roles(STAFF, OFFICER, MANAGER, LEAD), post=roles(STAFF, OFFICER, MANAGER, LEAD)),
    "casework:queue[actions-due]": Access(get=CASE_READERS, post=CASE_READERS),
    # Adjustments and restrictions due for review: special-category data (Code 5.10, 5.14).
    "casework:queue[reviews-due]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-log": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS),
    "casework:complaint": Access(get=CASE_READERS, post=CASE_READERS),
    "casework:document": Access(get=CASE_READERS, post=CASE_READERS, args={"pk": "document.pk"}),
    "casework:item-complete[remedy]": Access(get=NOBODY, post=CASE_WORKERS, args={"pk": "remedy.pk"}),
    "casework:item-complete[action]": Access(get=NOBODY, post=CASE_WORKERS, args={"pk": "action.pk"}),
    "casework:complaint-action[acknowledge]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[define]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[extend]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[respond]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[escalate]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[assign-reviewer]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[assign]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[categorise]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[move-to-investigation]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[accept-out-of-time]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[correspondence]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[document]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[issue]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[remedy]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[outstanding-action]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[refuse]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[withdraw]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[close]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[reopen]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:residents": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS),
    "casework:resident-new": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS),
    "casework:resident": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS, args={"pk": "resident.pk"}),
    "casework:resident-add[representative]": Access(
        get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS, args={"pk": "resident.pk"}
    ),
    "casework:resident-add[disclosure]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "casework:resident-add[adjustment]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "casework:resident-add[restriction]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "casework:resident-review[adjustment]": Access(
        get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk", "item_pk": "adjustment.pk"}
    ),
    "casework:resident-review[restriction]": Access(
        get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk", "item_pk": "restriction.pk"}
    ),
    "casework:service-requests": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS),
    "casework:letters-to-post": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:letters-to-post-pdf": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:service-request-new": Access(get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS),
    "casework:service-request": Access(
        get=STAFF_AND_CASE_WORKERS, post=STAFF_AND_CASE_WORKERS, args={"pk": "service_request.pk"}
    ),
    "casework:complaint-action[learning]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "casework:complaint-action[survey]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    # Internal notes and drafts: the people handling complaints only; a draft only by someone who may send its form.
    "casework:complaint-action[note]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "notes:pin": Access(get=NOBODY, post=CASE_WORKERS, args={"pk": "note.pk"}),
    "notes:drafts": Access(get=NOBODY, post=CASE_WORKERS, args={"form": "=respond"}),
    "casework:complaint-action[ombudsman-referral]": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    # Learning (Code 9.1-9.4): the senior lead looks across cases and records improvements.
    "learning:themes": Access(get=CASE_READERS, post=CASE_READERS),
    "learning:improvements": Access(get=CASE_READERS, post=CASE_READERS),
    "learning:improvement-new": Access(get=CASE_READERS, post=CASE_READERS),
    "learning:improvement": Access(get=CASE_READERS, post=CASE_READERS, args={"pk": "improvement.pk"}),
    # The Ombudsman's cases: read by case workers and the senior lead, recorded by case workers.
    "ombudsman:overview": Access(get=CASE_READERS, post=CASE_READERS),
    "ombudsman:referral": Access(get=CASE_READERS, post=CASE_READERS, args={"pk": "referral.pk"}),
    "ombudsman:referral-action[determine]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "referral.pk"}),
    "ombudsman:referral-action[finding]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "referral.pk"}),
    "ombudsman:referral-action[order]": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "referral.pk"}),
    "ombudsman:order-comply": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "order.pk"}),
    "ombudsman:chfo-new": Access(get=CASE_WORKERS, post=CASE_WORKERS),
    "ombudsman:chfo-comply": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "failure_order.pk"}),
    # Emails no case claimed (inbound): residents' words and addresses, for case workers only.
    "inbound:new-emails": Access(get=CASE_WORKERS, post=NOBODY),
    "inbound:email": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "inbound_email.pk"}),
    # Survey results: counts for the board too.
    "surveys:results": Access(get=CASE_READERS | {BOARD}, post=CASE_READERS | {BOARD}),
    # Dashboards (aggregates: the board too, with no resident's name) and the cases behind each number.
    "dashboard:dashboard": Access(get=CASE_READERS | {BOARD}, post=CASE_READERS | {BOARD}),
    "dashboard:tsm": Access(get=CASE_READERS | {BOARD}, post=CASE_READERS | {BOARD}),
    "dashboard:cases": Access(
        get=CASE_READERS, post=CASE_READERS, query="figure=received&from=2026-02-01&to=2026-03-31"
    ),
    "dashboard:tsm-cases": Access(
        get=CASE_READERS, post=CASE_READERS, query="year=2025&code=CH01&stage=1&part=all&which=numerator"
    ),
    # The number of homes each year (the TSM denominator): the senior lead and administrators record it.
    "dashboard:homes": Access(get=roles(LEAD, ADMIN), post=roles(LEAD, ADMIN)),
    # Data protection requests (UK GDPR): subject access, rectification, erasure, legal holds; case workers.
    "privacy:overview": Access(get=CASE_WORKERS, post=NOBODY),
    "privacy:resident": Access(get=CASE_WORKERS, post=NOBODY, args={"pk": "resident.pk"}),
    "privacy:subject-access": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "privacy:rectify": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "privacy:erase": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "privacy:hold-place": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "resident.pk"}),
    "privacy:hold-release": Access(get=CASE_WORKERS, post=CASE_WORKERS, args={"pk": "legal_hold.pk"}),
    # The annual report (Code 8.1, 8.2) and the MRC pack (9.7). Nothing is published in the walk's world: the
    # public page says so to everyone (Code 8.2: no 404 before the first report); a year's page answers 404.
    "reporting:public": Access(get=EVERYONE, post=EVERYONE),
    "reporting:public-year": Access(get=NOBODY, post=NOBODY, args={"year": "=2025"}, hidden_from=EVERYONE),
    "reporting:public-pdf": Access(get=NOBODY, post=NOBODY, args={"year": "=2025"}, hidden_from=EVERYONE),
    "reporting:staff-list": Access(get=ASSESSMENT_READERS | {LEAD}, post=ASSESSMENT_READERS | {LEAD}),
    "reporting:staff-detail": Access(
        get=ASSESSMENT_READERS | {LEAD}, post=ASSESSMENT_READERS | {LEAD}, args={"pk": "annual_report.pk"}
    ),
    "reporting:staff-edit": Access(
        get=roles(MANAGER, LEAD), post=roles(MANAGER, LEAD), args={"pk": "annual_report.pk"}
    ),
    "reporting:staff-approve": Access(get=roles(BOARD), post=roles(BOARD), args={"pk": "annual_report.pk"}),
    "reporting:staff-render": Access(get=NOBODY, post=ASSESSMENT_READERS | {LEAD}, args={"pk": "annual_report.pk"}),
    "reporting:mrc-pack": Access(get=roles(MANAGER, LEAD, BOARD), post=roles(MANAGER, LEAD, BOARD)),
    "reporting:render": Access(
        get=ASSESSMENT_READERS | {LEAD}, post=ASSESSMENT_READERS | {LEAD}, args={"pk": "report_render.pk"}
    ),
    "reporting:render-status": Access(
        get=ASSESSMENT_READERS | {LEAD}, post=ASSESSMENT_READERS | {LEAD}, args={"pk": "report_render.pk"}
    ),
    # The walk's PDF is never drawn: those who may see it are told it is not there (404), the rest refused.
    "reporting:render-download": Access(
        get=NOBODY, post=NOBODY, args={"pk": "report_render.pk"}, hidden_from=ASSESSMENT_READERS | {LEAD}
    ),
    # The admin site: only system administrators (is_staff) get in, and then only as far as their group's model
    # permissions go. Every other role is sent to the admin's sign-in page.
    "admin:*": Access(get=roles(ADMIN), post=roles(ADMIN), model_permissions=roles(ADMIN)),
    # The admin's password-only form is closed: signed-out visitors go to the MFA sign-in (identity), non-staff get 403.
    "admin:login": Access(get=roles(ADMIN), post=roles(ADMIN)),
    # Signing out of the admin: POST only; a GET from anyone not signed in to it goes to its index.
    "admin:logout": Access(get=EVERYONE - {ADMIN}, post=EVERYONE),
    "admin:autocomplete": Access(get=NOBODY, post=NOBODY),
    "admin:jsi18n": Access(get=roles(ADMIN), post=NOBODY),
    "admin:password_change_done": Access(get=roles(ADMIN), post=NOBODY),
    # No model here has a page on the site, and the catch-all answers 404 to anything it does not know.
    "admin:view_on_site": Access(get=NOBODY, post=NOBODY, hidden_from=roles(ADMIN)),
    "admin/(?P<url>.*)$": Access(get=NOBODY, post=NOBODY, hidden_from=roles(ADMIN)),
}

API: dict[str, Access] = {
    "/api/v1/complaints/": Access(get=CASE_READERS | {STAFF}, post=STAFF_AND_CASE_WORKERS),
    "/api/v1/complaints/{id}/": Access(get=CASE_READERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/acknowledge/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/assign-reviewer/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/assign/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/categorise/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/move-to-investigation/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/accept-out-of-time/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/close/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/correspondence/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/define/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/documents/": Access(get=CASE_READERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/documents/{document_id}/download/": Access(
        get=CASE_READERS, args={"id": "complaint.pk", "document_id": "document.pk"}
    ),
    "/api/v1/complaints/{id}/escalate/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/extend/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/history/": Access(get=CASE_READERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/issues/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/outstanding-actions/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/remedies/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/refuse/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/reopen/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/respond/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/complaints/{id}/withdraw/": Access(post=CASE_WORKERS, args=COMPLAINT),
    "/api/v1/residents/": Access(get=STAFF_AND_CASE_WORKERS),
    "/api/v1/residents/{id}/": Access(get=STAFF_AND_CASE_WORKERS, args={"id": "resident.pk"}),
    "/api/v1/residents/{id}/representatives/": Access(post=STAFF_AND_CASE_WORKERS, args={"id": "resident.pk"}),
    "/api/v1/residents/{id}/adjustments/": Access(post=CASE_WORKERS, args={"id": "resident.pk"}),
    "/api/v1/residents/{id}/contact-restrictions/": Access(post=CASE_WORKERS, args={"id": "resident.pk"}),
    "/api/v1/residents/{id}/disclosures/": Access(post=CASE_WORKERS, args={"id": "resident.pk"}),
    "/api/v1/alerts/": Access(get=SIGNED_IN),
    "/api/v1/alerts/{id}/read/": Access(post=SIGNED_IN, args={"id": "own_alert.pk"}),
    "/api/v1/alerts/settings/": Access(get=SIGNED_IN, put=SIGNED_IN),
    "/api/v1/themes/": Access(get=SIGNED_IN),
    "/api/v1/learning-points/": Access(get=CASE_READERS, post=CASE_WORKERS, validates_first=NOT_CASE_WORKERS),
    "/api/v1/learning-points/{id}/": Access(get=CASE_READERS, args={"id": "learning_point.pk"}),
    "/api/v1/service-improvements/": Access(get=CASE_READERS, post=CASE_READERS, validates_first=NOT_CASE_READERS),
    "/api/v1/service-improvements/{id}/": Access(get=CASE_READERS, args={"id": "improvement.pk"}),
    "/api/v1/service-improvements/{id}/report-backs/": Access(
        post=CASE_WORKERS, args={"id": "improvement.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/ombudsman-referrals/": Access(get=CASE_READERS, post=CASE_WORKERS, validates_first=NOT_CASE_WORKERS),
    "/api/v1/ombudsman-referrals/figures/": Access(get=CASE_READERS | {BOARD}),
    "/api/v1/ombudsman-referrals/{id}/": Access(get=CASE_READERS, args={"id": "referral.pk"}),
    "/api/v1/ombudsman-referrals/{id}/determine/": Access(
        post=CASE_WORKERS, args={"id": "referral.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/ombudsman-referrals/{id}/findings/": Access(
        post=CASE_WORKERS, args={"id": "referral.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/ombudsman-referrals/{id}/orders/": Access(
        post=CASE_WORKERS, args={"id": "referral.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/ombudsman-orders/": Access(get=CASE_READERS),
    "/api/v1/ombudsman-orders/{id}/": Access(get=CASE_READERS, args={"id": "order.pk"}),
    "/api/v1/ombudsman-orders/{id}/comply/": Access(
        post=CASE_WORKERS, args={"id": "order.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/handling-failure-orders/": Access(get=CASE_READERS, post=CASE_WORKERS, validates_first=NOT_CASE_WORKERS),
    "/api/v1/handling-failure-orders/{id}/": Access(get=CASE_READERS, args={"id": "failure_order.pk"}),
    "/api/v1/handling-failure-orders/{id}/comply/": Access(
        post=CASE_WORKERS, args={"id": "failure_order.pk"}, validates_first=roles(LEAD)
    ),
    "/api/v1/surveys/": Access(get=CASE_READERS, post=CASE_WORKERS, validates_first=NOT_CASE_WORKERS),
    "/api/v1/surveys/results/": Access(get=CASE_READERS | {BOARD}),
    "/api/v1/surveys/{id}/": Access(get=CASE_READERS, args={"id": "survey.pk"}),
    "/api/v1/reports/summary/": Access(get=CASE_READERS | {BOARD}),
    "/api/v1/reports/tsm/": Access(get=CASE_READERS | {BOARD}),
    "/api/v1/code-versions/{code}/provisions/": Access(get=EVERYONE, args={"code": "=hos-2024"}),
    "/api/v1/policy-documents/": Access(get=ASSESSMENT_READERS, post=CASE_WORKERS),
    # Lists the published ones to everyone, drafts to those who may see them.
    "/api/v1/self-assessments/": Access(get=EVERYONE, post=CASE_WORKERS),
    "/api/v1/self-assessments/{id}/": Access(get=ASSESSMENT_READERS, args=DRAFT_ASSESSMENT, hidden_from=EVERYONE),
    "/api/v1/self-assessments/{id}/amend/": Access(post=CASE_WORKERS, args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/approve/": Access(post=roles(BOARD), args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/import/": Access(post=CASE_WORKERS, args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/mark-ready/": Access(post=CASE_WORKERS, args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/publish/": Access(post=roles(BOARD, MANAGER), args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/refresh-figures/": Access(post=CASE_WORKERS, args=DRAFT_ASSESSMENT),
    "/api/v1/self-assessments/{id}/rows/{provision}/": Access(
        post=CASE_WORKERS, args={"id": "draft_assessment.pk", "provision": "=1.1"}
    ),
    "/api/v1/self-assessments/{id}/rows/{provision}/evidence/": Access(
        post=CASE_WORKERS, args={"id": "draft_assessment.pk", "provision": "=1.1"}
    ),
}
