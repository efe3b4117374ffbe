"""The roles of domain.md, held as Django groups, the predicates that ask whether someone holds one, and the
selectors that list who does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from rules.predicates import Predicate

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

OFFICER = "Complaints officers"
SENIOR_MANAGER = "Senior managers"
# Code 9.4: sees themes and trends across every case, without handling them.
SENIOR_LEAD = "Senior leads for complaints"
BOARD = "Board and MRC members"
STAFF = "Staff"
ADMINISTRATOR = "System administrators"

ALL = [OFFICER, SENIOR_MANAGER, SENIOR_LEAD, BOARD, STAFF, ADMINISTRATOR]


def _is_member_of(group: str) -> Predicate:
    predicate = rules.is_group_member(group)
    # rules annotates is_group_member as returning any callable; it returns a Predicate, which `|`, `&` and `~` combine.
    assert isinstance(predicate, Predicate)
    return predicate


is_officer = _is_member_of(OFFICER)
is_senior_manager = _is_member_of(SENIOR_MANAGER)
is_senior_lead = _is_member_of(SENIOR_LEAD)
is_staff_member = _is_member_of(STAFF)
is_board_member = _is_member_of(BOARD)
is_administrator = _is_member_of(ADMINISTRATOR)
is_case_worker = is_officer | is_senior_manager


def roles_held_sql(user_id: str) -> str:
    """SQL for the names of the roles held by the user whose id the SQL `user_id` gives, as an array: for a statement
    that reads the user (core.authentication's token lookup). Given to `roles_known`, no predicate asks the database
    for them again."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    membership = get_user_model().groups.through._meta
    return (
        f'ARRAY(SELECT g.name FROM "{Group._meta.db_table}" g JOIN "{membership.db_table}" m '  # noqa: S608
        f"ON m.group_id = g.id WHERE m.user_id = {user_id})"
    )


def roles_known(user: User, names: list[str]) -> None:
    # Where rules' group predicates keep a user's groups once read.
    user._group_names_cache = set(names)  # type: ignore[attr-defined]


def role_holders(*names: str) -> QuerySet:
    """The people who hold any of these roles now: members of the role's group whose accounts are active."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct()


def senior_managers() -> QuerySet:
    """Who may review a complaint at stage 2 (Code 6.13) and hears of what a complaints officer cannot decide."""
    return role_holders(SENIOR_MANAGER)


def ensure_groups(using: str = "default") -> None:
    """The role groups, created after every migrate (and after a test flush empties them)."""
    from django.contrib.auth.models import Group

    for name in ALL:
        Group.objects.using(using).get_or_create(name=name)


def let_administrators_change(
    app_label: str,
    models: list[str],
    using: str = "default",
    actions: tuple[str, ...] = ("add", "change", "delete", "view"),
) -> None:
    """What the administrator role may do in the Django admin, for one app: exactly these actions on these models
    (the brief: regimes, calendars and choice lists are theirs; case data is not)."""
    from django.contrib.auth.models import Group, Permission

    administrators, _ = Group.objects.using(using).get_or_create(name=ADMINISTRATOR)
    of_app = Permission.objects.using(using).filter(content_type__app_label=app_label)
    allowed = [f"{action}_{model}" for model in models for action in actions]
    administrators.permissions.remove(*of_app.exclude(codename__in=allowed))
    administrators.permissions.add(*of_app.filter(codename__in=allowed))
