"""A person trying the demo can sign in: demo users share a published authenticator setup key."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from demo.management.commands.demo_data import DEMO_TOTP_SECRET, DEMO_USERS, Command

pytestmark = pytest.mark.django_db


def test_demo_users_sign_in_with_the_code_demo_code_prints(settings):
    Command().create_users()
    settings.DEBUG = True
    output = StringIO()
    call_command("demo_code", stdout=output)
    code = output.getvalue().split()[0]
    assert code == format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))

    for demo in DEMO_USERS:
        assert Authenticator.objects.filter(user__username=demo.username, type="totp").exists(), demo.username
    client = Client()
    client.post(reverse("account_login"), {"login": "officer", "password": "officer-demo-pass"})
    answer = client.post(reverse("mfa_authenticate"), {"code": code})
    assert answer.status_code == 302 and client.get("/staff/queues/mine/").status_code == 200


def test_demo_code_refuses_to_run_outside_development(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("demo_code", stdout=StringIO())
